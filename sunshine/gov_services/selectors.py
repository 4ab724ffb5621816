"""Queries of government services (no N+1: the lists select their relations)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .models import Application, Audience, ParallelTask, ServiceItem, Theme
from .permissions import FOLLOW, POLICY, TASK_POLICY
from .workflow import TASK_OPEN_STATES

# the agent's list: key projects in the green channel (绿色通道) first
QUEUE_ORDER = ("-green_channel", "-created_at", "-id")
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


def queue_queryset(user):
    """The cases of `user`'s scope with what a queue row shows (item, department, the promised and notice clocks)."""
    return POLICY.visible_to(user).select_related("item_version__item", "department", "promised_clock",
                                                  "notice_clock")


def desk_queue(user, status: str = ""):
    """集中受理台: a status, or by default the registered and returned cases (`queue` "d" = DESK_STATES)."""
    qs = queue_queryset(user)
    return qs.filter(status=status) if status else qs.filter(queue="d")


def window_queue(user, status: str = ""):
    """窗口办件: the department's cases in a status, or by default those waiting for acceptance or in a step
    (`queue` "w" = WINDOW_STATES)."""
    qs = queue_queryset(user).filter(department_id=user.department_id)
    return qs.filter(status=status) if status else qs.filter(queue="w")


def applications_of_citizen(user):
    return (Application.objects.filter(citizen=user).select_related("item_version__item", "department")
            .order_by("-created_at", "-id"))


def keyset_page(queryset, *, before: int | None, limit: int) -> list:
    """One page of `queryset`, newest first by id, after the id `before` (keyset pagination: no OFFSET, no count);
    `limit + 1` rows, so the caller knows whether there is a next page."""
    if before is not None:
        queryset = queryset.filter(pk__lt=before)
    return list(queryset.order_by("-id")[:limit + 1])


# --- parallel approval (并联审批) -----------------------------------------------------------------------------------
def task_queryset(user):
    return (TASK_POLICY.visible_to(user)
            .select_related("application", "item_version__item", "department", "promised_clock", "step_clock",
                            "certificate_clock"))


def department_tasks(user, status: str = ""):
    """The parallel tasks of `user`'s own department (并联任务), green channel first."""
    qs = task_queryset(user).filter(department_id=user.department_id)
    qs = qs.filter(status=status) if status else qs.filter(status__in=TASK_OPEN_STATES)
    return qs.order_by("-application__green_channel", "-created_at", "-id")


def tasks_of(application):
    return (ParallelTask.objects.filter(application=application)
            .select_related("item_version__item", "department", "promised_clock", "step_clock")
            .order_by("position", "id"))


def agents():
    """Staff who may be assigned as agents (代办员)."""
    from django.contrib.auth.models import Permission

    from sunshine.accounts.models import User

    app_label, codename = FOLLOW.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if perm is None:
        return User.objects.none()
    return (User.objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm), is_active=True,
                                kind="staff").select_related("department").distinct().order_by("username"))


def followed_by_agent(user):
    return case_queryset(user).filter(agent=user).order_by(*QUEUE_ORDER)


QUEUE_PAGE = 30
COUNT_CAP = 1_000


@dataclass
class QueuePage:
    """A page of a staff queue (keyset pagination: newest first by id, then `before=<id>`): the rows, the id the
    next (older) page starts before, and the number of cases counted up to `COUNT_CAP` (a bounded count)."""

    object_list: list
    next_before: int | None
    count: int
    capped: bool
    first: bool


def queue_page(queryset, *, before: int | None, limit: int = QUEUE_PAGE, green_first: bool = False) -> QueuePage:
    """Two queries at any table size: the page through the queue's index, and a count bounded by `COUNT_CAP`.
    `green_first` (the default queues, 并联审批's key projects): the first page starts with the queue's green-channel
    cases (绿色通道, at most `limit`, a third query through the `(…, queue, green_channel, -id)` indexes) and the keyset
    pages list the others."""
    green = []
    if green_first:
        green = list(queryset.filter(green_channel=True).order_by("-id")[:limit]) if before is None else []
        queryset_rest = queryset.filter(green_channel=False)
    else:
        queryset_rest = queryset
    rows = keyset_page(queryset_rest, before=before, limit=limit)
    more = len(rows) > limit
    rows = rows[:limit]
    count = queryset.order_by().values("pk")[:COUNT_CAP + 1].count()
    return QueuePage(object_list=green + rows, next_before=rows[-1].pk if more and rows else None,
                     count=min(count, COUNT_CAP), capped=count > COUNT_CAP, first=before is None)


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
