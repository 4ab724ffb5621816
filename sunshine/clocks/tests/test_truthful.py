"""Truthful clocks (issue #7, item 1) with exact dates: natural days, hours across midnight, the applicant's periods,
transfers at both ends, given outcomes, the case key, and the pages of a clock's subject."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from sunshine.audit.models import AuditEvent
from sunshine.clocks import deadlines, selectors, services
from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError, TransitionNotAllowed
from sunshine.workcalendar.cache import current_calendar

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def replayed(clock: Clock) -> deadlines.ClockFigures:
    return deadlines.replay(list(clock.events.order_by("id")), cal=current_calendar(),
                            thresholds=services.thresholds_for(clock.kind), unit=clock.unit, obligor=clock.obligor)


def audit_actions(clock):
    return list(AuditEvent.objects.filter(target_type="clocks.clock", target_id=str(clock.pk))
                .order_by("id").values_list("action", flat=True))


# --- natural days ---------------------------------------------------------------------------------------------------

def test_natural_days_count_calendar_days_through_holidays(start_clock, office_head):
    # the penalty law's 90 days (art. 60) are natural days: National Day and weekends count
    clock = start_clock(D(2026, 9, 24), 90, kind="penalty.decision", unit="natural_days")
    assert (clock.due_date, clock.due_at, clock.provisional, clock.unit) == (D(2026, 12, 23), None, False,
                                                                              "natural_days")
    assert clock.yellow_from == D(2026, 12, 5)  # max(1, 20 % of 90) = 18 days before the due date
    services.clock_pause(clock, on=D(2026, 10, 1))
    assert clock.remaining_days_at_pause == 83  # 10-02 .. 12-23
    services.clock_resume(clock, on=D(2026, 10, 11))
    # 83 days after 10-11, across the new year (2027 has no schedule yet: natural days are never provisional)
    assert (clock.due_date, clock.provisional) == (D(2027, 1, 2), False)
    services.clock_extend(clock, days=30, approver=office_head, reason="案情复杂，经批准延长")
    assert (clock.due_date, clock.extended_days, clock.yellow_from) == (D(2027, 2, 1), 30, D(2027, 1, 8))
    assert selectors.days_left(clock, today=D(2027, 1, 30)) == 2
    assert replayed(clock) == deadlines.figures_of(Clock.objects.get(pk=clock.pk))


@pytest.mark.parametrize(("stopped_on", "outcome"), [(D(2026, 12, 23), "on_time"), (D(2026, 12, 24), "late")])
def test_natural_day_stop(start_clock, stopped_on, outcome):
    clock = start_clock(D(2026, 9, 24), 90, unit="natural_days")
    services.clock_stop(clock, on=stopped_on)
    assert clock.outcome == outcome


def test_natural_day_restart_and_warning(start_clock):
    clock = start_clock(D(2026, 10, 1), 10, unit="natural_days")   # due 10-11
    # yellow with max(1, 20 % of 10) = 2 days left: from 10-09
    assert selectors.warning_level(clock, D(2026, 10, 8)) == "none"
    assert selectors.warning_level(clock, D(2026, 10, 9)) == "yellow"
    assert selectors.warning_level(clock, D(2026, 10, 12)) == "red"
    services.clock_restart(clock, on=D(2026, 10, 5))
    assert clock.due_date == D(2026, 10, 15)


# --- hours ----------------------------------------------------------------------------------------------------------

def test_hours_across_midnight(start_clock, office_head):
    clock = start_clock(None, 4, kind="hotline.acknowledge", unit="hours", started_at=at(2026, 12, 3, 22, 30))
    assert (clock.started_on, clock.started_at, clock.due_at, clock.due_date) == (
        D(2026, 12, 3), at(2026, 12, 3, 22, 30), at(2026, 12, 4, 2, 30), D(2026, 12, 4))
    assert clock.yellow_from == D(2026, 12, 4)  # 1 hour left at 01:30
    event = clock.events.get()
    assert (event.kind, event.on, event.at, event.days) == ("start", D(2026, 12, 3), at(2026, 12, 3, 22, 30), 4)
    services.clock_pause(clock, on=at(2026, 12, 3, 23, 0))  # 3.5 hours left
    assert (clock.state, clock.paused_at, clock.paused_on, clock.remaining_days_at_pause) == (
        "paused", at(2026, 12, 3, 23, 0), D(2026, 12, 3), 3)
    services.clock_resume(clock, on=at(2026, 12, 4, 8, 0))
    assert (clock.due_at, clock.due_date) == (at(2026, 12, 4, 11, 30), D(2026, 12, 4))
    services.clock_extend(clock, days=2, approver=office_head, reason="需要联系多个部门")
    assert (clock.due_at, clock.extended_days) == (at(2026, 12, 4, 13, 30), 2)
    assert replayed(clock) == deadlines.figures_of(Clock.objects.get(pk=clock.pk))
    services.clock_restart(clock, on=at(2026, 12, 4, 12, 0), limit_days=24)
    assert (clock.due_at, clock.due_date, clock.extended_days) == (at(2026, 12, 5, 12, 0), D(2026, 12, 5), 0)


@pytest.mark.parametrize(("stopped_at", "outcome"), [(at(2026, 12, 4, 2, 30), "on_time"),
                                                       (at(2026, 12, 4, 2, 31), "late")])
def test_hour_stop_is_precise_to_the_minute(start_clock, stopped_at, outcome):
    clock = start_clock(None, 4, unit="hours", started_at=at(2026, 12, 3, 22, 30))
    services.clock_stop(clock, on=stopped_at)
    assert (clock.outcome, clock.stopped_at, clock.stopped_on) == (outcome, stopped_at, D(2026, 12, 4))


def test_hour_red_from_the_moment_not_the_next_day(start_clock, departments):
    clock = start_clock(None, 2, unit="hours", started_at=at(2026, 12, 4, 8, 0))   # due 10:00
    assert selectors.warning_level(clock, now=at(2026, 12, 4, 9, 59)) == "yellow"
    assert selectors.warning_level(clock, now=at(2026, 12, 4, 10, 1)) == "red"
    assert selectors.warning_level(clock, today=D(2026, 12, 4)) == "yellow"  # a date alone: as at its start
    rows = selectors.warning_counts_by_department(now=at(2026, 12, 4, 10, 1))
    assert [(r["yellow"], r["red"]) for r in rows] == [(0, 1)]
    rows = selectors.warning_counts_by_department(now=at(2026, 12, 4, 9, 0))
    assert [(r["yellow"], r["red"]) for r in rows] == [(1, 0)]
    all_running = Clock.objects.all()
    assert list(selectors.with_level(all_running, "red", now=at(2026, 12, 4, 10, 1))) == [clock]
    assert list(selectors.with_level(all_running, "yellow", now=at(2026, 12, 4, 10, 1))) == []
    assert list(selectors.with_level(all_running, "none", now=at(2026, 12, 4, 7, 0))) == []  # yellow from 12-04
    assert selectors.days_left(clock, now=at(2026, 12, 4, 8, 30)) == 1


def test_hour_clock_needs_moments(start_clock):
    with pytest.raises(DomainError, match="起算时间"):
        start_clock(D(2026, 12, 1), 4, unit="hours")
    with pytest.raises(DomainError, match="同一天"):
        start_clock(D(2026, 12, 1), 4, unit="hours", started_at=at(2026, 12, 3, 9, 0))
    with pytest.raises(DomainError, match="时区"):
        start_clock(None, 4, unit="hours", started_at=dt.datetime(2026, 12, 3, 9, 0))
    with pytest.raises(DomainError, match="起算时间"):
        start_clock(D(2026, 12, 1), 4, started_at=at(2026, 12, 1, 9, 0))  # working days take dates
    clock = start_clock(None, 4, unit="hours", started_at=at(2026, 12, 3, 9, 0))
    with pytest.raises(DomainError, match="具体时间"):
        services.clock_pause(clock, on=D(2026, 12, 1))
    with pytest.raises(DomainError, match="早于起算时间"):
        services.clock_pause(clock, on=at(2026, 12, 3, 8, 0))


@time_machine.travel(dt.datetime(2026, 12, 3, 1, 15, tzinfo=dt.UTC), tick=False)   # 09:15 in Shanghai
def test_hour_clock_defaults_to_now_and_accepts_today(start_clock):
    clock = start_clock(None, 2, unit="hours")
    assert clock.started_at == at(2026, 12, 3, 9, 15) and clock.due_at == at(2026, 12, 3, 11, 15)
    services.clock_stop(clock, on=D(2026, 12, 3))  # generic "stop today": the moment is now
    assert (clock.stopped_at, clock.outcome) == (at(2026, 12, 3, 9, 15), "on_time")
    again = services.clock_start(kind="x.y", subject=clock, department=clock.department, limit=3, unit="hours")
    assert again.limit_days == 3 and again.started_at == at(2026, 12, 3, 9, 15)


# --- the applicant's periods ----------------------------------------------------------------------------------------

def test_applicant_period_lapsed_is_never_late_nor_red(start_clock, clerk, departments):
    # a supplement period of 10 working days from 2026-11-02 (due 11-16)
    supplement = start_clock(D(2026, 11, 2), 10, kind="disclosure_request.supplement", obligor="applicant")
    reply = start_clock(D(2026, 11, 2), 5)   # the agency's: due 11-09, red on 11-20
    assert (supplement.due_date, supplement.yellow_from, supplement.obligor) == (D(2026, 11, 16), None, "applicant")
    today = D(2026, 11, 20)
    assert selectors.warning_level(supplement, today) == "none"
    rows = selectors.warning_counts_by_department(today)
    assert [(r["department_name"], r["yellow"], r["red"]) for r in rows] == [("随县发展和改革局", 0, 1)]
    assert list(selectors.with_level(Clock.objects.all(), "red", today)) == [reply]
    assert list(selectors.with_level(Clock.objects.all(), "none", today)) == [supplement]
    # the workbench lists it, after the agency's warnings
    assert [c.pk for c in selectors.urgent_clocks(clerk, 10, today=today)] == [reply.pk, supplement.pk]
    services.clock_stop(supplement, on=D(2026, 11, 20), reason="申请人逾期未补正")
    assert supplement.outcome == "lapsed"
    assert Clock.objects.filter(outcome="late").count() == 0


@pytest.mark.parametrize(("on", "outcome"), [(D(2026, 11, 16), "on_time"), (D(2026, 11, 17), "lapsed")])
def test_applicant_period_outcomes(start_clock, on, outcome):
    clock = start_clock(D(2026, 11, 2), 10, obligor="applicant")
    services.clock_stop(clock, on=on)
    assert clock.outcome == outcome


@time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False)
def test_pages_show_the_applicant_period_neutrally(client, start_clock, clerk):
    start_clock(D(2026, 11, 2), 10, label="补正期限（申请人）", obligor="applicant")
    client.force_login(clerk)
    page = client.get("/clocks/").content.decode()
    assert "红牌 0 个" in page and "申请人已逾期" in page and "申请人/第三方" in page
    assert "红牌 已超期" not in page
    page = client.get("/workbench/").content.decode()
    assert "补正期限（申请人）" in page and "申请人已逾期" in page and "红牌 已超期" not in page


# --- given outcomes -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("service", "outcome", "label"), [
    (services.clock_cancel, "cancelled", "已撤回/取消"),
    (services.clock_merge, "merged", "已并案"),
    (services.clock_supersede, "superseded", "已被替代（更正/拆分）"),
])
def test_given_outcomes_are_never_on_time(start_clock, clerk, service, outcome, label):
    clock = start_clock(D(2026, 9, 24), 20)
    service(clock, on=D(2026, 9, 28), actor=clerk, reason="测试")   # well within the limit
    clock.refresh_from_db()
    assert (clock.state, clock.outcome, clock.get_outcome_display()) == ("stopped", outcome, label)
    event = clock.events.last()
    assert (event.kind, event.outcome) == ("stop", outcome)
    assert replayed(clock).outcome == outcome  # the ledger keeps the given outcome
    assert audit_actions(clock) == ["clock.start", "clock.stop"]


def test_stop_refuses_computed_or_transfer_outcomes(start_clock):
    clock = start_clock(D(2026, 9, 24), 20)
    for outcome in ("on_time", "late", "lapsed", "purple"):
        with pytest.raises(DomainError, match="只能指定"):
            services.clock_stop(clock, on=D(2026, 9, 28), outcome=outcome)
    with pytest.raises(DomainError, match="clock_transfer"):
        services.clock_stop(clock, on=D(2026, 9, 28), outcome="transferred")
    assert clock.events.count() == 1


# --- transfer -------------------------------------------------------------------------------------------------------

def test_transfer_keeping_the_limit_shows_in_both_ledgers(start_clock, clerk, office_head, departments):
    old = start_clock(D(2026, 9, 24), 20)                                # due 10-29
    services.clock_pause(old, on=D(2026, 10, 12))                        # 13 left
    services.clock_resume(old, on=D(2026, 11, 2))                        # due 11-19
    services.clock_extend(old, days=5, approver=office_head, reason="延期")  # due 11-26
    new = services.clock_transfer(old, departments["zjj"], on=D(2026, 11, 10), actor=clerk, reason="职责调整")
    old.refresh_from_db()
    assert (old.state, old.outcome, old.stopped_on) == ("stopped", "transferred", D(2026, 11, 10))
    assert (new.department, new.kind, new.unit, new.obligor, new.case_key, new.subject_id) == (
        departments["zjj"], old.kind, old.unit, old.obligor, old.case_key, old.subject_id)
    assert (new.state, new.started_on, new.limit_days, new.extended_days, new.due_date) == (
        "running", D(2026, 9, 24), 20, 5, D(2026, 11, 26))
    # the old ledger: TRANSFER naming the receiver; the new one: START "由…转来", then the moved history
    transfer = old.events.last()
    assert (transfer.kind, transfer.related_clock, transfer.reason) == (
        "transfer", new, "转办至随县住房和城乡建设局：职责调整")
    assert transfer.get_kind_display() == "转办"
    kinds = list(new.events.order_by("id").values_list("kind", "reason"))
    assert kinds[0] == ("start", "由随县发展和改革局转来：职责调整")
    assert [k for k, _ in kinds] == ["start", "pause", "resume", "extend"]
    assert new.events.first().related_clock == old
    assert replayed(new) == deadlines.figures_of(new)
    assert audit_actions(old)[-1] == "clock.transfer" and audit_actions(new) == ["clock.start"]
    audit = AuditEvent.objects.filter(action="clock.transfer").get()
    assert audit.after["to_department"] == departments["zjj"].pk and audit.after["outcome"] == "transferred"
    assert audit.action_label == "转办（时限转至接收部门）"
    # the case's clocks
    assert list(selectors.clocks_for_case(old.case_key)) == [old, new]


def test_transfer_with_a_fresh_limit(start_clock, departments):
    old = start_clock(D(2026, 9, 24), 20)
    new = services.clock_transfer(old, departments["zjj"], on=D(2026, 10, 12), keep_limit=False)
    assert (new.started_on, new.limit_days, new.due_date, new.extended_days) == (D(2026, 10, 12), 20,
                                                                                 D(2026, 11, 9), 0)
    assert new.events.get().reason == "由随县发展和改革局转来"
    other = services.clock_transfer(new, departments["gkb"], on=D(2026, 10, 14), keep_limit=False, limit_days=10)
    assert (other.limit_days, other.due_date) == (10, D(2026, 10, 28))
    assert Clock.objects.get(pk=new.pk).outcome == "transferred"


def test_transfer_of_an_hour_clock_keeps_the_moment(start_clock, departments):
    old = start_clock(None, 4, unit="hours", started_at=at(2026, 12, 3, 22, 30))
    new = services.clock_transfer(old, departments["zjj"], on=at(2026, 12, 4, 0, 10))
    assert (new.started_at, new.due_at, new.unit) == (at(2026, 12, 3, 22, 30), at(2026, 12, 4, 2, 30), "hours")
    assert Clock.objects.get(pk=old.pk).stopped_at == at(2026, 12, 4, 0, 10)


def test_transfer_of_a_paused_clock_moves_the_pause(start_clock, departments):
    old = start_clock(D(2026, 9, 24), 20)
    services.clock_pause(old, on=D(2026, 10, 12))
    new = services.clock_transfer(old, departments["zjj"], on=D(2026, 10, 20))
    assert (new.state, new.paused_on, new.remaining_days_at_pause) == ("paused", D(2026, 10, 12), 13)


def test_transfer_refusals(start_clock, departments):
    clock = start_clock(D(2026, 9, 24), 20)
    with pytest.raises(DomainError, match="相同"):
        services.clock_transfer(clock, departments["fgw"], on=D(2026, 10, 12))
    with pytest.raises(DomainError, match="不能另行指定"):
        services.clock_transfer(clock, departments["zjj"], on=D(2026, 10, 12), limit_days=5)
    with pytest.raises(DomainError, match="早于起算日"):
        services.clock_transfer(clock, departments["zjj"], on=D(2026, 9, 1))
    services.clock_stop(clock, on=D(2026, 10, 12))
    with pytest.raises(TransitionNotAllowed, match="已结束"):
        services.clock_transfer(clock, departments["zjj"], on=D(2026, 10, 13))
    assert Clock.objects.count() == 1


def test_forwarded_once_and_split_once_is_not_on_time(start_clock, departments):
    """The issue's probe: a request forwarded once and split once reports transferred/superseded."""
    first = start_clock(D(2026, 9, 24), 20)
    second = services.clock_transfer(first, departments["zjj"], on=D(2026, 9, 28))
    services.clock_supersede(second, on=D(2026, 9, 30), reason="拆分为两件申请")
    assert list(Clock.objects.order_by("id").values_list("outcome", flat=True)) == ["transferred", "superseded"]
    assert not Clock.objects.filter(outcome="on_time").exists()


