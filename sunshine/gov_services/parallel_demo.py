"""Demo data of parallel approval (并联审批): the component items not in the main demo catalogue, two combined
matters (企业开办（一件事）: 营业执照 + 公章刻制备案 + 新办纳税人套餐 + 社保登记; 投资项目并联审批: 核准 + 用地预审与
选址 + 环评), the staff of the components' departments and an agent (代办员), and combined cases in several states.
Idempotent (items by code; accounts by username; cases only once). Run after `catalogue_demo`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .catalogue_demo import COMPANY, COMPANY_FORM, EXPERT, HOURS, PERSON, PLACE, PROJECT, PROJECT_FORM, STEPS

SHORT = [{"code": "review", "name": "审查", "role": "窗口人员", "limit_days": 1},
         {"code": "decide", "name": "决定", "role": "审核人", "limit_days": 1},
         {"code": "certify", "name": "制证", "role": "窗口人员", "limit_days": 1},
         {"code": "deliver", "name": "送达", "role": "窗口人员", "limit_days": 1}]

# code, name, type, department, window, legal basis, statutory, promised, statutory basis, special, steps
COMPONENTS = [
    ("gaj-001", "公章刻制备案", "other_power", "gaj", "8",
     "《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）；《印铸刻字业暨旧货业治安管理暂行规则》",
     1, 1, "国发〔2017〕7号", [], SHORT),
    ("swju-101", "新办纳税人套餐（税务信息确认、发票领用）", "public_service", "swju", "10",
     "《中华人民共和国税收征收管理法》第十五条；《中华人民共和国发票管理办法》第十五条", 1, 1,
     "《中华人民共和国发票管理办法》", [], SHORT),
    ("rsj-101", "单位社会保险登记", "public_service", "rsj", "3",
     "《中华人民共和国社会保险法》第五十七条", 15, 1, "《中华人民共和国社会保险法》第五十七条", [], SHORT),
    ("zrzyj-002", "建设项目用地预审与选址意见书核发", "licensing", "zrzyj", "6",
     "《中华人民共和国土地管理法》第五十二条；《中华人民共和国城乡规划法》第三十六条；《中华人民共和国土地管理法实施条例》",
     20, 10, "《中华人民共和国行政许可法》第四十二条", [], STEPS),
    ("sthjj-001", "建设项目环境影响报告表审批", "licensing", "sthjj", "",
     "《中华人民共和国环境影响评价法》第二十二条", 30, 15, "《中华人民共和国环境影响评价法》第二十二条", [EXPERT],
     STEPS),
]

# code, name, lead department, window, components, form, materials [(name, form, copies, required, deferrable)]
COMBINED = [
    ("lb-001", "企业开办（一件事）", "scjgj", "1", ["scjgj-001", "gaj-001", "swju-101", "rsj-101"], COMPANY_FORM,
     [("企业开办综合申请表", "original", 1, True, False), ("公司章程", "original", 1, True, False),
      ("股东、法定代表人身份证件", "copy", 1, True, False), ("住所使用相关文件", "copy", 1, True, True),
      ("印章样式及刻制单位选择", "original", 1, True, False), ("参保职工名单", "electronic", 1, False, True)]),
    ("lb-002", "投资项目并联审批（核准、用地预审与选址、环评）", "fgj", "7", ["fgj-001", "zrzyj-002", "sthjj-001"],
     PROJECT_FORM,
     [("项目申请报告", "original", 2, True, False), ("建设项目用地预审与选址申请表", "original", 1, True, False),
      ("环境影响报告表", "original", 1, True, False), ("勘测定界图", "electronic", 1, True, False),
      ("节能审查意见", "electronic", 1, False, True)]),
]

# username, real name, role, department, window
ACCOUNTS = [
    ("daiban", "何代办", "代办员", "zwfw", ""),
    ("zr_clerk", "钱规划", "经办人", "zrzyj", "6"),
    ("hb_clerk", "孙环评", "经办人", "sthjj", ""),
    ("ga_clerk", "李治安", "窗口人员", "gaj", "8"),
    ("sw_clerk", "郑税务", "窗口人员", "swju", "10"),
    ("rs_clerk", "冯社保", "窗口人员", "rsj", "3"),
]


def _items() -> int:
    from sunshine.orgs.models import Department, Window

    from . import parallel
    from .models import CombinedComponent, Material, ServiceItem, ServiceItemVersion

    depts = {d.code: d for d in Department.objects.all()}
    made = 0

    def window_of(department, number):
        return Window.objects.filter(division=department.division, number=number).first() if number else None

    for code, name, item_type, dept, window_no, basis, statutory, promised, statutory_basis, special, steps in \
            COMPONENTS:
        department = depts.get(dept)
        if department is None or ServiceItem.objects.filter(code=code).exists():
            continue
        item = ServiceItem.objects.create(code=code, name=name, item_type=item_type, department=department,
                                          window=window_of(department, window_no))
        version = ServiceItemVersion.objects.create(
            item=item, version=1, status="published", published_on=dt.date(2026, 3, 1), legal_basis=basis,
            acceptance_conditions="申请材料齐全、符合法定形式", statutory_limit_days=statutory,
            promised_limit_days=promised, statutory_limit_basis=statutory_basis, special_procedures=special,
            steps=steps, form_fields=PROJECT_FORM if item_type == "licensing" else COMPANY_FORM,
            place=PLACE + (f"{window_no}号窗口" if window_no else ""), hours=HOURS, phone="0722-4866123",
            complaint_phone="12345", visits=1, online_depth="网上预审、最多跑一次")
        Material.objects.create(version=version, position=1, name=f"{name}申请表", form="original")
        item.current_version = version
        item.save(update_fields=["current_version"])
        made += 1
    for code, name, dept, window_no, components, form, materials in COMBINED:
        department = depts.get(dept)
        parts = list(ServiceItem.objects.filter(code__in=components))
        if department is None or len(parts) != len(components) or ServiceItem.objects.filter(code=code).exists():
            continue
        order = {c: i for i, c in enumerate(components, 1)}
        item = ServiceItem.objects.create(code=code, name=name, item_type="licensing", department=department,
                                          window=window_of(department, window_no), is_combined=True)
        version = ServiceItemVersion.objects.create(
            item=item, version=1, status="published", published_on=dt.date(2026, 3, 1),
            legal_basis="《中华人民共和国行政许可法》第二十六条第二款、第四十二条第二款；"
                        "《优化营商环境条例》第三十五条；各子事项的法律依据",
            acceptance_conditions="一次申请、一套材料；综合窗口受理后推送各部门同步办理",
            form_fields=form, place=PLACE + (f"{window_no}号窗口（综合窗口）" if window_no else ""), hours=HOURS,
            phone="0722-4866123", complaint_phone="12345", visits=1, online_depth="网上预审、最多跑一次",
            process_description="申请 → 集中受理台登记 → 综合窗口受理 → 各部门并联办理 → 返回受理台 → 办结",
            faq="重点项目可申请绿色通道，并由政务服务中心指派代办员全程代办。")
        for i, (m_name, m_form, copies, required, deferrable) in enumerate(materials, 1):
            Material.objects.create(version=version, position=i, name=m_name, form=m_form, copies=copies,
                                    required=required, deferrable=deferrable)
        for part in parts:
            CombinedComponent.objects.create(version=version, item=part, position=order[part.code])
        parallel.sync_declared_limits(version)
        item.current_version = version
        item.save(update_fields=["current_version"])
        made += 1
    return made


def _accounts() -> None:
    from sunshine.accounts import roles
    from sunshine.accounts.demo import DEMO_PASSWORD
    from sunshine.accounts.models import User
    from sunshine.orgs.models import Department, Window

    groups = {g.name: g for g in roles.ensure_default_roles()}
    for username, real_name, role, dept, window_no in ACCOUNTS:
        department = Department.objects.filter(code=dept).first()
        if department is None or User.objects.filter(username=username).exists():
            continue
        window = Window.objects.filter(division=department.division, number=window_no).first() if window_no else None
        user = User.objects.create(username=username, real_name=real_name, kind=User.Kind.STAFF,
                                   department=department, window=window, is_active=True)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([groups[role]])


@transaction.atomic
def _cases() -> int:
    from sunshine.accounts.models import User

    from . import parallel, services
    from .models import Application, ServiceItem

    items = {i.code: i for i in ServiceItem.objects.filter(code__in=("lb-001", "lb-002"))}
    users = {u.username: u for u in User.objects.filter(username__in=[
        "desk", "window", "clerk", "officehead", "13800138000", *[a[0] for a in ACCOUNTS]])}
    if len(items) < 2 or Application.objects.filter(item_version__item__in=items.values()).exists() or not all(
            name in users for name in ("desk", "window", "clerk", "daiban", "zr_clerk", "hb_clerk", "ga_clerk",
                                       "sw_clerk", "rs_clerk")):
        return 0
    desk, d = users["desk"], dt.date

    def new(code, name, id_number, form, on):
        sub = services.application_submit(
            item=items[code], data={**PERSON, "applicant_name": name, "applicant_id_number": id_number, "form": form},
            channel="hall", received_on=on, registered_by=desk)
        # the demo's history: entered the day it was received (else the tasks' decisions would look 体外循环)
        moment = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
        Application.objects.filter(pk=sub.application.pk).update(created_at=moment)
        sub.application.created_at = moment
        return services.application_dispatch(sub.application, actor=desk)

    def tasks(app):
        return {t.department.code: t for t in app.tasks.select_related("department", "item_version")}

    def finish(task, user, on, number):
        task = parallel.task_complete_review(task, actor=user, on=on)
        task = parallel.task_decide(task, actor=user, decision="granted", on=on)
        return parallel.task_issue_certificate(task, actor=user, number=number, on=on)

    # 企业开办: completed in one day (all four departments the same day), the desk confirmed 办结
    a = new("lb-001", "陈晓", "421321199107071238", {**COMPANY, "company_name": "随县银杏文旅有限公司"},
            d(2026, 11, 16))
    a = services.application_accept(a, actor=users["window"], on=d(2026, 11, 16))
    t = tasks(a)
    finish(t["scjgj"], users["window"], d(2026, 11, 17), "91421321MA4YYYYY2L")
    finish(t["gaj"], users["ga_clerk"], d(2026, 11, 17), "随县公章备2026-0815")
    finish(t["swju"], users["sw_clerk"], d(2026, 11, 17), "税务信息确认2026-1102")
    finish(t["rsj"], users["rs_clerk"], d(2026, 11, 17), "社保登记2026-0931")
    a.refresh_from_db()
    services.application_complete(a, actor=desk, on=d(2026, 11, 17))
    # 企业开办: in parallel — two departments done, one deciding, one reviewing
    a = new("lb-001", "黄蕾", "42132119940202432X", {**COMPANY, "company_name": "随县香菇产业发展有限公司"},
            d(2026, 12, 2))
    a = services.application_accept(a, actor=users["window"], on=d(2026, 12, 2))
    t = tasks(a)
    finish(t["scjgj"], users["window"], d(2026, 12, 3), "91421321MA4ZZZZZ3M")
    finish(t["gaj"], users["ga_clerk"], d(2026, 12, 3), "随县公章备2026-0902")
    parallel.task_complete_review(t["rsj"], actor=users["rs_clerk"], on=d(2026, 12, 3))
    # 投资项目并联审批: a key project in the green channel with an agent; 专家评审 pauses the 核准 task (§45)
    a = new("lb-002", "刘建国（随县厉山农产品物流有限公司）", "421321198505151239", PROJECT, d(2026, 11, 20))
    a = parallel.application_set_green_channel(a, actor=desk, on=True, reason="县重点项目")
    a = parallel.application_assign_agent(a, actor=desk, agent=users["daiban"])
    a = services.application_accept(a, actor=users["clerk"], on=d(2026, 11, 23))
    t = tasks(a)
    parallel.task_complete_review(t["fgj"], actor=users["clerk"], on=d(2026, 11, 27))
    parallel.task_start_special(t["fgj"], actor=users["clerk"], procedure="专家评审", days=10, on=d(2026, 11, 30))
    finish(t["zrzyj"], users["zr_clerk"], d(2026, 12, 1), "用字第421321202600031号")
    parallel.task_complete_review(t["sthjj"], actor=users["hb_clerk"], on=d(2026, 12, 2))
    return 3


def load_demo(stdout=None) -> None:
    items = _items()
    _accounts()
    cases = _cases()
    if stdout is not None:
        stdout.write(f"gov_services（并联审批）: {items} 个事项、{cases} 件联办办件")
