"""Reads of participation: staff lists scoped by department, and the public echo wall (masked)."""

from __future__ import annotations

from django.db.models import QuerySet

from sunshine.accounts.scoping import has_capability
from sunshine.core.replicas import replica_read
from sunshine.privacy.masking import mask_name, mask_text

from . import tracking_codes
from .models import TopicRequest
from .permissions import DISPATCH, POLICY
from .services import safe_link
from .workflow import WALL_STATES


def may_work_on_topics(user) -> bool:
    """Whether the staff pages of 点题公开 open for this user: the office, answering departments, view-all."""
    return POLICY.opens_pages(user)


def topics_visible_to(user) -> QuerySet[TopicRequest]:
    """Staff scope (`permissions.POLICY`): the office (forwarding for every department, or view-all) sees every
    topic, including those not forwarded yet; a department sees the topics forwarded to it. Anything else is
    "not found"."""
    return POLICY.visible_to(user, TopicRequest.objects.select_related("department", "feedback_clock"))


def topic_counts_for(user) -> dict[str, int]:
    """Open work for the workbench: {"submitted": n (office only), "forwarded": n, "awaiting_sign_off": n}."""
    from django.db.models import Count, Q

    counts = topics_visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=TopicRequest.Status.SUBMITTED)),
        forwarded=Count("pk", filter=Q(status=TopicRequest.Status.FORWARDED)),
        # the drafts this user may sign off (签发): in scope, not their own
        awaiting_sign_off=Count("pk", filter=Q(status=TopicRequest.Status.AWAITING_SIGN_OFF) & ~Q(drafted_by=user)))
    if not has_capability(user, DISPATCH):
        counts["submitted"] = 0
    return counts


@replica_read  # a read replica when configured (core.replicas)
def echo_wall() -> QuerySet[TopicRequest]:
    """Topics on the public echo wall (回音壁): answered or published and public, newest first."""
    return (TopicRequest.objects.filter(public=True, status__in=WALL_STATES)
            .select_related("department", "publication_item")
            .order_by("-published_on", "-id"))


def publication_link(topic: TopicRequest) -> dict | None:
    """The published item an answer points to, as the public sees it: {"url", "title", "index_number"}; None when
    there is none or it is not public (the item's own `get_absolute_url` gives its public page once published, or
    its withdrawal notice)."""
    item = topic.publication_item if topic.publication_item_id else None
    if item is None or item.status not in ("published", "withdrawn", "superseded"):
        return None
    return {"url": item.get_absolute_url(), "title": item.title, "index_number": item.index_number}


def wall_entry(topic: TopicRequest) -> dict:
    """What the public sees of one topic: name masked, personal data and the writer's own name in the texts
    masked."""
    names = [topic.citizen_name]
    return {
        "reference": topic.reference,
        "citizen_name": mask_name(topic.citizen_name),
        "title": mask_text(topic.title, names=names),
        "content": mask_text(topic.content, names=names),
        "status": topic.status,
        "status_label": topic.get_status_display(),
        "department": topic.department.name if topic.department_id else "",
        "answer": mask_text(topic.answer, names=names),
        # Checked again when shown: a link stored before the rule was tightened never reaches the public page.
        "publication_url": topic.publication_url if safe_link(topic.publication_url) else "",
        "publication_item": publication_link(topic),
        "submitted_on": topic.created_at.date().isoformat() if topic.created_at else None,
        "published_on": topic.published_on.isoformat() if topic.published_on else None,
    }


def topics_of_citizen(user):
    """The topics a citizen submitted while logged in, newest first (我的点题)."""
    return TopicRequest.objects.filter(user=user).select_related("department").order_by("-created_at", "-id")


def topic_for_citizen(code: str, secret: str) -> TopicRequest | None:
    """The topic named by tracking code (查询码) + verification secret (验证码), or None: a wrong code, a wrong
    secret and a topic without a secret (proposed before codes existed) are the same "not found"."""
    code = tracking_codes.normalize_code(code)
    if not code or not secret:
        return None
    topic = (TopicRequest.objects.select_related("department", "feedback_clock", "publication_item")
             .filter(tracking_code=code).first())
    if topic is None or not tracking_codes.check_secret(topic, secret):
        return None
    return topic
