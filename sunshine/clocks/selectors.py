"""Clock reads (时限查询), scoped by department. Warnings are indexed SQL over the stored figures."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from sunshine.accounts.scoping import department_scope

from . import deadlines
from .models import Clock

NONE, YELLOW, RED = "none", "yellow", "red"
LEVEL_LABELS = {NONE: "正常", YELLOW: "黄牌预警", RED: "红牌（已超期）"}


def visible_clocks(user) -> QuerySet[Clock]:
    """Clocks the user may see: own department; everything with `orgs.view_all_departments`."""
    return department_scope(user, Clock.objects.select_related("department"))


def clocks_for(subject: models.Model) -> QuerySet[Clock]:
    """The clocks of one case, oldest first."""
    return Clock.objects.filter(subject_type=ContentType.objects.get_for_model(subject),
                                subject_id=str(subject.pk)).order_by("id")


def warning_level(clock: Clock, today: dt.date | None = None) -> str:
    """"none" | "yellow" | "red" (paused and stopped clocks: "none")."""
    return deadlines.warning_level(state=clock.state, due_date=clock.due_date, yellow_from=clock.yellow_from,
                                   today=today or timezone.localdate())


def with_level(queryset: QuerySet[Clock], level: str, today: dt.date | None = None) -> QuerySet[Clock]:
    """Filter running clocks by warning level ("yellow", "red", "warned" = either, "none")."""
    today = today or timezone.localdate()
    running = queryset.filter(state=Clock.State.RUNNING)
    if level == RED:
        return running.filter(due_date__lt=today)
    if level == YELLOW:
        return running.filter(yellow_from__lte=today, due_date__gte=today)
    if level == "warned":
        return running.filter(yellow_from__lte=today)
    if level == NONE:
        return running.filter(Q(yellow_from__gt=today) | Q(yellow_from__isnull=True), due_date__gte=today)
    return queryset


def warning_counts_by_department(today: dt.date | None = None, *, user=None) -> list[dict]:
    """Yellow and red counts of running clocks per department, in one query.

    Red = due date before today; yellow = yellow_from ≤ today ≤ due date. Both have yellow_from ≤ today,
    so the scan is one range of the (state, yellow_from, …) index. With `user`, only what they may see.
    Departments without warnings are left out. Rows: department_id, department_name, yellow, red.
    """
    today = today or timezone.localdate()
    queryset = Clock.objects.all() if user is None else department_scope(user, Clock.objects.all())
    rows = (queryset.filter(state=Clock.State.RUNNING, yellow_from__lte=today)
            .values("department_id")
            # count a column of the index (not "id"): PostgreSQL then answers from the index alone
            .annotate(red=Count("due_date", filter=Q(due_date__lt=today)),
                      yellow=Count("due_date", filter=Q(due_date__gte=today)))
            .values("department_id", "department__name", "yellow", "red")
            .order_by("department_id"))
    return [{"department_id": r["department_id"], "department_name": r["department__name"], "yellow": r["yellow"],
             "red": r["red"]} for r in rows]


def urgent_clocks(user, limit: int = 10, today: dt.date | None = None) -> list[Clock]:
    """The user's running clocks, most urgent first: red (most overdue first), then yellow, then by due date."""
    today = today or timezone.localdate()
    warned = Case(When(yellow_from__lte=today, then=Value(0)), default=Value(1), output_field=models.IntegerField())
    return list(visible_clocks(user).filter(state=Clock.State.RUNNING)
                .annotate(not_warned=warned).order_by("not_warned", "due_date", "id")[:limit])


def days_left(clock: Clock, today: dt.date | None = None) -> int | None:
    """Working days left after today until the due date (negative: working days overdue); None unless running."""
    from sunshine.workcalendar.services import working_days_between

    if clock.state != Clock.State.RUNNING:
        return None
    return working_days_between(today or timezone.localdate(), clock.due_date)


__all__ = ["LEVEL_LABELS", "clocks_for", "days_left", "urgent_clocks", "visible_clocks",
           "warning_counts_by_department", "warning_level", "with_level"]
