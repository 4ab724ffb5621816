"""The transition table of disclosure requests, walked exhaustively: every (state, action) pair runs through the
real service with valid arguments, and exactly the pairs written out below succeed (`sunshine.cases.testing`).

A transition allowed from a wrong state (a reply while awaiting a supplement, a payment recorded on a closed case)
fails here, whether it slipped into the table or into a service."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sunshine.audit.models import AuditEvent
from sunshine.cases.testing import walk_transitions
from sunshine.core.errors import CapabilityRequired, TransitionNotAllowed
from sunshine.disclosure_requests import services
from sunshine.disclosure_requests.models import Consultation, DisclosureRequest
from sunshine.disclosure_requests.outcomes import Outcome
from sunshine.disclosure_requests.workflow import WORKFLOW, Status

D = dt.date
pytestmark = pytest.mark.django_db

P, S, C, F = "processing", "awaiting_supplement", "consulting", "awaiting_fee"
A, G = "awaiting_sign_off", "signed_off"

# Written out by hand from the regulations (Art. 29–42), not read from the table: the walk compares both.
EXPECTED = {
    (P, "correct_receipt"), (P, "request_supplement"), (P, "forward"), (P, "split"), (P, "start_consultation"),
    (P, "approve_extension"), (P, "reasonable_delay"), (P, "issue_fee_notice"), (P, "reply"), (P, "withdraw"),
    (P, "notify_third_party"), (P, "ask_reasons"), (P, "record_reasons"),
    (S, "receive_supplement"), (S, "record_supplement"), (S, "abandon_supplement"), (S, "withdraw"),
    (C, "start_consultation"), (C, "answer_consultation"), (C, "finish_consultation"), (C, "approve_extension"),
    (C, "withdraw"), (C, "record_delivery"), (C, "notify_third_party"),
    (F, "record_payment"), (F, "abandon_fee"), (F, "withdraw"), (F, "record_delivery"),
    # sign-off (签发): the clerk drafts; the signer returns or signs off; the signed reply is issued at once
    (P, "draft_reply"), (A, "return_draft"), (A, "sign_off"), (A, "approve_extension"), (A, "withdraw"),
    (G, "reply"),
    # closed and split: nothing
}


@pytest.fixture
def direct_replies(settings):
    """The walk with the county's choice that outcomes other than refusals and partial disclosures need no
    sign-off, so that the direct reply from 办理中 (not_held here) is a real transition too."""
    settings.SUNSHINE_SIGN_OFF_ALL_OUTCOMES = False


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 9, 28, 10, 0), tick=False):
        yield


@pytest.fixture
def make_case(submit, clerk, frozen):
    """A request in each state, brought there by the real services (received Thu 2026-09-24)."""
    def make(state: str) -> DisclosureRequest:
        req = submit(received_on=D(2026, 9, 24)).request
        if state == S:
            services.request_ask_supplement(request=req, items="请写明文号", period_days=5, actor=clerk,
                                            on=D(2026, 9, 28))
        elif state == C:  # two parties: one answer leaves the consultation open; the letters went by post
            for party in ("随县某公司", "随县财政局"):
                services.consultation_start(request=req, kind="third_party", party_name=party, actor=clerk,
                                            on=D(2026, 9, 28), delivery="post")
        elif state == F:  # the fee notice went by post: its signed-for day is still to be recorded
            services.request_issue_fee_notice(request=req, method="per_page", pages=100, actor=clerk,
                                              on=D(2026, 9, 28), delivery="post")
        elif state == Status.CLOSED:
            services.request_reply(request=req, outcome=Outcome.NOT_HELD, reply_text="经检索，本机关未制作该信息。",
                                   actor=clerk, on=D(2026, 9, 28))
        elif state == Status.SPLIT:
            services.request_split(request=req, items=["2025年部门预算", "2025年部门决算"], actor=clerk)
        elif state in (A, G):
            services.request_draft_reply(request=req, outcome=Outcome.NOT_HELD,
                                         reply_text="经检索，本机关未制作该信息。", actor=clerk, on=D(2026, 9, 28))
            if state == G:  # signed off and not issued yet: only inside the sign-off's transaction in real life
                DisclosureRequest.objects.filter(pk=req.pk).update(status=G)
        req.refresh_from_db()
        return req

    return make


def _consultation(req: DisclosureRequest) -> Consultation:
    """A pending consultation of the case (made for the walk where the case has none, so that the service gets a
    valid argument and only the state decides)."""
    return req.consultations.filter(answer="").first() or Consultation.objects.create(
        request=req, kind="third_party", party_name="随县某公司", started_on=D(2026, 9, 28), due_on=D(2026, 10, 19))


def _objection(req: DisclosureRequest) -> Consultation:
    """A third party that objected (made for the walk where the case has none)."""
    return Consultation.objects.create(request=req, kind="third_party", party_name="随县某商贸公司",
                                       started_on=D(2026, 9, 25), delivered_on=D(2026, 9, 25),
                                       due_on=D(2026, 10, 21), answer="objection", answered_on=D(2026, 9, 28))


def _record_delivery(req: DisclosureRequest, clerk):
    """The signed-for day of the case's posted letter: a consultation letter, else the fee notice."""
    pending = req.consultations.filter(delivered_on__isnull=True, answer="").first()
    return services.request_record_delivery(request=req, consultation=pending, delivered_on=D(2026, 9, 28),
                                            actor=clerk)


