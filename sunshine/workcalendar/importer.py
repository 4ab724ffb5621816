"""Import one year's holiday schedule (导入年度节假日安排) from JSON or CSV; see docs/calendar.md.

`parse_schedule` validates (Chinese errors, nothing saved); `calendar_import_year` replaces that
year's override rows atomically, marks the year loaded, and announces the change of the whole year
(`signals.calendar_days_changed`, once): the clocks app recomputes, in the same transaction, every unstopped
clock touching the year. This module does not import the clocks (the calendar is below them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sunshine.audit.services import record
from sunshine.core.errors import DomainError

from .models import CalendarDay, CalendarYear
from .signals import coalesce_changes, send_changed

KIND_ALIASES = {
    "holiday": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "放假": CalendarDay.Kind.HOLIDAY,
    "节假日": CalendarDay.Kind.HOLIDAY,
    "makeup_workday": CalendarDay.Kind.MAKEUP_WORKDAY,
    "班": CalendarDay.Kind.MAKEUP_WORKDAY,
    "上班": CalendarDay.Kind.MAKEUP_WORKDAY,
    "调休上班": CalendarDay.Kind.MAKEUP_WORKDAY,
}


class CalendarImportError(DomainError):
    code = "calendar_import_invalid"


@dataclass
class YearSchedule:
    """A validated schedule: {date: (kind, note)} for one year."""

    year: int
    days: dict[dt.date, tuple[str, str]] = field(default_factory=dict)
    source: str = ""

    @property
    def holidays(self) -> int:
        return sum(1 for kind, _ in self.days.values() if kind == CalendarDay.Kind.HOLIDAY)

    @property
    def makeup_workdays(self) -> int:
        return sum(1 for kind, _ in self.days.values() if kind == CalendarDay.Kind.MAKEUP_WORKDAY)


def _parse_date(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        raise CalendarImportError(f"{where}：日期“{value}”格式错误，应为 YYYY-MM-DD。", code="bad_date") from None


def _add(schedule: YearSchedule, d: dt.date, kind: str, note: str, where: str) -> None:
    if d.year != schedule.year:
        raise CalendarImportError(f"{where}：日期 {d:%Y-%m-%d} 不属于 {schedule.year} 年。", code="wrong_year")
    previous = schedule.days.get(d)
    if previous is not None:
        if previous[0] != kind:
            raise CalendarImportError(f"{where}：日期 {d:%Y-%m-%d} 不能同时是节假日和调休上班日。", code="both_kinds")
        raise CalendarImportError(f"{where}：日期 {d:%Y-%m-%d} 重复出现。", code="duplicate_date")
    schedule.days[d] = (kind, (note or "").strip()[:100])


def parse_json(text: str) -> YearSchedule:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarImportError(f"JSON 格式错误（第{exc.lineno}行）：{exc.msg}", code="bad_json") from None
    if not isinstance(data, dict):
        raise CalendarImportError("JSON 顶层应为对象，包含 year、holidays、makeup_workdays。", code="bad_json")
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise CalendarImportError("缺少或无效的年度（year），应为 2000 至 2100 之间的整数。", code="bad_year")
    schedule = YearSchedule(year=year, source=str(data.get("source", ""))[:200])
    for key, kind in (("holidays", CalendarDay.Kind.HOLIDAY), ("makeup_workdays", CalendarDay.Kind.MAKEUP_WORKDAY)):
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise CalendarImportError(f"“{key}”应为列表。", code="bad_json")
        for index, entry in enumerate(entries, start=1):
            where = f"{key} 第{index}项"
            if isinstance(entry, str):
                entry = {"date": entry}
            if not isinstance(entry, dict) or "date" not in entry:
                raise CalendarImportError(f"{where}：应为含 date 的对象或日期字符串。", code="bad_entry")
            _add(schedule, _parse_date(entry["date"], where), kind, str(entry.get("note", "")), where)
    if not schedule.days:
        raise CalendarImportError("文件中没有任何节假日或调休上班日。", code="empty")
    return schedule


def parse_csv(text: str, *, year: int | None = None) -> YearSchedule:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if rows and rows[0] and rows[0][0].strip().lower() in {"date", "日期"}:
        rows = rows[1:]
    if not rows:
        raise CalendarImportError("CSV 文件中没有数据行（格式：date,kind,note）。", code="empty")
    parsed = []
    for number, row in enumerate(rows, start=1):
        where = f"第{number}行数据"
        if len(row) < 2:
            raise CalendarImportError(f"{where}：至少需要 date 和 kind 两列。", code="bad_row")
        kind = KIND_ALIASES.get(row[1].strip())
        if kind is None:
            raise CalendarImportError(f"{where}：类型“{row[1]}”无效，应为 holiday 或 makeup_workday。", code="bad_kind")
        parsed.append((_parse_date(row[0], where), kind, row[2] if len(row) > 2 else "", where))
    years = {d.year for d, *_ in parsed}
    if year is None:
        if len(years) != 1:
            raise CalendarImportError("CSV 文件中的日期应属于同一年度。", code="wrong_year")
        year = years.pop()
    schedule = YearSchedule(year=year)
    for d, kind, note, where in parsed:
        _add(schedule, d, kind, note, where)
    return schedule


def parse_file(path: str | Path, *, year: int | None = None) -> YearSchedule:
    """Read a .json or .csv file (UTF-8) and validate it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CalendarImportError(f"文件不存在：{path}", code="not_found") from None
    except UnicodeDecodeError:
        raise CalendarImportError("文件应为 UTF-8 编码。", code="bad_encoding") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        schedule = parse_json(text)
        if year is not None and schedule.year != year:
            raise CalendarImportError(f"文件中的年度 {schedule.year} 与指定的 {year} 不一致。", code="wrong_year")
    else:
        schedule = parse_csv(text, year=year)
    if not schedule.source:
        schedule.source = path.name[:200]
    return schedule


@dataclass
class ImportResult:
    year: int
    holidays: int
    makeup_workdays: int
    replaced: int
    recomputed: int


@transaction.atomic
def calendar_import_year(*, schedule: YearSchedule, actor=None, source: str = "") -> ImportResult:
    """Replace `schedule.year`'s override rows, mark the year loaded, recompute the clocks touching the year."""
    start, end = dt.date(schedule.year, 1, 1), dt.date(schedule.year, 12, 31)
    with coalesce_changes(actor=actor, reason=f"已导入{schedule.year}年节假日安排，重新计算期限") as changes:
        existing = CalendarDay.objects.filter(date__range=(start, end))
        replaced = existing.count()
        existing.delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(date=d, kind=kind, note=note) for d, (kind, note) in sorted(schedule.days.items())])
        year_row, _ = CalendarYear.objects.update_or_create(
            year=schedule.year, defaults={"source": (source or schedule.source)[:200]})
        send_changed(date_from=start, date_to=end, actor=actor)  # bulk_create sends no signals
        record(action="workcalendar.import", target=year_row, actor=actor,
               after={"year": schedule.year, "holidays": schedule.holidays,
                      "makeup_workdays": schedule.makeup_workdays, "replaced": replaced},
               reason=f"导入{schedule.year}年节假日安排")
    return ImportResult(year=schedule.year, holidays=schedule.holidays, makeup_workdays=schedule.makeup_workdays,
                        replaced=replaced, recomputed=changes["changed"])
