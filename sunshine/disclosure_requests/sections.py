"""The workbench sections of disclosure requests (工作台): the counter's queue of the applications a window clerk or
the central desk registered for applicants (代为填写), and those of them waiting for the applicant to come back
with a supplement or a payment (named in the app's manifest, `workbench_sections`)."""

from __future__ import annotations

from django.urls import reverse

from . import selectors
from .permissions import POLICY
from .workflow import Status

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


def workbench_sections(user) -> list[dict]:
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
