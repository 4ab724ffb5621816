"""Truthful clocks of disclosure requests (issue #7 item 1, DOMAIN.md §5), with exact dates of March 2026.

Received Mon 2026-03-02 (no holiday in March 2026): the reply is due on the 20th working day after it,
3-3…6 (4), 9…13 (9), 16…20 (14), 23…27 (19), 3-30 (20) → Mon 2026-03-30.

Supervision reads only clocks: a forwarded or split request must not count as answered on time (transferred,
superseded), and the periods that run on the applicant's or a third party's side (supplement, consultation, fee)
never make the department late nor give it a red card.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from sunshine.caselinks.services import links_of
from sunshine.clocks.models import Clock, ClockEvent
from sunshine.clocks.selectors import clocks_for_case, warning_counts_by_department
from sunshine.clocks.services import default_case_key
from sunshine.core.statistics import provider
from sunshine.disclosure_requests import services, sweeps
from sunshine.disclosure_requests.models import Consultation, DisclosureRequest
from sunshine.disclosure_requests.outcomes import Outcome

D = dt.date
pytestmark = pytest.mark.django_db

RECEIVED = D(2026, 3, 2)
REPLY_DUE = D(2026, 3, 30)


def at(day: dt.date):
    """Freeze the clock at 10:00 on `day` (the services date staff actions today)."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def case_clocks(req) -> list[Clock]:
    return list(clocks_for_case(default_case_key(req)))


def days(first: dt.date, last: dt.date):
    while first <= last:
        yield first
        first += dt.timedelta(days=1)


def assert_no_warning(department, first: dt.date, last: dt.date) -> None:
    """Neither yellow nor red for `department` on any day of [first, last]."""
    for day in days(first, last):
        rows = [r for r in warning_counts_by_department(today=day) if r["department_id"] == department.pk]
        assert rows == [], (day, rows)


def no_agency_lateness(req) -> bool:
    return not [c for c in case_clocks(req) if c.obligor == "agency" and c.outcome == "late"]


def figures(department) -> dict:
    """The department's figures of the requests received or decided in March–April 2026."""
    rows = provider("disclosure_requests").figures(start=D(2026, 3, 1), end=D(2026, 4, 30))
    row = next((r for r in rows if r["department_id"] == department.pk), None)
    return {k: (row or {}).get(k, 0) for k in ("received", "decided", "on_time", "late")}


@pytest.fixture
def received(submit):
    return submit(received_on=RECEIVED).request


# --- 1. forward within the county: the reply clock is transferred, its limit unchanged ---------------------------

def test_forward_transfers_the_reply_clock_with_its_limit_and_the_ledger_shows_it_at_both_clocks(
        received, clerk, other_clerk, departments, office_head):
    from sunshine.notify.models import Notification

    req, old = received, received.reply_clock
    assert old.due_date == REPLY_DUE
    with at(D(2026, 3, 4)):
        req = services.request_forward(request=req, to_department=departments["zjj"], reason="属住建局职责",
                                       actor=clerk)
    old.refresh_from_db()
    new = req.reply_clock
    assert (old.state, old.outcome, old.stopped_on, old.department) == ("stopped", "transferred", D(2026, 3, 4),
                                                                        departments["fgw"])
    assert (new.state, new.department, new.started_on, new.due_date) == ("running", departments["zjj"], RECEIVED,
                                                                         REPLY_DUE)
    assert new.case_key == old.case_key == f"disclosure_requests.disclosurerequest:{req.pk}"
    transfer = old.events.get(kind=ClockEvent.Kind.TRANSFER)
    assert transfer.related_clock == new and "随县住房和城乡建设局" in transfer.reason
    start = new.events.get(kind=ClockEvent.Kind.START)
    assert start.related_clock == old and start.reason.startswith("由随县发展和改革局转来")
    assert (req.forwarded_from, req.forwarded_to, req.department) == (departments["fgw"], departments["zjj"],
                                                                      departments["zjj"])
    assert Notification.objects.filter(body__contains="已转至随县住房和城乡建设局办理").exists()
    # the receiving department answers on the last day: its clock is on time, the old one stays transferred
    req = services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=other_clerk,
                                 on=REPLY_DUE)
    req = services.request_sign_off(request=req, actor=office_head, on=REPLY_DUE)
    assert [(c.department.code, c.outcome) for c in case_clocks(req)] == [("fgw", "transferred"),
                                                                            ("zjj", "on_time")]
    assert figures(departments["zjj"])["on_time"] == 1
    assert figures(departments["fgw"]) == {"received": 0, "decided": 0, "on_time": 0, "late": 0}


