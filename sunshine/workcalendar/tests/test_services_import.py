"""Services with the process-level calendar, the override table, the import command, the API and the page."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from sunshine.audit.models import AuditEvent
from sunshine.workcalendar import services
from sunshine.workcalendar.importer import CalendarImportError, parse_csv, parse_json
from sunshine.workcalendar.models import CalendarDay, CalendarYear

D = dt.date
EXAMPLE = "sunshine/workcalendar/data/example-2027.json"


def test_services_follow_package(db):
    assert services.add_working_days(D(2026, 9, 24), 20) == (D(2026, 10, 29), False)
    assert services.working_days_between(D(2026, 9, 24), D(2026, 10, 29)) == 20
    assert services.is_working_day(D(2026, 10, 10)) is True
    assert services.next_working_day(D(2026, 10, 3)) == D(2026, 10, 8)
    assert services.is_provisional(D(2027, 3, 1)) is True


def test_override_rows_win_and_invalidate_the_cached_calendar(db):
    assert services.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)
    CalendarDay.objects.create(date=D(2026, 10, 10), kind=CalendarDay.Kind.HOLIDAY, note="测试：取消调休")
    assert services.is_working_day(D(2026, 10, 10)) is False
    assert services.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 12)
    CalendarDay.objects.filter(date=D(2026, 10, 10)).get().delete()
    assert services.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)


def test_loaded_year_without_package_uses_overrides(db):
    # not covered: weekends and the statutory 元旦 (Friday 2027-01-01), provisional
    assert services.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 4), True)
    CalendarDay.objects.create(date=D(2027, 1, 4), kind=CalendarDay.Kind.HOLIDAY, note="测试")
    assert services.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 5), True)  # override alone: still provisional
    CalendarYear.objects.create(year=2027, source="测试")
    # loaded: the year's schedule is the override table alone (no statutory fallback): 01-01 is a working day
    assert services.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 1), False)
    CalendarDay.objects.create(date=D(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, note="元旦")
    assert services.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 5), False)


def test_import_example_2027_changes_result_and_clears_flag(db):
    start = D(2027, 9, 28)
    assert services.add_working_days(start, 5) == (D(2027, 10, 6), True)  # weekends and 国庆 10-01 (Friday)
    call_command("calendar", "import", EXAMPLE)
    # example: 10-1, 10-4..7 off, 10-9 (Saturday) working
    assert services.add_working_days(start, 5) == (D(2027, 10, 11), False)
    assert CalendarYear.objects.get(year=2027).source.startswith("示例数据")
    assert CalendarDay.objects.filter(date__year=2027).count() == 22
    event = AuditEvent.objects.get(action="workcalendar.import")
    assert event.after["holidays"] == 18 and event.after["makeup_workdays"] == 4


def test_import_replaces_the_year(db, tmp_path):
    CalendarDay.objects.create(date=D(2027, 3, 3), kind=CalendarDay.Kind.HOLIDAY, note="旧数据")
    CalendarDay.objects.create(date=D(2026, 3, 3), kind=CalendarDay.Kind.HOLIDAY, note="其他年度")
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,note\n2027-01-01,holiday,元旦\n2027-02-20,makeup_workday,调休\n", encoding="utf-8")
    call_command("calendar", "import", str(path))
    assert sorted(CalendarDay.objects.values_list("date", flat=True)) == [D(2026, 3, 3), D(2027, 1, 1), D(2027, 2, 20)]
    assert services.is_working_day(D(2027, 3, 3)) is True
    assert services.is_working_day(D(2027, 2, 20)) is True


@pytest.mark.parametrize(("text", "message"), [
    ('{"year": 2027, "holidays": [{"date": "2028-01-01"}]}', "不属于 2027 年"),
    ('{"year": 2027, "holidays": ["2027-01-01"], "makeup_workdays": ["2027-01-01"]}', "不能同时是节假日和调休上班日"),
    ('{"year": 2027, "holidays": [{"date": "2027-13-01"}]}', "格式错误"),
    ('{"holidays": []}', "年度"),
    ('{"year": 2027', "JSON 格式错误"),
])
def test_json_validation_errors_in_chinese(text, message):
    with pytest.raises(CalendarImportError, match=message):
        parse_json(text)


def test_csv_validation():
    schedule = parse_csv("date,kind,note\n2027-01-01,holiday,元旦\n2027-02-20,班,调休\n")
    assert schedule.year == 2027 and schedule.holidays == 1 and schedule.makeup_workdays == 1
    with pytest.raises(CalendarImportError, match="类型“rest”无效"):
        parse_csv("2027-01-01,rest,x\n")
    with pytest.raises(CalendarImportError, match="同一年度"):
        parse_csv("2027-01-01,holiday\n2028-01-01,holiday\n")


def test_bad_file_saves_nothing(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"year": 2027, "holidays": ["2027-01-01", "2026-12-31"]}), encoding="utf-8")
    with pytest.raises(CommandError, match="不属于 2027 年"):
        call_command("calendar", "import", str(path))
    assert not CalendarDay.objects.exists()
    assert not CalendarYear.objects.exists()


def test_api_due_date(client, db):
    response = client.get("/api/v1/calendar/due-date", {"start": "2026-09-24", "working_days": 20})
    assert response.status_code == 200
    assert response.json() == {"start": "2026-09-24", "working_days": 20, "due_date": "2026-10-29",
                               "provisional": False}
    response = client.get("/api/v1/calendar/due-date", {"start": "2026-12-17", "working_days": 20})
    assert response.json()["due_date"] == "2027-01-15" and response.json()["provisional"] is True


@pytest.mark.parametrize(("params", "message"), [
    ({"start": "2026-02-30", "working_days": 5}, "起算日格式错误"),
    ({"start": "2026-09-24", "working_days": -1}, "不能为负数"),
    ({"start": "2026-09-24", "working_days": 1001}, "不能超过 1000"),
    ({"start": "2026-09-24", "working_days": "x"}, "应为整数"),
    ({"working_days": 3}, "请填写起算日"),
    ({"start": "1990-01-01", "working_days": 3}, "超出工作日历的范围"),
])
def test_api_due_date_rejects_bad_input(client, db, params, message):
    response = client.get("/api/v1/calendar/due-date", params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_public_calculator_page(client, db):
    response = client.get("/calendar/", {"start": "2026-09-24", "working_days": "20"})
    assert response.status_code == 200
    assert "2026年10月29日" in response.content.decode()
    response = client.get("/calendar/", {"start": "2026-12-17", "working_days": "20"})
    assert "暂定" in response.content.decode()
    response = client.get("/calendar/", {"start": "bad", "working_days": "20"})
    assert "起算日格式错误" in response.content.decode()
