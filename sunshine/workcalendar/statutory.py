"""Statutory holidays (法定节假日) of the 全国年节及纪念日放假办法 (2024 revision, in force 2025-01-01), per year.

Used as the fallback for a year whose State Council schedule (国务院办公厅关于XXXX年部分节假日安排的通知) is not
known yet: such a year skips weekends and these days, and every result touching it stays provisional (暂定) until
the schedule is loaded (docs/calendar.md). The 调休 make-up working days and the bridging days that the yearly
notice adds are not guessed; a statutory day falling on a weekend adds nothing.

Art. 2 (holidays for all citizens):

| festival | days | rule |
|---|---|---|
| 元旦 | 1 | 1 January |
| 春节 | 4 | 除夕 (the last day of the 12th lunar month) and 初一–初三 of the 1st lunar month |
| 清明节 | 1 | the day of the solar term 清明 (4 or 5 April, Beijing time) |
| 劳动节 | 2 | 1 and 2 May |
| 端午节 | 1 | the 5th day of the 5th lunar month |
| 中秋节 | 1 | the 15th day of the 8th lunar month |
| 国庆节 | 3 | 1–3 October |

The lunar dates and the solar term come from `lunar-python` (6tail's lunar, pinned in pyproject.toml; it computes
new moons and solar terms astronomically, Beijing time), not from a hand-written table. The results are checked
against the official schedules of 2004–2026 in `chinese-calendar` (tests/test_statutory.py).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

NEW_YEAR = "元旦"
SPRING_FESTIVAL_EVE = "春节（除夕）"
SPRING_FESTIVAL = "春节"
QINGMING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"


def _solar(julian_day: float) -> dt.date:
    from lunar_python import Solar

    solar = Solar.fromJulianDay(julian_day)
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=256)
def lunar_festivals(year: int) -> dict[str, dt.date]:
    """The Gregorian dates in `year` of 春节 (初一), 除夕, 端午, 中秋 and the solar term 清明."""
    from lunar_python import Lunar, LunarYear

    lunar_year = LunarYear.fromYear(year)
    first_month, fifth_month, eighth_month = (lunar_year.getMonth(m) for m in (1, 5, 8))
    new_year = _solar(first_month.getFirstJulianDay())
    names = Lunar.JIE_QI_IN_USE
    qingming_jd = lunar_year.getJieQiJulianDays()[names.index("清明")]
    return {
        SPRING_FESTIVAL: new_year,
        SPRING_FESTIVAL_EVE: new_year - dt.timedelta(days=1),
        QINGMING: _solar(qingming_jd),
        DRAGON_BOAT: _solar(fifth_month.getFirstJulianDay()) + dt.timedelta(days=4),
        MID_AUTUMN: _solar(eighth_month.getFirstJulianDay()) + dt.timedelta(days=14),
    }


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """{date: festival name} of the 13 statutory holiday days of `year` (weekend days included)."""
    lunar = lunar_festivals(year)
    days: dict[dt.date, str] = {dt.date(year, 1, 1): NEW_YEAR}
    days[lunar[SPRING_FESTIVAL_EVE]] = SPRING_FESTIVAL
    for offset in range(3):
        days[lunar[SPRING_FESTIVAL] + dt.timedelta(days=offset)] = SPRING_FESTIVAL
    days[lunar[QINGMING]] = QINGMING
    days[dt.date(year, 5, 1)] = days[dt.date(year, 5, 2)] = LABOUR_DAY
    days[lunar[DRAGON_BOAT]] = DRAGON_BOAT
    days[lunar[MID_AUTUMN]] = MID_AUTUMN  # in some years within 国庆 (2028-10-03): 13 days become 12
    for day in (1, 2, 3):
        days[dt.date(year, 10, day)] = NATIONAL_DAY
    return days