def test_a_forward_keeps_the_pause_history_of_the_limit(submit, clerk, departments):
    """After a fee was paid (reply clock paused 3-4, resumed 3-11), the receiver's clock has the same due date."""
    req = submit(received_on=RECEIVED).request
    req = services.request_issue_fee_notice(request=req, method="per_page", pages=150, actor=clerk, on=D(2026, 3, 4))
    req = services.request_record_payment(request=req, actor=clerk, on=D(2026, 3, 11))
    req.reply_clock.refresh_from_db()
    # 18 working days left at the pause on 3-4 (3-5 … 3-30); resumed 3-11: 3-12,13 (2), 16…20 (7), 23…27 (12),
    # 3-30…4-3 (17), 4-7 (18; 4-6 is the Qingming holiday Monday) → 4-7
    assert req.reply_clock.due_date == D(2026, 4, 7)
    with at(D(2026, 3, 12)):
        req = services.request_forward(request=req, to_department=departments["zjj"], reason="属住建局职责",
                                       actor=clerk)
    assert req.reply_clock.due_date == D(2026, 4, 7) and req.reply_clock.state == "running"


# --- 2. split: superseded parent clock, children with their own clocks and a case link --------------------------

def test_split_supersedes_the_parent_clock_and_links_each_part_at_both_ends(received, clerk):
    from sunshine.audit.models import AuditEvent

    req = received
    with at(D(2026, 3, 4)):
        children = services.request_split(request=req, items=["2025年部门预算", "2025年部门决算"], actor=clerk,
                                          reason="包含两项内容")
    req.refresh_from_db()
    assert (req.reply_clock.state, req.reply_clock.outcome, req.reply_clock.stopped_on) == (
        "stopped", "superseded", D(2026, 3, 4))
    for child in children:
        assert child.reply_clock.due_date == REPLY_DUE and child.reply_clock.state == "running"
        assert child.reply_clock.case_key == f"disclosure_requests.disclosurerequest:{child.pk}"
        [link] = links_of(child)
        assert (link.label, link.other_id, link.outgoing, link.link.reason) == ("拆分自", str(req.pk), True,
                                                                                "包含两项内容")
    parent_links = links_of(req)
    assert [(v.label, v.other_id) for v in parent_links] == [("拆分出", str(c.pk)) for c in children]
    assert AuditEvent.objects.filter(action="caselinks.split_from.inverse", target_id=str(req.pk)).count() == 2
    assert AuditEvent.objects.filter(action="caselinks.split_from", target_id=str(children[0].pk)).count() == 1


def test_probe_a_request_forwarded_once_and_split_once_reports_transferred_and_superseded_not_on_time(
        received, clerk, other_clerk, departments, office_head):
    """The issue's probe: the original request's clocks say what happened; only the parts are answered."""
    req = received
    with at(D(2026, 3, 4)):
        req = services.request_forward(request=req, to_department=departments["zjj"], reason="属住建局职责",
                                       actor=clerk)
    with at(D(2026, 3, 5)):
        children = services.request_split(request=req, items=["第一项", "第二项"], actor=other_clerk)
    assert [(c.department.code, c.outcome) for c in case_clocks(req)] == [("fgw", "transferred"),
                                                                            ("zjj", "superseded")]
    services.request_reply(request=children[0], outcome=Outcome.DISCLOSED, reply_text="", actor=other_clerk,
                           on=D(2026, 3, 20))
    services.request_sign_off(request=children[0], actor=office_head, on=D(2026, 3, 20))
    services.request_reply(request=children[1], outcome=Outcome.NOT_HELD, reply_text="经检索不存在",
                           actor=other_clerk, on=D(2026, 3, 31))
    services.request_sign_off(request=children[1], actor=office_head, on=D(2026, 3, 31))
    assert not Clock.objects.filter(case_key=default_case_key(req), outcome__in=["on_time", "late"]).exists()
    # the split parent is no request of its own: only the two parts count, one on time and one late
    assert figures(departments["zjj"]) == {"received": 2, "decided": 2, "on_time": 1, "late": 1}
    assert figures(departments["fgw"]) == {"received": 0, "decided": 0, "on_time": 0, "late": 0}
    # table 3 of 2026 likewise: the two parts, received and decided, in the receiving department
    from sunshine.disclosure_requests.annual_table import CARRIED_OVER, RESULTS_TOTAL, request_table
    from sunshine.disclosure_requests.annual_table import RECEIVED as NEW

    table = request_table(year=2026, department=departments["zjj"])
    assert (table.value(NEW), table.value(RESULTS_TOTAL), table.value(CARRIED_OVER)) == (2, 2, 0)
    assert (table.value("disclosed"), table.value("unavailable_1")) == (1, 1)
    assert request_table(year=2026, department=departments["fgw"]).value(NEW) == 0


