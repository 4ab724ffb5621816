"""Demo disclosure requests (依申请公开演示数据): about 30 requests across departments, 2025–2026, in every state and
with many outcomes, all made through the services (so clocks, audit events and letters are real).

Idempotent: skipped when the demo requests exist (they carry idempotency keys "demo:…").
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from stdnum.cn import ric, uscc

from sunshine.accounts.models import User
from sunshine.files.services import store_bytes
from sunshine.orgs.models import Department
from sunshine.workcalendar.services import add_working_days, next_working_day

from . import services
from .models import Consultation, DisclosureRequest, ReviewBodySetting
from .outcomes import Outcome

D = dt.date
NAMES = ["李明", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周强", "吴敏", "徐涛", "孙悦", "马超"]
ORGS = {
    "commercial_enterprise": ["随州市某某建材有限公司", "随县神农农业发展有限公司", "湖北某某商贸有限公司"],
    "research_institution": ["湖北某某规划设计研究院"],
    "public_welfare_organization": ["随县某某公益服务中心"],
    "legal_service_institution": ["湖北某某律师事务所"],
    "other_organization": ["随县某某村股份经济合作社"],
}
DESCRIPTIONS = [
    "请公开2024年度本单位部门预算及“三公”经费预算说明",
    "请提供厉山镇某某路改造工程的立项批复文件（文号不详，2024年下半年）",
    "申请公开随县2025年城镇老旧小区改造项目清单",
    "请提供本村土地征收补偿安置方案及补偿标准",
    "申请公开某某小区规划许可证及总平面图",
    "请公开2025年度最低生活保障对象名单（已脱敏）及资金发放情况",
    "申请获取某某河道治理工程环境影响评价批复",
    "请提供2024年度行政处罚决定书（某某建材有限公司）",
    "申请公开随县2025年政府投资项目计划",
    "请提供某某学校新建项目的招标文件及中标公告",
]


def _resident_id(n: int) -> str:
    body = f"421321{1960 + n % 40}{(n % 12) + 1:02d}{(n % 27) + 1:02d}{100 + n:03d}"[:17]
    return body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character


def _credit_code(n: int) -> str:
    body = f"9142132{1000000000 + n * 7919:010d}"[:17]
    return body + uscc.calc_check_digit(body)


def _data(n: int, applicant_type: str) -> dict:
    if applicant_type == "natural_person":
        name, id_number = NAMES[n % len(NAMES)], _resident_id(n)
    else:
        choices = ORGS[applicant_type]
        name, id_number = choices[n % len(choices)], _credit_code(n)
    return {"applicant_name": name, "applicant_type": applicant_type, "id_number": id_number,
            "phone": f"1390722{n:04d}", "address": f"随县厉山镇神农大道{n + 1}号", "email": "",
            "description": DESCRIPTIONS[n % len(DESCRIPTIONS)], "form": "electronic", "delivery": "online"}


def _wd(start: dt.date, n: int) -> dt.date:
    return add_working_days(start, n).date


# (received on, department, applicant type, scenario, outcome)
SCENARIOS: list[tuple[dt.date, str, str, str, str]] = [
    (D(2025, 2, 17), "fgj", "natural_person", "reply", Outcome.DISCLOSED),
    (D(2025, 3, 5), "fgj", "commercial_enterprise", "reply", Outcome.ALREADY_PUBLISHED),
    (D(2025, 3, 20), "zjj", "natural_person", "consult_partial", Outcome.PARTIALLY_DISCLOSED),
    (D(2025, 4, 8), "zrzyj", "natural_person", "reply", Outcome.REFUSED_THIRD_PARTY),
    (D(2025, 4, 21), "zfb", "research_institution", "reply", Outcome.REFUSED_PROCESS_INFO),
    (D(2025, 5, 12), "mzj", "natural_person", "reply", Outcome.NOT_HELD),
    (D(2025, 5, 26), "zfb", "natural_person", "reply", Outcome.NOT_THIS_AGENCY),
    (D(2025, 6, 9), "fgj", "legal_service_institution", "supplement_unclear", Outcome.UNCLEAR_AFTER_SUPPLEMENT),
    (D(2025, 6, 23), "zjj", "natural_person", "reply", Outcome.PETITION_COMPLAINT),
    (D(2025, 7, 7), "scjgj", "commercial_enterprise", "reply", Outcome.REFUSED_ENFORCEMENT_FILE),
    (D(2025, 8, 4), "zrzyj", "natural_person", "supplement_abandoned", Outcome.SUPPLEMENT_NOT_PROVIDED),
    (D(2025, 8, 18), "fgj", "natural_person", "extension_reply", Outcome.DISCLOSED),
    (D(2025, 9, 15), "slj", "public_welfare_organization", "reply", Outcome.NEEDS_PRODUCTION),
    (D(2025, 10, 20), "zfb", "natural_person", "reply", Outcome.REPEATED),
    (D(2025, 11, 10), "zjj", "other_organization", "reply", Outcome.SPECIAL_REGISTRATION),
    (D(2025, 12, 15), "fgj", "natural_person", "extension_reply", Outcome.PARTIALLY_DISCLOSED),  # decided 2026
    (D(2025, 12, 22), "zjj", "commercial_enterprise", "reply_late", Outcome.DISCLOSED),  # decided 2026
    (D(2026, 1, 12), "fgj", "natural_person", "withdraw", Outcome.WITHDRAWN),
    (D(2026, 2, 2), "zfb", "natural_person", "reply", Outcome.DISCLOSED),
    (D(2026, 3, 9), "wjj", "natural_person", "reply", Outcome.REFUSED_LAW_FORBIDS),
    (D(2026, 4, 13), "jyj", "commercial_enterprise", "consult_partial", Outcome.PARTIALLY_DISCLOSED),
    (D(2026, 5, 11), "fgj", "natural_person", "fee_unpaid", Outcome.FEE_NOT_PAID),
    (D(2026, 6, 8), "czj", "research_institution", "reply", Outcome.DISCLOSED),
    (D(2026, 7, 6), "zjj", "natural_person", "reply", Outcome.PUBLICATION),
    (D(2026, 8, 10), "fgj", "commercial_enterprise", "reply", Outcome.REFUSED_INTERNAL_AFFAIRS),
    (D(2026, 9, 7), "zfb", "natural_person", "reply", Outcome.CONFIRM_OR_REISSUE),
]
# Open requests, dated relative to today: (working days before today, department, type, state)
OPEN: list[tuple[int, str, str, str]] = [
    (2, "fgj", "natural_person", "processing"),
    (4, "fgj", "natural_person", "supplement"),
    (8, "zjj", "commercial_enterprise", "consulting"),
    (17, "fgj", "natural_person", "processing"),  # yellow
    (23, "zjj", "natural_person", "processing"),  # red: overdue
    (6, "zfb", "natural_person", "split"),
    (9, "fgj", "commercial_enterprise", "fee"),
    (12, "mzj", "natural_person", "extended"),
    # drafted replies waiting for sign-off (签发): fgj's for the department's reviewer, zjj's for the office head
    (14, "fgj", "natural_person", "sign_off_partial"),
    (10, "zjj", "commercial_enterprise", "sign_off"),
    (11, "fgj", "legal_service_institution", "returned"),  # returned to the clerk with a reason
]


def _released(n: int, actor):
    return [store_bytes(data=f"依申请公开：可以公开的部分（演示文件 {n}）\n".encode(), name=f"公开部分-{n}.txt",
                        actor=actor, purpose="依申请公开答复附件")]


def _draft(req, outcome, actor, on, n):
    """The clerk's draft (拟定答复), waiting for sign-off (签发)."""
    kwargs = {"reply_text": f"经审查，{Outcome(outcome).label}。", "actor": actor, "on": on}
    if outcome == Outcome.PARTIALLY_DISCLOSED:
        kwargs.update(files=_released(n, actor), withheld_reason="其中涉及第三方商业秘密的内容不予公开（条例第十五条）")
    if outcome == Outcome.NOT_THIS_AGENCY:
        kwargs["right_agency_name"] = "随县自然资源和规划局，电话 0722-4222222"
    return services.request_draft_reply(request=req, outcome=outcome, **kwargs)


