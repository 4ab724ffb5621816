"""Warning levels around the thresholds, query counts, scoping, pages and API, and the calendar-import recompute."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from sunshine.audit.models import AuditEvent
from sunshine.clocks import selectors, services

D = dt.date


@pytest.mark.parametrize(("today", "level"), [
    (D(2026, 10, 22), "none"),    # 5 working days left (10-23, 26..29)
    (D(2026, 10, 23), "yellow"),  # 4 left = 20 % of 20
    (D(2026, 10, 24), "yellow"),  # Saturday: still 4 left
    (D(2026, 10, 29), "yellow"),  # due date: 0 left
    (D(2026, 10, 30), "red"),
])
def test_warning_level_around_thresholds(start_clock, today, level):
    clock = start_clock(D(2026, 9, 24), 20)
    assert selectors.warning_level(clock, today) == level


def test_one_day_limit_yellow_on_the_start_day(start_clock):
    clock = start_clock(D(2026, 10, 9), 1)  # due 10-10 (make-up Saturday); 1 day left on 10-09
    assert clock.due_date == D(2026, 10, 10)
    assert selectors.warning_level(clock, D(2026, 10, 9)) == "yellow"
    assert selectors.warning_level(clock, D(2026, 10, 8)) == "none"


def test_paused_and_stopped_show_no_warning(start_clock):
    clock = start_clock(D(2026, 9, 24), 20)
    services.clock_pause(clock, on=D(2026, 10, 27))
    assert selectors.warning_level(clock, D(2026, 11, 30)) == "none"
    services.clock_stop(clock, on=D(2026, 11, 30))
    assert selectors.warning_level(clock, D(2026, 11, 30)) == "none"


def test_warning_counts_one_query(start_clock, django_assert_num_queries, departments):
    start_clock(D(2026, 9, 24), 20)                      # fgw: yellow on 10-26
    start_clock(D(2026, 9, 1), 20)                       # fgw: red (due 9-29)
    start_clock(D(2026, 10, 12), 20)                     # fgw: none
    start_clock(D(2026, 9, 1), 5, department="zjj")      # zjj: red
    stopped = start_clock(D(2026, 9, 1), 5, department="zjj")
    services.clock_stop(stopped, on=D(2026, 10, 20))     # stopped late: not counted
    paused = start_clock(D(2026, 9, 1), 5, department="gkb")
    services.clock_pause(paused, on=D(2026, 9, 2))       # paused: not counted
    with django_assert_num_queries(1):
        rows = selectors.warning_counts_by_department(D(2026, 10, 26))
    assert [(r["department_name"], r["yellow"], r["red"]) for r in rows] == [
        ("随县发展和改革局", 1, 1), ("随县住房和城乡建设局", 0, 1)]


def test_warning_counts_scoped_to_user(start_clock, clerk, other_clerk, supervisor):
    start_clock(D(2026, 9, 1), 20)
    start_clock(D(2026, 9, 1), 5, department="zjj")
    today = D(2026, 10, 26)
    assert [r["department_id"] for r in selectors.warning_counts_by_department(today, user=clerk)] == [
        clerk.department_id]
    assert len(selectors.warning_counts_by_department(today, user=supervisor)) == 2


def test_urgent_clocks_order_and_queries(start_clock, clerk, django_assert_num_queries):
    yellow = start_clock(D(2026, 9, 24), 20, label="黄")        # due 10-29, yellow
    red_old = start_clock(D(2026, 9, 1), 5, label="红旧")       # due 9-8
    red_new = start_clock(D(2026, 9, 1), 20, label="红新")      # due 9-29
    calm = start_clock(D(2026, 10, 20), 5, label="正常")        # due 10-27? not yellow on 10-26? (2 left)
    long_calm = start_clock(D(2026, 10, 12), 40, label="远")    # due far away
    start_clock(D(2026, 9, 1), 5, department="zjj", label="他部门")
    clerk.has_perm("orgs.view_all_departments")  # the permission cache is loaded once per user (2 queries)
    with django_assert_num_queries(1):
        rows = selectors.urgent_clocks(clerk, 10, today=D(2026, 10, 26))
    labels = [c.label for c in rows]
    assert labels[:2] == [red_old.label, red_new.label]
    assert labels.index(yellow.label) < labels.index(long_calm.label)
    assert "他部门" not in labels
    assert calm.label in labels


def test_visible_clocks_and_clocks_for(start_clock, clerk, other_clerk, office_head, subject,
                                       django_assert_num_queries):
    mine = start_clock(D(2026, 9, 24), 20)
    theirs = start_clock(D(2026, 9, 24), 20, department="zjj")
    assert list(selectors.visible_clocks(clerk)) == [mine]
    assert list(selectors.visible_clocks(other_clerk)) == [theirs]
    assert set(selectors.visible_clocks(office_head)) == {mine, theirs}
    with django_assert_num_queries(1):
        assert list(selectors.clocks_for(subject)) == [mine, theirs]


def test_detail_page_explains_and_scopes(client, start_clock, clerk, other_clerk, office_head):
    clock = start_clock(D(2026, 9, 24), 20)
    services.clock_extend(clock, days=5, approver=office_head, reason="情况复杂")
    client.force_login(clerk)
    page = client.get(f"/clocks/{clock.pk}/").content.decode()
    for text in ("2026年9月24日", "20 个工作日", "已延长 5 个工作日", "2026-10-29", "2026-11-05", "赵主任", "情况复杂"):
        assert text in page
    client.force_login(other_clerk)
    assert client.get(f"/clocks/{clock.pk}/").status_code == 404


def test_detail_page_names_the_kind_in_chinese(client, start_clock, clerk):
    """时限类型 is the kind's Chinese name from the app that starts it (not the dotted code); the admin's name wins;
    an unregistered kind shows its code."""
    from sunshine.clocks.models import ClockKindSetting

    client.force_login(clerk)
    reply = start_clock(D(2026, 9, 24), 20, kind="disclosure_request.reply")
    feedback = start_clock(D(2026, 9, 24), 15, kind="topic_request.feedback")
    other = start_clock(D(2026, 9, 24), 5, kind="unknown.kind")
    page = client.get(f"/clocks/{reply.pk}/").content.decode()
    assert "<dd>依申请公开答复期限</dd>" in page and "disclosure_request.reply" not in page
    assert "<dd>点题公开反馈期限</dd>" in client.get(f"/clocks/{feedback.pk}/").content.decode()
    assert "<dd>unknown.kind</dd>" in client.get(f"/clocks/{other.pk}/").content.decode()
    ClockKindSetting.objects.create(kind="disclosure_request.reply", label="依申请答复")
    assert "<dd>依申请答复</dd>" in client.get(f"/clocks/{reply.pk}/").content.decode()


@time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False)
def test_list_page_filters(client, start_clock, clerk):
    start_clock(D(2026, 9, 1), 20, label="已超期的申请")
    start_clock(D(2026, 11, 20), 20, label="新申请")
    client.force_login(clerk)
    page = client.get("/clocks/", {"level": "red"}).content.decode()
    assert "已超期的申请" in page and "新申请" not in page
    page = client.get("/clocks/").content.decode()
    assert "已超期的申请" in page and "新申请" in page
    assert client.get("/clocks/", {"level": "red"}).status_code == 200


def test_list_page_needs_login_and_capability(client, citizen):
    assert client.get("/clocks/").status_code == 302
    client.force_login(citizen)
    assert client.get("/clocks/").status_code == 403


def test_api_list_and_warnings(api_client, start_clock, clerk, supervisor):
    start_clock(D(2026, 9, 1), 20)
    start_clock(D(2026, 9, 1), 5, department="zjj")
    api_client.force_authenticate(clerk)
    data = api_client.get("/api/v1/clocks/", {"state": "running", "level": "red"}).json()
    assert data["count"] == 1 and data["results"][0]["level"] == "red"
    assert api_client.get("/api/v1/clocks/", {"level": "purple"}).status_code == 400
    warnings = api_client.get("/api/v1/clocks/warnings").json()
    assert [d["department_id"] for d in warnings["departments"]] == [clerk.department_id]
    api_client.force_authenticate(supervisor)
    assert api_client.get("/api/v1/clocks/warnings").json()["red"] == 2
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/clocks/warnings").status_code in (401, 403)


def test_calendar_import_recomputes_provisional_clocks(start_clock, clerk):
    clock = start_clock(D(2027, 9, 28), 5)                # weekends and 国庆 10-01: 10-06, provisional
    stopped = start_clock(D(2027, 9, 28), 5)
    services.clock_stop(stopped, on=D(2027, 9, 29))
    settled = start_clock(D(2026, 9, 24), 20)
    assert (clock.due_date, clock.provisional) == (D(2027, 10, 6), True)
    call_command("calendar", "import", "sunshine/workcalendar/data/example-2027.json")
    clock.refresh_from_db()
    stopped.refresh_from_db()
    assert (clock.due_date, clock.provisional) == (D(2027, 10, 11), False)
    assert clock.yellow_from == D(2027, 10, 9)  # max(1, 20 % of 5) = 1 left from the make-up Saturday 10-09
    event = clock.events.get(kind="recompute")
    assert (event.due_before, event.due_after, event.provisional_after) == (D(2027, 10, 6), D(2027, 10, 11), False)
    assert AuditEvent.objects.filter(action="clock.recompute", target_id=str(clock.pk)).count() == 1
    assert stopped.events.filter(kind="recompute").count() == 0
    assert settled.events.filter(kind="recompute").count() == 0
