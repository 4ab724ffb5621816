"""The transition table of a hotline ticket, walked exhaustively: every (state, action) pair runs through the real
service with valid arguments, and exactly the pairs written out below succeed (`sunshine.cases.testing`)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sunshine.cases.testing import walk_transitions
from sunshine.hotline import services
from sunshine.hotline.models import Callback, SupervisionOrder, Ticket
from sunshine.hotline.workflow import WORKFLOW

pytestmark = pytest.mark.django_db

R, D, T, H, V, C, X, M, K = ("received", "dispatched", "returned", "handling", "reply_review", "callback",
                             "closed", "merged", "converted")

# Written out by hand from DOMAIN.md §8 and 国办发〔2020〕53号, not read from the table: the walk compares both.
EXPECTED = {
    (R, "dispatch"), (R, "close_directly"), (R, "merge"), (R, "convert"),
    (D, "convert"), (T, "convert"), (H, "convert"),
    (D, "merge"), (D, "sign_for"), (D, "return"), (D, "reassign"), (D, "supervise"), (D, "respond_supervision"),
    (T, "reject_return"), (T, "reassign"), (T, "supervise"), (T, "respond_supervision"),
    (H, "merge"), (H, "return"), (H, "reassign"), (H, "contact"), (H, "extend"), (H, "reply"), (H, "supervise"),
    (H, "respond_supervision"),
    (V, "approve_reply"), (V, "send_back"), (V, "supervise"), (V, "respond_supervision"),
    (C, "callback"), (C, "reopen"), (C, "close"), (C, "respond_supervision"),
    # closed, merged and converted: nothing
}


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 9, 22, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def staff(operator, head, clerk, other_clerk):
    return {"office": operator, "head": head, "fgw": clerk, "zjj": other_clerk}


@pytest.fixture
def make_case(submit, departments, staff, frozen):
    def make(state: str) -> Ticket:
        from django.utils import timezone

        now = timezone.now()
        ticket = submit(when=now)
        if state == M:
            services.ticket_merge(ticket=ticket, into=submit(when=now), actor=staff["office"])
        if state == K:
            services.ticket_convert(ticket=ticket, to="petition", reference="随信〔2026〕1号", actor=staff["office"])
        if state in (D, T, H, V, C, X):
            services.ticket_dispatch(ticket=ticket, department=departments["zjj"], actor=staff["office"])
        if state == T:
            services.ticket_return(ticket=ticket, reason="不属于本部门职责", actor=staff["zjj"])
        if state in (H, V, C, X):
            services.ticket_sign_for(ticket=ticket, actor=staff["zjj"])
        if state in (V, C, X):
            services.ticket_contact(ticket=ticket, note="电话联系了张先生", actor=staff["zjj"])
            services.ticket_reply(ticket=ticket, text="路灯已修复。", resolved=True, actor=staff["zjj"])
        if state in (C, X):
            services.ticket_approve_reply(ticket=ticket, actor=staff["office"])
        if state == X:
            services.ticket_callback(ticket=ticket, resolved=True, satisfaction="satisfied", actor=staff["office"])
        ticket.refresh_from_db()
        return ticket

    return make


def _callback_row(ticket, satisfaction):
    from django.utils import timezone

    if not Callback.objects.filter(caller_ticket=ticket, round=ticket.round).exists():
        Callback.objects.create(ticket=ticket, caller_ticket=ticket, round=ticket.round, resolved=False,
                                satisfaction=satisfaction, made_at=timezone.now())


def _order(ticket):
    """An open supervision order of the ticket (made where the case has none, so that only the state decides)."""
    from django.utils import timezone

    if not ticket.department_id:  # not dispatched: the state refuses before the order is looked at
        return SupervisionOrder(pk=0)
    return (SupervisionOrder.objects.filter(ticket=ticket, responded_at__isnull=True).first()
            or SupervisionOrder.objects.create(ticket=ticket, department=ticket.department, reason="逾期未办",
                                               issued_at=timezone.now()))


def test_every_state_and_action(make_case, submit, departments, staff):
    def reply(t):
        Ticket.objects.filter(pk=t.pk, contacted_at__isnull=True).update(contacted_at=t.received_at)
        return services.ticket_reply(ticket=t, text="已答复。", resolved=True, actor=staff["zjj"])

    def reopen(t):
        _callback_row(t, "unsatisfied")
        return services.ticket_reopen(ticket=t, reason="群众不满意", actor=staff["office"])

    def close(t):
        _callback_row(t, "basic")
        return services.ticket_close(ticket=t, actor=staff["office"])

    perform = {
        "dispatch": lambda t: services.ticket_dispatch(ticket=t, department=departments["zjj"], actor=staff["office"]),
        "close_directly": lambda t: services.ticket_close_directly(ticket=t, answer="已当场解答。",
                                                                   actor=staff["office"]),
        "merge": lambda t: services.ticket_merge(ticket=t, into=submit(), actor=staff["office"]),
        "sign_for": lambda t: services.ticket_sign_for(ticket=t, actor=staff["zjj"]),
        "return": lambda t: services.ticket_return(ticket=t, reason="不属于本部门职责", actor=staff["zjj"]),
        "reject_return": lambda t: services.ticket_reject_return(ticket=t, note="属于本部门职责",
                                                                 actor=staff["office"]),
        "reassign": lambda t: services.ticket_reassign(ticket=t, department=departments["fgw"], actor=staff["office"]),
        "contact": lambda t: services.ticket_contact(ticket=t, note="已电话联系", actor=staff["zjj"]),
        "extend": lambda t: services.ticket_extend(ticket=t, days=3, reason="需现场勘查", actor=staff["head"]),
        "reply": reply,
        "approve_reply": lambda t: services.ticket_approve_reply(ticket=t, actor=staff["office"]),
        "send_back": lambda t: services.ticket_send_back(ticket=t, note="答复不完整", actor=staff["office"]),
        "callback": lambda t: services.ticket_callback(ticket=t, resolved=True, satisfaction="satisfied",
                                                       actor=staff["office"]),
        "reopen": reopen,
        "close": close,
        "supervise": lambda t: services.ticket_supervise(ticket=t, reason="进度缓慢", actor=staff["head"]),
        "convert": lambda t: services.ticket_convert(ticket=t, to="petition", reference="随信〔2026〕2号",
                                                     actor=staff["office"]),
        "respond_supervision": lambda t: services.ticket_respond_supervision(
            ticket=t, order=_order(t), response="已加快办理", actor=staff["zjj"]),
    }
    walk_transitions(WORKFLOW, make_case=make_case, perform=perform, expected=EXPECTED)
