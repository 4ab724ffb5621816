"""Working-day arithmetic with exact dates of the 2026 State Council schedule (chinese-calendar 1.11.0)."""

import datetime as dt

import pytest

from sunshine.core.errors import DomainError
from sunshine.workcalendar.calc import WorkCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def test_national_day_and_mid_autumn_2026(cal):
    # 9-25..27 Mid-Autumn, 10-1..7 National Day, 10-10 (Saturday) make-up working day
    assert cal.add_working_days(D(2026, 9, 24), 20) == (D(2026, 10, 29), False)


def test_receipt_day_not_counted(cal):
    assert cal.add_working_days(D(2026, 3, 2), 1).date == D(2026, 3, 3)  # Monday → Tuesday
    assert cal.add_working_days(D(2026, 3, 6), 1).date == D(2026, 3, 9)  # Friday → Monday
    assert cal.add_working_days(D(2026, 3, 2), 0).date == D(2026, 3, 2)


def test_spring_festival_2026(cal):
    # 2-15..23 off; 2-14 (Sat) and 2-28 (Sat) are make-up working days
    assert cal.add_working_days(D(2026, 2, 13), 1).date == D(2026, 2, 14)
    assert cal.add_working_days(D(2026, 2, 14), 1).date == D(2026, 2, 24)
    assert cal.add_working_days(D(2026, 2, 12), 7).date == D(2026, 2, 28)
    assert cal.add_working_days(D(2026, 2, 10), 20).date == D(2026, 3, 16)


def test_may_day_2026_with_makeup_saturday(cal):
    # 5-1..5 off, 5-9 (Saturday) working
    assert cal.add_working_days(D(2026, 4, 30), 1).date == D(2026, 5, 6)
    assert cal.add_working_days(D(2026, 5, 6), 3).date == D(2026, 5, 9)
    assert cal.is_working_day(D(2026, 5, 9)) is True
    assert cal.is_working_day(D(2026, 5, 4)) is False
    assert cal.is_working_day(D(2026, 5, 10)) is False


def test_makeup_saturday_counted(cal):
    assert cal.is_working_day(D(2026, 10, 10)) is True
    assert cal.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)
    assert cal.working_days_between(D(2026, 10, 9), D(2026, 10, 12)) == 2


def test_working_days_between_is_half_open(cal):
    assert cal.working_days_between(D(2026, 9, 24), D(2026, 10, 29)) == 20
    assert cal.working_days_between(D(2026, 9, 24), D(2026, 9, 24)) == 0
    assert cal.working_days_between(D(2026, 10, 29), D(2026, 9, 24)) == -20


def test_next_working_day(cal):
    assert cal.next_working_day(D(2026, 10, 1)) == D(2026, 10, 8)
    assert cal.next_working_day(D(2026, 10, 8)) == D(2026, 10, 8)


def test_2027_skips_weekends_and_statutory_holidays_and_is_provisional(cal):
    assert 2026 in cal.covered_years and 2027 not in cal.covered_years  # chinese-calendar 1.11.0 ends with 2026
    assert cal.is_provisional(D(2027, 1, 1)) is True
    assert cal.is_provisional(D(2026, 12, 31)) is False
    assert cal.is_working_day(D(2027, 1, 1)) is False  # Friday, 元旦
    # 2026-12-17 + 20: into 2027 → provisional; 元旦 skipped
    assert cal.add_working_days(D(2026, 12, 17), 20) == (D(2027, 1, 15), True)
    # ending on 12-31 stays within covered 2026
    assert cal.add_working_days(D(2026, 12, 30), 1) == (D(2026, 12, 31), False)
    # the probe: starting on 12-31, + 1 working day is never 2027-01-01
    assert cal.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 4), True)


def test_overrides_win_over_package():
    cal = WorkCalendar(overrides={D(2026, 10, 10): "holiday", D(2026, 10, 8): "holiday",
                                  D(2026, 3, 7): "makeup_workday"})
    assert cal.is_working_day(D(2026, 10, 10)) is False
    assert cal.is_working_day(D(2026, 3, 7)) is True
    assert cal.add_working_days(D(2026, 9, 30), 1).date == D(2026, 10, 9)


def test_loaded_year_not_provisional():
    cal = WorkCalendar(overrides={D(2027, 1, 1): "holiday"}, loaded_years=[2027])
    assert cal.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 4), False)
    assert cal.is_provisional(D(2027, 6, 1)) is False
    assert cal.is_provisional(D(2028, 6, 1)) is True


def test_negative_and_out_of_range(cal):
    with pytest.raises(DomainError, match="负数"):
        cal.add_working_days(D(2026, 1, 5), -1)
    with pytest.raises(DomainError, match="超出"):
        cal.add_working_days(D(1999, 1, 5), 1)


def test_nth_working_day_back(cal):
    assert cal.nth_working_day_back(D(2026, 10, 29), 0) == D(2026, 10, 29)
    assert cal.nth_working_day_back(D(2026, 10, 29), 4) == D(2026, 10, 23)
    assert cal.nth_working_day_back(D(2026, 10, 12), 1) == D(2026, 10, 10)  # make-up Saturday
    assert cal.nth_working_day_back(D(2026, 10, 8), 1) == D(2026, 9, 30)  # across the holidays


def test_indexed_arithmetic_agrees_with_a_day_by_day_walk_over_every_covered_year(cal):
    """The O(log n) index against the plain definition (the n-th day after `start` that chinese-calendar calls a
    working day), on 2,000 random starts and limits from 2004 to 2027, provisional years (weekends and statutory
    holidays) included."""
    import functools
    import random

    import chinese_calendar

    covered = {year for year in range(2004, 2030) if cal.is_covered(year)}

    from sunshine.workcalendar.statutory import statutory_holidays

    @functools.cache
    def is_working_day(d: dt.date) -> bool:
        if d.year in covered:
            return chinese_calendar.is_workday(d)
        return d.weekday() < 5 and d not in statutory_holidays(d.year)

    rng = random.Random(20261122)
    first, last = D(2004, 1, 1), D(2027, 10, 1)
    for _ in range(2000):
        start = first + dt.timedelta(days=rng.randrange((last - first).days))
        n = rng.choice([0, 1, 2, 5, 7, 10, 15, 20, 40, rng.randrange(0, 61)])
        day, left = start, n
        while left:
            day += dt.timedelta(days=1)
            left -= is_working_day(day)
        due = cal.add_working_days(start, n)
        assert due.date == day, (start, n)
        years = range((start + dt.timedelta(days=1)).year, day.year + 1) if day > start else ()
        assert due.provisional == any(year not in covered for year in years), (start, n)
        assert cal.working_days_between(start, day) == n, (start, n)

        # the first day of a yellow warning: the working day w with exactly k working days in (w, due]
        k = rng.randrange(0, 6)
        back, seen = day, 0
        while not (is_working_day(back) and seen == k):
            seen += is_working_day(back)
            back -= dt.timedelta(days=1)
        assert cal.nth_working_day_back(day, k) == back, (day, k)
