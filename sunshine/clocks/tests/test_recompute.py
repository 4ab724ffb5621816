"""A holiday edit recomputes the clocks it affects, in the editing transaction: through the real admin views (add,
change, delete, bulk delete), any save, and `clocks_recompute` itself."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from sunshine.audit.models import AuditEvent
from sunshine.clocks import services
from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError
from sunshine.workcalendar.models import CalendarDay, CalendarYear

D = dt.date


@pytest.fixture
def clocks(start_clock):
    """A running clock over 2026-11-16 and others that a holiday on that day must leave alone."""
    return {
        "running": start_clock(D(2026, 11, 2), 20, label="计时中"),                     # due 11-30
        "paused": start_clock(D(2026, 11, 2), 20, label="已暂停"),
        "after": start_clock(D(2026, 11, 20), 5, label="之后开始"),                      # due 11-27
        "before": start_clock(D(2026, 10, 12), 5, label="之前到期"),                     # due 10-19
        "stopped": start_clock(D(2026, 11, 2), 20, label="已结束"),
        "natural": start_clock(D(2026, 11, 2), 20, unit="natural_days", label="自然日"),   # due 11-22
    }


def _prepare(clocks):
    services.clock_pause(clocks["paused"], on=D(2026, 11, 9))    # 15 working days left: 11-10 .. 11-30
    services.clock_stop(clocks["stopped"], on=D(2026, 11, 20))


def test_admin_add_change_delete_moves_the_due_dates(admin_client, clocks):
    _prepare(clocks)
    running = clocks["running"]
    assert (running.due_date, running.yellow_from) == (D(2026, 11, 30), D(2026, 11, 24))

    response = admin_client.post("/admin/workcalendar/calendarday/add/",
                                 {"date": "2026-11-16", "kind": "holiday", "note": "临时休假"})
    assert response.status_code == 302
    running.refresh_from_db()
    assert (running.due_date, running.yellow_from) == (D(2026, 12, 1), D(2026, 11, 25))
    event = running.events.get(kind="recompute")
    admin = get_user_model().objects.get(username="admin")
    assert (event.due_before, event.due_after, event.actor) == (D(2026, 11, 30), D(2026, 12, 1), admin)
    assert "2026-11-16" in event.reason
    audit = AuditEvent.objects.get(action="clock.recompute", target_id=str(running.pk))
    assert audit.actor == admin and audit.before["due_date"] == "2026-11-30" and audit.after["due_date"] == "2026-12-01"
    paused = Clock.objects.get(pk=clocks["paused"].pk)
    # paused on 11-09: its due date at the pause moves too, the working days left at the pause stay 15
    assert (paused.due_date, paused.remaining_days_at_pause) == (D(2026, 12, 1), 15)
    assert paused.events.filter(kind="recompute").count() == 1
    for name in ("after", "before", "stopped", "natural"):
        assert not clocks[name].events.filter(kind="recompute").exists(), name
    assert Clock.objects.get(pk=clocks["stopped"].pk).due_date == D(2026, 11, 30)

    # change: the holiday moves to 2026-12-15 (after every due date): both dates are replayed
    day = CalendarDay.objects.get()
    response = admin_client.post(f"/admin/workcalendar/calendarday/{day.pk}/change/",
                                 {"date": "2026-12-15", "kind": "holiday", "note": "改期"})
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.due_date == D(2026, 11, 30)
    assert list(running.events.filter(kind="recompute").values_list("due_before", "due_after")) == [
        (D(2026, 11, 30), D(2026, 12, 1)), (D(2026, 12, 1), D(2026, 11, 30))]

    # a make-up Saturday inside the span, then deleted again
    response = admin_client.post("/admin/workcalendar/calendarday/add/",
                                 {"date": "2026-11-21", "kind": "makeup_workday", "note": "调休上班"})
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.due_date == D(2026, 11, 27)
    saturday = CalendarDay.objects.get(date=D(2026, 11, 21))
    response = admin_client.post(f"/admin/workcalendar/calendarday/{saturday.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.due_date == D(2026, 11, 30)
    assert running.events.filter(kind="recompute").count() == 4


def test_admin_bulk_delete_recomputes_once(admin_client, clocks):
    running = clocks["running"]
    CalendarDay.objects.create(date=D(2026, 11, 16), kind="holiday")
    CalendarDay.objects.create(date=D(2026, 11, 17), kind="holiday")
    running.refresh_from_db()
    assert running.due_date == D(2026, 12, 2)
    response = admin_client.post("/admin/workcalendar/calendarday/", {
        "action": "delete_selected", "post": "yes",
        "_selected_action": list(CalendarDay.objects.values_list("pk", flat=True))})
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    running.refresh_from_db()
    assert running.due_date == D(2026, 11, 30)
    # two saves, one bulk delete: three recomputes, not four
    assert list(running.events.filter(kind="recompute").values_list("due_after", flat=True)) == [
        D(2026, 12, 1), D(2026, 12, 2), D(2026, 11, 30)]


def test_a_failing_recompute_rolls_the_edit_back(admin_client, clocks, monkeypatch):
    """The recompute runs inside the admin's transaction: if it fails, the holiday is not saved either."""
    def broken(**kwargs):
        raise DomainError("模拟失败")

    monkeypatch.setattr(services, "clocks_recompute", broken)
    with pytest.raises(DomainError):
        admin_client.post("/admin/workcalendar/calendarday/add/", {"date": "2026-11-16", "kind": "holiday"})
    assert not CalendarDay.objects.exists()
    assert Clock.objects.get(pk=clocks["running"].pk).due_date == D(2026, 11, 30)


def test_loading_a_year_in_the_admin_recomputes_its_clocks(admin_client, start_clock):
    clock = start_clock(D(2027, 9, 28), 5)       # provisional: weekends and 国庆 10-01 → 10-06
    assert (clock.due_date, clock.provisional) == (D(2027, 10, 6), True)
    response = admin_client.post("/admin/workcalendar/calendaryear/add/", {"year": "2027", "source": "测试"})
    assert response.status_code == 302
    clock.refresh_from_db()
    # loaded with no rows: the year is its override table alone, weekends only, and no longer provisional
    assert (clock.due_date, clock.provisional) == (D(2027, 10, 5), False)
    assert clock.events.get(kind="recompute").provisional_after is False
    year = CalendarYear.objects.get()
    admin_client.post(f"/admin/workcalendar/calendaryear/{year.pk}/delete/", {"post": "yes"})
    clock.refresh_from_db()
    assert (clock.due_date, clock.provisional) == (D(2027, 10, 6), True)


def test_recompute_replays_every_unstopped_clock_in_the_range(start_clock):
    """Not only provisional ones: a settled 2026 clock is replayed when its days change."""
    clock = start_clock(D(2026, 11, 2), 20)
    assert clock.provisional is False
    CalendarDay.objects.bulk_create([CalendarDay(date=D(2026, 11, 16), kind="holiday")])  # no signals
    from sunshine.workcalendar.cache import invalidate

    invalidate()
    assert services.clocks_recompute(date_from=D(2026, 12, 1), date_to=D(2026, 12, 31)) == 0  # outside its span
    assert services.clocks_recompute(date_from=D(2026, 11, 16), date_to=D(2026, 11, 16), reason="测试") == 1
    clock.refresh_from_db()
    assert clock.due_date == D(2026, 12, 1)
    assert clock.events.get(kind="recompute").reason == "测试"
    assert services.clocks_recompute(date_from=D(2026, 11, 16), date_to=D(2026, 11, 16)) == 0  # nothing changes
    assert services.clocks_recompute_provisional(year=2026) == 0