# --- case key -------------------------------------------------------------------------------------------------------

def test_case_key_default_shared_and_explicit(start_clock, subject):
    reply = start_clock(D(2026, 9, 24), 20)
    supplement = start_clock(D(2026, 9, 25), 10, obligor="applicant")
    other = start_clock(D(2026, 9, 25), 10, case_key="gov_service.application:42")
    assert reply.case_key == supplement.case_key == f"orgs.department:{subject.pk}"
    assert list(selectors.clocks_for_case(reply.case_key)) == [reply, supplement]  # several at once
    assert other.case_key == "gov_service.application:42"


def test_case_key_migration_sql_fills_existing_rows(start_clock, subject):
    from importlib import import_module

    migration = import_module("sunshine.clocks.migrations.0004_fill_case_key")
    clock = start_clock(D(2026, 9, 24), 20)
    Clock.objects.filter(pk=clock.pk).update(case_key="")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    clock.refresh_from_db()
    assert clock.case_key == f"orgs.department:{subject.pk}"


# --- the page of a clock's subject ----------------------------------------------------------------------------------

def test_subject_urls_batched_with_staff_hook(start_clock, departments, county, monkeypatch,
                                              django_assert_num_queries):
    from sunshine.orgs.models import Department, Division

    monkeypatch.setattr(Department, "get_staff_url", lambda self: f"/staff/dept/{self.pk}/", raising=False)
    monkeypatch.setattr(Division, "get_absolute_url", lambda self: f"/division/{self.pk}/", raising=False)
    on_dept = [start_clock(D(2026, 9, 24), 20) for _ in range(3)]
    on_division = services.clock_start(kind="x", subject=county, department=departments["fgw"],
                                       started_on=D(2026, 9, 24), limit_days=5)
    orphan = start_clock(D(2026, 9, 24), 5)
    Clock.objects.filter(pk=orphan.pk).update(subject_id="999999")
    orphan.refresh_from_db()
    clocks = [*on_dept, on_division, orphan]
    with django_assert_num_queries(2):  # one per subject type
        urls = selectors.subject_urls(clocks)
    assert urls[on_dept[0].pk] == f"/staff/dept/{departments['zjj'].pk}/"
    assert urls[on_division.pk] == f"/division/{county.pk}/"
    assert urls[orphan.pk] == f"/clocks/{orphan.pk}/"
    assert selectors.subject_url(on_division) == f"/division/{county.pk}/"


