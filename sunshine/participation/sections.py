"""Workbench section (工作台) of participation: topics waiting for the office or the department (named in the
app's manifest, `workbench_sections`)."""

from __future__ import annotations

from django.urls import reverse

from sunshine.accounts.scoping import has_capability

from .permissions import ANSWER, DISPATCH, SIGN_OFF


def workbench_sections(user) -> list[dict]:
    if not (has_capability(user, DISPATCH) or has_capability(user, ANSWER) or has_capability(user, SIGN_OFF)):
        return []
    from .selectors import topic_counts_for

    counts = topic_counts_for(user)
    base = reverse("participation:staff-list")
    items = []
    if has_capability(user, DISPATCH):
        items.append({"label": "待转办的点题", "url": f"{base}?status=submitted", "note": f"{counts['submitted']} 件"})
    items.append({"label": "待反馈的点题", "url": f"{base}?status=forwarded", "note": f"{counts['forwarded']} 件"})
    if has_capability(user, SIGN_OFF):
        items.append({"label": "待我签发的点题答复", "url": f"{base}?status=awaiting_sign_off",
                      "note": f"{counts['awaiting_sign_off']} 件"})
    return [{"title": "点题公开", "url": base, "description": "公众点题的转办、答复与回音壁。", "items": items}]