# --- 3. receipt date corrected: the old clock is superseded, a new one of the same case ---------------------------

def test_a_corrected_receipt_date_supersedes_the_clock_and_counts_from_the_corrected_date(submit, clerk,
                                                                                          departments, sign_off):
    req = submit(received_on=RECEIVED, channel="post").request
    first = req.reply_clock
    with at(D(2026, 3, 4)):
        req = services.request_correct_receipt(request=req, received_on=D(2026, 3, 3), reason="挂号信签收日为3月3日",
                                               actor=clerk)
    first.refresh_from_db()
    assert (first.state, first.outcome, first.stopped_on) == ("stopped", "superseded", D(2026, 3, 4))
    second = req.reply_clock
    # 20 working days after 3-3 → 3-31
    assert (second.started_on, second.due_date, second.case_key) == (D(2026, 3, 3), D(2026, 3, 31), first.case_key)
    with at(D(2026, 3, 5)):  # corrected once more, to an earlier day
        req = services.request_correct_receipt(request=req, received_on=D(2026, 3, 2), reason="系统登记有误",
                                               actor=clerk)
    assert (req.reply_clock.started_on, req.reply_clock.due_date) == (RECEIVED, REPLY_DUE)
    services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk, on=REPLY_DUE)
    sign_off(req, on=REPLY_DUE)
    assert [c.outcome for c in case_clocks(req)] == ["superseded", "superseded", "on_time"]
    # the request's reply clock is the last reply clock of its case: the statistics count the request once
    assert case_clocks(req)[-1] == DisclosureRequest.objects.get(pk=req.pk).reply_clock
    assert figures(departments["fgw"]) == {"received": 1, "decided": 1, "on_time": 1, "late": 0}


# --- 4. supplement: the applicant's period; never supplied → lapsed, reply clock cancelled -----------------------

def test_probe_an_applicant_who_never_supplies_the_supplement_gives_no_red_card_and_no_late_outcome(
        received, clerk, departments):
    req = services.request_ask_supplement(request=received, items="请写明文件名称", period_days=10, actor=clerk,
                                          on=D(2026, 3, 4))
    supplement = req.supplement_clock
    # 10 working days after 3-4: 3-5, 6 (2), 9…13 (7), 16, 17, 18 (10) → 3-18
    assert (supplement.obligor, supplement.due_date, req.supplement_due_on) == ("applicant", D(2026, 3, 18),
                                                                                D(2026, 3, 18))
    # before the sweep closes it (a sweep down for weeks): no yellow, no red for the department on any day
    assert_no_warning(departments["fgw"], D(2026, 3, 2), D(2026, 5, 31))
    assert sweeps.close_expired_supplements(today=D(2026, 3, 18)) == 0
    assert sweeps.close_expired_supplements(today=D(2026, 3, 19)) == 1
    req.refresh_from_db()
    supplement.refresh_from_db()
    req.reply_clock.refresh_from_db()
    assert (req.status, req.outcome, req.decided_on) == ("closed", Outcome.SUPPLEMENT_NOT_PROVIDED, D(2026, 3, 19))
    assert (supplement.state, supplement.outcome, supplement.stopped_on) == ("stopped", "lapsed", D(2026, 3, 19))
    assert (req.reply_clock.state, req.reply_clock.outcome) == ("stopped", "cancelled")
    assert no_agency_lateness(req)
    assert_no_warning(departments["fgw"], D(2026, 3, 19), D(2026, 12, 31))
    assert figures(departments["fgw"]) == {"received": 1, "decided": 1, "on_time": 0, "late": 0}


