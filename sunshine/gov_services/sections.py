"""Workbench sections (工作台) of government services: the department's parallel tasks (并联审批) and an agent's
key projects (代办项目)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from sunshine.accounts.scoping import has_capability

from .permissions import FOLLOW, HANDLE
from .workflow import TaskStatus


def workbench_sections(user) -> list[dict]:
    from .selectors import department_tasks, followed_by_agent

    sections = []
    if has_capability(user, HANDLE) and user.department_id:
        base = reverse("gov_services:staff-tasks")
        counts = dict(department_tasks(user).order_by().values_list("status").annotate(n=Count("id")))
        green = department_tasks(user).filter(application__green_channel=True).count()
        sections.append({"title": "并联审批", "url": base,
                         "description": "本部门承办的联办事项并联任务，绿色通道的重点项目排在最前。", "items": [
            {"label": TaskStatus(s).label, "url": f"{base}?status={s}", "note": f"{counts.get(s, 0)} 件"}
            for s in (TaskStatus.REVIEWING, TaskStatus.DECIDING, TaskStatus.SPECIAL, TaskStatus.CERTIFYING)
        ] + [{"label": "其中绿色通道", "url": base, "note": f"{green} 件"}]})
    if has_capability(user, FOLLOW):
        base = reverse("gov_services:staff-agent")
        sections.append({"title": "代办项目", "url": base, "description": "您作为代办员跟踪的重点项目（只读）。",
                         "items": [{"label": "正在代办", "url": base,
                                    "note": f"{followed_by_agent(user).exclude(status='completed').count()} 件"}]})
    return sections
