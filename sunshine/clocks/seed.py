"""Synthetic clocks at scale (`sunshine seed --clocks N`): 20 % running, 80 % stopped, spread over departments.

Running clocks started within the last ~45 days with limits of 5–20 working days, so a realistic share
is yellow or red today; each gets its "start" ledger row (so a calendar import can replay it). Stopped
clocks lie in the last three years, mostly on time. Without departments, a synthetic county with 50
departments is created first. Subjects point at the department (subject_id "seed-<n>").
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from sunshine.workcalendar.cache import current_calendar

from .deadlines import Thresholds
from .models import Clock, ClockEvent

# (kind, label, limits). Their names for pages are registered in the manifest (SEED_KINDS, demo-only).
KINDS = [
    ("seed.disclosure_request.reply", "依申请公开答复", [20]),
    ("seed.publication.timeliness", "主动公开时效", [20]),
    ("seed.gov_service.application", "政务服务办件", [5, 7, 10, 15]),
    ("seed.hotline.ticket", "12345工单办理", [5]),
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


def run(n: int, *, stdout, batch_size: int = 5000, seed: int = 20260101) -> None:
    rng = random.Random(seed)
    cal = current_calendar()
    thresholds = Thresholds()
    today = timezone.localdate()
    departments = [d.pk for d in _departments(stdout)]
    subject_type = ContentType.objects.get(app_label="orgs", model="department")
    now = timezone.now()
    start_index = Clock.objects.filter(kind__startswith="seed.").count()
    earliest = today - dt.timedelta(days=3 * 365)
    span = (today - earliest).days
    made = 0
    while made < n:
        size = min(batch_size, n - made)
        clocks, running = [], []
        for j in range(size):
            index = start_index + made + j
            kind, label, limits = KINDS[rng.randrange(len(KINDS))]
            limit = rng.choice(limits)
            department = departments[rng.randrange(len(departments))]
            clock = Clock(kind=kind, subject_type_id=subject_type.pk, subject_id=f"seed-{index}",
                          department_id=department, label=f"{label}（合成）#{index}", limit_days=limit,
                          created_at=now, updated_at=now)
            if rng.random() < RUNNING_SHARE:
                # most running cases are within their limit; some run over (≈ 1.1 × the limit in calendar days)
                started = today - dt.timedelta(days=rng.randrange(0, int(limit * 1.4 * 1.1) + 1))
                due = cal.add_working_days(started, limit)
                clock.started_on, clock.due_date, clock.provisional = started, due.date, due.provisional
                clock.state = Clock.State.RUNNING
                clock.yellow_from = cal.nth_working_day_back(due.date, thresholds.yellow_days_left(limit))
                running.append(clock)
            else:
                started = earliest + dt.timedelta(days=rng.randrange(0, max(span - 60, 1)))
                due = cal.add_working_days(started, limit)
                stopped = cal.add_working_days(started, max(0, limit + rng.choice([-4, -2, -1, 0, 0, 1, 3]))).date
                clock.started_on, clock.due_date, clock.provisional = started, due.date, due.provisional
                clock.state, clock.stopped_on = Clock.State.STOPPED, stopped
                clock.outcome = Clock.Outcome.LATE if stopped > due.date else Clock.Outcome.ON_TIME
            clocks.append(clock)
        with transaction.atomic():
            Clock.objects.bulk_create(clocks, batch_size=batch_size)
            ClockEvent.objects.bulk_create(
                [ClockEvent(clock_id=c.pk, kind=ClockEvent.Kind.START, on=c.started_on, days=c.limit_days,
                            due_after=c.due_date, provisional_after=c.provisional, reason="合成数据", created_at=now)
                 for c in running], batch_size=batch_size)
        made += size
        stdout.write(f"办理时限：已生成 {made}/{n}")
