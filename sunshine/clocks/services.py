"""Clock services (时限操作): every write to a clock. Each one appends a `ClockEvent`, writes an audit event,
and stores the figures derived by `deadlines` (due date, provisional mark, first yellow day).

Dates: a clock counted in working or natural days takes dates (`on`, `started_on`). A clock counted in hours
takes aware datetimes (`on=timezone.now()`, `started_at=…`); a plain date is accepted there only when it is today
(the moment is then now), so generic "stop today" code keeps working.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from sunshine.accounts.scoping import has_capability
from sunshine.audit.services import record
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.workcalendar.cache import current_calendar

from . import deadlines
from .models import Clock, ClockEvent, ClockKindSetting

EXTEND_CAPABILITY = "clocks.extend_clock"

__all__ = ["clock_cancel", "clock_extend", "clock_merge", "clock_pause", "clock_restart", "clock_resume",
           "clock_start", "clock_stop", "clock_supersede", "clock_transfer", "clocks_recompute",
           "clocks_recompute_provisional", "default_case_key", "thresholds_for"]


def thresholds_for(kind: str) -> deadlines.Thresholds:
    setting = ClockKindSetting.objects.filter(kind=kind).only("yellow_days", "yellow_ratio").first()
    if setting is None:
        return deadlines.Thresholds()
    return deadlines.Thresholds(yellow_days=setting.yellow_days, yellow_ratio=setting.yellow_ratio)


def default_case_key(subject: models.Model) -> str:
    """"<app_label>.<model>:<pk>" of the subject: the case key its clocks share unless the caller names another."""
    meta = subject._meta
    return f"{meta.app_label}.{meta.model_name}:{subject.pk}"[:100]


def _snapshot(clock: Clock) -> dict:
    return {"state": clock.state, "due_date": clock.due_date, "due_at": clock.due_at, "provisional": clock.provisional,
            "extended_days": clock.extended_days, "outcome": clock.outcome}


def _store(clock: Clock, figures: deadlines.ClockFigures) -> None:
    for name in deadlines.FIELDS:
        setattr(clock, name, getattr(figures, name))


def _check_date(value, field: str = "on") -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise DomainError("日期无效。", code="invalid_date", field=field)
    return value


def _check_moment(value, field: str = "on") -> dt.datetime:
    """An aware datetime; a plain date only when it is today (then: now)."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise DomainError("时间须带时区。", code="invalid_datetime", field=field)
        return value
    if isinstance(value, dt.date) and value == timezone.localdate():
        return timezone.now()
    raise DomainError("按小时计时的时限须提供具体时间（日期只接受今天）。", code="datetime_required", field=field)


def _when(unit: str, value, field: str = "on") -> tuple[dt.date, dt.datetime | None]:
    """(date, moment or None) of an event of a clock counted in `unit`."""
    if unit == Clock.Unit.HOURS:
        moment = _check_moment(value, field)
        return deadlines.local_date(moment), moment
    return _check_date(value, field), None


def _user(user):
    return user if (user is not None and getattr(user, "is_authenticated", False)) else None