def test_detail_page_shows_unit_obligor_and_transfer(client, start_clock, clerk, departments, supervisor):
    clock = start_clock(D(2026, 9, 24), 90, unit="natural_days", obligor="applicant")
    new = services.clock_transfer(clock, departments["zjj"], on=D(2026, 10, 8))
    client.force_login(supervisor)
    page = client.get(f"/clocks/{clock.pk}/").content.decode()
    for text in ("<dd>自然日</dd>", "申请人/第三方", "90 个自然日", "已转办", "转办至随县住房和城乡建设局",
                 f"/clocks/{new.pk}/", "接收部门的时限"):
        assert text in page, text
    page = client.get(f"/clocks/{new.pk}/").content.decode()
    assert "由随县发展和改革局转来" in page and "转出部门的原时限" in page
    hours = start_clock(None, 4, unit="hours", started_at=at(2026, 12, 3, 22, 30))
    page = client.get(f"/clocks/{hours.pk}/").content.decode()
    assert "<dd>小时</dd>" in page and "4 个小时" in page and "2026年12月4日 02:30" in page


def test_api_lists_the_new_fields(api_client, start_clock, supervisor):
    start_clock(None, 4, unit="hours", started_at=at(2026, 12, 3, 22, 30), obligor="applicant")
    api_client.force_authenticate(supervisor)
    row = api_client.get("/api/v1/clocks/").json()["results"][0]
    assert (row["unit"], row["obligor"], row["due_at"][:16]) == ("hours", "applicant", "2026-12-04T02:30")
    assert row["level"] == "none" and row["case_key"].startswith("orgs.department:")


