"""Clock reads (时限查询), scoped by department. Warnings are indexed SQL over the stored figures.

Only the agency's clocks warn (obligor "agency"): a period that runs on the applicant's or a third party's side
(补正, 缴费, 第三方意见) is never yellow or red and never counted against a department. Such a clock is still listed
(the clerk must know the applicant's period has passed, to close the case): after the agency's warned clocks, by
due date, marked 申请人期限 / 申请人已逾期 in a neutral colour.

Red for a clock counted in hours is precise to the moment when the call is "live" (no `today` given, or `now`
given): `due_at` < now. With only a past or future `today`, the count is as at the start of that day, where
`due_at` < start of day ⇔ `due_date` < today, the rule of the day units.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from sunshine.accounts.scoping import department_scope

from . import deadlines
from .models import Clock

NONE, YELLOW, RED = "none", "yellow", "red"
# soonest due first; on one day the hour clocks (due at a moment) before the day clocks (due at its end)
DUE_ORDER = ("due_date", models.F("due_at").asc(nulls_last=True), "id")
URGENCY = ("not_warned", *DUE_ORDER)
LEVEL_LABELS = {NONE: "正常", YELLOW: "黄牌预警", RED: "红牌（已超期）"}


def _moment(today: dt.date | None, now: dt.datetime | None) -> tuple[dt.date, dt.datetime | None]:
    """(today, now or None): live when `today` is not given; `now` alone gives its local date."""
    if now is not None:
        return (today or timezone.localdate(now)), now
    if today is None:
        now = timezone.now()
        return timezone.localdate(now), now
    return today, None


def _red(today: dt.date, now: dt.datetime | None) -> Q:
    red = Q(due_date__lt=today)
    if now is not None:
        red |= Q(due_date=today, due_at__lt=now)
    return red


def visible_clocks(user) -> QuerySet[Clock]:
    """Clocks the user may see: own department; everything with `orgs.view_all_departments`."""
    return department_scope(user, Clock.objects.select_related("department"))


def clocks_for(subject: models.Model) -> QuerySet[Clock]:
    """The clocks of one case, oldest first."""
    return Clock.objects.filter(subject_type=ContentType.objects.get_for_model(subject),
                                subject_id=str(subject.pk)).order_by("id")


def clocks_for_case(case_key: str) -> QuerySet[Clock]:
    """Every clock of one case (all subjects, successive and parallel), oldest first."""
    return Clock.objects.filter(case_key=case_key).order_by("id")


def warning_level(clock: Clock, today: dt.date | None = None, now: dt.datetime | None = None) -> str:
    """"none" | "yellow" | "red" (paused and stopped clocks, and the applicant's clocks: "none")."""
    today, now = _moment(today, now)
    return deadlines.warning_level(state=clock.state, due_date=clock.due_date, yellow_from=clock.yellow_from,
                                   today=today, due_at=clock.due_at, now=now, obligor=clock.obligor)


def with_level(queryset: QuerySet[Clock], level: str, today: dt.date | None = None,
               now: dt.datetime | None = None) -> QuerySet[Clock]:
    """Filter running clocks by warning level ("yellow", "red", "warned" = either, "none"); only the agency's
    clocks are yellow or red, the applicant's running clocks are all "none"."""
    today, now = _moment(today, now)
    running = queryset.filter(state=Clock.State.RUNNING)
    agency = running.filter(obligor=Clock.Obligor.AGENCY)
    red = _red(today, now)
    if level == RED:
        return agency.filter(red)
    if level == YELLOW:
        return agency.filter(yellow_from__lte=today).exclude(red)
    if level == "warned":
        return agency.filter(yellow_from__lte=today)
    if level == NONE:
        calm = Q(obligor=Clock.Obligor.AGENCY) & (Q(yellow_from__gt=today) | Q(yellow_from__isnull=True)) & ~red
        return running.filter(calm | ~Q(obligor=Clock.Obligor.AGENCY))
    return queryset


def warning_counts_by_department(today: dt.date | None = None, *, user=None,
                                 now: dt.datetime | None = None) -> list[dict]:
    """Yellow and red counts of the agency's running clocks per department, in one query.

    Red = due date before today (hours, live: `due_at` before now); yellow = the other clocks with
    yellow_from ≤ today. Both have yellow_from ≤ today, so the scan is one range of the partial index on running
    agency clocks (`clock_warning_idx`, which covers department, due_date and due_at). With `user`, only what they
    may see. Departments without warnings are left out. Rows: department_id, department_name, yellow, red.
    """
    rows = warning_counts_queryset(today, user=user, now=now)
    return [{"department_id": r["department_id"], "department_name": r["department__name"],
             "yellow": r["warned"] - r["red"], "red": r["red"]} for r in rows]


def warning_counts_queryset(today: dt.date | None = None, *, user=None, now: dt.datetime | None = None) -> QuerySet:
    """The one query of `warning_counts_by_department` (rows: department_id, department__name, warned, red)."""
    today, now = _moment(today, now)
    queryset = Clock.objects.all() if user is None else department_scope(user, Clock.objects.all())
    return (queryset.filter(state=Clock.State.RUNNING, obligor=Clock.Obligor.AGENCY, yellow_from__lte=today)
            .values("department_id")
            # count a column of the index (not "id"): PostgreSQL then answers from the index alone
            .annotate(warned=Count("due_date"), red=Count("due_date", filter=_red(today, now)))
            .values("department_id", "department__name", "warned", "red")
            .order_by("department_id"))


def urgent_clocks(user, limit: int = 10, today: dt.date | None = None, now: dt.datetime | None = None, *,
                  own_department: bool = False) -> list[Clock]:
    """The user's running clocks, most urgent first: the agency's red and yellow clocks (most overdue first), then
    the others by due date. An applicant's clock is listed among the others, never as a warning. With
    `own_department`, only the clocks of the user's own department (their to-do list, even for a user whose
    cross-department duty lets them see every department's clocks)."""
    today, now = _moment(today, now)
    running = visible_clocks(user).filter(state=Clock.State.RUNNING)
    if own_department:
        if not getattr(user, "department_id", None):
            return []
        running = running.filter(department_id=user.department_id)
    warned = Case(When(Q(obligor=Clock.Obligor.AGENCY, yellow_from__lte=today), then=Value(0)), default=Value(1),
                  output_field=models.IntegerField())
    return list(running.annotate(not_warned=warned).order_by(*URGENCY)[:limit])


def days_left(clock: Clock, today: dt.date | None = None, now: dt.datetime | None = None) -> int | None:
    """Units left after today until the due date (negative: overdue), None unless running: working days,
    natural days, or whole hours from now until `due_at` (rounded down)."""
    from sunshine.workcalendar.services import working_days_between

    if clock.state != Clock.State.RUNNING:
        return None
    today, now = _moment(today, now)
    if clock.unit == Clock.Unit.HOURS:
        now = now or timezone.make_aware(dt.datetime.combine(today, dt.time.min))
        return (clock.due_at - now) // deadlines.HOUR
    if clock.unit == Clock.Unit.NATURAL_DAYS:
        return (clock.due_date - today).days
    return working_days_between(today, clock.due_date)


# --- the page of a clock's subject -----------------------------------------------------------------------------------

def subjects_of(clocks) -> dict[int, object]:
    """{clock id: subject object}, one query per subject type (not one per clock); missing subjects left out."""
    by_type: dict[int, list[Clock]] = {}
    for clock in clocks:
        by_type.setdefault(clock.subject_type_id, []).append(clock)
    subjects: dict[int, object] = {}
    for type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:  # the subject's app was removed
            continue
        keys = set()
        for clock in group:
            try:
                keys.add(model._meta.pk.to_python(clock.subject_id))
            except (ValidationError, ValueError, TypeError):  # not a key of its model (e.g. synthetic data)
                continue
        found = {str(pk): obj for pk, obj in model._base_manager.in_bulk(list(keys)).items()}
        for clock in group:
            if clock.subject_id in found:
                subjects[clock.pk] = found[clock.subject_id]
    return subjects


def _url_of(clock: Clock, subject) -> str:
    for name in ("get_staff_url", "get_absolute_url"):
        get_url = getattr(subject, name, None)
        if callable(get_url):
            return get_url()
    return reverse("clocks:clock-detail", args=[clock.pk])


def subject_urls(clocks, *, subjects: dict[int, object] | None = None) -> dict[int, str]:
    """{clock id: the staff page of its case}, batched (one query per subject type; none with `subjects`, the
    result of `subjects_of(clocks)` when the caller has it already).

    The subject's `get_staff_url()` when its model defines one (the staff hook), else its `get_absolute_url()`,
    else the clock's own explanation page (`/clocks/<id>/`)."""
    clocks = list(clocks)
    if subjects is None:
        subjects = subjects_of(clocks)
    return {clock.pk: _url_of(clock, subjects.get(clock.pk)) for clock in clocks}


def subject_url(clock: Clock) -> str:
    """The staff page of one clock's case (see `subject_urls`)."""
    return subject_urls([clock])[clock.pk]


__all__ = ["DUE_ORDER", "LEVEL_LABELS", "clocks_for", "clocks_for_case", "days_left", "subject_url", "subject_urls",
           "subjects_of", "urgent_clocks", "visible_clocks", "warning_counts_by_department", "warning_counts_queryset",
           "warning_level", "with_level"]
