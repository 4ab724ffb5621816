"""The process-level calendar: revision checks, admin edits, and no leak of rolled-back overrides."""

import datetime as dt

from django.core.cache import cache

from sunshine.workcalendar import cache as calendar_cache
from sunshine.workcalendar import services
from sunshine.workcalendar.models import CalendarDay

D = dt.date


def test_revision_bump_by_another_process_is_seen_after_the_check_interval(db, django_assert_num_queries):
    assert services.is_working_day(D(2026, 3, 9)) is True
    with django_assert_num_queries(0):
        for _ in range(100):
            services.add_working_days(D(2026, 3, 6), 1)
    # another process changed the table (no signal here) and bumped the shared revision
    CalendarDay.objects.bulk_create([CalendarDay(date=D(2026, 3, 9), kind="holiday", note="外部修改")])
    cache.set(calendar_cache.REVISION_KEY, 999_999, timeout=None)
    assert services.is_working_day(D(2026, 3, 9)) is True  # within the check interval: unchanged
    calendar_cache._state.next_check = 0.0  # a second later
    assert services.is_working_day(D(2026, 3, 9)) is False


def test_admin_edit_invalidates(admin_client):
    assert services.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)
    response = admin_client.post("/admin/workcalendar/calendarday/add/",
                                 {"date": "2026-10-10", "kind": "holiday", "note": "取消调休"})
    assert response.status_code == 302
    assert services.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 12)
    day = CalendarDay.objects.get()
    response = admin_client.post(f"/admin/workcalendar/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert services.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)


def test_calendar_of_a_rolled_back_transaction_is_dropped(db, monkeypatch):
    """A calendar built inside the transaction that changed overrides dies with that transaction.

    (pytest-django keeps one transaction open per test, so the end of the outermost block is simulated.)
    """
    from django.db import transaction

    transaction_block = object()
    monkeypatch.setattr(calendar_cache, "_outermost_block", lambda: transaction_block)
    savepoint = transaction.savepoint()
    CalendarDay.objects.create(date=D(2026, 3, 9), kind="holiday")
    assert services.is_working_day(D(2026, 3, 9)) is False  # this transaction sees its own change
    transaction.savepoint_rollback(savepoint)
    assert services.is_working_day(D(2026, 3, 9)) is False  # still inside it
    monkeypatch.setattr(calendar_cache, "_outermost_block", lambda: None)  # rolled back and gone
    assert services.is_working_day(D(2026, 3, 9)) is True
