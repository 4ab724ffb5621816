"""Working-day arithmetic (工作日计算): pure, no ORM, O(log n) by bisect over a sorted array of ordinals.

A `WorkCalendar` is built once from these sources, in this order of precedence:

1. override days (`CalendarDay`: holiday or make-up working day) — always win;
2. the `chinese-calendar` package (official State Council schedules, 2004–2026 in v1.11.0);
3. for a year neither the package nor a loaded schedule covers: weekends and the statutory holidays of the
   全国年节及纪念日放假办法 (`statutory.py`: 元旦, 春节 ×4, 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3);
4. otherwise weekends only (Monday–Friday are working days).

A year is *covered* when the package has it or it is listed as loaded (`CalendarYear`). A result
that depends on a year not covered is *provisional* (计算结果为暂定): computed from weekends and the statutory
holidays (no 调休 make-up days guessed), to be recomputed when that year's schedule is loaded.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from sunshine.core.errors import DomainError

from .statutory import statutory_holidays

FIRST_YEAR = 2004
YEARS_AFTER_COVERED = 10

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"


class CalendarRangeError(DomainError):
    code = "calendar_out_of_range"


class DueDate(NamedTuple):
    """A computed due date (期限) and whether it is provisional (暂定：该年度节假日安排尚未发布/导入)."""

    date: dt.date
    provisional: bool


def package_schedule() -> tuple[dict[dt.date, str], set[int]]:
    """The `chinese-calendar` schedule as {date: kind} for the days that differ from Mon–Fri, and its years."""
    from chinese_calendar import constants

    days: dict[dt.date, str] = {}
    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    for d in constants.holidays:
        if d.weekday() < 5:
            days[d] = HOLIDAY
    for d in constants.workdays:
        if d.weekday() >= 5:
            days[d] = MAKEUP_WORKDAY
    return days, set(range(min(years), max(years) + 1))


class WorkCalendar:
    """An immutable index of working days from 1 January `first_year` to 31 December `last_year`."""

    __slots__ = ("_dates", "_due_prefix", "_first_ord", "_last_ord", "_uncovered_prefix", "_working", "covered_years",
                 "first_year", "last_year", "revision")

    def __init__(self, *, overrides: Mapping[dt.date, str] | None = None, loaded_years: Iterable[int] = (),
                 package_days: Mapping[dt.date, str] | None = None, package_years: Iterable[int] | None = None,
                 first_year: int = FIRST_YEAR, last_year: int | None = None, revision: object = None,
                 statutory: Callable[[int], Mapping[dt.date, str]] | None = statutory_holidays):
        """`statutory(year)` gives the fallback holidays of an uncovered year (None: weekends only)."""
        if package_days is None or package_years is None:
            package_days, package_years = package_schedule()
        package_years = set(package_years)
        covered = package_years | set(loaded_years)
        overrides = dict(overrides or {})
        if last_year is None:
            last_year = max(covered | {d.year for d in overrides} | {first_year}) + YEARS_AFTER_COVERED
        self.first_year = first_year
        self.last_year = last_year
        self.covered_years = frozenset(covered)
        self.revision = revision
        self._first_ord = dt.date(first_year, 1, 1).toordinal()
        self._last_ord = dt.date(last_year, 12, 31).toordinal()

        working: list[int] = []
        first_ord = self._first_ord
        # Monday of the first week: ordinal 1 (0001-01-01) is a Monday, so weekday = (ordinal - 1) % 7.
        for ordinal in range(first_ord, self._last_ord + 1):
            if (ordinal - 1) % 7 < 5:
                working.append(ordinal)
        changes: dict[int, bool] = {}
        for d, kind in package_days.items():
            if d.year in package_years and first_year <= d.year <= last_year:
                changes[d.toordinal()] = kind == MAKEUP_WORKDAY
        if statutory is not None:
            for year in range(first_year, last_year + 1):
                if year not in covered:
                    for d in statutory(year):
                        if d.weekday() < 5:
                            changes[d.toordinal()] = False
        for d, kind in overrides.items():
            if first_year <= d.year <= last_year:
                changes[d.toordinal()] = kind == MAKEUP_WORKDAY
        if changes:
            days = set(working)
            for ordinal, is_working in changes.items():
                if is_working:
                    days.add(ordinal)
                else:
                    days.discard(ordinal)
            working = sorted(days)
        self._working = working
        # the working days as dates, so a lookup returns a ready-made date object
        self._dates = [dt.date.fromordinal(o) for o in working]
        # _uncovered_prefix[i] = number of uncovered years among first_year .. first_year + i - 1
        prefix = [0]
        for year in range(first_year, last_year + 1):
            prefix.append(prefix[-1] + (year not in covered))
        self._uncovered_prefix = prefix
        # for each working day: uncovered years from first_year up to and including its year
        self._due_prefix = [prefix[d.year - first_year + 1] for d in self._dates]

    # --- queries -------------------------------------------------------------------------------------------------
    def _check(self, d: dt.date) -> int:
        ordinal = d.toordinal()
        if not self._first_ord <= ordinal <= self._last_ord:
            message = f"日期 {d.isoformat()} 超出工作日历的范围（{self.first_year}年至{self.last_year}年）。"
            raise CalendarRangeError(message, code="out_of_range")
        return ordinal

    def is_working_day(self, d: dt.date) -> bool:
        ordinal = self._check(d)
        i = bisect_left(self._working, ordinal)
        return i < len(self._working) and self._working[i] == ordinal

    def next_working_day(self, d: dt.date) -> dt.date:
        """`d` itself if it is a working day, else the first working day after it."""
        i = bisect_left(self._working, self._check(d))
        if i >= len(self._working):
            raise CalendarRangeError(f"{self.last_year}年之后的日期无法计算。", code="out_of_range")
        return self._dates[i]

    def is_covered(self, year: int) -> bool:
        return year in self.covered_years

    def is_provisional(self, d: dt.date) -> bool:
        """True when `d` falls in a year whose holiday schedule is neither in the package nor loaded."""
        return d.year not in self.covered_years

    def range_provisional(self, start: dt.date, end: dt.date) -> bool:
        """True when any year of the days in (start, end] is not covered."""
        if end <= start:
            return False
        first = (start + dt.timedelta(days=1)).year - self.first_year
        last = end.year - self.first_year
        prefix = self._uncovered_prefix
        if first < 0 or last + 1 >= len(prefix):
            return True
        return prefix[last + 1] - prefix[first] > 0

    def add_working_days(self, start: dt.date, n: int) -> DueDate:
        """The n-th working day after `start` (the day `start` itself is not counted); `n == 0` gives `start`."""
        if n < 0:
            raise DomainError("工作日数不能为负数。", code="negative_days")
        ordinal = start.toordinal()
        if n == 0:
            self._check(start)
            return DueDate(start, False)
        if not self._first_ord <= ordinal <= self._last_ord:
            self._check(start)
        i = bisect_right(self._working, ordinal) + n - 1
        try:
            due = self._dates[i]
        except IndexError:
            message = f"期限超出工作日历的范围（{self.last_year}年之后）。"
            raise CalendarRangeError(message, code="out_of_range") from None
        # provisional when an uncovered year lies in (start, due]: prefix counts up to due's year minus
        # those before the year of the day after start
        first = start.year + (start.month == 12 and start.day == 31) - self.first_year
        return DueDate(due, self._due_prefix[i] - self._uncovered_prefix[first] > 0)

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b]; negative when b < a (−(working days in (b, a]))."""
        if b < a:
            return -self.working_days_between(b, a)
        self._check(a)
        self._check(b)
        return bisect_right(self._working, b.toordinal()) - bisect_right(self._working, a.toordinal())

    def nth_working_day_back(self, d: dt.date, k: int) -> dt.date:
        """The working day w such that exactly k working days lie in (w, d] (k ≥ 0).

        For k == 0 this is the last working day on or before `d`. Used for the first day of a yellow
        warning: the first day on which at most k working days remain until the due date.
        """
        i = bisect_right(self._working, self._check(d)) - 1 - k
        if i < 0:
            return dt.date.fromordinal(self._first_ord)
        return self._dates[i]

    def __repr__(self) -> str:
        return f"<WorkCalendar {self.first_year}–{self.last_year} revision={self.revision!r}>"
