"""Portal sections of disclosure requests (named in the app's manifest): the workbench section (工作台) with the
replies awaiting this user's sign-off (签发) and the drafts returned to them, and the citizen's section (我的) with
their requests and the information released to them."""

from __future__ import annotations

from django.urls import reverse

from sunshine.accounts.scoping import has_capability

from .permissions import HANDLE, SIGN_OFF

LIMIT = 10


def workbench_sections(user) -> list[dict]:
    if not (has_capability(user, SIGN_OFF) or has_capability(user, HANDLE)):
        return []
    from .selectors import awaiting_sign_off, requests_visible_to
    from .workflow import Status

    items = []
    if has_capability(user, SIGN_OFF):
        for r in awaiting_sign_off(user).select_related("drafted_by")[:LIMIT]:
            items.append({"label": f"待签发：{r.tracking_code} {r.get_draft_outcome_display()}",
                          "url": reverse("disclosure_requests:staff-detail", args=[r.pk]),
                          "note": f"拟稿 {r.drafted_by.display_name if r.drafted_by else ''}"})
    if has_capability(user, HANDLE):
        returned = (requests_visible_to(user).filter(status=Status.PROCESSING, drafted_by=user)
                    .exclude(draft_returned_reason="").order_by("-drafted_at")[:LIMIT])
        for r in returned:
            items.append({"label": f"退回修改：{r.tracking_code}",
                          "url": reverse("disclosure_requests:staff-detail", args=[r.pk]),
                          "note": r.draft_returned_reason[:40]})
    base = reverse("disclosure_requests:staff-list")
    return [{"title": "依申请公开", "url": base,
             "description": "答复须经签发后发出；待我签发的答复和被退回修改的答复：" if items
             else "依申请公开的受理、办理和答复；目前没有待我签发或被退回的答复。",
             "items": items}]


def my_sections(user) -> list[dict]:
    from .selectors import released_files_of_citizen, requests_of_citizen

    requests = list(requests_of_citizen(user)[:LIMIT])
    if not requests:
        return []
    items = [{"label": f"{r.tracking_code} {r.department.name}",
              "url": reverse("disclosure_requests:track-detail", args=[r.tracking_code]),
              "note": r.get_outcome_display() if r.outcome else r.get_status_display()} for r in requests]
    for req, stored in released_files_of_citizen(user, limit=LIMIT):
        items.append({"label": f"提供的信息：{stored.original_name}",
                      "url": reverse("disclosure_requests:track-file", args=[req.tracking_code, stored.pk]),
                      "note": f"{req.tracking_code}（{req.get_outcome_display()}）"})
    return [{"title": "我的政府信息公开申请", "url": reverse("disclosure_requests:mine"),
             "description": "申请的办理进度、答复书和随答复提供的信息。", "items": items}]
