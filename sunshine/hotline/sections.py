"""Workbench section (工作台) of the hotline: the office's queue and the department's (named in the manifest)."""

from __future__ import annotations

from django.urls import reverse

from sunshine.accounts.scoping import has_capability

from .permissions import DISPATCH, HANDLE


def workbench_sections(user) -> list[dict]:
    from .selectors import department_queue, office_queue

    sections = []
    if has_capability(user, DISPATCH):
        base = reverse("hotline:staff-office")
        counts = {s: office_queue(user, s).count() for s in ("received", "returned", "reply_review", "callback")}
        sections.append({"title": "12345热线", "url": base, "description": "派单、退单审核、答复审核与回访。",
                         "items": [
            {"label": "待派单", "url": f"{base}?status=received", "note": f"{counts['received']} 件"},
            {"label": "退单待审", "url": f"{base}?status=returned", "note": f"{counts['returned']} 件"},
            {"label": "答复待审", "url": f"{base}?status=reply_review", "note": f"{counts['reply_review']} 件"},
            {"label": "待回访", "url": f"{base}?status=callback", "note": f"{counts['callback']} 件"}]})
    if has_capability(user, HANDLE) and user.department_id:
        base = reverse("hotline:staff-department")
        counts = {s: department_queue(user, s).count() for s in ("dispatched", "handling")}
        sections.append({"title": "热线承办", "url": base, "description": "本部门主办、协办的热线工单。", "items": [
            {"label": "待签收", "url": f"{base}?status=dispatched", "note": f"{counts['dispatched']} 件"},
            {"label": "办理中", "url": f"{base}?status=handling", "note": f"{counts['handling']} 件"}]})
    return sections
