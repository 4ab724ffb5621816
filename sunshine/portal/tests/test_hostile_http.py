"""Hostile requests against the kernel pages and APIs: odd query strings are 4xx or a page, never a 500;
staff of one department never reach another's clock or notification."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

ODD_NUMBERS = ["-1", "0", "99999999999999999999999", "abc", "%00", "²", "１２", "1e9", "9" * 400]
ODD_DATES = ["0000-00-00", "9999-12-31", "2025-02-30", "-1-01-01", "２０２５-０１-０１", "10000-01-01", "%F0%9F%98%80"]


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_odd_numbers_in_query_strings_never_500(client, api_client, clerk, office_head, value):
    """Found: /api/v1/clocks/?department=² (str.isdigit) or a 23-digit id → 500."""
    client.force_login(office_head)
    api_client.force_authenticate(office_head)
    for url in (f"/clocks/?page={value}", f"/clocks/?level={value}", f"/notifications/?page={value}",
                f"/calendar/?start=2025-01-02&working_days={value}", f"/ysq/staff/?page={value}",
                f"/hd/staff/topics/?page={value}", f"/hd/echo-wall/?page={value}", f"/ysq/mine/?page={value}",
                f"/ysq/staff/report/?year={value}"):
        assert client.get(url).status_code < 500, url
    for url in (f"/api/v1/clocks/?department={value}", f"/api/v1/clocks/?page={value}",
                f"/api/v1/notifications/?page={value}", f"/api/v1/topics/echo-wall?page={value}",
                f"/api/v1/calendar/due-date?start=2025-01-02&working_days={value}",
                f"/api/v1/reports/request-table?year={value}"):
        response = api_client.get(url)
        assert response.status_code < 500, url
        if response.status_code >= 400:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json())), url


@pytest.mark.parametrize("value", ODD_DATES)
def test_odd_dates_never_500(client, api_client, clerk, value):
    api_client.force_authenticate(clerk)
    assert client.get(f"/calendar/?start={value}&working_days=20").status_code < 500
    response = api_client.get(f"/api/v1/calendar/due-date?start={value}&working_days=20")
    assert response.status_code < 500


def test_clock_and_notification_of_another_department_are_404(client, clerk, other_clerk, departments):
    from sunshine.clocks import services as clock_services
    from sunshine.notify.models import Notification

    clock = clock_services.clock_start(subject=departments["fgw"], department=departments["fgw"],
                                       kind="test.hostile", started_on=dt.date(2025, 3, 3), limit_days=20,
                                       actor=clerk)
    client.force_login(other_clerk)
    assert client.get(f"/clocks/{clock.pk}/").status_code in (403, 404)
    note = Notification.objects.create(user=clerk, channel="inbox", subject="私信", body="只给王经办")
    assert client.post(f"/notifications/{note.pk}/read").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
