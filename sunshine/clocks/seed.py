"""Synthetic clocks at scale (`sunshine seed --clocks N`): 20 % running, 80 % stopped, spread over departments.

A mix of units and obligors, like a county's real load: ~75 % the agency's working-day limits (replies, publication,
service applications, hotline tickets), ~10 % the applicant's working-day periods (补正), ~8 % the agency's
natural-day limits (the penalty law's 90 days), ~7 % the agency's hour limits (hotline acknowledgement). Running
clocks started within ~1.5 × their limit, so a realistic share is yellow or red today; each gets its "start" ledger
row (so a calendar change can replay it). Stopped clocks lie in the last three years, mostly on time. Without
departments, a synthetic county with 50 departments is created first. Subjects point at the department
(subject_id "seed-<n>"), each clock its own case.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from sunshine.workcalendar.cache import current_calendar

from . import deadlines
from .deadlines import Thresholds
from .models import Clock, ClockEvent

W, N, H = Clock.Unit.WORKING_DAYS, Clock.Unit.NATURAL_DAYS, Clock.Unit.HOURS
AGENCY, APPLICANT = Clock.Obligor.AGENCY, Clock.Obligor.APPLICANT

# (kind, label, limits, unit, obligor, weight). Their names for pages are registered in the manifest (SEED_KINDS,
# demo-only).
KINDS = [
    ("seed.disclosure_request.reply", "依申请公开答复", [20], W, AGENCY, 19),
    ("seed.publication.timeliness", "主动公开时效", [20], W, AGENCY, 19),
    ("seed.gov_service.application", "政务服务办件", [5, 7, 10, 15], W, AGENCY, 19),
    ("seed.hotline.ticket", "12345工单办理", [5], W, AGENCY, 18),
    ("seed.disclosure_request.supplement", "申请人补正期限", [10, 15], W, APPLICANT, 10),
    ("seed.penalty.decision", "行政处罚决定期限", [90], N, AGENCY, 8),
    ("seed.hotline.acknowledge", "12345工单签收", [2, 24, 48], H, AGENCY, 7),
]
RUNNING_SHARE = 0.20


def _departments(stdout):
    from sunshine.orgs.models import Department, Division

    departments = list(Department.objects.order_by("id"))
    if departments:
        return departments
    county, _ = Division.objects.get_or_create(code="999901", defaults={"name": "合成县（性能测试）",
                                                                        "level": Division.Level.COUNTY})
    Department.objects.bulk_create([
        Department(code=f"seed-{i:02d}", name=f"合成部门{i:02d}", short_name=f"部门{i:02d}", division=county)
        for i in range(1, 51)])
    stdout.write("没有部门：已创建合成县及 50 个合成部门。")
    return list(Department.objects.order_by("id"))


def _running(clock: Clock, rng: random.Random, cal, thresholds: Thresholds, today: dt.date, now: dt.datetime):
    limit, unit = clock.limit_days, clock.unit
    # most running cases are within their limit; some run over (≈ 1.1 × the limit in calendar time)
    if unit == H:
        started_at = now - dt.timedelta(minutes=rng.randrange(0, int(limit * 60 * 1.2) + 1))
        started = deadlines.local_date(started_at)
    else:
        factor = 1.4 if unit == W else 1.0
        started_at, started = None, today - dt.timedelta(days=rng.randrange(0, int(limit * factor * 1.1) + 1))
    figures = deadlines.apply(deadlines.ClockFigures(unit=unit, obligor=clock.obligor), "start", on=started,
                              at=started_at, days=limit, cal=cal, thresholds=thresholds)
    for name in deadlines.FIELDS:
        setattr(clock, name, getattr(figures, name))


def _stopped(clock: Clock, rng: random.Random, cal, earliest: dt.date, span: int):
    limit, unit = clock.limit_days, clock.unit
    started = earliest + dt.timedelta(days=rng.randrange(0, max(span - 120, 1)))
    if unit == H:
        started_at = timezone.make_aware(dt.datetime.combine(started, dt.time(8))) + dt.timedelta(
            minutes=rng.randrange(0, 10 * 60))
        due, due_at, provisional = deadlines.compute_due(unit, started, limit, cal, started_at)
        stopped_at = started_at + dt.timedelta(hours=limit * rng.choice([0.3, 0.6, 0.9, 1.0, 1.0, 1.1, 1.5]))
        stopped, late = deadlines.local_date(stopped_at), stopped_at > due_at
        clock.started_at, clock.due_at, clock.stopped_at = started_at, due_at, stopped_at
    else:
        due, _, provisional = deadlines.compute_due(unit, started, limit, cal)
        shift = rng.choice([-4, -2, -1, 0, 0, 1, 3])
        stopped = deadlines.compute_due(unit, started, max(0, limit + shift), cal)[0]
        late = stopped > due
    clock.started_on, clock.due_date, clock.provisional = started, due, provisional
    clock.state, clock.stopped_on = Clock.State.STOPPED, stopped
    if late:
        clock.outcome = Clock.Outcome.LAPSED if clock.obligor == APPLICANT else Clock.Outcome.LATE
    else:
        clock.outcome = Clock.Outcome.ON_TIME


def run(n: int, *, stdout, batch_size: int = 5000, seed: int = 20260101) -> None:
    rng = random.Random(seed)
    cal = current_calendar()
    thresholds = Thresholds()
    now = timezone.now()
    today = timezone.localdate(now)
    departments = [d.pk for d in _departments(stdout)]
    subject_type = ContentType.objects.get(app_label="orgs", model="department")
    start_index = Clock.objects.filter(kind__startswith="seed.").count()
    earliest = today - dt.timedelta(days=3 * 365)
    span = (today - earliest).days
    weights = [k[5] for k in KINDS]
    made = 0
    while made < n:
        size = min(batch_size, n - made)
        clocks, running = [], []
        for j in range(size):
            index = start_index + made + j
            kind, label, limits, unit, obligor, _weight = rng.choices(KINDS, weights)[0]
            department = departments[rng.randrange(len(departments))]
            clock = Clock(kind=kind, subject_type_id=subject_type.pk, subject_id=f"seed-{index}",
                          case_key=f"orgs.department:seed-{index}", department_id=department,
                          label=f"{label}（合成）#{index}", limit_days=rng.choice(limits), unit=unit, obligor=obligor,
                          created_at=now, updated_at=now)
            if rng.random() < RUNNING_SHARE:
                _running(clock, rng, cal, thresholds, today, now)
                running.append(clock)
            else:
                _stopped(clock, rng, cal, earliest, span)
            clocks.append(clock)
        with transaction.atomic():
            Clock.objects.bulk_create(clocks, batch_size=batch_size)
            ClockEvent.objects.bulk_create(
                [ClockEvent(clock_id=c.pk, kind=ClockEvent.Kind.START, on=c.started_on, at=c.started_at,
                            days=c.limit_days, due_after=c.due_date, provisional_after=c.provisional, reason="合成数据",
                            created_at=now)
                 for c in running], batch_size=batch_size)
        made += size
        stdout.write(f"办理时限：已生成 {made}/{n}")
