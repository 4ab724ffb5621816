"""Statutory workflow of disclosure requests: clocks with exact dates (2026 calendar), capabilities, audit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sunshine.audit.services import events_for
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.disclosure_requests import services, sweeps
from sunshine.disclosure_requests.models import Consultation, DisclosureRequest
from sunshine.disclosure_requests.outcomes import Outcome

D = dt.date

pytestmark = pytest.mark.django_db


def actions(req):
    return [e.action for e in events_for(req)]


def test_reply_due_20_working_days_over_national_day(submit):
    req = submit(received_on=D(2026, 9, 24)).request
    assert req.reply_clock.started_on == D(2026, 9, 24)
    assert req.reply_clock.due_date == D(2026, 10, 29)
    assert req.reply_clock.provisional is False
    assert req.status == DisclosureRequest.Status.PROCESSING
    assert "disclosure_request.submit" in actions(req)


@pytest.mark.parametrize(("submitted", "channel", "received"), [
    (dt.datetime(2026, 10, 4, 10, 0), "online", D(2026, 10, 8)),  # National Day holiday → next working day (Thu)
    (dt.datetime(2026, 10, 10, 9, 0), "online", D(2026, 10, 10)),  # Saturday make-up working day counts
    (dt.datetime(2026, 10, 11, 9, 0), "online", D(2026, 10, 12)),  # ordinary Sunday → Monday
    (dt.datetime(2026, 9, 25, 9, 0), "online", D(2026, 9, 28)),  # Mid-Autumn Festival (Fri) → Monday
    (dt.datetime(2026, 10, 4, 10, 0), "in_person", D(2026, 10, 4)),  # in person: the day submitted (Art. 31(1))
    (dt.datetime(2026, 9, 30, 23, 30), "online", D(2026, 9, 30)),  # local date, not UTC
])
def test_receipt_date_art_31(departments, zfb, submitted, channel, received):
    from django.utils import timezone

    from .conftest import application

    at = timezone.make_aware(submitted)
    sub = services.request_submit(data=application(), department=departments["fgw"], channel=channel,
                                  submitted_at=at)
    assert sub.request.received_on == received
    assert sub.request.reply_clock.started_on == received


def test_online_on_make_up_saturday_due(submit):
    req = submit(received_on=D(2026, 10, 10)).request
    # 10-12 … 10-16 (5), 10-19 … 10-23 (10), 10-26 … 10-30 (15), 11-2 … 11-6 (20)
    assert req.reply_clock.due_date == D(2026, 11, 6)


def test_correct_receipt_date_counts_a_new_clock_from_the_corrected_date(submit, clerk):
    req = submit(received_on=D(2026, 9, 24), channel="post").request
    first = req.reply_clock
    req = services.request_correct_receipt(request=req, received_on=D(2026, 9, 28), reason="挂号信签收日为9月28日",
                                           actor=clerk)
    assert req.received_on == D(2026, 9, 28)
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.due_date == D(2026, 10, 30)
    # the first clock is replaced, not restarted in place: it ends superseded (never "answered on time")
    first.refresh_from_db()
    assert req.reply_clock != first and (first.state, first.outcome) == ("stopped", "superseded")
    with pytest.raises(DomainError, match="更正理由"):
        services.request_correct_receipt(request=req, received_on=D(2026, 9, 29), reason=" ", actor=clerk)
    # earlier than the clock's start: a new clock from the corrected date
    req = services.request_correct_receipt(request=req, received_on=D(2026, 9, 23), reason="系统登记有误",
                                           actor=clerk)
    assert req.reply_clock.started_on == D(2026, 9, 23)
    assert req.reply_clock.due_date == D(2026, 10, 28)
    assert actions(req).count("disclosure_request.correct_receipt") == 2


def test_supplement_pauses_then_restarts_20_days_from_supplement(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    req = services.request_ask_supplement(request=req, items="1. 文件名称\n2. 发文年份", period_days=10, actor=clerk,
                                          on=D(2026, 9, 29))
    assert req.status == DisclosureRequest.Status.AWAITING_SUPPLEMENT
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.state == "paused"
    # 10 working days after 9-29: 9-30, 10-8, 10-9, 10-10 (make-up Saturday), 10-12 … 10-16, 10-19 → 10-19
    assert req.supplement_due_on == D(2026, 10, 19)
    assert req.supplement_clock.due_date == D(2026, 10, 19)
    req = services.request_receive_supplement(request=req, text="随政办发〔2024〕12号", on=D(2026, 10, 9))
    req.reply_clock.refresh_from_db()
    assert req.status == DisclosureRequest.Status.PROCESSING
    assert req.reply_clock.state == "running"
    # 20 working days after 10-9: 10-10, 10-12…16 (6), 19…23 (11), 26…30 (16), 11-2…5 (20)
    assert req.reply_clock.due_date == D(2026, 11, 5)
    req.supplement_clock.refresh_from_db()
    assert req.supplement_clock.state == "stopped" and req.supplement_clock.outcome == "on_time"
    with pytest.raises(DomainError, match="一次性告知"):
        services.request_ask_supplement(request=req, items="再次", period_days=5, actor=clerk, on=D(2026, 10, 12))
    assert {"disclosure_request.request_supplement", "disclosure_request.receive_supplement"} <= set(actions(req))


def test_supplement_notice_after_7_working_days_needs_reason(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    # 7th working day after 9-24: 9-28, 29, 30, 10-8, 9, 10, 12 → 10-12
    with pytest.raises(DomainError, match="2026年10月12日"):
        services.request_ask_supplement(request=req, items="文件名称", period_days=10, actor=clerk, on=D(2026, 10, 13))
    services.request_ask_supplement(request=req, items="文件名称", period_days=10, actor=clerk, on=D(2026, 10, 12))


def test_supplement_not_provided_closes_as_abandoned(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    services.request_ask_supplement(request=req, items="文件名称", period_days=5, actor=clerk, on=D(2026, 9, 28))
    req.refresh_from_db()
    # 5 working days after 9-28: 9-29, 9-30, 10-8, 10-9, 10-10 (make-up Saturday)
    assert req.supplement_due_on == D(2026, 10, 10)
    with pytest.raises(DomainError, match="尚未届满"):
        services.request_abandon_supplement(request=req, actor=clerk, on=D(2026, 10, 10))
    assert sweeps.close_expired_supplements(today=D(2026, 10, 10)) == 0
    assert sweeps.close_expired_supplements(today=D(2026, 10, 12)) == 1
    req.refresh_from_db()
    assert req.status == "closed" and req.outcome == Outcome.SUPPLEMENT_NOT_PROVIDED
    assert req.decided_on == D(2026, 10, 12)
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.state == "stopped"


def test_consultation_pauses_and_resumes_with_exact_due_date(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request  # due 10-29
    consultation = services.consultation_start(request=req, kind="third_party", party_name="随县某建筑公司",
                                               actor=clerk, on=D(2026, 9, 28))
    # 15 working days after 9-28: 9-29, 30, 10-8, 9, 10, 12…16 (10), 19…23 (15) → 10-23
    assert consultation.due_on == D(2026, 10, 23)
    req.refresh_from_db()
    req.reply_clock.refresh_from_db()
    assert req.status == "consulting" and req.reply_clock.state == "paused"
    # working days left at the pause: (9-28, 10-29] = 19 (10-29 is the 20th after 9-24, 9-28 the 1st)
    assert req.reply_clock.remaining_days_at_pause == 19
    services.consultation_answer(consultation=consultation, answer=Consultation.Answer.OBJECTION, text="涉及商业秘密",
                                 actor=clerk, on=D(2026, 10, 19))
    req.refresh_from_db()
    req.reply_clock.refresh_from_db()
    assert req.status == "processing" and req.reply_clock.state == "running"
    # 19 working days after 10-19: 10-20…23 (4), 26…30 (9), 11-2…6 (14), 9…13 (19) → 11-13
    assert req.reply_clock.due_date == D(2026, 11, 13)


def test_two_consultations_resume_when_both_answered_agency_silence_is_consent(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    third = services.consultation_start(request=req, kind="third_party", party_name="第三方甲", actor=clerk,
                                        on=D(2026, 9, 28))
    agency = services.consultation_start(request=req, kind="agency", party_name="随县财政局", actor=clerk,
                                         on=D(2026, 9, 29))
    assert agency.due_on == D(2026, 10, 26)
    services.consultation_answer(consultation=third, answer="consent", actor=clerk, on=D(2026, 10, 12))
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.state == "paused"  # still waiting for the agency
    with pytest.raises(DomainError, match="尚未届满"):
        services.consultation_answer(consultation=agency, answer="silent", actor=clerk, on=D(2026, 10, 26))
    assert sweeps.close_expired_consultations(today=D(2026, 10, 27)) == 1
    agency.refresh_from_db()
    assert agency.answer == "silent" and agency.answered_on == D(2026, 10, 26) and agency.deemed_consent
    req.refresh_from_db()
    req.reply_clock.refresh_from_db()
    assert req.status == "processing"
    # resumed on 10-26 with 19 days left: 10-27…30 (4), 11-2…6 (9), 9…13 (14), 16…20 (19) → 11-20
    assert req.reply_clock.due_date == D(2026, 11, 20)


def test_extension_needs_capability_once_and_max_20(submit, clerk, office_head):
    req = submit(received_on=D(2026, 9, 24)).request
    with pytest.raises(CapabilityRequired, match="负责人"):
        services.request_approve_extension(request=req, days=20, reason="需调取档案", actor=clerk, on=D(2026, 10, 20))
    with pytest.raises(DomainError, match="20个工作日"):
        services.request_approve_extension(request=req, days=21, reason="需调取档案", actor=office_head,
                                           on=D(2026, 10, 20))
    req = services.request_approve_extension(request=req, days=20, reason="需调取档案", actor=office_head,
                                             on=D(2026, 10, 20))
    req.reply_clock.refresh_from_db()
    # 10-29 + 20 working days: 10-30 (1), 11-2…6 (6), 9…13 (11), 16…20 (16), 23…26 (20) → 11-26
    assert req.reply_clock.due_date == D(2026, 11, 26)
    assert req.extension_days == 20 and req.extension_approved_by == office_head
    with pytest.raises(DomainError, match="只能延长一次"):
        services.request_approve_extension(request=req, days=5, reason="再延", actor=office_head, on=D(2026, 10, 20))
    assert "disclosure_request.approve_extension" in actions(req)


def test_reasonable_delay_art_35(submit, clerk, office_head):
    req = submit(received_on=D(2026, 9, 24)).request
    services.request_ask_reasons(request=req, period_days=5, actor=clerk, on=D(2026, 9, 25))
    services.request_record_reasons(request=req, answer="given", text="为撰写课题报告需要", actor=clerk,
                                    on=D(2026, 9, 30))
    req = services.request_reasonable_delay(request=req, days=30, reason="同一申请人本月申请120件", actor=office_head,
                                            on=D(2026, 10, 8))
    req.reply_clock.refresh_from_db()
    assert req.delay_days == 30
    # 10-29 + 30 working days → 12-10
    assert req.reply_clock.due_date == D(2026, 12, 10)


def test_scoping_other_department_cannot_act(submit, other_clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    with pytest.raises(CapabilityRequired):
        services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=other_clerk)


def test_reply_stops_clock_on_time_or_late(submit, clerk, sign_off):
    req = submit(received_on=D(2026, 9, 24)).request
    req = services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk,
                                 on=D(2026, 10, 27))
    assert req.status == "awaiting_sign_off" and req.decided_on is None  # drafted: the clock keeps running
    req = sign_off(req, on=D(2026, 10, 29))
    assert req.status == "closed" and req.decided_on == D(2026, 10, 29)
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.outcome == "on_time"
    late = submit(received_on=D(2026, 9, 24)).request
    late = services.request_reply(request=late, outcome=Outcome.NOT_HELD, reply_text="经检索不存在", actor=clerk,
                                  on=D(2026, 10, 29))
    late = sign_off(late, on=D(2026, 10, 30))  # drafted in time, signed off a day late: late
    late.reply_clock.refresh_from_db()
    assert late.reply_clock.outcome == "late"
    with pytest.raises(TransitionNotAllowed):
        services.request_reply(request=late, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk)


def test_reply_rules(submit, clerk, sign_off):
    req = submit(received_on=D(2026, 9, 24)).request
    with pytest.raises(DomainError, match="负责公开"):
        services.request_reply(request=req, outcome=Outcome.NOT_THIS_AGENCY, reply_text="非本机关", actor=clerk)
    with pytest.raises(DomainError, match="可以公开的信息"):
        services.request_reply(request=req, outcome=Outcome.PARTIALLY_DISCLOSED, reply_text="", actor=clerk,
                               withheld_reason="涉及个人隐私")
    with pytest.raises(DomainError, match="补正后"):
        services.request_reply(request=req, outcome=Outcome.UNCLEAR_AFTER_SUPPLEMENT, reply_text="不明确",
                               actor=clerk)
    with pytest.raises(DomainError, match="答复结果"):
        services.request_reply(request=req, outcome=Outcome.FEE_NOT_PAID, reply_text="x", actor=clerk)
    req = services.request_reply(request=req, outcome=Outcome.NOT_THIS_AGENCY, reply_text="由随县自然资源局负责公开",
                                 right_agency_name="随县自然资源和规划局，0722-1234567", actor=clerk)
    req = sign_off(req)
    assert req.outcome == "not_this_agency" and req.right_agency_name.startswith("随县自然资源")


def test_partial_disclosure_with_released_file(submit, clerk, sign_off):
    from sunshine.files.services import store_bytes

    req = submit(received_on=D(2026, 9, 24)).request
    released = store_bytes(data="可以公开的部分".encode(), name="公开部分.txt", actor=clerk)
    req = services.request_reply(request=req, outcome=Outcome.PARTIALLY_DISCLOSED, reply_text="部分公开",
                                 withheld_reason="涉及第三方商业秘密（条例第十五条）", files=[released], actor=clerk,
                                 on=D(2026, 10, 19))
    req = sign_off(req, on=D(2026, 10, 20))
    assert list(req.reply_files.all()) == [released]
    assert req.outcome == "partially_disclosed" and req.decided_on == D(2026, 10, 20)


def test_forward_within_county_moves_department_keeps_due(submit, clerk, other_clerk, departments):
    req = submit(received_on=D(2026, 9, 24)).request
    with time_machine.travel(dt.datetime(2026, 9, 28, 10, 0), tick=False):
        req = services.request_forward(request=req, to_department=departments["zjj"], reason="属住建局职责",
                                       actor=clerk)
    assert req.department == departments["zjj"] and req.forwarded_from == departments["fgw"]
    assert req.reply_clock.department == departments["zjj"]
    assert req.reply_clock.due_date == D(2026, 10, 29)
    # now the zjj clerk handles it and the fgw clerk no longer can
    with pytest.raises(CapabilityRequired):
        services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk)
    services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=other_clerk)


def test_split_creates_children_with_own_clocks_parent_not_counted(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    with time_machine.travel(dt.datetime(2026, 9, 28, 10, 0), tick=False):
        children = services.request_split(request=req, items=["2024年财政预算", "2024年财政决算", ""], actor=clerk)
    req.refresh_from_db()
    assert req.status == "split" and req.outcome == "" and req.decided_on is None
    assert [c.tracking_code for c in children] == [f"{req.tracking_code}-1", f"{req.tracking_code}-2"]
    for child in children:
        assert child.received_on == D(2026, 9, 24)
        assert child.reply_clock.due_date == D(2026, 10, 29)
        assert child.parent == req
        assert child.verification_secret_hash == req.verification_secret_hash
    with pytest.raises(DomainError, match="两项"):
        services.request_split(request=children[0], items=["一项"], actor=clerk)


def test_fee_notice_pauses_then_payment_resumes(submit, clerk):
    for _ in range(10):
        submit(received_on=D(2026, 9, 1))
    req = submit(received_on=D(2026, 9, 24)).request
    assert services.rank_in_month(req) == 11
    req = services.request_issue_fee_notice(request=req, method="per_item", actor=clerk, on=D(2026, 9, 28))
    assert req.fee_amount == 100 and req.status == "awaiting_fee"
    # 20 working days after 9-28: 9-29, 30, 10-8, 9, 10 (5), 12…16 (10), 19…23 (15), 26…30 (20) → 10-30
    assert req.fee_due_on == D(2026, 10, 30)
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.state == "paused"
    req = services.request_record_payment(request=req, actor=clerk, on=D(2026, 10, 12))
    req.reply_clock.refresh_from_db()
    assert req.status == "processing"
    # 19 left at the pause on 9-28; resumed on 10-12 → 10-13…16 (4), 19…23 (9), 26…30 (14), 11-2…6 (19) → 11-6
    assert req.reply_clock.due_date == D(2026, 11, 6)


def test_fee_free_refused_and_unpaid_closes(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    with pytest.raises(DomainError, match="无需收费"):
        services.request_issue_fee_notice(request=req, method="per_item", actor=clerk, on=D(2026, 9, 28))
    req = services.request_issue_fee_notice(request=req, method="per_page", pages=150, actor=clerk, on=D(2026, 9, 28))
    assert req.fee_amount == 1700
    assert sweeps.close_expired_fees(today=D(2026, 10, 30)) == 0
    assert sweeps.close_expired_fees(today=D(2026, 11, 2)) == 1
    req.refresh_from_db()
    assert req.outcome == Outcome.FEE_NOT_PAID and req.decided_on == D(2026, 11, 2)


def test_withdraw(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    req = services.request_withdraw(request=req, reason="申请人来电撤回", actor=clerk, on=D(2026, 9, 25))
    assert req.outcome == Outcome.WITHDRAWN and req.status == "closed"


def test_notifications_sent_to_applicant(submit, clerk):
    from sunshine.notify.models import Notification

    req = submit(received_on=D(2026, 9, 24)).request
    services.request_ask_supplement(request=req, items="文件名称", period_days=5, actor=clerk, on=D(2026, 9, 28))
    bodies = list(Notification.objects.filter(phone="13800138000").values_list("body", flat=True))
    assert any("已于2026年09月24日收到" in b for b in bodies)
    assert any("需要补正" in b for b in bodies)


def test_status_assigned_only_in_services():
    """STYLE.md habit 3: `.status =` appears only in services.py."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name in {"services.py", "seed.py"}:
            continue
        if re.search(r"\.status\s*=[^=]", path.read_text()):
            offenders.append(path.name)
    assert offenders == []


