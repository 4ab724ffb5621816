"""Working-day services (工作日计算): the kernel contract (docs/kernel-api.md).

All functions use the process-level calendar (`cache.current_calendar`), which follows the override
table. The day of receipt is not counted; a limit of N working days ends on the N-th working day
after the start date (DOMAIN.md §3).
"""

from __future__ import annotations

import datetime as dt
from time import monotonic

from .cache import _refresh, _state, current_calendar
from .calc import DueDate

__all__ = ["DueDate", "add_working_days", "is_provisional", "is_working_day", "next_working_day",
           "working_days_between"]


def add_working_days(start: dt.date, n: int) -> DueDate:
    """The n-th working day after `start` (`start` not counted; n == 0 → start), flagged if provisional."""
    # current_calendar() inlined: this is the hot path (bench/due_date.py)
    calendar = _state.calendar
    if calendar is None or _state.uncommitted_owner is not None or monotonic() >= _state.next_check:
        calendar = _refresh()
    return calendar.add_working_days(start, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days in (a, b]."""
    return current_calendar().working_days_between(a, b)


def is_working_day(d: dt.date) -> bool:
    return current_calendar().is_working_day(d)


def next_working_day(d: dt.date) -> dt.date:
    """`d` itself if it is a working day, otherwise the first working day after it."""
    return current_calendar().next_working_day(d)


def is_provisional(d: dt.date) -> bool:
    """True when `d` is in a year whose holiday schedule is not known yet (weekends-only, 暂定)."""
    return current_calendar().is_provisional(d)
