"""Clock arithmetic (时限计算): pure functions over a clock's event ledger and a `WorkCalendar` (no ORM).

A clock counts in one unit (计时单位):

- working days (工作日, the default; DOMAIN.md §3): due = the N-th working day after the start day;
- natural days (自然日, e.g. the 90 days of the administrative penalty law, art. 60): due = start + N calendar
  days; holidays are not skipped and a due date falling on a holiday is not moved;
- hours (小时, e.g. the hotline's acknowledgement limit): due_at = started_at + N hours, natural hours around the
  clock; `due_date` is the local date of `due_at`.

Rules, in the clock's unit (DOMAIN.md §3, §5, §7):
- start on S with a limit of N: due = S + N units (the start day itself not counted);
- pause on P: the units after P do not count; left = the units in (P, due];
- resume on R: the units left continue after R (none left: due = R, or the next working day); a clock paused
  when already overdue keeps its due date;
- restart on R (补正 received): a fresh limit counted from R; earlier extensions do not carry over;
- extend by E: E units are added after the current due date (paused: to the units left);
- stop on T: the outcome is computed, or given. Computed: late when T is after the due (paused: when it was
  overdue at the pause); late is `late` (超期办结) for an agency's clock and `lapsed` (申请人/第三方逾期) for a clock
  whose obligor is the applicant or a third party; in time is `on_time`. Given: `cancelled`, `transferred`,
  `merged`, `superseded` (never on time); a `transfer` event stops with `transferred`.
- yellow (黄牌) from the first day on which the units left ≤ max(yellow_days, yellow_ratio × limit), the limit
  including extensions; red (红牌) when today is after the due date (hours: when now is after `due_at`). Paused
  and stopped clocks, and clocks whose obligor is the applicant, show none.
- provisional when the clock counts working days and any year of (start, due] has no known holiday schedule.

`replay` derives the clock's fields from its whole ledger; services apply one event with `apply`, and
a calendar change replays the ledger with the new schedule, so both use the same rules.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from sunshine.core.errors import DomainError, TransitionNotAllowed
from sunshine.workcalendar.calc import WorkCalendar

RUNNING, PAUSED, STOPPED = "running", "paused", "stopped"
ON_TIME, LATE, LAPSED = "on_time", "late", "lapsed"
CANCELLED, TRANSFERRED, MERGED, SUPERSEDED = "cancelled", "transferred", "merged", "superseded"
GIVEN_OUTCOMES = (CANCELLED, TRANSFERRED, MERGED, SUPERSEDED)

WORKING_DAYS, NATURAL_DAYS, HOURS = "working_days", "natural_days", "hours"
UNITS = (WORKING_DAYS, NATURAL_DAYS, HOURS)
UNIT_NAMES = {WORKING_DAYS: "工作日", NATURAL_DAYS: "自然日", HOURS: "小时"}
AGENCY, APPLICANT = "agency", "applicant"
OBLIGORS = (AGENCY, APPLICANT)

MAX_LIMIT = 1000
DEFAULT_YELLOW_DAYS = 1
DEFAULT_YELLOW_RATIO = Decimal("0.20")
HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Thresholds:
    yellow_days: int = DEFAULT_YELLOW_DAYS
    yellow_ratio: Decimal = DEFAULT_YELLOW_RATIO

    def yellow_days_left(self, limit: int) -> int:
        """Yellow once at most this many units (working days, days or hours) are left."""
        return max(self.yellow_days, math.floor(Decimal(limit) * self.yellow_ratio))


@dataclass(frozen=True)
class ClockFigures:
    """The derived fields of a clock (`unit` and `obligor` are fixed at the start)."""

    unit: str = WORKING_DAYS
    obligor: str = AGENCY
    started_on: dt.date | None = None
    started_at: dt.datetime | None = None
    limit_days: int = 0
    due_date: dt.date | None = None
    due_at: dt.datetime | None = None
    provisional: bool = False
    state: str = ""
    paused_on: dt.date | None = None
    paused_at: dt.datetime | None = None
    remaining_days_at_pause: int | None = None
    extended_days: int = 0
    stopped_on: dt.date | None = None
    stopped_at: dt.datetime | None = None
    outcome: str = ""
    yellow_from: dt.date | None = None


FIELDS = ("unit", "obligor", "started_on", "started_at", "limit_days", "due_date", "due_at", "provisional", "state",
          "paused_on", "paused_at", "remaining_days_at_pause", "extended_days", "stopped_on", "stopped_at", "outcome",
          "yellow_from")


def figures_of(clock) -> ClockFigures:
    return ClockFigures(**{name: getattr(clock, name) for name in FIELDS})


def local_date(moment: dt.datetime) -> dt.date:
    """The date of an aware datetime in the site's time zone (settings.TIME_ZONE, Asia/Shanghai), whatever time zone
    a request may have activated: the law counts in local time."""
    return moment.astimezone(timezone.get_default_timezone()).date()


def _days(value, what: str, unit: str = WORKING_DAYS) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{what}应为整数。", code="invalid_days", field="days")
    if value < 0:
        raise DomainError(f"{what}不能为负数。", code="invalid_days", field="days")
    if value > MAX_LIMIT:
        raise DomainError(f"{what}不能超过 {MAX_LIMIT} 个{UNIT_NAMES.get(unit, '工作日')}。", code="invalid_days",
                          field="days")
    return value


def compute_due(unit: str, start: dt.date, limit: int, cal: WorkCalendar,
                at: dt.datetime | None = None) -> tuple[dt.date, dt.datetime | None, bool]:
    """(due date, due moment or None, provisional) of a limit of `limit` units counted after `start` (`at`)."""
    if unit == WORKING_DAYS:
        due = cal.add_working_days(start, limit)
        return due.date, None, due.provisional
    if unit == NATURAL_DAYS:
        return start + dt.timedelta(days=limit), None, False
    due_at = at + limit * HOUR
    return local_date(due_at), due_at, False


def _finish(f: ClockFigures, cal: WorkCalendar, thresholds: Thresholds) -> ClockFigures:
    provisional = f.provisional
    if f.state != STOPPED:
        provisional = f.unit == WORKING_DAYS and cal.range_provisional(f.started_on, f.due_date)
    yellow_from = None
    if f.state == RUNNING and f.obligor == AGENCY:
        k = thresholds.yellow_days_left(f.limit_days + f.extended_days)
        if f.unit == WORKING_DAYS:
            yellow_from = cal.nth_working_day_back(f.due_date, k)
        elif f.unit == NATURAL_DAYS:
            yellow_from = f.due_date - dt.timedelta(days=k)
        else:
            yellow_from = local_date(f.due_at - k * HOUR)
    return replace(f, provisional=provisional, yellow_from=yellow_from)


def _late(f: ClockFigures, on: dt.date, at: dt.datetime | None) -> bool:
    if f.state == PAUSED:
        if f.unit == HOURS:
            return f.due_at < f.paused_at
        return (f.remaining_days_at_pause or 0) < 0
    if f.unit == HOURS:
        return at > f.due_at
    return on > f.due_date


def _stop_outcome(f: ClockFigures, kind: str, on: dt.date, at: dt.datetime | None, outcome: str | None) -> str:
    if kind == "transfer":
        return TRANSFERRED
    if outcome:
        if outcome not in GIVEN_OUTCOMES:
            raise DomainError("结束时只能指定“已撤回/取消”“已转办”“已并案”或“已被替代”；按时或超期由系统计算。",
                              code="invalid_outcome", field="outcome")
        return outcome
    if _late(f, on, at):
        return LAPSED if f.obligor == APPLICANT else LATE
    return ON_TIME


def apply(f: ClockFigures, kind: str, *, on: dt.date, days: int | None, cal: WorkCalendar,
          thresholds: Thresholds, at: dt.datetime | None = None, outcome: str | None = None) -> ClockFigures:
    """Apply one ledger event to the figures; raises `TransitionNotAllowed`/`DomainError` in Chinese.

    `on` is the event's date; for a clock counted in hours `at` (an aware datetime, `on` its local date) is the
    moment, required except for "extend". `outcome` is a given outcome of a "stop" (see GIVEN_OUTCOMES)."""
    if kind == "recompute":
        return _finish(f, cal, thresholds) if f.state else f
    hours = f.unit == HOURS
    if hours and at is None and kind != "extend":
        raise DomainError("按小时计时的时限须提供具体时间。", code="datetime_required", field="on")
    if kind == "start":
        if f.state:
            raise TransitionNotAllowed("该时限已开始计时。")
        if f.unit not in UNITS:
            raise DomainError(f"未知的计时单位：{f.unit}", code="invalid_unit", field="unit")
        if f.obligor not in OBLIGORS:
            raise DomainError(f"未知的期限承担方：{f.obligor}", code="invalid_obligor", field="obligor")
        limit = _days(days, "期限", f.unit)
        due, due_at, _ = compute_due(f.unit, on, limit, cal, at)
        return _finish(replace(f, started_on=on, started_at=at if hours else None, limit_days=limit, due_date=due,
                               due_at=due_at, state=RUNNING), cal, thresholds)
    if not f.state:
        raise TransitionNotAllowed("该时限尚未开始计时。")
    if f.state == STOPPED:
        raise TransitionNotAllowed("该时限已结束，不能再变更。")
    if kind != "extend":
        if hours and at < f.started_at:
            raise DomainError(f"时间 {timezone.localtime(at):%Y-%m-%d %H:%M} 早于起算时间 "
                              f"{timezone.localtime(f.started_at):%Y-%m-%d %H:%M}。", code="date_before_start",
                              field="on")
        if on < f.started_on:
            raise DomainError(f"日期 {on:%Y-%m-%d} 早于起算日 {f.started_on:%Y-%m-%d}。", code="date_before_start",
                              field="on")

    if kind == "pause":
        if f.state != RUNNING:
            raise TransitionNotAllowed("只有计时中的时限可以暂停。")
        if f.unit == WORKING_DAYS:
            left = cal.working_days_between(on, f.due_date)
        elif f.unit == NATURAL_DAYS:
            left = (f.due_date - on).days
        else:
            left = math.floor((f.due_at - at) / HOUR)
        return _finish(replace(f, state=PAUSED, paused_on=on, paused_at=at if hours else None,
                               remaining_days_at_pause=left), cal, thresholds)

    if kind == "resume":
        if f.state != PAUSED:
            raise TransitionNotAllowed("只有已暂停的时限可以恢复计时。")
        if on < f.paused_on or (hours and at < f.paused_at):
            raise DomainError(f"恢复日期 {on:%Y-%m-%d} 早于暂停日期 {f.paused_on:%Y-%m-%d}。", code="date_before_pause",
                              field="on")
        due_at = f.due_at
        if hours:
            left_time = f.due_at - f.paused_at
            if left_time >= dt.timedelta(0):
                due_at = at + left_time
            due = local_date(due_at)
        else:
            left = f.remaining_days_at_pause or 0
            if left > 0:
                due = compute_due(f.unit, on, left, cal)[0]
            elif left == 0:
                due = cal.next_working_day(on) if f.unit == WORKING_DAYS else on
            else:
                due = f.due_date  # overdue when paused: stays overdue
        return _finish(replace(f, state=RUNNING, due_date=due, due_at=due_at, paused_on=None, paused_at=None,
                               remaining_days_at_pause=None), cal, thresholds)

    if kind == "restart":
        limit = _days(f.limit_days if days is None else days, "期限", f.unit)
        due, due_at, _ = compute_due(f.unit, on, limit, cal, at)
        return _finish(replace(f, state=RUNNING, limit_days=limit, due_date=due, due_at=due_at, paused_on=None,
                               paused_at=None, remaining_days_at_pause=None, extended_days=0), cal, thresholds)

    if kind == "extend":
        extra = _days(days, "延长", f.unit)
        if extra == 0:
            raise DomainError(f"延长应至少为 1 个{UNIT_NAMES[f.unit]}。", code="invalid_days", field="days")
        if f.unit == WORKING_DAYS:
            due, due_at = cal.add_working_days(f.due_date, extra).date, None
        elif f.unit == NATURAL_DAYS:
            due, due_at = f.due_date + dt.timedelta(days=extra), None
        else:
            due_at = f.due_at + extra * HOUR
            due = local_date(due_at)
        figures = replace(f, due_date=due, due_at=due_at, extended_days=f.extended_days + extra)
        if f.state == PAUSED:
            figures = replace(figures, remaining_days_at_pause=(f.remaining_days_at_pause or 0) + extra)
        return _finish(figures, cal, thresholds)

    if kind in ("stop", "transfer"):
        result = _stop_outcome(f, kind, on, at, outcome)
        return replace(f, state=STOPPED, stopped_on=on, stopped_at=at if hours else None, outcome=result,
                       paused_on=None, paused_at=None, yellow_from=None)

    raise DomainError(f"未知的时限事件类型：{kind}", code="unknown_event")


def replay(events, *, cal: WorkCalendar, thresholds: Thresholds, unit: str = WORKING_DAYS,
           obligor: str = AGENCY) -> ClockFigures:
    """Derive the figures from the whole ledger (events in order: objects with kind, on, days, and optionally
    at and outcome) of a clock counted in `unit` whose obligor is `obligor`."""
    figures = ClockFigures(unit=unit, obligor=obligor)
    for event in events:
        if event.kind == "recompute":
            continue
        figures = apply(figures, event.kind, on=event.on, days=event.days, cal=cal, thresholds=thresholds,
                        at=getattr(event, "at", None), outcome=getattr(event, "outcome", "") or None)
    return figures


def warning_level(*, state: str, due_date: dt.date, yellow_from: dt.date | None, today: dt.date,
                  due_at: dt.datetime | None = None, now: dt.datetime | None = None, obligor: str = AGENCY) -> str:
    """"none" | "yellow" | "red" for a clock on `today` (stored yellow_from; paused/stopped: none).

    An applicant's (or third party's) clock never warns: its lapse is not the agency's. With `now`, a clock
    counted in hours is red from the moment `due_at` has passed."""
    if state != RUNNING or obligor != AGENCY:
        return "none"
    if today > due_date or (now is not None and due_at is not None and now > due_at):
        return "red"
    if yellow_from is not None and yellow_from <= today:
        return "yellow"
    return "none"