def _lock(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


def _operate(clock: Clock, kind: str, *, on, days: int | None = None, actor=None, approver=None,
             reason: str = "", outcome: str | None = None, related_clock: Clock | None = None,
             locked: Clock | None = None) -> Clock:
    """Lock the clock, apply one event, save, append the ledger row and the audit event."""
    locked = locked or _lock(clock)
    on_date, at = _when(locked.unit, on)
    before = _snapshot(locked)
    figures = deadlines.apply(deadlines.figures_of(locked), kind, on=on_date, at=at, days=days,
                              cal=current_calendar(), thresholds=thresholds_for(locked.kind), outcome=outcome)
    _store(locked, figures)
    locked.save(update_fields=[*deadlines.FIELDS, "updated_at"])
    ClockEvent.objects.create(clock=locked, kind=kind, on=on_date, at=at, days=days, due_before=before["due_date"],
                              due_after=locked.due_date, provisional_after=locked.provisional, actor=_user(actor),
                              approver=_user(approver), reason=reason, outcome=outcome or "",
                              related_clock=related_clock)
    after = _snapshot(locked)
    if related_clock is not None:
        after |= {"related_clock": related_clock.pk, "to_department": related_clock.department_id}
    record(action=f"clock.{kind}", target=locked, actor=actor, before=before, after=after, reason=reason,
           department=locked.department)
    # keep the caller's instance current
    _store(clock, figures)
    clock.updated_at = locked.updated_at
    return locked


def _start(*, kind: str, subject_type_id: int, subject_id: str, department, label: str, unit: str, obligor: str,
           case_key: str, started_on: dt.date, started_at: dt.datetime | None, limit: int, actor, reason: str,
           events: tuple = (), related_clock: Clock | None = None) -> Clock:
    """Create a clock from its START (and, for a moved limit, the copied ledger `events`)."""
    cal, thresholds = current_calendar(), thresholds_for(kind)
    figures = deadlines.apply(deadlines.ClockFigures(unit=unit, obligor=obligor), "start", on=started_on,
                              at=started_at, days=limit, cal=cal, thresholds=thresholds)
    for event in events:
        figures = deadlines.apply(figures, event.kind, on=event.on, at=event.at, days=event.days, cal=cal,
                                  thresholds=thresholds, outcome=event.outcome or None)
    clock = Clock(kind=kind, subject_type_id=subject_type_id, subject_id=subject_id, department=department,
                  label=label[:200], case_key=case_key[:100])
    _store(clock, figures)
    clock.save()
    # a moved limit: the START row shows the due date of the whole moved limit, the copied rows those of their time
    ClockEvent.objects.create(clock=clock, kind=ClockEvent.Kind.START, on=started_on, at=started_at, days=limit,
                              due_before=None, due_after=clock.due_date, provisional_after=clock.provisional,
                              actor=_user(actor), reason=reason, related_clock=related_clock)
    if events:
        ClockEvent.objects.bulk_create([
            ClockEvent(clock=clock, kind=e.kind, on=e.on, at=e.at, days=e.days, due_before=e.due_before,
                       due_after=e.due_after, provisional_after=e.provisional_after, actor_id=e.actor_id,
                       approver_id=e.approver_id, reason=f"（转办前）{e.reason}" if e.reason else "（转办前）",
                       outcome=e.outcome)
            for e in events])
    record(action="clock.start", target=clock, actor=actor,
           after=_snapshot(clock) | {"limit_days": limit, "unit": unit, "obligor": obligor, "case_key": clock.case_key},
           reason=reason, department=department)
    return clock


@transaction.atomic
def clock_start(*, kind: str, subject: models.Model, department, started_on: dt.date | None = None,
                limit_days: int | None = None, actor=None, reason: str = "", label: str = "",
                unit: str = Clock.Unit.WORKING_DAYS, obligor: str = Clock.Obligor.AGENCY, case_key: str = "",
                started_at: dt.datetime | None = None, limit: int | None = None) -> Clock:
    """Start a time limit for `subject` (开始计时), counted after `started_on` in `unit`.

    `limit_days` (or its alias `limit`) is the number of units: working days (default), natural days, or hours.
    A clock in hours counts from `started_at` (an aware datetime; default now) and `started_on` may be left out
    (it is the local date of `started_at`). `obligor` "applicant" marks a period that runs on the applicant's or a
    third party's side (补正, 缴费, 第三方意见): its lapse is `lapsed`, never the agency's `late`, and it never warns.
    `case_key` links the clocks of one case (default "<app_label>.<model>:<pk>" of the subject)."""
    if not kind:
        raise DomainError("缺少时限类型。", code="invalid_kind", field="kind")
    if subject is None or subject.pk is None:
        raise DomainError("时限必须属于一个已保存的对象。", code="invalid_subject")
    if unit not in Clock.Unit.values:
        raise DomainError(f"未知的计时单位：{unit}", code="invalid_unit", field="unit")
    if obligor not in Clock.Obligor.values:
        raise DomainError(f"未知的期限承担方：{obligor}", code="invalid_obligor", field="obligor")
    if limit is not None:
        if limit_days is not None and limit_days != limit:
            raise DomainError("limit 与 limit_days 不一致。", code="invalid_days", field="limit")
        limit_days = limit
    if limit_days is None:
        raise DomainError("缺少期限。", code="invalid_days", field="limit_days")
    if unit == Clock.Unit.HOURS:
        if started_at is None:
            if started_on is not None and started_on != timezone.localdate():
                raise DomainError("按小时计时的时限须提供起算时间。", code="datetime_required", field="started_at")
            started_at = timezone.now()
        started_at = _check_moment(started_at, "started_at")
        if started_on is not None and _check_date(started_on, "started_on") != deadlines.local_date(started_at):
            raise DomainError("起算日与起算时间不在同一天。", code="invalid_date", field="started_on")
        started_on = deadlines.local_date(started_at)
    else:
        if started_at is not None:
            raise DomainError("只有按小时计时的时限使用起算时间。", code="invalid_date", field="started_at")
        started_on = _check_date(started_on, "started_on")
    return _start(kind=kind, subject_type_id=ContentType.objects.get_for_model(subject).pk,
                  subject_id=str(subject.pk), department=department, label=label or str(subject), unit=unit,
                  obligor=obligor, case_key=case_key or default_case_key(subject), started_on=started_on,
                  started_at=started_at, limit=limit_days, actor=actor, reason=reason)


@transaction.atomic
def clock_pause(clock: Clock, *, on, actor=None, reason: str = "") -> Clock:
    """Pause (暂停计时, e.g. 征求第三方意见): the units after `on` do not count until resumed."""
    return _operate(clock, "pause", on=on, actor=actor, reason=reason)


@transaction.atomic
def clock_resume(clock: Clock, *, on, actor=None, reason: str = "") -> Clock:
    """Resume (恢复计时): the units left at the pause continue after `on`."""
    return _operate(clock, "resume", on=on, actor=actor, reason=reason)


@transaction.atomic
def clock_restart(clock: Clock, *, on, limit_days: int | None = None, actor=None, reason: str = "") -> Clock:
    """Restart (重新计时, e.g. 补正 received): a fresh full limit counted from `on`."""
    return _operate(clock, "restart", on=on, days=limit_days, actor=actor, reason=reason)


@transaction.atomic
def clock_extend(clock: Clock, *, days: int, approver, reason: str, actor=None, check_capability: bool = True) -> Clock:
    """Extend (延长期限) by `days` units (working days, days or hours) after the current due date; `approver` must
    hold `clocks.extend_clock` unless the caller checked its own domain capability (`check_capability=False`)."""
    if check_capability and not has_capability(approver, EXTEND_CAPABILITY):
        raise CapabilityRequired("延长期限须经有权批准的负责人（政务公开办负责人）批准。", code="capability_required")
    if not (reason or "").strip():
        raise DomainError("请填写延长期限的理由。", code="reason_required", field="reason")
    locked = _lock(clock)
    on = timezone.now() if locked.unit == Clock.Unit.HOURS else timezone.localdate()
    return _operate(clock, "extend", on=on, days=days, actor=actor or approver, approver=approver, reason=reason,
                    locked=locked)


@transaction.atomic
def clock_stop(clock: Clock, *, on, actor=None, reason: str = "", outcome: str | None = None) -> Clock:
    """Stop (结束计时). `outcome` None: computed — on time, or late when `on` is after the due date (`late` for the
    agency, `lapsed` for an applicant's/third party's period). Or given: `cancelled`, `merged`, `superseded`
    (`transferred` through `clock_transfer`); a given outcome is never "on time"."""
    if outcome in (None, ""):
        outcome = None
    elif outcome == Clock.Outcome.TRANSFERRED:
        raise DomainError("转办请使用 clock_transfer，以便接收部门的时限同时开始。", code="invalid_outcome",
                          field="outcome")
    return _operate(clock, "stop", on=on, actor=actor, reason=reason, outcome=outcome)


@transaction.atomic
def clock_cancel(clock: Clock, *, on, actor=None, reason: str = "") -> Clock:
    """Stop as cancelled (已撤回/取消): the application was withdrawn or the case dropped."""
    return clock_stop(clock, on=on, actor=actor, reason=reason, outcome=Clock.Outcome.CANCELLED)


@transaction.atomic
def clock_merge(clock: Clock, *, on, actor=None, reason: str = "") -> Clock:
    """Stop as merged (已并案): a repeat joined to another case, whose clock goes on."""
    return clock_stop(clock, on=on, actor=actor, reason=reason, outcome=Clock.Outcome.MERGED)


@transaction.atomic
def clock_supersede(clock: Clock, *, on, actor=None, reason: str = "") -> Clock:
    """Stop as superseded (已被替代): replaced by a corrected clock (receipt date corrected) or by the clocks of
    the parts of a split case."""
    return clock_stop(clock, on=on, actor=actor, reason=reason, outcome=Clock.Outcome.SUPERSEDED)


@transaction.atomic
def clock_transfer(clock: Clock, department, *, on, actor=None, reason: str = "", keep_limit: bool = True,
                   limit_days: int | None = None) -> Clock:
    """Transfer (转办) the clock to `department`; returns the receiver's new clock.

    The old clock stops with outcome `transferred` by a TRANSFER ledger row naming the receiving department (and
    linking its clock); the new clock has the same kind, unit, obligor, subject and case key, and its START names
    the department it came from ("由X转来"). `keep_limit=True`: the running limit moves — the new clock's ledger
    carries the old one's history (same start, pauses, extensions: the same due date), so a later calendar change
    replays it alike. `keep_limit=False`: a fresh limit of `limit_days` (default: the old limit) counted from `on`."""
    if department is None or getattr(department, "pk", None) is None:
        raise DomainError("请选择转办的接收部门。", code="invalid_department", field="department")
    locked = _lock(clock)
    if locked.state == Clock.State.STOPPED:
        raise TransitionNotAllowed("该时限已结束，不能再变更。")
    if department.pk == locked.department_id:
        raise DomainError("接收部门与原责任部门相同，无需转办。", code="same_department", field="department")
    source = locked.department
    on_date, at = _when(locked.unit, on)
    came_from = f"由{source.name}转来" + (f"：{reason}" if reason else "")
    if keep_limit:
        if limit_days is not None:
            raise DomainError("沿用原期限时不能另行指定期限。", code="invalid_days", field="limit_days")
        history = list(locked.events.exclude(kind=ClockEvent.Kind.RECOMPUTE).order_by("id"))
        start_event, events = history[0], tuple(history[1:])
        if on_date < locked.started_on or (at is not None and at < locked.started_at):
            raise DomainError(f"日期 {on_date:%Y-%m-%d} 早于起算日 {locked.started_on:%Y-%m-%d}。",
                              code="date_before_start", field="on")
        new = _start(kind=locked.kind, subject_type_id=locked.subject_type_id, subject_id=locked.subject_id,
                     department=department, label=locked.label, unit=locked.unit, obligor=locked.obligor,
                     case_key=locked.case_key, started_on=start_event.on, started_at=start_event.at,
                     limit=start_event.days, actor=actor, reason=came_from, events=events, related_clock=locked)
    else:
        new = _start(kind=locked.kind, subject_type_id=locked.subject_type_id, subject_id=locked.subject_id,
                     department=department, label=locked.label, unit=locked.unit, obligor=locked.obligor,
                     case_key=locked.case_key, started_on=on_date, started_at=at,
                     limit=locked.limit_days if limit_days is None else limit_days, actor=actor, reason=came_from,
                     related_clock=locked)
    _operate(clock, "transfer", on=at or on_date, actor=actor,
             reason=f"转办至{department.name}" + (f"：{reason}" if reason else ""), related_clock=new, locked=locked)
    return new


def _recompute_candidates(date_from: dt.date, date_to: dt.date):
    return (Clock.objects.select_for_update(of=("self",)).select_related("department")
            .filter(state__in=[Clock.State.RUNNING, Clock.State.PAUSED], unit=Clock.Unit.WORKING_DAYS,
                    started_on__lte=date_to)
            .filter(models.Q(due_date__gte=date_from) | models.Q(state=Clock.State.PAUSED))
            .order_by("id"))


@transaction.atomic
def clocks_recompute(*, date_from: dt.date, date_to: dt.date, actor=None, reason: str = "") -> int:
    """Replay, with the current calendar, every unstopped clock whose counted span touches [date_from, date_to]
    (重新计算期限): started on or before `date_to` and due on or after `date_from`, or paused.

    Only clocks counted in working days depend on the calendar (natural days and hours do not). Each clock whose
    figures change gets a "recompute" ledger row and a `clock.recompute` audit event. Returns how many changed.
    Called when the holiday schedule changes (an admin edit, the import) through
    `workcalendar.signals.calendar_days_changed`, in the editing transaction."""
    date_from, date_to = _check_date(date_from, "date_from"), _check_date(date_to, "date_to")
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    reason = reason or f"节假日安排变更（{date_from:%Y-%m-%d}至{date_to:%Y-%m-%d}），重新计算期限"
    cal = current_calendar()
    settings: dict[str, deadlines.Thresholds] = {}
    changed = 0
    today = timezone.localdate()
    candidates = _recompute_candidates(date_from, date_to).prefetch_related(
        models.Prefetch("events", queryset=ClockEvent.objects.order_by("id")))
    for clock in candidates.iterator(chunk_size=500):
        if clock.kind not in settings:
            settings[clock.kind] = thresholds_for(clock.kind)
        events = list(clock.events.all())
        if not events:
            continue  # no ledger to replay (should not happen: every service writes one)
        figures = deadlines.replay(events, cal=cal, thresholds=settings[clock.kind], unit=clock.unit,
                                   obligor=clock.obligor)
        if figures == deadlines.figures_of(clock):
            continue
        before = _snapshot(clock)
        _store(clock, figures)
        clock.save(update_fields=[*deadlines.FIELDS, "updated_at"])
        ClockEvent.objects.create(clock=clock, kind=ClockEvent.Kind.RECOMPUTE, on=today,
                                  due_before=before["due_date"], due_after=clock.due_date,
                                  provisional_after=clock.provisional, actor=_user(actor), reason=reason)
        record(action="clock.recompute", target=clock, actor=actor, before=before, after=_snapshot(clock),
               reason=reason, department=clock.department)
        changed += 1
    return changed


@transaction.atomic
def clocks_recompute_provisional(*, year: int, actor=None) -> int:
    """Replay every unstopped clock touching `year` (kept for callers of the former provisional-only recompute;
    the calendar import now triggers `clocks_recompute` itself). Returns how many clocks changed."""
    return clocks_recompute(date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31), actor=actor,
                            reason=f"已导入{year}年节假日安排，重新计算期限")


def on_calendar_days_changed(sender, *, date_from, date_to, actor=None, reason: str = "", **kwargs) -> int:
    """Receiver of `workcalendar.signals.calendar_days_changed` (connected in `ClocksConfig.ready`)."""
    return clocks_recompute(date_from=date_from, date_to=date_to, actor=actor, reason=reason)
