"""Portal sections of government services (named in the app's manifest): the citizen's section (我的) with their
applications, those waiting for them first (待补正: upload the materials the one-time notice listed; 容缺: the
minor materials to follow), each linking its tracking page, where the uploads are; the workbench sections (工作台):
the department's parallel tasks (并联审批), an agent's key projects (代办项目) and the supervision flags (电子监察)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from sunshine.accounts.scoping import has_capability

from .permissions import FOLLOW, HANDLE, VIEW_FLAGS
from .workflow import Status, TaskStatus

LIMIT = 10


def _note(app) -> str:
    if app.status == Status.AWAITING_MATERIALS:
        return "待补正：请上传一次性告知书所列材料"
    if app.deferred_materials and app.deferred_clock is not None and app.deferred_clock.state != "stopped":
        return f"{app.get_status_display()}，请于{app.deferred_clock.due_date:%Y年%-m月%-d日}前补交容缺材料"
    return app.get_status_display()


def my_sections(user) -> list[dict]:
    from .selectors import applications_of_citizen

    apps = list(applications_of_citizen(user).select_related("deferred_clock")[:LIMIT])
    if not apps:
        return []
    waiting = [a for a in apps if a.status == Status.AWAITING_MATERIALS]
    apps = waiting + [a for a in apps if a not in waiting]
    items = [{"label": f"{a.tracking_code} {a.item_version.item.name}",
              "url": reverse("gov_services:track-detail", args=[a.tracking_code]), "note": _note(a)} for a in apps]
    description = ("您有需要补正材料的办件，请打开办件上传所列材料。" if waiting
                   else "网上申请的办件及办理进度、文书。")
    return [{"title": "我的办件", "url": "", "description": description, "items": items}]


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
    sections += supervision_sections(user)
    return sections


def supervision_sections(user) -> list[dict]:
    from .models import FlagKind, IntegrityFlag

    if not has_capability(user, VIEW_FLAGS):
        return []
    base = reverse("gov_services:staff-supervision")
    counts = dict(IntegrityFlag.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    return [{"title": "政务服务监察", "url": base,
             "description": "体外循环、逾期告知、收费不符、环节超时等电子监察标记。",
             "items": [{"label": label, "url": f"{base}?kind={value}", "note": f"{counts.get(value, 0)} 个"}
                       for value, label in FlagKind.choices]}]
