"""The legal review of issue #8 (items 1–8), pinned with exact 2026 dates on the 2026 calendar (National Day
10-01…10-07, make-up Saturday 10-10, Dragon Boat Festival 06-19).

1. remedies in the letters, naming the review body; 2. extensions and reasonable delays only in time; 3. the other
side's periods from the day it receives the letter; 4. an online supplement on a non-working day; 5. the Art. 32
notice to an objecting third party; 6. the Art. 35 reasons step; 7. per-page fees; 8. paper supplements and text
limits."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import DomainError, TransitionNotAllowed
from sunshine.disclosure_requests import forms, letters, services, sweeps, validation
from sunshine.disclosure_requests.models import Consultation, DisclosureRequest, ReviewBodySetting
from sunshine.disclosure_requests.outcomes import Outcome
from sunshine.disclosure_requests.staff_actions import offered
from sunshine.disclosure_requests.workflow import WORKFLOW

D = dt.date
pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure-requests/staff"


def _fresh(req) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock", "fee_clock", "reasons_clock").get(pk=req.pk)


def _issue(signer, **reply):
    """Reply and, where the reply needs sign-off (签发: refusals always, other outcomes by default), sign it off as
    `signer` on the reply's day, so that the letter is issued."""
    req = services.request_reply(**reply)
    if _fresh(req).status == "awaiting_sign_off":
        req = services.request_sign_off(request=req, actor=signer, on=reply.get("on"))
    return req


def _letter(req, kind: str):
    return req.documents.filter(kind=kind).latest("id")


# --- 1. remedies ----------------------------------------------------------------------------------------------------

def test_a_refusal_tells_review_first_and_names_the_county_government(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    _issue(office_head, request=req, outcome=Outcome.REFUSED_PROCESS_INFO, reply_text="该文件为讨论稿。",
                           actor=clerk, on=D(2026, 11, 2))
    html = _letter(req, "reply").html
    assert "可以自收到本答复书之日起六十日内向随县人民政府申请行政复议" in html
    assert "《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款" in html
    assert "应当先申请行政复议，不能直接向人民法院提起行政诉讼" in html
    assert "六个月内" not in html and 'data-remedy="review_first"' in html


def test_other_outcomes_offer_review_or_suit(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    _issue(office_head, request=req, outcome=Outcome.NOT_HELD, reply_text="经检索，本机关未制作该信息。",
                           actor=clerk, on=D(2026, 11, 2))
    html = _letter(req, "reply").html
    assert ("如对本答复不服，可以自收到本答复书之日起六十日内向随县人民政府申请行政复议，或者自收到之日起六个月内"
            "向随县人民法院提起行政诉讼。") in html
    assert "不能直接" not in html


def test_remedy_of_each_letter_kind():
    assert letters.remedy_for("reply", Outcome.REFUSED_STATE_SECRET) == letters.REVIEW_FIRST
    assert letters.remedy_for("reply", Outcome.PARTIALLY_DISCLOSED) == letters.REVIEW_FIRST_FOR_WITHHELD
    assert letters.remedy_for("reply", Outcome.FEE_NOT_PAID) == letters.REVIEW_OR_SUIT  # the later decision can
    assert letters.remedy_for("fee_notice") == ""  # 109号: not on its own
    assert {letters.remedy_for(kind) for kind in ("receipt", "supplement_notice", "extension_notice",
                                                   "consultation_letter", "reasons_notice")} == {""}


def test_a_vertically_managed_agency_names_the_next_level_up(submit, clerk, departments, office_head):
    ReviewBodySetting.objects.create(department=departments["fgw"], vertically_managed=True,
                                     review_body="国家税务总局随州市税务局", court="随州市曾都区人民法院")
    req = submit(received_on=D(2026, 10, 26)).request
    _issue(office_head, request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk, on=D(2026, 11, 2))
    html = _letter(req, "reply").html
    assert "六十日内向国家税务总局随州市税务局申请行政复议" in html
    assert "六个月内向随州市曾都区人民法院提起行政诉讼" in html
    assert "随县人民政府申请" not in html


def test_a_town_department_names_the_county_government(county):
    from sunshine.orgs.models import Department, Division

    town = Division.objects.create(code="421321100", name="厉山镇", level=Division.Level.TOWN, parent=county)
    office = Department.objects.create(code="lsz", name="厉山镇人民政府", division=town)
    assert letters.review_bodies(office) == ("随县人民政府", "随县人民法院")


def test_a_vertically_managed_department_must_name_its_review_body(departments):
    setting = ReviewBodySetting(department=departments["zjj"], vertically_managed=True, review_body="")
    with pytest.raises(ValidationError, match="上一级主管部门"):
        setting.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        setting.save()


# --- 2. extensions and reasonable delays only in time (Art. 33, 35) --------------------------------------------------

def test_an_extension_after_the_limit_is_refused_and_the_clock_stays_late(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    assert req.reply_clock.due_date == D(2026, 11, 23)  # 20 working days
    with (time_machine.travel(dt.datetime(2026, 12, 3, 10, 0), tick=False),
          pytest.raises(DomainError, match="答复期限已于2026年11月23日届满，不能再延长") as refused):
        services.request_approve_extension(request=req, days=20, reason="需调取档案", actor=office_head)
    assert refused.value.code == "reply_limit_passed"
    req = _fresh(req)
    assert req.extension_days == 0 and req.reply_clock.due_date == D(2026, 11, 23)
    assert not AuditEvent.objects.filter(action="disclosure_request.approve_extension").exists()
    assert not req.documents.filter(kind="extension_notice").exists()
    _issue(office_head, request=req, outcome=Outcome.NOT_HELD, reply_text="经检索不存在", actor=clerk,
                           on=D(2026, 12, 3))
    assert _fresh(req).reply_clock.outcome == "late"


def test_an_extension_on_the_last_day_is_in_time(submit, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0), tick=False):
        services.request_approve_extension(request=req, days=20, reason="需调取档案", actor=office_head)
    # 11-23 + 20 working days → 12-21
    assert _fresh(req).reply_clock.due_date == D(2026, 12, 21)


def test_an_extension_while_paused_before_the_limit_is_in_time(submit, clerk, office_head):
    """Consulting since 11-02 (before the 11-23 limit): the limit has not run out, however long the pause."""
    req = submit(received_on=D(2026, 10, 26)).request
    services.consultation_start(request=req, kind="agency", party_name="随县财政局", actor=clerk, on=D(2026, 11, 2))
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, 0), tick=False):
        services.request_approve_extension(request=req, days=10, reason="需调取档案", actor=office_head)
    assert _fresh(req).extension_days == 10


