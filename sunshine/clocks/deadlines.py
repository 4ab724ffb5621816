"""Clock arithmetic (时限计算): pure functions over a clock's event ledger and a `WorkCalendar`.

Rules (DOMAIN.md §3, §5, §7):
- start on day S with a limit of N working days: due = the N-th working day after S (S not counted);
- pause on day P: the working days after P do not count; the working days left are those in (P, due];
- resume on day R: the days left continue after R (due = the k-th working day after R; with none
  left, due = R, or the next working day); a clock paused when already overdue keeps its due date;
- restart on day R (补正 received): a fresh limit counted from R; earlier extensions do not carry over;
- extend by E working days: E working days are added after the current due date (paused: to the days left);
- stop on day T: outcome late when T is after the due date (paused: when it was overdue at the pause).
- yellow (黄牌) from the first day on which the working days left ≤ max(yellow_days, yellow_ratio × limit),
  the limit including extensions; red (红牌) when today is after the due date. Paused clocks show none.
- provisional when any year of (start, due] has no known holiday schedule.

`replay` derives the clock's fields from its whole ledger; services apply one event with `apply`, and
the calendar import replays the ledger with the new schedule, so both use the same rules.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from decimal import Decimal

from sunshine.core.errors import DomainError, TransitionNotAllowed
from sunshine.workcalendar.calc import WorkCalendar

RUNNING, PAUSED, STOPPED = "running", "paused", "stopped"
ON_TIME, LATE = "on_time", "late"

DEFAULT_YELLOW_DAYS = 1
DEFAULT_YELLOW_RATIO = Decimal("0.20")


@dataclass(frozen=True)
class Thresholds:
    yellow_days: int = DEFAULT_YELLOW_DAYS
    yellow_ratio: Decimal = DEFAULT_YELLOW_RATIO

    def yellow_days_left(self, limit: int) -> int:
        """Yellow once at most this many working days are left."""
        return max(self.yellow_days, math.floor(Decimal(limit) * self.yellow_ratio))


@dataclass(frozen=True)
class ClockFigures:
    """The derived fields of a clock."""

    started_on: dt.date | None = None
    limit_days: int = 0
    due_date: dt.date | None = None
    provisional: bool = False
    state: str = ""
    paused_on: dt.date | None = None
    remaining_days_at_pause: int | None = None
    extended_days: int = 0
    stopped_on: dt.date | None = None
    outcome: str = ""
    yellow_from: dt.date | None = None


FIELDS = ("started_on", "limit_days", "due_date", "provisional", "state", "paused_on", "remaining_days_at_pause",
          "extended_days", "stopped_on", "outcome", "yellow_from")


def figures_of(clock) -> ClockFigures:
    return ClockFigures(**{name: getattr(clock, name) for name in FIELDS})


def _days(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{what}应为整数。", code="invalid_days", field="days")
    if value < 0:
        raise DomainError(f"{what}不能为负数。", code="invalid_days", field="days")
    if value > 1000:
        raise DomainError(f"{what}不能超过 1000 个工作日。", code="invalid_days", field="days")
    return value


def _finish(f: ClockFigures, cal: WorkCalendar, thresholds: Thresholds) -> ClockFigures:
    provisional = cal.range_provisional(f.started_on, f.due_date) if f.state != STOPPED else f.provisional
    yellow_from = None
    if f.state == RUNNING:
        yellow_from = cal.nth_working_day_back(f.due_date, thresholds.yellow_days_left(f.limit_days + f.extended_days))
    return replace(f, provisional=provisional, yellow_from=yellow_from)


def apply(f: ClockFigures, kind: str, *, on: dt.date, days: int | None, cal: WorkCalendar,
          thresholds: Thresholds) -> ClockFigures:
    """Apply one ledger event to the figures; raises `TransitionNotAllowed`/`DomainError` in Chinese."""
    if kind == "recompute":
        return _finish(f, cal, thresholds) if f.state else f
    if kind == "start":
        if f.state:
            raise TransitionNotAllowed("该时限已开始计时。")
        limit = _days(days, "期限")
        due = cal.add_working_days(on, limit).date
        return _finish(ClockFigures(started_on=on, limit_days=limit, due_date=due, state=RUNNING), cal, thresholds)
    if not f.state:
        raise TransitionNotAllowed("该时限尚未开始计时。")
    if f.state == STOPPED:
        raise TransitionNotAllowed("该时限已结束，不能再变更。")
    if on < f.started_on:
        raise DomainError(f"日期 {on:%Y-%m-%d} 早于起算日 {f.started_on:%Y-%m-%d}。", code="date_before_start",
                          field="on")

    if kind == "pause":
        if f.state != RUNNING:
            raise TransitionNotAllowed("只有计时中的时限可以暂停。")
        left = cal.working_days_between(on, f.due_date)
        return _finish(replace(f, state=PAUSED, paused_on=on, remaining_days_at_pause=left), cal, thresholds)

    if kind == "resume":
        if f.state != PAUSED:
            raise TransitionNotAllowed("只有已暂停的时限可以恢复计时。")
        if on < f.paused_on:
            raise DomainError(f"恢复日期 {on:%Y-%m-%d} 早于暂停日期 {f.paused_on:%Y-%m-%d}。", code="date_before_pause",
                              field="on")
        left = f.remaining_days_at_pause or 0
        if left > 0:
            due = cal.add_working_days(on, left).date
        elif left == 0:
            due = cal.next_working_day(on)
        else:
            due = f.due_date  # overdue when paused: stays overdue
        return _finish(replace(f, state=RUNNING, due_date=due, paused_on=None, remaining_days_at_pause=None),
                       cal, thresholds)

    if kind == "restart":
        limit = _days(f.limit_days if days is None else days, "期限")
        due = cal.add_working_days(on, limit).date
        return _finish(replace(f, state=RUNNING, limit_days=limit, due_date=due, paused_on=None,
                               remaining_days_at_pause=None, extended_days=0), cal, thresholds)

    if kind == "extend":
        extra = _days(days, "延长天数")
        if extra == 0:
            raise DomainError("延长天数应至少为 1 个工作日。", code="invalid_days", field="days")
        due = cal.add_working_days(f.due_date, extra).date
        if f.state == PAUSED:
            return _finish(replace(f, due_date=due, extended_days=f.extended_days + extra,
                                   remaining_days_at_pause=(f.remaining_days_at_pause or 0) + extra), cal, thresholds)
        return _finish(replace(f, due_date=due, extended_days=f.extended_days + extra), cal, thresholds)

    if kind == "stop":
        late = (f.remaining_days_at_pause or 0) < 0 if f.state == PAUSED else on > f.due_date
        figures = replace(f, state=STOPPED, stopped_on=on, outcome=LATE if late else ON_TIME, paused_on=None,
                          yellow_from=None)
        return figures

    raise DomainError(f"未知的时限事件类型：{kind}", code="unknown_event")


def replay(events, *, cal: WorkCalendar, thresholds: Thresholds) -> ClockFigures:
    """Derive the figures from the whole ledger (events in order: objects with kind, on, days)."""
    figures = ClockFigures()
    for event in events:
        if event.kind == "recompute":
            continue
        figures = apply(figures, event.kind, on=event.on, days=event.days, cal=cal, thresholds=thresholds)
    return figures


def warning_level(*, state: str, due_date: dt.date, yellow_from: dt.date | None, today: dt.date) -> str:
    """"none" | "yellow" | "red" for a clock on `today` (stored yellow_from; paused/stopped: none)."""
    if state != RUNNING:
        return "none"
    if today > due_date:
        return "red"
    if yellow_from is not None and yellow_from <= today:
        return "yellow"
    return "none"
