"""Provisional years: weekends and the statutory holidays of the 全国年节及纪念日放假办法 (2024 revision), the lunar
ones from lunar-python, checked against the official schedules of 2004–2026 in chinese-calendar."""

import datetime as dt

import chinese_calendar
import pytest
from chinese_calendar import Holiday

from sunshine.workcalendar.calc import WorkCalendar
from sunshine.workcalendar.statutory import (
    DRAGON_BOAT,
    MID_AUTUMN,
    QINGMING,
    SPRING_FESTIVAL,
    SPRING_FESTIVAL_EVE,
    lunar_festivals,
    statutory_holidays,
)

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def test_chinese_calendar_covers_through_2026_only(cal):
    assert max(cal.covered_years) == 2026 and 2027 not in cal.covered_years
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2027, 1, 4))


def test_the_issue_probes(cal):
    # 2026-12-31 + 1 working day is never 2027-01-01 (元旦, a Friday): the Monday after, provisional
    assert cal.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 4), True)
    # 除夕 2028-01-25 (Tuesday) and 初一–初三 01-26..28: the next working day after Monday 01-24 is 01-31
    assert cal.add_working_days(D(2028, 1, 24), 1) == (D(2028, 1, 31), True)


def test_2027_statutory_days():
    assert sorted(statutory_holidays(2027).items()) == [
        (D(2027, 1, 1), "元旦"),
        (D(2027, 2, 5), "春节"), (D(2027, 2, 6), "春节"), (D(2027, 2, 7), "春节"), (D(2027, 2, 8), "春节"),
        (D(2027, 4, 5), "清明节"),
        (D(2027, 5, 1), "劳动节"), (D(2027, 5, 2), "劳动节"),
        (D(2027, 6, 9), "端午节"),
        (D(2027, 9, 15), "中秋节"),
        (D(2027, 10, 1), "国庆节"), (D(2027, 10, 2), "国庆节"), (D(2027, 10, 3), "国庆节"),
    ]


def test_2028_mid_autumn_within_national_day():
    days = statutory_holidays(2028)
    assert lunar_festivals(2028)[MID_AUTUMN] == D(2028, 10, 3)
    assert len(days) == 12 and days[D(2028, 10, 3)] == "国庆节"


def test_provisional_year_skips_weekday_festivals_and_adds_nothing_for_weekend_ones(cal):
    # 2027: 春节 02-05 (Fri) .. 02-08 (Mon): Thursday 02-04 + 1 → Tuesday 02-09
    assert cal.add_working_days(D(2027, 2, 4), 1) == (D(2027, 2, 9), True)
    # 清明 2027-04-05 (Monday)
    assert cal.is_working_day(D(2027, 4, 5)) is False
    # 劳动节 2027-05-01/02 is a weekend: no day is added, no 调休 guessed (Friday 04-30 + 1 → Monday 05-03)
    assert cal.add_working_days(D(2027, 4, 30), 1) == (D(2027, 5, 3), True)
    # 端午 2027-06-09 (Wednesday), 中秋 2027-09-15 (Wednesday), 国庆 10-01 (Friday; 10-02/03 weekend)
    assert [cal.is_working_day(d) for d in (D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 1), D(2027, 10, 4))] == [
        False, False, False, True]
    # 20 working days across 春节 2027: 01-25 → 02-24 (02-05 and 02-08 are off, and the weekends)
    assert cal.add_working_days(D(2027, 1, 25), 20) == (D(2027, 2, 24), True)


def test_overrides_win_over_the_statutory_fallback():
    cal = WorkCalendar(overrides={D(2027, 10, 1): "makeup_workday", D(2027, 10, 4): "holiday"})
    assert cal.is_working_day(D(2027, 10, 1)) is True
    assert cal.is_working_day(D(2027, 10, 4)) is False
    assert cal.add_working_days(D(2027, 10, 1), 1) == (D(2027, 10, 5), True)


def test_a_loaded_year_uses_its_schedule_not_the_fallback():
    cal = WorkCalendar(overrides={D(2027, 1, 4): "holiday"}, loaded_years=[2027])
    assert cal.is_working_day(D(2027, 1, 1)) is True   # not listed in the loaded schedule
    assert cal.add_working_days(D(2026, 12, 31), 2) == (D(2027, 1, 5), False)


def test_without_the_fallback_weekends_only():
    cal = WorkCalendar(statutory=None)
    assert cal.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 1), True)


OFFICIAL_NAMES = {
    SPRING_FESTIVAL: Holiday.spring_festival.value,
    SPRING_FESTIVAL_EVE: Holiday.spring_festival.value,
    QINGMING: Holiday.tomb_sweeping_day.value,
    DRAGON_BOAT: Holiday.dragon_boat_festival.value,
    MID_AUTUMN: Holiday.mid_autumn_festival.value,
}


@pytest.mark.parametrize("year", range(2004, 2027))
def test_library_festivals_are_official_holidays(year):
    """Each festival's main day computed by the library is that festival's holiday in the State Council schedule.

    清明, 端午 and 中秋 became holidays in 2008 (2007 revision); 除夕 was a holiday in 2008–2013 and again from 2025
    (2024 revision); in the other years the schedules gave it only as a bridging day, if at all."""
    festivals = lunar_festivals(year)
    checked = [SPRING_FESTIVAL]
    if year >= 2008:
        checked += [QINGMING, DRAGON_BOAT, MID_AUTUMN]
    if 2008 <= year <= 2013 or year >= 2025:
        checked.append(SPRING_FESTIVAL_EVE)
    for name in checked:
        day = festivals[name]
        is_holiday, official = chinese_calendar.get_holiday_detail(day)
        if name == MID_AUTUMN and official == Holiday.national_day.value:
            official = Holiday.mid_autumn_festival.value  # within 国庆 (2009, 2017, 2020, 2023: one joint holiday)
        if official is None and day.weekday() >= 5:
            official = OFFICIAL_NAMES[name]  # a weekend day inside the holiday: the package names only weekdays
        assert (is_holiday, official) == (True, OFFICIAL_NAMES[name]), (year, name, day)
    # 初二, 初三 too, and the fixed-date festivals
    for offset in (1, 2):
        assert chinese_calendar.is_holiday(festivals[SPRING_FESTIVAL] + dt.timedelta(days=offset)), year
    for fixed in (D(year, 1, 1), D(year, 5, 1), D(year, 10, 1), D(year, 10, 2), D(year, 10, 3)):
        assert chinese_calendar.is_holiday(fixed), (year, fixed)


def test_qingming_is_the_4th_or_5th_of_april():
    days = {lunar_festivals(year)[QINGMING] for year in range(2004, 2101)}
    assert {(d.month, d.day) for d in days} <= {(4, 4), (4, 5)}
    assert lunar_festivals(2008)[QINGMING] == D(2008, 4, 4) and lunar_festivals(2027)[QINGMING] == D(2027, 4, 5)