def _delivered(req: DisclosureRequest, clerk) -> DisclosureRequest:
    """The posted letters of a case awaiting a fee or consulting: signed for on 2026-09-28, so that the other
    side's period runs (elsewhere nothing to record)."""
    if req.status in (C, F):
        _record_delivery(req, clerk)
    return req


def _reasons(req: DisclosureRequest, clerk, *, then=None):
    """The Art. 35 reasons step (asked, then answered), and `then` after it."""
    services.request_ask_reasons(request=req, period_days=5, actor=clerk, on=D(2026, 9, 28))
    services.request_record_reasons(request=req, answer="given", text="课题研究需要", actor=clerk, on=D(2026, 9, 28))
    return then(req) if then else req


def _answer_all(req: DisclosureRequest, clerk) -> None:
    _consultation(req)
    for consultation in list(req.consultations.filter(answer="")):
        services.consultation_answer(consultation=consultation, answer="consent", actor=clerk, on=D(2026, 9, 29))


@pytest.fixture
def perform(clerk, office_head, reviewer, departments):
    def fresh(req):
        return DisclosureRequest.objects.get(pk=req.pk)

    return {
        "correct_receipt": lambda r: services.request_correct_receipt(request=r, received_on=D(2026, 9, 25),
                                                                      reason="登记有误", actor=clerk),
        "request_supplement": lambda r: services.request_ask_supplement(request=r, items="请写明文号", period_days=5,
                                                                        actor=clerk, on=D(2026, 9, 28)),
        "receive_supplement": lambda r: services.request_receive_supplement(request=r, text="随政办发〔2024〕12号",
                                                                            on=D(2026, 9, 29)),
        "record_supplement": lambda r: services.request_record_supplement(request=r, text="随政办发〔2024〕12号",
                                                                          received_on=D(2026, 9, 28), actor=clerk),
        "abandon_supplement": lambda r: services.request_abandon_supplement(request=r, actor=clerk,
                                                                            on=D(2026, 10, 12)),
        "forward": lambda r: services.request_forward(request=r, to_department=departments["zjj"],
                                                      reason="属住建局职责", actor=clerk),
        "split": lambda r: services.request_split(request=r, items=["第一项", "第二项"], actor=clerk),
        "start_consultation": lambda r: services.consultation_start(request=r, kind="agency", party_name="随县财政局",
                                                                    actor=clerk, on=D(2026, 9, 28)),
        "answer_consultation": lambda r: services.consultation_answer(consultation=_consultation(r),
                                                                      answer="objection", actor=clerk,
                                                                      on=D(2026, 9, 29)),
        "finish_consultation": lambda r: _answer_all(r, clerk),
        "record_delivery": lambda r: _record_delivery(r, clerk),
        "notify_third_party": lambda r: services.request_notify_third_party(
            request=r, consultation=_objection(r), content="2025年城区停车场收费标准全文",
            reasons="关系公众切身利益", actor=clerk),
        "ask_reasons": lambda r: services.request_ask_reasons(request=r, period_days=5, actor=clerk,
                                                              on=D(2026, 9, 28)),
        "record_reasons": lambda r: _reasons(r, clerk),
        "approve_extension": lambda r: services.request_approve_extension(request=r, days=10, reason="需调取档案",
                                                                          actor=office_head),
        "reasonable_delay": lambda r: _reasons(r, clerk, then=lambda r: services.request_reasonable_delay(
            request=r, days=10, reason="本月申请120件", actor=office_head)),
        "issue_fee_notice": lambda r: services.request_issue_fee_notice(request=r, method="per_page", pages=100,
                                                                        actor=clerk, on=D(2026, 9, 28)),
        "record_payment": lambda r: services.request_record_payment(request=r, actor=clerk, on=D(2026, 9, 29)),
        "abandon_fee": lambda r: services.request_abandon_fee(
            request=_delivered(r, clerk), actor=clerk, on=(fresh(r).fee_due_on or D(2026, 12, 31))
            + dt.timedelta(days=1)),
        "draft_reply": lambda r: services.request_draft_reply(request=r, outcome=Outcome.REFUSED_THIRD_PARTY,
                                                              reply_text="涉及第三方商业秘密", actor=clerk),
        "return_draft": lambda r: services.request_return_draft(request=r, reason="理由不充分", actor=reviewer),
        "sign_off": lambda r: services.request_sign_off(request=r, actor=reviewer),
        # the clerk's direct reply, or (from signed_off) the issue of the signed draft as the system
        "reply": lambda r: (services.request_issue_reply(request=r) if fresh(r).status == G else
                            services.request_reply(request=r, outcome=Outcome.NOT_HELD, reply_text="经检索不存在",
                                                   actor=clerk)),
        "withdraw": lambda r: services.request_withdraw(request=r, reason="申请人来电撤回", actor=clerk),
    }