def test_every_step_issues_its_letter_in_the_step_and_its_docx_after_commit(
        submit, clerk, office_head, sign_off, django_capture_on_commit_callbacks):
    """Receipt, supplement notice, consultation letter, extension and delay notices, fee notice and reply: each is a
    document of the case as soon as its step commits (its text fixed then) and gets its .docx from the task."""
    from sunshine.disclosure_requests.models import RequestDocument

    def step(run):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = run()
        newest = RequestDocument.objects.latest("id")
        assert newest.file_pending and newest.file_id is None and newest.html, newest.title
        for callback in callbacks:  # the commit
            callback()
        newest.refresh_from_db()
        assert not newest.file_pending and newest.file.kind == "docx", newest.title
        return result

    for _ in range(10):  # ten earlier applications this month: the eleventh pays by item (100元)
        submit(received_on=D(2026, 9, 1))
    req = step(lambda: submit(received_on=D(2026, 9, 24))).request
    req = step(lambda: services.request_ask_supplement(request=req, items="请写明文号", period_days=5, actor=clerk,
                                                      on=D(2026, 9, 25)))
    req = services.request_receive_supplement(request=req, text="随政办发〔2024〕12号", on=D(2026, 9, 28))
    consultation = step(lambda: services.consultation_start(request=req, kind="third_party", party_name="某公司",
                                                           actor=clerk, on=D(2026, 9, 29)))
    services.consultation_answer(consultation=consultation, answer="consent", actor=clerk, on=D(2026, 10, 9))
    req = step(lambda: services.request_approve_extension(request=req, days=10, reason="需调取档案",
                                                         actor=office_head, on=D(2026, 10, 9)))
    req = step(lambda: services.request_ask_reasons(request=req, period_days=3, actor=clerk, on=D(2026, 10, 9)))
    services.request_record_reasons(request=req, answer="given", text="课题研究需要", actor=clerk, on=D(2026, 10, 10))
    req = step(lambda: services.request_reasonable_delay(request=req, days=10, reason="本月申请数量明显超过合理范围",
                                                        actor=office_head, on=D(2026, 10, 10)))
    req = step(lambda: services.request_issue_fee_notice(request=req, method="per_item", actor=clerk,
                                                        on=D(2026, 10, 12)))
    req = services.request_record_payment(request=req, actor=clerk, on=D(2026, 10, 13))
    req = services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="予以公开", actor=clerk,
                                 on=D(2026, 10, 14))
    req = step(lambda: sign_off(req, on=D(2026, 10, 14)))
    documents = list(req.documents.order_by("id").values_list("kind", "title", "visible_to_applicant"))
    assert documents == [
        ("receipt", "政府信息公开申请接收回执", True),
        ("supplement_notice", "政府信息公开申请补正告知书", True),
        ("consultation_letter", "政府信息公开征求意见函", False),
        ("extension_notice", "政府信息公开申请延期答复告知书", True),
        ("reasons_notice", "政府信息公开申请说明理由通知书", True),
        ("other", "政府信息公开申请延迟答复告知书", True),
        ("fee_notice", "政府信息公开信息处理费收费通知书", True),
        ("reply", "政府信息公开申请答复书", True),
    ]
    assert actions(req).count("disclosure_requests.letter.generate") == 8


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"id_number": "110105194912310021"}, "id_number", "居民身份证号码"),
    ({"applicant_type": "commercial_enterprise"}, "id_number", "统一社会信用代码"),
    ({"delivery": "email", "email": ""}, "email", "请填写电子邮箱"),
])
def test_the_service_refuses_a_bad_application_with_a_domain_error(submit, overrides, field, message):
    """Callers other than the API and the page (imports, office systems) get the same Chinese refusal."""
    with pytest.raises(DomainError, match=message) as refused:
        submit(**overrides)
    assert refused.value.field == field
    assert DisclosureRequest.objects.count() == 0
