"""Demo time limits for the workbench (示例时限), until the domain apps' demo cases exist.

One running clock whose subject is the 发改局 department (shown on the clerk's workbench, already
in its warning period) and one for the 住建局 (which a 发改局 clerk must not be able to open).
Idempotent: a department that already has its sample clock is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.clocks.selectors import clocks_for
from sunshine.clocks.services import clock_start
from sunshine.orgs.models import Department

SAMPLE_KIND = "portal.sample"

# (department code, label, calendar days before today the clock started, limit in working days)
SAMPLES = [
    ("fgj", "示例时限：发改局演示事项", 24, 20),
    # 60 calendar days always hold more than 20 working days, whatever the holidays: red on any date.
    ("fgj", "示例时限：发改局逾期事项", 60, 20),
    ("zjj", "示例时限：住建局演示事项", 3, 20),
]


def load(stdout) -> None:
    today = timezone.localdate()
    created = 0
    for code, label, days_ago, limit in SAMPLES:
        department = Department.objects.get(code=code)
        if clocks_for(department).filter(kind=SAMPLE_KIND, label=label).exists():
            continue
        clock_start(kind=SAMPLE_KIND, subject=department, department=department,
                    started_on=today - dt.timedelta(days=days_ago), limit_days=limit, label=label,
                    reason="演示数据")
        created += 1
    stdout.write(f"portal: 新建 {created} 个示例时限")