def test_exactly_the_declared_transitions_succeed_through_the_services(make_case, perform, direct_replies):
    walk_transitions(WORKFLOW, make_case=make_case, perform=perform, expected=EXPECTED)


def test_the_periodic_closures_as_the_system_also_follow_the_table(make_case, perform, direct_replies, clerk):
    """The sweep's path (no capability) is walked too: only its own states."""
    system = {
        **perform,
        "abandon_supplement": lambda r: services.request_abandon_supplement(request=r, on=D(2026, 10, 12),
                                                                            check_capability=False),
        "abandon_fee": lambda r: services.request_abandon_fee(
            request=_delivered(r, clerk), on=(DisclosureRequest.objects.get(pk=r.pk).fee_due_on or D(2026, 12, 31))
            + dt.timedelta(days=1), check_capability=False),
        "answer_consultation": lambda r: services.consultation_answer(
            consultation=_consultation(_delivered(r, clerk)), answer="silent", on=D(2026, 10, 26),
            check_capability=False),
    }
    walk_transitions(WORKFLOW, make_case=make_case, perform=system, expected=EXPECTED)


def test_a_reply_while_awaiting_a_supplement_is_refused_in_chinese(make_case, clerk):
    req = make_case(S)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.request_reply(request=req, outcome=Outcome.DISCLOSED, reply_text="", actor=clerk)
    assert refused.value.message == "当前状态为“待补正”，不能执行“拟定答复（报签发）”。"
    assert refused.value.status_code == 409
    req.refresh_from_db()
    assert req.status == S and req.outcome == "" and not AuditEvent.objects.filter(
        action="disclosure_request.reply").exists()


