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


MY_TOPICS_LIMIT = 20


def my_sections(user) -> list[dict]:
    """我的点题 on a citizen's page (我的): the topics they submitted while logged in, newest first, with their state
    and, once answered on the echo wall, where the answer or the published information is."""
    if not (user and user.is_authenticated and getattr(user, "kind", "") == "citizen"):
        return []
    from .selectors import topics_of_citizen

    topics = list(topics_of_citizen(user)[:MY_TOPICS_LIMIT])
    items = []
    for topic in topics:
        note = f"{topic.reference or ''} · {topic.get_status_display()}"
        if topic.department_id:
            note += f" · {topic.department.name}"
        url = reverse("participation:echo-wall") if topic.public else ""
        items.append({"label": topic.title, "url": url, "note": note})
    return [{"title": "我的点题", "url": "", "items": items,
             "description": "您登录后提出的点题及办理状态；答复在回音壁公开后可在回音壁查看。" if topics
             else "您还没有提出过点题。"}]
