"""Clock services (时限操作): every write to a clock. Each one appends a `ClockEvent`, writes an audit event,
and stores the figures derived by `deadlines` (due date, provisional mark, first yellow day).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from sunshine.accounts.scoping import has_capability
from sunshine.audit.services import record
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.workcalendar.cache import current_calendar

from . import deadlines
from .models import Clock, ClockEvent, ClockKindSetting

EXTEND_CAPABILITY = "clocks.extend_clock"

__all__ = ["clock_extend", "clock_pause", "clock_restart", "clock_resume", "clock_start", "clock_stop",
           "clocks_recompute_provisional", "thresholds_for"]


def thresholds_for(kind: str) -> deadlines.Thresholds:
    setting = ClockKindSetting.objects.filter(kind=kind).only("yellow_days", "yellow_ratio").first()
    if setting is None:
        return deadlines.Thresholds()
    return deadlines.Thresholds(yellow_days=setting.yellow_days, yellow_ratio=setting.yellow_ratio)


def _snapshot(clock: Clock) -> dict:
    return {"state": clock.state, "due_date": clock.due_date, "provisional": clock.provisional,
            "extended_days": clock.extended_days, "outcome": clock.outcome}


def _store(clock: Clock, figures: deadlines.ClockFigures) -> None:
    for name in deadlines.FIELDS:
        setattr(clock, name, getattr(figures, name))


def _check_date(value, field: str = "on") -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DomainError("日期无效。", code="invalid_date", field=field)
    return value


def _operate(clock: Clock, kind: str, *, on: dt.date, days: int | None = None, actor=None, approver=None,
             reason: str = "") -> Clock:
    """Lock the clock, apply one event, save, append the ledger row and the audit event."""
    locked = Clock.objects.select_for_update().get(pk=clock.pk)
    before = _snapshot(locked)
    figures = deadlines.apply(deadlines.figures_of(locked), kind, on=on, days=days, cal=current_calendar(),
                              thresholds=thresholds_for(locked.kind))
    _store(locked, figures)
    locked.save(update_fields=[*deadlines.FIELDS, "updated_at"])
    ClockEvent.objects.create(clock=locked, kind=kind, on=on, days=days, due_before=before["due_date"],
                              due_after=locked.due_date, provisional_after=locked.provisional, actor=_user(actor),
                              approver=_user(approver), reason=reason)
    record(action=f"clock.{kind}", target=locked, actor=actor, before=before, after=_snapshot(locked), reason=reason,
           department=locked.department)
    # keep the caller's instance current
    _store(clock, figures)
    clock.updated_at = locked.updated_at
    return locked


def _user(user):
    return user if (user is not None and getattr(user, "is_authenticated", False)) else None


@transaction.atomic
def clock_start(*, kind: str, subject: models.Model, department, started_on: dt.date, limit_days: int, actor=None,
                reason: str = "", label: str = "") -> Clock:
    """Start a time limit of `limit_days` working days for `subject`, counted after `started_on` (开始计时)."""
    if not kind:
        raise DomainError("缺少时限类型。", code="invalid_kind", field="kind")
    if subject is None or subject.pk is None:
        raise DomainError("时限必须属于一个已保存的对象。", code="invalid_subject")
    started_on = _check_date(started_on, "started_on")
    figures = deadlines.apply(deadlines.ClockFigures(), "start", on=started_on, days=limit_days,
                              cal=current_calendar(), thresholds=thresholds_for(kind))
    clock = Clock(kind=kind, subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk),
                  department=department, label=(label or str(subject))[:200])
    _store(clock, figures)
    clock.save()
    ClockEvent.objects.create(clock=clock, kind=ClockEvent.Kind.START, on=started_on, days=limit_days, due_before=None,
                              due_after=clock.due_date, provisional_after=clock.provisional, actor=_user(actor),
                              reason=reason)
    record(action="clock.start", target=clock, actor=actor, after=_snapshot(clock) | {"limit_days": limit_days},
           reason=reason, department=department)
    return clock


@transaction.atomic
def clock_pause(clock: Clock, *, on: dt.date, actor=None, reason: str = "") -> Clock:
    """Pause (暂停计时, e.g. 征求第三方意见): the working days after `on` do not count until resumed."""
    return _operate(clock, "pause", on=_check_date(on), actor=actor, reason=reason)


@transaction.atomic
def clock_resume(clock: Clock, *, on: dt.date, actor=None, reason: str = "") -> Clock:
    """Resume (恢复计时): the working days left at the pause continue after `on`."""
    return _operate(clock, "resume", on=_check_date(on), actor=actor, reason=reason)


@transaction.atomic
def clock_restart(clock: Clock, *, on: dt.date, limit_days: int | None = None, actor=None, reason: str = "") -> Clock:
    """Restart (重新计时, e.g. 补正 received): a fresh full limit counted from `on`."""
    return _operate(clock, "restart", on=_check_date(on), days=limit_days, actor=actor, reason=reason)


@transaction.atomic
def clock_extend(clock: Clock, *, days: int, approver, reason: str, actor=None, check_capability: bool = True) -> Clock:
    """Extend (延长期限) by `days` working days after the current due date; `approver` must hold
    `clocks.extend_clock` unless the caller checked its own domain capability (`check_capability=False`)."""
    if check_capability and not has_capability(approver, EXTEND_CAPABILITY):
        raise CapabilityRequired("延长期限须经有权批准的负责人（政务公开办负责人）批准。", code="capability_required")
    if not (reason or "").strip():
        raise DomainError("请填写延长期限的理由。", code="reason_required", field="reason")
    return _operate(clock, "extend", on=timezone.localdate(), days=days, actor=actor or approver, approver=approver,
                    reason=reason)


@transaction.atomic
def clock_stop(clock: Clock, *, on: dt.date, actor=None, reason: str = "") -> Clock:
    """Stop (结束计时): outcome on time, or late when `on` is after the due date."""
    return _operate(clock, "stop", on=_check_date(on), actor=actor, reason=reason)


@transaction.atomic
def clocks_recompute_provisional(*, year: int, actor=None) -> int:
    """Replay every provisional unstopped clock touching `year` with the current calendar (重新计算暂定期限).

    Called by the calendar import once `year`'s schedule is loaded. Each clock whose figures change gets
    a "recompute" ledger row and an audit event. Returns how many clocks changed.
    """
    cal = current_calendar()
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    candidates = (Clock.objects.select_for_update()
                  .filter(provisional=True, state__in=[Clock.State.RUNNING, Clock.State.PAUSED],
                          started_on__lte=year_end)
                  .filter(models.Q(due_date__gte=year_start) | models.Q(state=Clock.State.PAUSED))
                  .order_by("id"))
    settings = {}
    changed = 0
    for clock in candidates.iterator(chunk_size=500):
        if clock.kind not in settings:
            settings[clock.kind] = thresholds_for(clock.kind)
        events = list(clock.events.order_by("id"))
        if not events:
            continue  # no ledger to replay (should not happen: every service writes one)
        figures = deadlines.replay(events, cal=cal, thresholds=settings[clock.kind])
        if figures == deadlines.figures_of(clock):
            continue
        before = _snapshot(clock)
        _store(clock, figures)
        clock.save(update_fields=[*deadlines.FIELDS, "updated_at"])
        reason = f"已导入{year}年节假日安排，重新计算期限"
        ClockEvent.objects.create(clock=clock, kind=ClockEvent.Kind.RECOMPUTE, on=timezone.localdate(),
                                  due_before=before["due_date"], due_after=clock.due_date,
                                  provisional_after=clock.provisional, actor=_user(actor), reason=reason)
        record(action="clock.recompute", target=clock, actor=actor, before=before, after=_snapshot(clock),
               reason=reason, department=clock.department)
        changed += 1
    return changed