def _reasons_given(req, clerk):
    on = D(2026, 10, 27)
    services.request_ask_reasons(request=req, period_days=10, actor=clerk, on=on)
    services.request_record_reasons(request=req, answer="given", text="撰写学术论文需要", actor=clerk, on=on)


def test_a_reasonable_delay_after_the_limit_is_refused(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    _reasons_given(req, clerk)
    with (time_machine.travel(dt.datetime(2026, 12, 3, 10, 0), tick=False),
          pytest.raises(DomainError, match=r"2026年11月23日届满.*第三十五条")):
        services.request_reasonable_delay(request=req, days=30, reason="本月申请120件", actor=office_head)
    assert _fresh(req).delay_days == 0 and _fresh(req).reply_clock.due_date == D(2026, 11, 23)


# --- 3. the other side's periods run from its receipt --------------------------------------------------------------

def test_a_posted_consultation_letter_counts_from_the_signed_for_day(submit, clerk):
    """Sent 2026-06-17, signed for 06-22 → 15 working days end 07-13 (06-19 is the Dragon Boat Festival, but the
    count starts after 06-22): silence no earlier than 07-14."""
    req = submit(received_on=D(2026, 6, 10)).request
    consultation = services.consultation_start(request=req, kind="third_party", party_name="随县某商贸公司",
                                               actor=clerk, on=D(2026, 6, 17), delivery="post")
    consultation.refresh_from_db()
    assert consultation.delivered_on is None and consultation.due_on is None and consultation.clock is None
    assert _fresh(req).reply_clock.state == "paused"  # from the day the letter was sent
    with pytest.raises(DomainError, match="送达日期尚未登记"):
        services.consultation_answer(consultation=consultation, answer="silent", actor=clerk, on=D(2026, 7, 20))
    assert sweeps.close_expired_consultations(today=D(2026, 7, 20)) == 0  # nothing to count from yet
    with pytest.raises(DomainError, match="不能早于发出征求意见函"):
        services.request_record_delivery(request=req, consultation=consultation, delivered_on=D(2026, 6, 16),
                                         actor=clerk)
    services.request_record_delivery(request=req, consultation=consultation, delivered_on=D(2026, 6, 22), actor=clerk)
    consultation.refresh_from_db()
    assert consultation.delivered_on == D(2026, 6, 22) and consultation.due_on == D(2026, 7, 13)
    assert consultation.clock.started_on == D(2026, 6, 22) and consultation.clock.due_date == D(2026, 7, 13)
    assert consultation.clock.obligor == "applicant"  # the third party's period, never the department's
    with pytest.raises(DomainError, match=r"2026年07月13日.*尚未届满"):
        services.consultation_answer(consultation=consultation, answer="silent", actor=clerk, on=D(2026, 7, 13))
    assert sweeps.close_expired_consultations(today=D(2026, 7, 13)) == 0
    assert sweeps.close_expired_consultations(today=D(2026, 7, 14)) == 1
    consultation.refresh_from_db()
    assert consultation.answer == "silent" and consultation.answered_on == D(2026, 7, 13)
    with pytest.raises(TransitionNotAllowed, match="不能执行“登记送达日期”"):  # the consultation is over
        services.request_record_delivery(request=req, consultation=consultation, delivered_on=D(2026, 6, 22),
                                         actor=clerk)


def test_a_letter_sent_online_is_received_the_same_day(submit, clerk):
    req = submit(received_on=D(2026, 6, 10)).request
    consultation = services.consultation_start(request=req, kind="third_party", party_name="随县某商贸公司",
                                               actor=clerk, on=D(2026, 6, 17))
    consultation.refresh_from_db()
    # 06-17 + 15 working days (06-19 a holiday) → 07-09
    assert consultation.delivered_on == D(2026, 6, 17) and consultation.due_on == D(2026, 7, 9)
    assert "2026年7月9日前" in _letter(req, "consultation_letter").html


def test_a_posted_fee_notice_counts_20_working_days_from_the_day_after_receipt(submit, clerk):
    req = submit(received_on=D(2026, 6, 10), form="paper", delivery="post").request
    services.request_issue_fee_notice(request=req, method="per_page", pages=100, actor=clerk, on=D(2026, 6, 17))
    req = _fresh(req)
    assert req.fee_delivery == "post" and req.fee_due_on is None and req.fee_clock is None
    assert "请您自收到本通知书之次日起20个工作日内缴纳" in _letter(req, "fee_notice").html
    with pytest.raises(DomainError, match="送达日期尚未登记"):
        services.request_abandon_fee(request=req, actor=clerk, on=D(2026, 8, 31))
    assert sweeps.close_expired_fees(today=D(2026, 8, 31)) == 0
    services.request_record_delivery(request=req, delivered_on=D(2026, 6, 22), actor=clerk)
    req = _fresh(req)
    # from 06-23: 06-23…26 (4), 06-29…07-03 (9), 07-06…10 (14), 07-13…17 (19), 07-20 (20)
    assert req.fee_delivered_on == D(2026, 6, 22) and req.fee_due_on == D(2026, 7, 20)
    assert req.fee_clock.obligor == "applicant" and req.fee_clock.started_on == D(2026, 6, 22)
    with pytest.raises(DomainError, match="尚未届满"):
        services.request_abandon_fee(request=req, actor=clerk, on=D(2026, 7, 20))
    assert sweeps.close_expired_fees(today=D(2026, 7, 20)) == 0
    assert sweeps.close_expired_fees(today=D(2026, 7, 21)) == 1
    req = _fresh(req)
    assert req.outcome == "fee_not_paid" and req.fee_clock.outcome == "lapsed"
    assert req.reply_clock.outcome == "cancelled"  # never the department's lateness


def test_an_online_fee_notice_counts_from_the_day_after_it_is_sent(submit, clerk):
    req = submit(received_on=D(2026, 6, 10)).request
    services.request_issue_fee_notice(request=req, method="per_page", pages=100, actor=clerk, on=D(2026, 6, 17))
    req = _fresh(req)
    assert req.fee_delivery == "online" and req.fee_delivered_on == D(2026, 6, 17)
    assert req.fee_due_on == D(2026, 7, 16)  # 06-18 (1), 06-22…26 (6), …, 07-16 (20)


def test_a_delivery_day_in_the_future_is_refused(submit, clerk):
    req = submit(received_on=D(2026, 6, 10), delivery="post").request
    services.request_issue_fee_notice(request=req, method="per_page", pages=100, actor=clerk, on=D(2026, 6, 17))
    with (time_machine.travel(dt.datetime(2026, 6, 20, 10, 0), tick=False),
          pytest.raises(DomainError, match="不能晚于今天")):
        services.request_record_delivery(request=req, delivered_on=D(2026, 6, 22), actor=clerk)


# --- 4. an online supplement on a non-working day ------------------------------------------------------------------

@pytest.mark.parametrize(("sent_at", "received"), [
    (dt.datetime(2026, 10, 3, 20, 0), D(2026, 10, 8)),  # Saturday in the National Day holiday → Thursday
    (dt.datetime(2026, 10, 10, 9, 0), D(2026, 10, 10)),  # a make-up working Saturday → that day
    (dt.datetime(2026, 10, 11, 9, 0), D(2026, 10, 12)),  # Sunday → Monday
])
def test_an_online_supplement_is_received_on_a_working_day(submit, clerk, sent_at, received):
    req = submit(received_on=D(2026, 9, 24)).request
    services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk, on=D(2026, 9, 28))
    with time_machine.travel(sent_at, tick=False):
        services.request_receive_supplement(request=req, text="随政办发〔2024〕12号")
    req = _fresh(req)
    assert req.supplement_received_on == received
    assert req.reply_clock.due_date == services.deadlines.reply_due(received).date
    assert req.supplement_clock.stopped_on == received


