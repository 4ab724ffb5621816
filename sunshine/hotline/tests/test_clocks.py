"""The clocks of a ticket, pinned with exact dates and hours (2026 calendar: 中秋 9-25…27, 国庆 10-1…7, make-up
working days Sun 9-20 and Sat 10-10; `sunshine.workcalendar`).

The Friday before National Day 2026 is 2026-09-25, itself the Mid-Autumn holiday: a ticket received that evening
is counted from Monday 9-28 (working days are counted after the day of the event)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError
from sunshine.hotline import services
from sunshine.hotline.models import Assignment, SupervisionOrder

from .conftest import at

pytestmark = pytest.mark.django_db
D = dt.date


def test_friday_evening_before_national_day(submit, departments, operator, other_clerk, head):
    ticket = submit(when=at(2026, 9, 25, 20, 30))
    ticket = services.ticket_dispatch(ticket=ticket, department=departments["zjj"], actor=operator,
                                      at=at(2026, 9, 25, 21, 5))
    assert ticket.sign_clock.unit == Clock.Unit.WORKING_DAYS and ticket.sign_clock.obligor == Clock.Obligor.AGENCY
    assert ticket.sign_clock.due_date == D(2026, 9, 28)  # Mon: the 1st working day after the holiday Friday
    assert ticket.return_until == D(2026, 9, 29)  # 2 working days: Mon 9-28, Tue 9-29
    assert ticket.reply_clock.due_date == D(2026, 10, 9)  # 9-28, 9-29, 9-30, (holiday), 10-8, 10-9
    assert ticket.reply_clock.kind == "hotline.reply" and ticket.reply_clock.limit_days == 5

    ticket = services.ticket_sign_for(ticket=ticket, actor=other_clerk, at=at(2026, 9, 28, 8, 40))
    ticket.sign_clock.refresh_from_db()
    assert ticket.sign_clock.outcome == Clock.Outcome.ON_TIME
    assert ticket.contact_clock.due_date == D(2026, 9, 29)

    # extension approved on 9-30: 10 working days after 10-9 include the make-up Saturday 10-10
    with time_machine.travel(at(2026, 9, 30, 15), tick=False):
        with pytest.raises(DomainError, match="不得超过10个工作日"):
            services.ticket_extend(ticket=ticket, days=11, reason="需多部门会商", actor=head)
        ticket = services.ticket_extend(ticket=ticket, days=10, reason="需多部门会商", actor=head)
        ticket.reply_clock.refresh_from_db()
        assert ticket.reply_clock.due_date == D(2026, 10, 22)
        with pytest.raises(DomainError, match="已延期10个工作日"):
            services.ticket_extend(ticket=ticket, days=1, reason="再延", actor=head)

    # the lead replies on the 4th working day (10-8): on time
    services.ticket_contact(ticket=ticket, note="电话联系", actor=other_clerk, at=at(2026, 9, 29, 9))
    ticket = services.ticket_reply(ticket=ticket, text="已修复。", resolved=True, actor=other_clerk,
                                   at=at(2026, 10, 8, 16))
    ticket.reply_clock.refresh_from_db()
    assert ticket.reply_clock.outcome == Clock.Outcome.ON_TIME and ticket.reply_clock.stopped_on == D(2026, 10, 8)


def test_urgent_ticket_in_hours_across_midnight(submit, departments, operator, clerk, other_clerk):
    ticket = submit(urgency="urgent", when=at(2026, 10, 9, 23, 0))
    ticket = services.ticket_dispatch(ticket=ticket, department=departments["fgw"], actor=operator,
                                      at=at(2026, 10, 9, 23, 10))
    sign, reply = ticket.sign_clock, ticket.reply_clock
    assert sign.unit == reply.unit == Clock.Unit.HOURS
    assert sign.due_at == at(2026, 10, 10, 1, 10) and sign.due_date == D(2026, 10, 10)  # 2 hours, past midnight
    assert reply.due_at == at(2026, 10, 10, 23, 10)  # 24 hours

    # the office finds it was the wrong department at 00:30: a justified reassignment gives a fresh 2 hours
    ticket = services.ticket_reassign(ticket=ticket, department=departments["zjj"], actor=operator, justified=True,
                                      at=at(2026, 10, 10, 0, 30))
    sign.refresh_from_db()
    assert sign.outcome == Clock.Outcome.TRANSFERRED  # never late for the first department
    assert ticket.sign_clock.department == departments["zjj"]
    assert ticket.sign_clock.due_at == at(2026, 10, 10, 2, 30)
    assert ticket.reply_clock.due_at == at(2026, 10, 11, 0, 30)

    # signed at 02:45: 15 minutes late
    ticket = services.ticket_sign_for(ticket=ticket, actor=other_clerk, at=at(2026, 10, 10, 2, 45))
    ticket.sign_clock.refresh_from_db()
    assert ticket.sign_clock.outcome == Clock.Outcome.LATE
    assert ticket.contact_clock.due_at == at(2026, 10, 10, 4, 45)


def test_unjustified_reassignment_moves_the_running_limit(submit, departments, operator, clerk):
    ticket = submit(when=at(2026, 9, 25, 20, 30))
    ticket = services.ticket_dispatch(ticket=ticket, department=departments["fgw"], actor=operator,
                                      at=at(2026, 9, 25, 21))
    ticket = services.ticket_return(ticket=ticket, reason="不属于本局职责", actor=clerk, at=at(2026, 9, 29, 10))
    ticket = services.ticket_reassign(ticket=ticket, department=departments["zjj"], actor=operator, justified=False,
                                      at=at(2026, 9, 29, 15))
    assert ticket.reply_clock.due_date == D(2026, 10, 9)  # the same limit, carried with its history
    lead = Assignment.objects.get(ticket=ticket, department=departments["fgw"])
    assert (lead.active, lead.outcome, lead.return_justified) == (False, "reassigned", False)


def test_justified_return_counts_against_nobody(submit, departments, operator, clerk):
    ticket = submit(when=at(2026, 9, 25, 20, 30))
    ticket = services.ticket_dispatch(ticket=ticket, department=departments["fgw"], actor=operator,
                                      at=at(2026, 9, 25, 21))
    old_reply = ticket.reply_clock
    ticket = services.ticket_return(ticket=ticket, reason="路灯归住建局管理", actor=clerk, at=at(2026, 9, 29, 10))
    ticket = services.ticket_reassign(ticket=ticket, department=departments["zjj"], actor=operator, justified=True,
                                      at=at(2026, 9, 29, 15))
    old_reply.refresh_from_db()
    assert old_reply.outcome == Clock.Outcome.TRANSFERRED and old_reply.department == departments["fgw"]
    assert ticket.reply_clock.department == departments["zjj"]
    assert ticket.reply_clock.due_date == D(2026, 10, 12)  # fresh 5: 9-30, 10-8, 10-9, Sat 10-10, 10-12
    assert ticket.return_until == D(2026, 10, 8)  # the new department's window: 9-30 and 10-8
    assert Assignment.objects.get(ticket=ticket, department=departments["fgw"]).return_justified is True


def test_return_window_around_the_make_up_saturday(submit, departments, operator, clerk):
    ticket = submit(when=at(2026, 10, 9, 14))
    ticket = services.ticket_dispatch(ticket=ticket, department=departments["fgw"], actor=operator,
                                      at=at(2026, 10, 9, 15))
    assert ticket.return_until == D(2026, 10, 12)  # Sat 10-10 (调休上班) and Mon 10-12; without it Tue 10-13
    with pytest.raises(DomainError, match="已超过退单时限") as refused:
        services.ticket_return(ticket=ticket, reason="不属于本局职责", actor=clerk, at=at(2026, 10, 13, 9))
    assert "2026年10月12日" in refused.value.message
    ticket.refresh_from_db()
    assert ticket.status == "dispatched"
    ticket = services.ticket_return(ticket=ticket, reason="不属于本局职责", actor=clerk, at=at(2026, 10, 12, 17, 30))
    assert ticket.status == "returned"


def test_return_window_over_the_make_up_sunday(submit, departments, operator):
    ticket = submit(when=at(2026, 9, 18, 9))
    ticket = services.ticket_dispatch(ticket=ticket, department=departments["fgw"], actor=operator,
                                      at=at(2026, 9, 18, 10))
    assert ticket.return_until == D(2026, 9, 21)  # Sun 9-20 is a working day (调休), then Mon 9-21


def test_reopen_and_supervision_limits(submit, departments, operator, other_clerk, head):
    ticket = submit(when=at(2026, 10, 8, 9))
    ticket = services.ticket_dispatch(ticket=ticket, department=departments["zjj"], actor=operator,
                                      at=at(2026, 10, 8, 9, 30))
    services.ticket_sign_for(ticket=ticket, actor=other_clerk, at=at(2026, 10, 8, 10))
    order = services.ticket_supervise(ticket=ticket, reason="群众多次来电催办", actor=head, at=at(2026, 10, 14, 9))
    assert order.clock.kind == "hotline.supervision" and order.clock.due_date == D(2026, 10, 19)  # 3 wd
    order = services.ticket_respond_supervision(ticket=ticket, order=order, response="已安排维修", actor=other_clerk,
                                                at=at(2026, 10, 15, 9))
    order.clock.refresh_from_db()
    assert order.clock.outcome == Clock.Outcome.ON_TIME and SupervisionOrder.objects.get().response == "已安排维修"
    services.ticket_contact(ticket=ticket, note="上门了解", actor=other_clerk, at=at(2026, 10, 8, 11))
    services.ticket_reply(ticket=ticket, text="已维修。", resolved=True, actor=other_clerk, at=at(2026, 10, 12, 9))
    services.ticket_approve_reply(ticket=ticket, actor=operator, at=at(2026, 10, 12, 10))
    ticket = services.ticket_callback(ticket=ticket, resolved=False, satisfaction="unsatisfied", actor=operator,
                                      at=at(2026, 10, 13, 9))
    assert ticket.status == "callback"
    ticket = services.ticket_reopen(ticket=ticket, reason="路灯仍不亮", actor=operator, at=at(2026, 10, 13, 10))
    assert ticket.reply_clock.due_date == D(2026, 10, 20)  # a new limit of 5 working days
    assert (ticket.round, ticket.reopen_count, ticket.status) == (2, 1, "handling")