# --- the warnings' index --------------------------------------------------------------------------------------------

def test_warning_counts_read_the_partial_index_alone(start_clock):
    """EXPLAIN on SQLite and PostgreSQL: the count is one scan of `clock_warning_idx` (running agency clocks), which
    covers every column the query reads. (PostgreSQL is told not to prefer a sequential scan of the tiny test table:
    the point is that the partial index matches the query's conditions.)"""
    start_clock(D(2026, 9, 1), 20)
    start_clock(D(2026, 9, 1), 20, obligor="applicant")
    start_clock(None, 4, unit="hours", started_at=at(2026, 10, 26, 8, 0))
    queryset = selectors.warning_counts_queryset(now=at(2026, 10, 26, 12, 30))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            # nor an index on (state, …) that the planner may prefer on a tiny table with stale statistics (seen in
            # CI): dropped inside the test's transaction, back with its rollback
            cursor.execute("DROP INDEX clock_state_due_idx")
            cursor.execute("DROP INDEX clock_dept_state_idx")
        plan = queryset.explain()
        assert "Index Only Scan using clock_warning_idx on clocks_clock" in plan, plan
    else:
        plan = queryset.explain()
        assert "USING COVERING INDEX clock_warning_idx (state=? AND obligor=? AND yellow_from<?)" in plan, plan
    rows = selectors.warning_counts_by_department(now=at(2026, 10, 26, 12, 30))
    assert [(r["yellow"], r["red"]) for r in rows] == [(0, 2)]


def test_deadlines_stays_pure():
    import inspect

    source = inspect.getsource(deadlines)
    assert "django.db" not in source and ".objects" not in source


def test_on_one_day_hour_clocks_come_before_day_clocks(start_clock, clerk):
    day = start_clock(D(2026, 11, 20), 10, obligor="applicant")                                  # due 12-04
    hour = start_clock(None, 2, unit="hours", started_at=at(2026, 12, 4, 8, 0), obligor="applicant")  # 12-04 10:00
    assert day.due_date == hour.due_date == D(2026, 12, 4)
    assert selectors.urgent_clocks(clerk, 10, today=D(2026, 11, 25)) == [hour, day]