# --- 5. Art. 32: notice to an objecting third party ------------------------------------------------------------------

def test_a_disclosure_over_an_objection_needs_the_written_notice_first(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    consultation = services.consultation_start(request=req, kind="third_party", party_name="随县某商贸公司",
                                               actor=clerk, on=D(2026, 10, 27))
    services.consultation_answer(consultation=consultation, answer="objection", text="涉及商业秘密", actor=clerk,
                                 on=D(2026, 10, 30))
    with pytest.raises(DomainError, match=r"随县某商贸公司.*不同意公开.*第三十二条") as refused:
        services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk, on=D(2026, 11, 5))
    assert refused.value.code == "third_party_notice_required" and refused.value.field == "outcome"
    assert _fresh(req).status == "processing"
    with pytest.raises(DomainError, match="决定公开的理由"):
        services.request_notify_third_party(request=req, consultation=consultation, content="收费标准全文",
                                            reasons="", actor=clerk)
    services.request_notify_third_party(request=req, consultation=consultation, content="2025年城区停车场收费标准全文",
                                        reasons="关系公众切身利益，不公开可能对公共利益造成重大影响", actor=clerk,
                                        on=D(2026, 11, 3))
    consultation.refresh_from_db()
    assert consultation.decision_notice_on == D(2026, 11, 3)
    notice = _letter(req, "third_party_notice")
    assert not notice.visible_to_applicant and notice.title == "政府信息公开决定告知书（第三方）"
    assert "随县某商贸公司：" in notice.html and "张三" not in notice.html and "第三十二条" in notice.html
    assert "决定公开的内容：2025年城区停车场收费标准全文" in notice.html
    assert "贵方如对本决定不服，可以自收到本告知书之日起六十日内向随县人民政府申请行政复议" in notice.html
    with pytest.raises(DomainError, match="已书面告知"):
        services.request_notify_third_party(request=req, consultation=consultation, content="x", reasons="y",
                                            actor=clerk)
    _issue(office_head, request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk, on=D(2026, 11, 5))
    assert _fresh(req).outcome == "disclosed"