def test_the_table_keeps_the_audit_codes_capabilities_and_messages():
    """The audit codes are those the trail, its labels and supervision already read; nothing renamed."""
    audit = {name: t.audit for name, t in WORKFLOW.transitions.items()}
    assert audit == {name: f"disclosure_request.{name}" for name in audit if name != "finish_consultation"} | {
        "finish_consultation": "disclosure_request.consultation_finished"}
    head = {name for name, t in WORKFLOW.transitions.items()
            if t.capability == "disclosure_requests.approve_extension"}
    assert head == {"approve_extension", "reasonable_delay"}
    assert {t.denied for name, t in WORKFLOW.transitions.items() if name in head} == {
        "延期答复须经政府信息公开工作机构负责人批准。"}
    by_others = {name: t.performed_by for name, t in WORKFLOW.transitions.items() if t.capability is None}
    assert by_others == {"receive_supplement": "applicant", "finish_consultation": "system"}
    # the reply: the clerk's from 办理中, nobody's from 已签发 (the system's, right after the sign-off)
    assert WORKFLOW.get("reply").capability == {P: "disclosure_requests.handle_request", G: None}
    signers = {name for name, t in WORKFLOW.transitions.items() if t.capability == "disclosure_requests.sign_off_reply"}
    assert signers == {"sign_off", "return_draft"}
    assert {t.denied for t in WORKFLOW.transitions.values() if t.capability == "disclosure_requests.handle_request"} \
        == {"没有办理依申请公开的权限。"}


def test_a_transition_audits_its_from_and_to_status(make_case, clerk):
    req = make_case(S)
    services.request_receive_supplement(request=req, text="随政办发〔2024〕12号", on=D(2026, 9, 29))
    event = AuditEvent.objects.get(action="disclosure_request.receive_supplement")
    assert (event.from_status, event.to_status) == (S, P)
    assert event.before["status"] == S and event.after["status"] == P
    assert event.after["supplement_received_on"] == "2026-09-29"
    submitted = AuditEvent.objects.filter(action="disclosure_request.submit", target_id=str(req.pk)).get()
    assert (submitted.from_status, submitted.to_status) == (None, P)


def test_the_last_answer_ends_the_consultation_as_a_second_audited_step(make_case, clerk):
    req = make_case(C)
    first, second = req.consultations.order_by("id")
    services.consultation_answer(consultation=first, answer="consent", actor=clerk, on=D(2026, 10, 9))
    req.refresh_from_db()
    assert req.status == C
    services.consultation_answer(consultation=second, answer="objection", actor=clerk, on=D(2026, 10, 12))
    req.refresh_from_db()
    assert req.status == P
    trail = list(AuditEvent.objects.filter(target_id=str(req.pk), action__in=[
        "disclosure_request.answer_consultation", "disclosure_request.consultation_finished"]).order_by("id")
                 .values_list("action", "from_status", "to_status", "actor_id"))
    assert trail == [("disclosure_request.answer_consultation", C, C, clerk.pk),
                     ("disclosure_request.answer_consultation", C, C, clerk.pk),
                     ("disclosure_request.consultation_finished", C, P, clerk.pk)]
    # paused on 9-28 with 19 working days left; resumed from the last answer's day, 10-12: 10-13…16 (4),
    # 19…23 (9), 26…30 (14), 11-2…6 (19) → 11-06
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.state == "running" and req.reply_clock.due_date == D(2026, 11, 6)


def test_a_paper_supplement_needs_the_clerks_capability_and_department(make_case, clerk, other_clerk, supervisor):
    req = make_case(S)
    with pytest.raises(CapabilityRequired, match="该申请不属于您所在的部门。"):
        services.request_receive_supplement(request=req, text="纸质补正", actor=other_clerk, on=D(2026, 9, 29))
    with pytest.raises(CapabilityRequired, match="没有办理依申请公开的权限。"):
        services.request_receive_supplement(request=req, text="纸质补正", actor=supervisor, on=D(2026, 9, 29))
    req.refresh_from_db()
    assert req.status == S
    services.request_receive_supplement(request=req, text="纸质补正", actor=clerk, on=D(2026, 9, 29))
    req.refresh_from_db()
    assert req.status == P
