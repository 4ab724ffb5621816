"""Queries of government services (no N+1: the lists select their relations)."""

from __future__ import annotations

from django.db.models import Q

from .models import Application, ParallelTask, ServiceItem
from .permissions import FOLLOW, POLICY, TASK_POLICY
from .workflow import TASK_OPEN_STATES, Status

DESK_STATES = (Status.REGISTERED, Status.RETURNED)
WINDOW_STATES = (Status.DISPATCHED, Status.AWAITING_MATERIALS, Status.REVIEWING, Status.DECIDING, Status.SPECIAL,
                 Status.PARALLEL, Status.CERTIFYING, Status.DELIVERING)
# queues: key projects in the green channel (绿色通道) first
QUEUE_ORDER = ("-green_channel", "-created_at", "-id")
MAX_QUERY = 100


def published_items(*, q: str = "", department: str = "", item_type: str = ""):
    """The catalogue (事项目录): active items with a published version; filters by text, department code, type."""
    qs = (ServiceItem.objects.filter(is_active=True, current_version__isnull=False)
          .select_related("department", "current_version"))
    q = (q or "").strip()[:MAX_QUERY]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(department__name__icontains=q))
    if department:
        qs = qs.filter(department__code=department)
    if item_type:
        qs = qs.filter(item_type=item_type)
    return qs.order_by("department__code", "code")


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