def test_no_notice_for_consent_an_agency_or_a_withheld_part(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    agency = services.consultation_start(request=req, kind="agency", party_name="随县财政局", actor=clerk,
                                         on=D(2026, 10, 27))
    services.consultation_answer(consultation=agency, answer="objection", actor=clerk, on=D(2026, 10, 30))
    with pytest.raises(DomainError, match="只有不同意公开的第三方"):
        services.request_notify_third_party(request=req, consultation=agency, content="x", reasons="y", actor=clerk)
    _issue(office_head, request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk, on=D(2026, 11, 5))


# --- 6. Art. 35: the reasons step --------------------------------------------------------------------------------

def test_excessive_only_after_the_reasons_step_and_the_reply_clock_keeps_running(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    with pytest.raises(DomainError, match="应当先要求申请人说明理由") as refused:
        services.request_reply(request=req, outcome=Outcome.EXCESSIVE, reply_text="无正当理由", actor=clerk,
                               on=D(2026, 11, 20))
    assert refused.value.code == "reasons_step_required"
    with pytest.raises(DomainError, match="尚未要求申请人说明理由"):
        services.request_record_reasons(request=req, answer="silent", actor=clerk, on=D(2026, 11, 20))
    services.request_ask_reasons(request=req, period_days=10, actor=clerk, on=D(2026, 10, 27))
    req = _fresh(req)
    assert req.reasons_due_on == D(2026, 11, 10)  # 10-27 + 10 working days
    assert req.reasons_clock.obligor == "applicant" and req.reasons_clock.due_date == D(2026, 11, 10)
    assert req.reply_clock.state == "running" and req.reply_clock.due_date == D(2026, 11, 23)  # nothing paused
    notice = _letter(req, "reasons_notice")
    assert notice.visible_to_applicant and "第三十五条" in notice.html and "2026年11月10日前" in notice.html
    with pytest.raises(DomainError, match="本申请已要求申请人说明过理由"):
        services.request_ask_reasons(request=req, period_days=5, actor=clerk, on=D(2026, 10, 28))
    with pytest.raises(DomainError, match=r"2026年11月10日.*尚未届满"):
        services.request_record_reasons(request=req, answer="silent", actor=clerk, on=D(2026, 11, 10))
    services.request_record_reasons(request=req, answer="silent", actor=clerk, on=D(2026, 11, 11))
    req = _fresh(req)
    assert req.reasons_answer == "silent" and req.reasons_clock.outcome == "lapsed"
    _issue(office_head, request=req, outcome=Outcome.EXCESSIVE, reply_text="申请人逾期未说明理由", actor=clerk,
                           on=D(2026, 11, 12))
    req = _fresh(req)
    assert req.outcome == "excessive" and req.reply_clock.outcome == "on_time"


def test_reasons_accepted_but_too_much_work_lead_to_a_reasonable_delay(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    with pytest.raises(DomainError, match="应当先要求申请人说明理由"):
        services.request_reasonable_delay(request=req, days=30, reason="本月申请120件", actor=office_head,
                                          on=D(2026, 11, 2))
    services.request_ask_reasons(request=req, period_days=10, actor=clerk, on=D(2026, 10, 27))
    with pytest.raises(DomainError, match="请填写申请人说明的理由"):
        services.request_record_reasons(request=req, answer="given", text="", actor=clerk, on=D(2026, 10, 30))
    services.request_record_reasons(request=req, answer="given", text="撰写县域停车规划研究报告", actor=clerk,
                                    on=D(2026, 10, 30))
    assert _fresh(req).reasons_clock.outcome == "on_time"
    services.request_reasonable_delay(request=req, days=30, reason="所需信息共120件", actor=office_head,
                                      on=D(2026, 11, 2))
    req = _fresh(req)
    # 11-23 + 30 working days → 01-05 (2027: 元旦 01-01 a holiday)
    assert req.delay_days == 30 and req.reply_clock.due_date == services.deadlines.reply_due(
        D(2026, 11, 23), limit_days=30).date
    assert req.documents.filter(title="政府信息公开申请延迟答复告知书").exists()


def test_the_case_page_offers_the_second_half_of_the_reasons_step_only_after_the_first(submit, clerk):
    req = submit(received_on=D(2026, 10, 26)).request
    names = [t.name for t in offered(req, WORKFLOW.allowed_actions(clerk, req))]
    assert "ask_reasons" in names and "record_reasons" not in names
    services.request_ask_reasons(request=req, period_days=10, actor=clerk, on=D(2026, 10, 27))
    req = _fresh(req)
    names = [t.name for t in offered(req, WORKFLOW.allowed_actions(clerk, req))]
    assert "ask_reasons" not in names and "record_reasons" in names


# --- 7. per-page fees (109号 art. 5) --------------------------------------------------------------------------------

@pytest.mark.parametrize(("form", "allowed"), [("paper", True), ("electronic", True), ("inspection", False)])
def test_per_page_fees_only_for_copies(submit, clerk, form, allowed):
    req = submit(received_on=D(2026, 10, 26), form=form).request
    if allowed:
        services.request_issue_fee_notice(request=req, method="per_page", pages=150, actor=clerk, on=D(2026, 10, 27))
        assert _fresh(req).fee_amount == 1700
        return
    with pytest.raises(DomainError, match=r"当场查阅.*不能按页收费.*109号第五条") as refused:
        services.request_issue_fee_notice(request=req, method="per_page", pages=150, actor=clerk, on=D(2026, 10, 27))
    assert refused.value.field == "method" and _fresh(req).status == "processing"


# --- 8. paper supplements and length limits -------------------------------------------------------------------------

def test_the_default_clerk_role_records_a_paper_supplement(submit, clerk, client):
    req = submit(received_on=D(2026, 9, 24)).request
    services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk, on=D(2026, 9, 28))
    req = _fresh(req)
    assert "record_supplement" in [t.name for t in WORKFLOW.allowed_actions(clerk, req)]  # role 经办人 by default
    client.force_login(clerk)
    page = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert 'id="action-record_supplement"' in page and "登记纸质补正" in page
    response = client.post(f"/ysq/staff/{req.pk}/record_supplement/",
                           {"text": "随政办发〔2024〕12号", "received_on": "2026-10-09"})
    assert response.status_code == 302
    req = _fresh(req)
    assert req.status == "processing" and req.supplement_received_on == D(2026, 10, 9)
    # counted afresh from 10-09: 10-10 (make-up Saturday, 1), 10-12…16 (6), …, 11-02…05 (20)
    assert req.reply_clock.due_date == D(2026, 11, 5)
    event = AuditEvent.objects.get(action="disclosure_request.record_supplement")
    assert event.actor == clerk and (event.from_status, event.to_status) == ("awaiting_supplement", "processing")


def test_a_paper_supplement_cannot_be_dated_in_the_future_or_before_the_notice(submit, clerk):
    req = submit(received_on=D(2026, 9, 24)).request
    services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk, on=D(2026, 9, 28))
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.request_record_supplement(request=req, text="文号", received_on=D(2027, 1, 4), actor=clerk)
    with pytest.raises(DomainError, match="不能早于告知补正日期") as refused:
        services.request_record_supplement(request=req, text="文号", received_on=D(2026, 9, 25), actor=clerk)
    assert refused.value.field == "received_on"


@pytest.mark.parametrize(("field", "limit", "message"), [
    ("reply_text", validation.REPLY_TEXT_MAX, "答复内容不能超过5000个字。"),
    ("withheld_reason", validation.WITHHELD_REASON_MAX, "不予公开部分的理由不能超过2000个字。"),
])
def test_reply_texts_are_limited_in_the_service_form_and_api(submit, clerk, api_client, field, limit, message,
                                                              office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    texts = {"reply_text": "经审查", "withheld_reason": "", field: "长" * (limit + 1)}
    with pytest.raises(DomainError, match=message) as refused:
        services.request_reply(request=req, outcome=Outcome.NOT_HELD, actor=clerk, on=D(2026, 11, 2), **texts)
    assert refused.value.code == "too_long" and refused.value.field == field
    form = forms.ReplyForm({"outcome": "not_held", **texts})
    assert not form.is_valid() and form.errors[field] == [message]
    api_client.force_authenticate(clerk)
    response = api_client.post(f"{API}/{req.pk}/draft_reply", {"outcome": "not_held", **texts}, format="json")
    assert response.status_code == 400 and message in str(response.json())
    assert _fresh(req).status == "processing"
    texts[field] = "长" * limit  # the limit itself is accepted
    _issue(office_head, request=req, outcome=Outcome.NOT_HELD, actor=clerk, on=D(2026, 11, 2), **texts)


@pytest.mark.parametrize(("action", "data", "field", "message"), [
    ("withdraw", {"reason": "撤" * 501}, "reason", "撤回说明不能超过500个字。"),
    ("request_supplement", {"items": "项" * 2001, "period_days": 10}, "items", "需要补正的事项不能超过2000个字。"),
    ("ask_reasons", {"period_days": 10, "note": "注" * 2001}, "note", "补充说明不能超过2000个字。"),
])
def test_reasons_and_notices_are_limited_on_the_page(submit, clerk, client, action, data, field, message):
    req = submit(received_on=D(2026, 10, 26)).request
    client.force_login(clerk)
    response = client.post(f"/ysq/staff/{req.pk}/{action}/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert _fresh(req).status == "processing"


def test_service_limits_hold_for_callers_without_a_form(submit, clerk, office_head):
    req = submit(received_on=D(2026, 10, 26)).request
    with pytest.raises(DomainError, match="延期理由不能超过500个字。"):
        services.request_approve_extension(request=req, days=5, reason="因" * 501, actor=office_head,
                                           on=D(2026, 11, 2))
    services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk, on=D(2026, 10, 27))
    with pytest.raises(DomainError, match="补正内容不能超过4000个字。"):
        services.request_receive_supplement(request=req, text="补" * 4001, on=D(2026, 10, 28))
    with pytest.raises(DomainError, match="补正内容不能超过4000个字。"):
        services.request_record_supplement(request=req, text="补" * 4001, actor=clerk)
    assert _fresh(req).status == "awaiting_supplement"


def test_consultation_answers_and_applicant_reasons_are_limited(submit, clerk):
    req = submit(received_on=D(2026, 10, 26)).request
    consultation = services.consultation_start(request=req, kind="third_party", party_name="某公司", actor=clerk,
                                               on=D(2026, 10, 27))
    with pytest.raises(DomainError, match="意见内容不能超过2000个字。"):
        services.consultation_answer(consultation=consultation, answer="objection", text="意" * 2001, actor=clerk,
                                     on=D(2026, 10, 30))
    assert Consultation.objects.get(pk=consultation.pk).answer == ""


def test_the_case_page_offers_one_form_per_posted_letter_and_objecting_party(submit, clerk, client, api_client):
    req = submit(received_on=D(2026, 10, 26)).request
    first = services.consultation_start(request=req, kind="third_party", party_name="随县甲公司", actor=clerk,
                                        on=D(2026, 10, 27), delivery="post")
    second = services.consultation_start(request=req, kind="third_party", party_name="随县乙公司", actor=clerk,
                                         on=D(2026, 10, 27))
    client.force_login(clerk)
    page = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert f'id="action-record-delivery-{first.pk}"' in page and "登记致随县甲公司的征求意见函送达日期" in page
    assert f'id="action-record-delivery-{second.pk}"' not in page  # sent online: received that day
    assert "送达日期待登记" in page
    response = client.post(f"/ysq/staff/{req.pk}/record_delivery/",
                           {"consultation": first.pk, "delivered_on": "2026-10-29"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.delivered_on == D(2026, 10, 29) and first.due_on == D(2026, 11, 19)
    with pytest.raises(DomainError, match="送达日期已登记"):
        services.request_record_delivery(request=req, consultation=first, delivered_on=D(2026, 10, 29), actor=clerk)
    services.consultation_answer(consultation=first, answer="objection", actor=clerk, on=D(2026, 11, 2))
    services.consultation_answer(consultation=second, answer="consent", actor=clerk, on=D(2026, 11, 2))
    page = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert f'id="action-notify-third-party-{first.pk}"' in page
    assert f'id="action-notify-third-party-{second.pk}"' not in page
    api_client.force_authenticate(clerk)
    response = api_client.post(f"{API}/{req.pk}/notify_third_party",
                               {"consultation": first.pk, "content": "收费标准全文", "reasons": "涉及公共利益"},
                               format="json")
    assert response.status_code == 200, response.content
    first.refresh_from_db()
    assert first.decision_notice_on is not None
    page = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert "action-notify-third-party" not in page and "已书面告知决定公开" in page


def test_the_tracking_page_explains_a_posted_fee_notice_without_a_due_date(submit, clerk, client):
    submission = submit(received_on=D(2026, 10, 26), form="paper", delivery="post")
    services.request_issue_fee_notice(request=submission.request, method="per_page", pages=100, actor=clerk,
                                      on=D(2026, 10, 27))
    client.post("/ysq/track/", {"tracking_code": submission.request.tracking_code, "secret": submission.secret})
    page = client.get(f"/ysq/track/{submission.request.tracking_code}/").content.decode()
    assert "请自收到收费通知书之次日起20个工作日内缴纳" in page
