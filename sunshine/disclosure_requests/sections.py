"""Portal sections of disclosure requests (named in the app's manifest): the workbench sections (工作台) with the
replies awaiting this user's sign-off (签发) and the drafts returned to them, and the counter's queue of the
applications a window clerk or the central desk registered for applicants (代为填写) with those of them waiting for
the applicant; and the citizen's section (我的) with their requests and the information released to them."""

from __future__ import annotations

from django.urls import reverse

from sunshine.accounts.scoping import has_capability

from . import selectors
from .permissions import HANDLE, POLICY, SIGN_OFF
from .workflow import Status

LIMIT = 10


def _sign_off_sections(user) -> list[dict]:
    if not (has_capability(user, SIGN_OFF) or has_capability(user, HANDLE)):
        return []
    from .selectors import awaiting_sign_off, requests_visible_to

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



QUEUE_LIMIT = 10
REGISTERED = "口头、当面、邮寄或传真提交的申请，由您代为填写登记后转受理机关办理（条例第二十九条）。"
NONE_REGISTERED = "您还没有登记过申请。申请人到窗口口头或当面提交、邮寄或传真申请时，请代为填写登记。"
WAITING = "您登记的申请中，受理机关已告知补正或缴费、正在等待申请人的；申请人可能到窗口递交补正材料或缴费凭证。"
NONE_WAITING = "您登记的申请中，目前没有等待申请人补正或缴费的。"
AWAITING_APPLICANT = (Status.AWAITING_SUPPLEMENT, Status.AWAITING_FEE)


def _item(req) -> dict:
    note = (f"{req.department.short_name or req.department.name} · {req.get_channel_display()} · "
            f"{req.received_on:%Y-%m-%d}收到 · {req.get_status_display()}")
    return {"label": req.tracking_code, "url": reverse("disclosure_requests:staff-detail", args=[req.pk]),
            "note": note}


def _counter_sections(user) -> list[dict]:
    """For staff who register applications at the counter (REGISTER): what they registered, newest first, and what
    waits on the applicant (a supplement or a fee, which the applicant may bring to the counter)."""
    if not POLICY.can_enter(user):
        return []
    registered = list(selectors.registered_by(user)[:QUEUE_LIMIT])
    waiting = list(selectors.registered_by(user).filter(status__in=AWAITING_APPLICANT)[:QUEUE_LIMIT])
    new_url = reverse("disclosure_requests:staff-new")
    sections = [{
        "title": "我登记的依申请公开申请",
        "description": REGISTERED if registered else NONE_REGISTERED,
        "items": [_item(r) for r in registered],
        "url": reverse("disclosure_requests:staff-list") + "?mine=1" if registered else "",
        "actions": [{"label": "登记申请", "url": new_url}],
    }]
    if registered:
        sections.append({
            "title": "等待申请人补正或缴费",
            "description": WAITING if waiting else NONE_WAITING,
            "items": [_item(r) for r in waiting],
        })
    return sections


def workbench_sections(user) -> list[dict]:
    return _sign_off_sections(user) + _counter_sections(user)