def _reply(req, outcome, actor, on, n, *, signer):
    """Drafted by `actor` and signed off (签发) by `signer` on the same day: the reply is issued then."""
    _draft(req, outcome, actor, on, n)
    return services.request_sign_off(request=req, actor=signer, on=on)


def _submit(n, received, dept, applicant_type, *, citizen=None, key=""):
    submitted_at = timezone.make_aware(dt.datetime.combine(received, dt.time(9, 30)))
    return services.request_submit(data=_data(n, applicant_type), department=dept, channel="in_person",
                                   citizen=citizen, received_on=received, submitted_at=submitted_at,
                                   idempotency_key=key or f"demo:{n}").request


# Review bodies named in the letters (复议机关设置): the tax bureau is vertically managed (行政复议法 art. 27), so
# its letters name the next level up; every other department's name the county government (art. 24).
REVIEW_BODIES = {"swju": "国家税务总局随州市税务局"}


def _review_bodies(departments: dict) -> None:
    for code, body in REVIEW_BODIES.items():
        if code in departments:
            ReviewBodySetting.objects.get_or_create(department=departments[code],
                                                    defaults={"vertically_managed": True, "review_body": body})


def load(stdout) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    _review_bodies(departments)
    if DisclosureRequest.objects.filter(idempotency_key__startswith="demo:").exists():
        stdout.write("disclosure_requests: 演示申请已存在")
        return
    head = User.objects.get(username="officehead")  # 政务公开办负责人: all departments, approves extensions
    handlers = {"fgj": User.objects.get(username="clerk"), "zjj": User.objects.get(username="clerk2")}
    # the replies of departments without a demo clerk were entered by the system administrator (older records)
    admin = User.objects.filter(username="admin").first() or head
    reviewer = User.objects.get(username="reviewer")  # 审核人 of fgj: signs off fgj's replies

    def signer_for(code: str, drafter):
        return reviewer if code == "fgj" else (head if drafter != head else admin)
    citizen = User.objects.filter(username="13800138000").first()
    count = 0
    for n, (received, code, applicant_type, scenario, outcome) in enumerate(SCENARIOS):
        actor = handlers.get(code, admin)
        signer = signer_for(code, actor)
        req = _submit(n, received, departments[code], applicant_type, citizen=citizen if n % 5 == 0 else None)
        if scenario == "consult_partial":
            c = services.consultation_start(request=req, kind=Consultation.Kind.THIRD_PARTY, party_name="第三方企业",
                                            actor=actor, on=_wd(received, 3))
            services.consultation_answer(consultation=c, answer=Consultation.Answer.OBJECTION, text="涉及商业秘密",
                                         actor=actor, on=_wd(received, 10))
            _reply(req, outcome, actor, _wd(received, 24), n, signer=signer)
        elif scenario == "supplement_unclear":
            services.request_ask_supplement(request=req, items="请写明文件名称或文号", period_days=10, actor=actor,
                                            on=_wd(received, 2))
            services.request_receive_supplement(request=req, text="2024年的那份文件", on=_wd(received, 6))
            _reply(req, outcome, actor, _wd(received, 20), n, signer=signer)
        elif scenario == "supplement_abandoned":
            services.request_ask_supplement(request=req, items="请写明所需信息的名称", period_days=10, actor=actor,
                                            on=_wd(received, 3))
            req.refresh_from_db()
            services.request_abandon_supplement(request=req, actor=actor, on=_wd(req.supplement_due_on, 1))
        elif scenario == "extension_reply":
            services.request_approve_extension(request=req, days=15, reason="需调取历史档案", actor=head,
                                               on=_wd(received, 15))
            _reply(req, outcome, actor, _wd(received, 30), n, signer=signer)
        elif scenario == "reply_late":
            _reply(req, outcome, actor, _wd(received, 22), n, signer=signer)
        elif scenario == "withdraw":
            services.request_withdraw(request=req, reason="申请人来电撤回", actor=actor, on=_wd(received, 2))
        elif scenario == "fee_unpaid":
            services.request_issue_fee_notice(request=req, method="per_page", pages=80, actor=actor,
                                              on=_wd(received, 3))
            req.refresh_from_db()
            services.request_abandon_fee(request=req, actor=actor, on=_wd(req.fee_due_on, 1))
        else:
            _reply(req, outcome, actor, _wd(received, 8 + n % 10), n, signer=signer)
        count += 1
    today = timezone.localdate()
    for i, (back, code, applicant_type, state) in enumerate(OPEN):
        n = 100 + i
        received = next_working_day(today - dt.timedelta(days=int(back * 1.4) + 1))
        actor = handlers.get(code, head)
        req = _submit(n, received, departments[code], applicant_type, citizen=citizen if i == 0 else None)
        if state == "supplement":
            services.request_ask_supplement(request=req, items="1. 请写明文件名称或文号\n2. 请写明所需年份",
                                            period_days=10, actor=actor)
        elif state == "consulting":
            services.consultation_start(request=req, kind=Consultation.Kind.AGENCY, party_name="随县财政局",
                                        actor=actor)
        elif state == "split":
            services.request_split(request=req, items=["2025年部门预算", "2025年部门决算"], actor=actor)
        elif state == "fee":
            services.request_issue_fee_notice(request=req, method="per_page", pages=150, actor=actor)
        elif state == "extended":
            services.request_approve_extension(request=req, days=20, reason="涉及多个科室档案", actor=head)
        elif state == "sign_off_partial":
            _draft(req, Outcome.PARTIALLY_DISCLOSED, actor, None, n)
        elif state == "sign_off":
            _draft(req, Outcome.NOT_HELD, actor, None, n)
        elif state == "returned":
            _draft(req, Outcome.REFUSED_PROCESS_INFO, actor, None, n)
            services.request_return_draft(request=req, actor=reviewer,
                                          reason="请写明属于哪一类过程性信息，并引用条例第十六条第二款")
        count += 1
    _date_notifications(timezone.localdate())
    stdout.write(f"disclosure_requests: {count} 件演示申请")
    from . import review_demo  # table 4's register (行政复议、行政诉讼)

    stdout.write(f"disclosure_requests: {review_demo.load(head)} 件行政复议、行政诉讼案件登记")


def _date_notifications(today: dt.date) -> None:
    """The notices of each demo request (receipt, supplement, reply …) dated over the days its case ran, not all
    at load time (`notify.demo.spread_times`)."""
    from sunshine.notify.demo import spread_times

    spread_times(DisclosureRequest, {
        pk: (received, decided or today) for pk, received, decided in DisclosureRequest.objects.filter(
            idempotency_key__startswith="demo:").values_list("pk", "received_on", "decided_on")})