def test_a_supplement_supplied_in_time_stops_the_applicants_period_on_time(received, clerk):
    req = services.request_ask_supplement(request=received, items="请写明文件名称", period_days=10, actor=clerk,
                                          on=D(2026, 3, 4))
    req = services.request_receive_supplement(request=req, text="随政办发〔2024〕12号", on=D(2026, 3, 9))
    req.supplement_clock.refresh_from_db()
    assert (req.supplement_clock.outcome, req.supplement_clock.stopped_on) == ("on_time", D(2026, 3, 9))
    req.reply_clock.refresh_from_db()
    # restarted with 20 working days from 3-9: 3-10…13 (4), 16…20 (9), 23…27 (14), 3-30…4-3 (19), 4-7 (20)
    assert (req.reply_clock.state, req.reply_clock.due_date) == ("running", D(2026, 4, 7))


# --- 5. consultation and fee periods: the third party's and the applicant's ---------------------------------------

def test_each_consultation_has_its_party_period_stopped_when_answered(received, clerk, departments):
    third = services.consultation_start(request=received, kind="third_party", party_name="随县某建筑公司",
                                        actor=clerk, on=D(2026, 3, 4))
    agency = services.consultation_start(request=received, kind="agency", party_name="随县财政局", actor=clerk,
                                         on=D(2026, 3, 5))
    # 15 working days after 3-4: 3-5, 6 (2), 9…13 (7), 16…20 (12), 23, 24, 25 (15) → 3-25; after 3-5 → 3-26
    assert (third.clock.kind, third.clock.obligor, third.clock.due_date, third.due_on) == (
        "disclosure_request.consultation", "applicant", D(2026, 3, 25), D(2026, 3, 25))
    assert (agency.clock.due_date, agency.due_on) == (D(2026, 3, 26), D(2026, 3, 26))
    services.consultation_answer(consultation=third, answer=Consultation.Answer.OBJECTION, text="涉及商业秘密",
                                 actor=clerk, on=D(2026, 3, 20))
    third.clock.refresh_from_db()
    assert (third.clock.outcome, third.clock.stopped_on) == ("on_time", D(2026, 3, 20))
    # the agency stays silent; the sweep records the silence two days after its period: lapsed (the agency's
    # consulted party, never this department's lateness)
    assert_no_warning(departments["fgw"], D(2026, 3, 4), D(2026, 3, 28))
    assert sweeps.close_expired_consultations(today=D(2026, 3, 28)) == 1
    agency.refresh_from_db()
    agency.clock.refresh_from_db()
    assert (agency.answer, agency.answered_on) == ("silent", D(2026, 3, 26))
    assert (agency.clock.outcome, agency.clock.stopped_on) == ("lapsed", D(2026, 3, 28))
    req = DisclosureRequest.objects.get(pk=received.pk)
    assert req.status == "processing" and req.reply_clock.state == "running"
    assert no_agency_lateness(req)


def test_the_fee_period_is_the_applicants_paid_in_time(received, clerk):
    req = services.request_issue_fee_notice(request=received, method="per_page", pages=150, actor=clerk,
                                            on=D(2026, 3, 4))
    # 20 working days after 3-4: 3-5, 6 (2), 9…13 (7), 16…20 (12), 23…27 (17), 3-30, 31, 4-1 (20) → 4-1
    fee = req.fee_clock
    assert (fee.kind, fee.obligor, fee.due_date, req.fee_due_on) == ("disclosure_request.fee", "applicant",
                                                                     D(2026, 4, 1), D(2026, 4, 1))
    req = services.request_record_payment(request=req, actor=clerk, on=D(2026, 3, 20))
    fee.refresh_from_db()
    assert (fee.outcome, fee.stopped_on) == ("on_time", D(2026, 3, 20))


def test_an_unpaid_fee_lapses_and_cancels_the_reply_clock(received, clerk, departments):
    req = services.request_issue_fee_notice(request=received, method="per_page", pages=150, actor=clerk,
                                            on=D(2026, 3, 4))
    assert_no_warning(departments["fgw"], D(2026, 3, 4), D(2026, 4, 30))
    assert sweeps.close_expired_fees(today=D(2026, 4, 1)) == 0
    assert sweeps.close_expired_fees(today=D(2026, 4, 2)) == 1
    req.refresh_from_db()
    req.fee_clock.refresh_from_db()
    req.reply_clock.refresh_from_db()
    assert (req.outcome, req.decided_on) == (Outcome.FEE_NOT_PAID, D(2026, 4, 2))
    assert (req.fee_clock.outcome, req.fee_clock.stopped_on) == ("lapsed", D(2026, 4, 2))
    assert req.reply_clock.outcome == "cancelled"
    assert no_agency_lateness(req)
    assert figures(departments["fgw"]) == {"received": 1, "decided": 1, "on_time": 0, "late": 0}


