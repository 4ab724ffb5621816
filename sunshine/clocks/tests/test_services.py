"""Clock operations with exact 2026 dates: ledger rows, audit rows, capability refusal."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from sunshine.audit.models import AuditEvent
from sunshine.clocks import services
from sunshine.clocks.models import Clock, ClockEvent, ClockKindSetting
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed

D = dt.date


def audit_actions(clock):
    return list(AuditEvent.objects.filter(target_type="clocks.clock", target_id=str(clock.pk))
                .order_by("id").values_list("action", flat=True))


def test_start(start_clock, clerk, subject):
    clock = start_clock(D(2026, 9, 24), 20, actor=clerk)
    clock.refresh_from_db()
    assert (clock.due_date, clock.provisional, clock.state) == (D(2026, 10, 29), False, "running")
    # threshold max(1, 20 % of 20) = 4 working days left → yellow from 10-23 (10-26..29 left)
    assert clock.yellow_from == D(2026, 10, 23)
    assert clock.subject_id == str(subject.pk) and clock.subject_type.model == "department"
    event = clock.events.get()
    assert (event.kind, event.on, event.days, event.due_before, event.due_after, event.actor) == (
        "start", D(2026, 9, 24), 20, None, D(2026, 10, 29), clerk)
    assert audit_actions(clock) == ["clock.start"]
    audit = AuditEvent.objects.get(action="clock.start")
    assert audit.department.code == "fgw" and audit.after["due_date"] == "2026-10-29"


def test_pause_and_resume_skip_the_paused_days(start_clock, clerk):
    clock = start_clock(D(2026, 9, 24), 20)
    # paused on 10-12: 10-13..10-29 = 13 working days left
    services.clock_pause(clock, on=D(2026, 10, 12), actor=clerk, reason="征求第三方意见")
    clock.refresh_from_db()
    assert (clock.state, clock.paused_on, clock.remaining_days_at_pause, clock.yellow_from) == (
        "paused", D(2026, 10, 12), 13, None)
    # resumed 11-02 (Monday): 13 working days after it → 11-19
    services.clock_resume(clock, on=D(2026, 11, 2), actor=clerk, reason="第三方已答复")
    clock.refresh_from_db()
    assert (clock.state, clock.due_date, clock.paused_on, clock.remaining_days_at_pause) == (
        "running", D(2026, 11, 19), None, None)
    assert list(clock.events.values_list("kind", "due_before", "due_after")) == [
        ("start", None, D(2026, 10, 29)),
        ("pause", D(2026, 10, 29), D(2026, 10, 29)),
        ("resume", D(2026, 10, 29), D(2026, 11, 19)),
    ]
    assert audit_actions(clock) == ["clock.start", "clock.pause", "clock.resume"]


def test_restart_gives_a_fresh_limit(start_clock, clerk):
    clock = start_clock(D(2026, 9, 1), 20)
    assert clock.due_date == D(2026, 9, 29)
    services.clock_restart(clock, on=D(2026, 9, 24), actor=clerk, reason="补正材料已收到")
    assert clock.due_date == D(2026, 10, 29)
    services.clock_restart(clock, on=D(2026, 10, 12), limit_days=7, actor=clerk)
    assert clock.due_date == D(2026, 10, 21) and clock.limit_days == 7
    assert clock.events.last().kind == "restart"


def test_extend_needs_approver_with_capability(start_clock, clerk, office_head):
    clock = start_clock(D(2026, 9, 24), 20)
    with pytest.raises(CapabilityRequired) as excinfo:
        services.clock_extend(clock, days=20, approver=clerk, reason="情况复杂", actor=clerk)
    assert "批准" in excinfo.value.message
    assert ClockEvent.objects.filter(kind="extend").count() == 0
    services.clock_extend(clock, days=20, approver=office_head, reason="情况复杂，需延期答复", actor=clerk)
    clock.refresh_from_db()
    # 20 working days after 10-29 → 11-26
    assert (clock.due_date, clock.extended_days) == (D(2026, 11, 26), 20)
    # threshold now max(1, 20 % of 40) = 8
    assert clock.yellow_from == D(2026, 11, 16)
    event = clock.events.get(kind="extend")
    assert (event.approver, event.actor, event.days, event.due_before, event.due_after) == (
        office_head, clerk, 20, D(2026, 10, 29), D(2026, 11, 26))
    assert AuditEvent.objects.get(action="clock.extend").reason == "情况复杂，需延期答复"


def test_extend_by_domain_capability_and_reason_required(start_clock, clerk):
    clock = start_clock(D(2026, 9, 24), 20)
    with pytest.raises(DomainError, match="理由"):
        services.clock_extend(clock, days=5, approver=clerk, reason=" ", check_capability=False)
    services.clock_extend(clock, days=5, approver=clerk, reason="本系统规则已审批", check_capability=False)
    assert clock.due_date == D(2026, 11, 5)


@pytest.mark.parametrize(("stopped_on", "outcome"), [(D(2026, 10, 29), "on_time"), (D(2026, 10, 30), "late")])
def test_stop_outcome(start_clock, clerk, stopped_on, outcome):
    clock = start_clock(D(2026, 9, 24), 20)
    services.clock_stop(clock, on=stopped_on, actor=clerk, reason="已答复")
    clock.refresh_from_db()
    assert (clock.state, clock.stopped_on, clock.outcome, clock.yellow_from) == ("stopped", stopped_on, outcome, None)
    with pytest.raises(TransitionNotAllowed, match="已结束"):
        services.clock_pause(clock, on=D(2026, 11, 2))
    assert audit_actions(clock) == ["clock.start", "clock.stop"]


def test_forbidden_transitions_and_bad_dates(start_clock):
    clock = start_clock(D(2026, 9, 24), 20)
    with pytest.raises(TransitionNotAllowed, match="已暂停"):
        services.clock_resume(clock, on=D(2026, 10, 12))
    with pytest.raises(DomainError, match="早于起算日"):
        services.clock_pause(clock, on=D(2026, 9, 1))
    services.clock_pause(clock, on=D(2026, 10, 12))
    with pytest.raises(TransitionNotAllowed, match="计时中"):
        services.clock_pause(clock, on=D(2026, 10, 13))
    with pytest.raises(DomainError, match="早于暂停日期"):
        services.clock_resume(clock, on=D(2026, 10, 9))
    with pytest.raises(DomainError, match="负数"):
        start_clock(D(2026, 9, 24), -1)
    assert clock.events.count() == 2


def test_paused_when_overdue_stays_late(start_clock):
    clock = start_clock(D(2026, 9, 24), 20)
    services.clock_pause(clock, on=D(2026, 11, 2))
    assert clock.remaining_days_at_pause == -2  # 10-30 and 11-02 overdue
    services.clock_resume(clock, on=D(2026, 11, 9))
    assert clock.due_date == D(2026, 10, 29)


def test_kind_setting_thresholds(start_clock):
    ClockKindSetting.objects.create(kind="hotline.ticket", yellow_days=2, yellow_ratio=Decimal("0.10"))
    clock = start_clock(D(2026, 9, 24), 5, kind="hotline.ticket")
    # 5 working days: 9-28..30, 10-8, 10-9 → due 10-09; max(2, 0.5) = 2 left → yellow from 10-07? no: 9-30
    assert clock.due_date == D(2026, 10, 9)
    assert clock.yellow_from == D(2026, 9, 30)


def test_provisional_clock_over_new_year(start_clock):
    clock = start_clock(D(2026, 12, 17), 20)
    # 2027 not covered: weekends and the statutory 元旦 (Friday 2027-01-01) skipped
    assert (clock.due_date, clock.provisional) == (D(2027, 1, 15), True)


@time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
def test_extend_event_dated_today(start_clock, office_head):
    clock = start_clock(D(2026, 11, 2), 20)
    services.clock_extend(clock, days=1, approver=office_head, reason="延期")
    assert clock.events.get(kind="extend").on == D(2026, 11, 20)
    assert Clock.objects.get(pk=clock.pk).extended_days == 1
