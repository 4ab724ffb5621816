"""Queries of government services (no N+1: the lists select their relations)."""

from __future__ import annotations

from django.db.models import Q

from .models import Application, Audience, ServiceItem, Theme
from .permissions import POLICY
from .workflow import Status

DESK_STATES = (Status.REGISTERED, Status.RETURNED)
WINDOW_STATES = (Status.DISPATCHED, Status.AWAITING_MATERIALS, Status.REVIEWING, Status.DECIDING, Status.SPECIAL,
                 Status.CERTIFYING, Status.DELIVERING)
MAX_QUERY = 100


def published_items(*, q: str = "", department: str = "", item_type: str = "", theme: str = "",
                    audience: str = ""):
    """The catalogue (事项目录): active items with a published version; filters by text, department code, type,
    theme or life event (code) and audience (个人办事 `person` / 法人办事 `company`: theirs and those for both)."""
    qs = (ServiceItem.objects.filter(is_active=True, current_version__isnull=False)
          .select_related("department", "current_version"))
    if theme:
        qs = qs.filter(themes__code=theme)
    if audience in (Audience.PERSON, Audience.COMPANY):
        qs = qs.filter(audience__in=[audience, Audience.BOTH])
    q = (q or "").strip()[:MAX_QUERY]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(department__name__icontains=q))
    if department:
        qs = qs.filter(department__code=department)
    if item_type:
        qs = qs.filter(item_type=item_type)
    return qs.order_by("department__sort_order", "department__code", "code")


def themes(audience: str = ""):
    """主题和人生事件 with their published item counts, for an audience or all."""
    from django.db.models import Count

    qs = Theme.objects.annotate(count=Count("items", filter=Q(items__is_active=True,
                                                               items__current_version__isnull=False)))
    return qs.filter(audience=audience) if audience in (Audience.PERSON, Audience.COMPANY) else qs


def item_by_code(code: str) -> ServiceItem | None:
    if not isinstance(code, str) or len(code) > 40 or not code.isprintable():
        return None
    return (ServiceItem.objects.filter(code=code, is_active=True, current_version__isnull=False)
            .select_related("department", "window", "current_version").first())


def case_queryset(user):
    return (POLICY.visible_to(user)
            .select_related("item_version__item", "department", "window", "promised_clock", "statutory_clock",
                            "step_clock", "notice_clock"))


def desk_queue(user, status: str = ""):
    qs = case_queryset(user)
    return qs.filter(status=status) if status else qs.filter(status__in=DESK_STATES)


def window_queue(user, status: str = ""):
    qs = case_queryset(user).filter(department_id=user.department_id)
    return qs.filter(status=status) if status else qs.filter(status__in=WINDOW_STATES)


def applications_of_citizen(user):
    return (Application.objects.filter(citizen=user).select_related("item_version__item", "department")
            .order_by("-created_at", "-id"))


def opens_guide_pages(user) -> bool:
    """The menu's 办事指南 entry: for whoever drafts or approves guides (the pages answer 403 to others)."""
    from .permissions import GUIDE_POLICY

    return GUIDE_POLICY.opens_pages(user)


def guides_awaiting_review(user) -> int:
    """The badge of 办事指南: versions submitted in `user`'s scope that they may approve (not their own drafts)."""
    from .models import ServiceItemVersion
    from .permissions import APPROVE_GUIDE, GUIDE_POLICY

    if not (user.is_authenticated and user.has_perm(APPROVE_GUIDE)):
        return 0
    return (GUIDE_POLICY.visible_to(user, ServiceItemVersion.objects.filter(status="submitted"))
            .exclude(drafted_by=user).count())