# --- withdrawal: the reply clock and the running periods are cancelled --------------------------------------------

def test_a_withdrawal_cancels_the_reply_clock_and_the_running_periods(received, clerk):
    consultation = services.consultation_start(request=received, kind="third_party", party_name="随县某公司",
                                               actor=clerk, on=D(2026, 3, 4))
    req = services.request_withdraw(request=received, reason="申请人来电撤回", actor=clerk, on=D(2026, 3, 6))
    consultation.clock.refresh_from_db()
    req.reply_clock.refresh_from_db()
    assert (req.reply_clock.outcome, req.reply_clock.stopped_on) == ("cancelled", D(2026, 3, 6))
    assert (consultation.clock.outcome, consultation.clock.stopped_on) == ("cancelled", D(2026, 3, 6))


def test_a_withdrawal_within_the_limit_is_not_answered_on_time(received, clerk, departments):
    req = services.request_withdraw(request=received, reason="申请人撤回", actor=clerk, on=D(2026, 3, 3))
    assert req.reply_clock.outcome == "cancelled"
    assert figures(departments["fgw"]) == {"received": 1, "decided": 1, "on_time": 0, "late": 0}


# --- the staff page: the case's clocks and its links; letters follow the policy ----------------------------------

def test_case_page_lists_every_clock_of_the_case_and_the_case_links(client, received, clerk, other_clerk,
                                                                    departments, supervisor):
    with at(D(2026, 3, 4)):
        req = services.request_forward(request=received, to_department=departments["zjj"], reason="属住建局职责",
                                       actor=clerk)
        children = services.request_split(request=req, items=["第一项", "第二项"], actor=other_clerk)
    client.force_login(other_clerk)
    page = client.get(reverse("disclosure_requests:staff-detail", args=[req.pk])).content.decode()
    assert page.count("依申请公开答复期限（") == 2 and "已转办" in page and "已被替代（更正/拆分）" in page
    assert "关联案件" in page
    for child in children:
        url = reverse("disclosure_requests:staff-detail", args=[child.pk])
        assert f'拆分出 <a href="{url}">{child.tracking_code}</a>' in page
    child_page = client.get(reverse("disclosure_requests:staff-detail", args=[children[0].pk])).content.decode()
    parent_url = reverse("disclosure_requests:staff-detail", args=[req.pk])
    assert f'拆分自 <a href="{parent_url}">{req.tracking_code}</a>' in child_page


def test_the_applicant_periods_are_named_on_the_case_page(client, received, clerk):
    services.request_ask_supplement(request=received, items="请写明文件名称", period_days=10, actor=clerk,
                                    on=D(2026, 3, 4))
    client.force_login(clerk)
    page = client.get(reverse("disclosure_requests:staff-detail", args=[received.pk])).content.decode()
    assert "依申请公开补正期限（随县发展和改革局；申请人/第三方的期限，不计为本机关超期）" in page


def test_letters_follow_the_policy_of_the_request(received, clerk, other_clerk, supervisor, citizen, departments):
    from sunshine.disclosure_requests.letters import can_view
    from sunshine.documents.models import Document

    receipt = Document.objects.get(subject_id=str(received.pk), kind="disclosure_requests.receipt")
    assert (can_view(clerk, receipt), can_view(other_clerk, receipt), can_view(supervisor, receipt),
            can_view(citizen, receipt)) == (True, False, True, False)
    with at(D(2026, 3, 4)):
        services.request_forward(request=received, to_department=departments["zjj"], reason="属住建局职责",
                                 actor=clerk)
    assert (can_view(clerk, receipt), can_view(other_clerk, receipt)) == (False, True)


def test_the_manifest_names_the_new_clock_kinds():
    from sunshine.clocks.kinds import kind_label

    assert kind_label(services.CONSULTATION_CLOCK) == "依申请公开征求意见期限（第三方/其他机关）"
    assert kind_label(services.FEE_CLOCK) == "依申请公开缴费期限"
