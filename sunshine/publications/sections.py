"""Portal sections of publications (named in the app's manifest): the newest published items on the home page
(`home_sections`), and the workbench section (工作台) with the items waiting for this user (`workbench_sections`)."""

from django.urls import reverse
from django.utils import timezone

from sunshine.accounts.scoping import has_capability
from sunshine.publications.selectors import public_list, staff_publications
from sunshine.publications.workflow import Status


def workbench_sections(user) -> list[dict]:
    if not any(has_capability(user, f"publications.{c}") for c in (
            "draft_publication", "review_confidentiality", "review_legality", "publish_publication")):
        return []
    waiting = []
    if has_capability(user, "publications.review_confidentiality"):
        waiting.append(Status.SUBMITTED)
    if has_capability(user, "publications.review_legality"):
        waiting.append(Status.LEGALITY_REVIEW)
    if has_capability(user, "publications.publish_publication"):
        waiting.append(Status.APPROVED)
    if has_capability(user, "publications.draft_publication"):
        waiting.append(Status.RETURNED)
    rows = list(staff_publications(user).filter(status__in=waiting).only("pk", "title", "status")
                .order_by("-updated_at")[:10])
    return [{
        "title": "主动公开",
        "url": reverse("publications:staff-list"),
        "description": "起草、审查和发布政府信息；待我处理的信息：",
        "items": [{"label": p.title, "url": reverse("publications:staff-detail", args=[p.pk]),
                   "note": p.get_status_display()} for p in rows],
    }]


def home_latest(limit: int) -> list[dict]:
    """The newest published items (one query; only public fields)."""
    rows = public_list()[:limit]
    return [{"label": p.title, "url": reverse("publications:item", args=[p.pk]),
             "note": timezone.localtime(p.published_at).strftime("%Y-%m-%d")} for p in rows]
