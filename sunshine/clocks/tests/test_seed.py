"""The `seed --clocks N` hook: synthetic departments when none exist, ~20 % running, consistent figures."""

import datetime as dt
import io

from sunshine.clocks import seed, selectors
from sunshine.clocks.models import Clock, ClockEvent
from sunshine.orgs.models import Department


def test_seed_creates_departments_and_consistent_clocks(db):
    seed.run(1000, stdout=io.StringIO(), batch_size=300)
    assert Department.objects.count() == 50
    assert Clock.objects.count() == 1000
    running = Clock.objects.filter(state="running")
    assert 150 <= running.count() <= 250
    assert ClockEvent.objects.filter(kind="start").count() == running.count()
    for clock in running.filter(obligor="agency")[:50]:
        assert clock.yellow_from <= clock.due_date and clock.due_date >= clock.started_on
    assert not running.filter(obligor="applicant", yellow_from__isnull=False).exists()  # never warns
    # a mix of units and obligors; hours carry their moments, each clock its own case
    assert set(Clock.objects.values_list("unit", flat=True)) == {"working_days", "natural_days", "hours"}
    assert set(Clock.objects.values_list("obligor", flat=True)) == {"agency", "applicant"}
    hours = running.filter(unit="hours").first()
    assert hours.due_at - hours.started_at == dt.timedelta(hours=hours.limit_days)
    assert ClockEvent.objects.get(clock=hours, kind="start").at == hours.started_at
    assert Clock.objects.filter(case_key="").count() == 0
    stopped = Clock.objects.filter(state="stopped")
    assert not stopped.filter(outcome="").exists()
    assert stopped.filter(outcome="late").exists() and stopped.filter(outcome="on_time").exists()
    assert stopped.filter(outcome="lapsed", obligor="applicant").exists()
    assert not stopped.filter(outcome="late", obligor="applicant").exists()
    rows = selectors.warning_counts_by_department()
    assert sum(r["red"] + r["yellow"] for r in rows) > 0


def test_seed_uses_existing_departments(departments):
    seed.run(10, stdout=io.StringIO(), batch_size=5000)
    assert Department.objects.count() == 3
    assert set(Clock.objects.values_list("department__code", flat=True)) <= {"fgw", "zjj", "gkb"}


def test_seed_kinds_are_registered_as_demo_only():
    from sunshine.clocks.manifest import MANIFEST, SEED_KINDS
    from sunshine.clocks.seed import KINDS

    assert {code: f"{label}（合成数据）" for code, label, *_rest in KINDS} == SEED_KINDS
    assert MANIFEST.demo_only.clock_kinds == SEED_KINDS and not set(SEED_KINDS) & set(MANIFEST.clock_kinds)
