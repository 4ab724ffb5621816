"""Demo data of fees and supervision (after `catalogue_demo`): fee standards on some items (不动产登记 550元/件,
森林植被恢复费 per square metre), paid cases (票款分离) for table 2, and cases that carry each integrity flag
(体外循环 ×2, 逾期未告知 from the catalogue demo, 收费不符, 环节超时, 已取消事项, 容缺逾期终止). Idempotent: runs once,
when no flag and no payment exist. Cases of departments without a demo window clerk are handled by `admin`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

D = dt.date
AT_NINE = dt.time(9, 0)
FEES = {
    # 《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）：非住宅类 550元/件
    "zrzyj-001": ({"kind": "fixed", "amount": "550"},
                  "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
                  "非住宅类不动产登记每件550元"),
    # 财税〔2015〕122号 (森林植被恢复费): 用材林林地 10元/平方米
    "lyj-001": ({"kind": "per_unit", "unit": "平方米", "unit_price": "10", "quantity_field": "area"},
                "《财政部 国家林业局关于调整森林植被恢复费征收标准引导节约集约利用林地的通知》（财税〔2015〕122号）",
                "用材林林地每平方米10元"),
}
AREA_FIELD = {"name": "area", "label": "使用林地面积（平方米）", "type": "integer", "required": True,
              "help": "以林地现状调查表为准"}
PERSON = {"applicant_id_type": "resident_id", "applicant_phone": "13800138000"}
COMPANY = {"applicant_id_type": "credit_code", "applicant_id_number": "91110000600037341L",
           "applicant_phone": "13800138000"}
PROJECT = {"project_name": "随县厉山镇农产品冷链物流中心", "location": "随县厉山镇", "investment": "3500"}


def _standards(items) -> None:
    for code, (schedule, basis, text) in FEES.items():
        item = items.get(code)
        if item is None or item.current_version.fee_schedule:
            continue
        version = item.current_version
        if code == "lyj-001" and not any(f.get("name") == "area" for f in version.form_fields):
            version.form_fields = [*version.form_fields, AREA_FIELD]
        version.fee_schedule, version.fee_basis, version.fee_standard = schedule, basis, text
        version.save(update_fields=["fee_schedule", "fee_basis", "fee_standard", "form_fields"])
    river = items.get("slj-001")
    if river is not None and river.current_version.steps and "min_days" not in river.current_version.steps[0]:
        version = river.current_version  # 河道采砂: 审查 includes the 现场勘验 of the river section, 2 days at least
        version.steps = [{**version.steps[0], "min_days": 2}, *version.steps[1:]]
        version.save(update_fields=["steps"])


@transaction.atomic
def load_demo(stdout=None) -> int:
    from django.utils import timezone

    from sunshine.accounts.models import User

    from . import deferred, fees, services
    from .models import Application, FeePayment, ServiceItem, ServiceItemVersion

    items = {i.code: i for i in ServiceItem.objects.select_related("current_version")}
    _standards(items)
    if FeePayment.objects.exists():
        return 0
    desk = User.objects.filter(username="desk").first()
    admin = User.objects.filter(username="admin").first()
    clerk = User.objects.filter(username="clerk").first()  # 发改局
    if not (desk and admin and clerk and {"zrzyj-001", "lyj-001", "slj-001", "fgj-001"} <= set(items)):
        return 0
    made = []

    def new(code, name, id_number, form, on, *, registered=None, data=PERSON):
        sub = services.application_submit(item=items[code], data={**data, "applicant_name": name,
                                                                  "applicant_id_number": id_number, "form": form},
                                          channel="hall", received_on=on, registered_by=desk)
        # the demo's history: the case entered the system the day it was received (or later, for 体外循环)
        moment = timezone.make_aware(dt.datetime.combine(registered or on, AT_NINE))
        Application.objects.filter(pk=sub.application.pk).update(created_at=moment)
        sub.application.created_at = moment
        made.append(sub.application)
        return services.application_dispatch(sub.application, actor=desk)

    def through_decision(app, actor, on, decided_on=None):
        app = services.application_accept(app, actor=actor, on=on)
        app = services.application_complete_review(app, actor=actor, on=decided_on or on)
        return services.application_decide(app, actor=actor, decision="granted", on=decided_on or on)

    # 不动产登记: granted, 550 元 paid through 非税收入系统, delivered, completed (table 2)
    a = new("zrzyj-001", "随县神农农业科技有限公司", COMPANY["applicant_id_number"], PROJECT, D(2026, 11, 9),
            data=COMPANY)
    a = through_decision(a, admin, D(2026, 11, 9), D(2026, 11, 11))
    a = services.application_issue_certificate(a, actor=admin, number="鄂（2026）随县不动产权第0012345号",
                                               on=D(2026, 11, 12))
    a = fees.application_record_fee(a, actor=admin, amount="550", channel="non_tax", reference="4213212026000118",
                                    paid_on=D(2026, 11, 12))
    a = services.application_deliver(a, actor=admin, on=D(2026, 11, 13))
    services.application_complete(a, actor=desk, on=D(2026, 11, 13))
    # 收费不符: 500 元 paid against the 550 元 standard, recorded as really paid (flagged)
    a = new("zrzyj-001", "陈志远", "421321198703154414", PROJECT, D(2026, 11, 16))
    a = through_decision(a, admin, D(2026, 11, 16), D(2026, 11, 18))
    a = services.application_issue_certificate(a, actor=admin, number="鄂（2026）随县不动产权第0012388号",
                                               on=D(2026, 11, 19))
    fees.application_record_fee(a, actor=admin, amount="500", channel="payment_window", reference="JK202611190007",
                                paid_on=D(2026, 11, 19), as_paid=True, note="申请人按旧标准缴款，已报财政核查")
    # 临时使用林地: 1,200 m² × 10 元 = 12,000 元, granted, waiting for payment (cannot be delivered before it)
    a = new("lyj-001", "刘国庆", "421321198101017893", {**PROJECT, "area": "1200"}, D(2026, 11, 23))
    through_decision(a, admin, D(2026, 11, 23), D(2026, 11, 25))
    # 体外循环: received 11-20, decided 11-20, but entered into the system only on 11-25
    a = new("lyj-001", "黄建军", "42132119751120331X", {**PROJECT, "area": "300"}, D(2026, 11, 20),
            registered=D(2026, 11, 25))
    through_decision(a, admin, D(2026, 11, 20))
    # 体外循环: 河道采砂 审查 (at least 2 working days with the 现场勘验) recorded the day of acceptance
    a = new("slj-001", "随县均川镇砂石有限公司", "421321198505052345", PROJECT, D(2026, 11, 24))
    a = services.application_accept(a, actor=admin, on=D(2026, 11, 24))
    services.application_complete_review(a, actor=admin, on=D(2026, 11, 24))
    # 环节超时: 企业投资项目核准 审查 (3 working days from 11-02, due 11-05) ended 11-10, the case is within its limit
    a = new("fgj-001", "随县天成光伏发电有限公司", "421321199001011237", PROJECT, D(2026, 11, 2))
    a = services.application_accept(a, actor=clerk, on=D(2026, 11, 2))
    services.application_complete_review(a, actor=clerk, on=D(2026, 11, 10))
    # 容缺逾期: accepted 11-03 with 节能审查意见 to follow within 10 working days (due 11-17); terminated on 11-18
    energy = items["fgj-001"].current_version.materials.filter(deferrable=True).first()
    a = new("fgj-001", "随县绿源生物质能源有限公司", "421321199303038902", PROJECT, D(2026, 11, 3))
    a = services.application_accept(a, actor=clerk, on=D(2026, 11, 3), deferred=[energy.pk])
    deferred.application_terminate_deferred(a, on=D(2026, 11, 18))
    # 已取消事项: an item cancelled on 11-18 whose pending case was still accepted on 11-19
    old = items["fgj-001"]
    gone, created = ServiceItem.objects.get_or_create(
        code="fgj-900", defaults={"name": "企业投资项目备案（旧版，已停用）", "item_type": "other_power",
                                  "department": old.department, "window": old.window})
    if created:
        version = ServiceItemVersion.objects.create(
            item=gone, version=1, status="published", published_on=D(2025, 1, 6),
            legal_basis="《企业投资项目核准和备案管理条例》第十三条",
            statutory_limit_days=5, promised_limit_days=3, form_fields=old.current_version.form_fields)
        gone.current_version = version
        gone.save(update_fields=["current_version"])
        items["fgj-900"] = gone
    a = new("fgj-900", "随县华中冷链仓储有限公司", "421321199212124565", PROJECT, D(2026, 11, 16))
    ServiceItem.objects.filter(pk=gone.pk).update(is_active=False, cancelled_on=D(2026, 11, 18))
    a.item_version.item.refresh_from_db()
    services.application_accept(a, actor=clerk, on=D(2026, 11, 19))
    if stdout is not None:
        stdout.write(f"gov_services: 收费与电子监察演示办件 {len(made)} 件")
    return len(made)
