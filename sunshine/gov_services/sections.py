"""Portal sections of government services (named in the app's manifest): the citizen's section (我的) with their
applications, those waiting for them first (待补正: upload the materials the one-time notice listed; 容缺: the
minor materials to follow), each linking its tracking page, where the uploads are."""

from __future__ import annotations

from django.urls import reverse

from .workflow import Status

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
