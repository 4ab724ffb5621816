"""Integrity flags for electronic supervision (电子监察标记, issue #9 item 7): queryable facts, never free text.

- `registered_after_decision` 体外循环：决定早于登记 (`application_decide`): the decision date is before the day the
  case was registered in the system (or before its receipt date): handled outside the system, entered afterwards;
- `steps_too_fast` 体外循环：环节用时短于规定 (the end of a step): the item's step declares `min_days` (最短用时,
  working days) and the step ended sooner;
- `notice_late` 逾期未一次性告知 (`application_accept_by_lapse`): no notice within 5 working days (§32(4));
  `Application.accepted_by_lapse` stays as its column;
- `fee_outside_standard` 收费不符合标准 (`fees.application_record_fee`): a payment recorded as really paid that is
  not the standard's amount;
- `step_overdue` 环节超时 (the end of a late step; the sweep for a running step past its due date): even when the
  whole case is within its limit;
- `cancelled_item` 已取消事项的申请 (acceptance; the sweep): the item is cancelled (停用) and the case was received or
  accepted on or after `cancelled_on` (or the day is unknown);
- `deferred_lapsed` 容缺材料逾期未补 (`deferred.terminate_lapsed_deferred`): the applicant's 容缺 period ran out (the
  case is terminated).

Parallel approval (并联审批): a parallel task's steps are checked the same way (`check_task_step_end`, the sweep
covers running task steps), flagged on the combined case with the task's department; a task's decision dated before
the registration is `registered_after_decision` too.

`raise_flag` is idempotent per (case, kind, key) (a unique constraint; the key tells two steps apart) and writes
one audit event (`gov_services.flag.raise`) for the flag it creates. `sweep_integrity` is the periodic job
(`integrity-flags`, `sunshine zw_integrity_flags`).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.clocks.models import Clock
from sunshine.workcalendar.services import working_days_between

from .models import Application, FlagKind, IntegrityFlag
from .workflow import OPEN_STATES, PROCESSING_STATES


def raise_flag(application, kind: str, *, on: dt.date, actor=None, key: str = "", step: str = "",
               facts: dict | None = None, department=None) -> tuple[IntegrityFlag, bool]:
    """The flag (created or the existing one) and whether it was created now. `department`: where the fact
    happened when not the case's own (a parallel task's department)."""
    department = department or application.department
    existing = IntegrityFlag.objects.filter(application=application, kind=kind, key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            flag = IntegrityFlag.objects.create(application=application, department=department,
                                                kind=kind, key=key, step=step, raised_on=on, facts=facts or {})
    except IntegrityError:  # raised at the same moment by another process
        return IntegrityFlag.objects.get(application=application, kind=kind, key=key), False
    record(action="gov_services.flag.raise", target=application, actor=actor, department=department,
           after={"kind": kind, "label": FlagKind(kind).label, "key": key, "step": step, **(facts or {})},
           reason=FlagKind(kind).label)
    return flag, True


def check_step_end(application, clock: Clock, *, on: dt.date, actor=None, min_days: int = 0) -> None:
    """After a step clock stopped: late → `step_overdue`; shorter than the step's `min_days` → `steps_too_fast`."""
    code = application.current_step
    if clock.outcome == Clock.Outcome.LATE:
        raise_flag(application, FlagKind.STEP_OVERDUE, on=on, actor=actor, key=f"step:{clock.pk}", step=code,
                   facts={"step": clock.label, "due": clock.due_date.isoformat(), "ended": on.isoformat()})
    minimum = min_days
    if minimum and working_days_between(clock.started_on, on) < minimum:
        raise_flag(application, FlagKind.STEPS_TOO_FAST, on=on, actor=actor, key=f"fast:{clock.pk}", step=code,
                   facts={"step": clock.label, "started": clock.started_on.isoformat(), "ended": on.isoformat(),
                          "min_days": minimum, "days": working_days_between(clock.started_on, on)})


def check_task_step_end(task, clock: Clock, *, on: dt.date, actor=None, min_days: int = 0) -> None:
    """A parallel task's step ended: the same two checks, on the combined case, in the task's department."""
    app, code = task.application, task.current_step
    facts = {"task": task.item_version.item.name, "step": clock.label}
    if clock.outcome == Clock.Outcome.LATE:
        raise_flag(app, FlagKind.STEP_OVERDUE, on=on, actor=actor, key=f"step:{clock.pk}", step=code,
                   department=task.department,
                   facts={**facts, "due": clock.due_date.isoformat(), "ended": on.isoformat()})
    if min_days and working_days_between(clock.started_on, on) < min_days:
        raise_flag(app, FlagKind.STEPS_TOO_FAST, on=on, actor=actor, key=f"fast:{clock.pk}", step=code,
                   department=task.department,
                   facts={**facts, "started": clock.started_on.isoformat(), "ended": on.isoformat(),
                          "min_days": min_days, "days": working_days_between(clock.started_on, on)})


def check_decision(application, *, on: dt.date, actor=None) -> None:
    """A decision dated before the case was registered (or received) → `registered_after_decision`."""
    registered_on = timezone.localdate(application.created_at) if application.created_at else application.received_on
    if on < registered_on or on < application.received_on:
        raise_flag(application, FlagKind.REGISTERED_AFTER_DECISION, on=timezone.localdate(), actor=actor,
                   facts={"decided_on": on.isoformat(), "registered_on": registered_on.isoformat(),
                          "received_on": application.received_on.isoformat()})


def check_item_active(application, *, on: dt.date, actor=None) -> None:
    """An application for a cancelled item (撤销/停用) received or accepted on or after its cancellation."""
    item = application.item_version.item
    if item.is_active:
        return
    if item.cancelled_on is None or application.received_on >= item.cancelled_on or on >= item.cancelled_on:
        raise_flag(application, FlagKind.CANCELLED_ITEM, on=on, actor=actor,
                   facts={"item": item.code,
                          "cancelled_on": item.cancelled_on.isoformat() if item.cancelled_on else "",
                          "received_on": application.received_on.isoformat()})


def sweep_integrity(*, today: dt.date | None = None) -> int:
    """The periodic job: running steps past their due date, open cases of cancelled items. Returns the flags
    created now (idempotent: a second run creates none)."""
    today = today or timezone.localdate()
    created = 0
    overdue = (Application.objects.filter(status__in=PROCESSING_STATES, step_clock__state=Clock.State.RUNNING,
                                          step_clock__due_date__lt=today)
               .select_related("step_clock"))
    for app in overdue:
        clock = app.step_clock
        _flag, new = raise_flag(app, FlagKind.STEP_OVERDUE, on=today, key=f"step:{clock.pk}", step=app.current_step,
                                facts={"step": clock.label, "due": clock.due_date.isoformat(), "ended": ""})
        created += new
    from .models import ParallelTask
    from .workflow import TASK_OPEN_STATES

    late_tasks = (ParallelTask.objects.filter(status__in=TASK_OPEN_STATES, step_clock__state=Clock.State.RUNNING,
                                              step_clock__due_date__lt=today)
                  .select_related("step_clock", "application", "department", "item_version__item"))
    for task in late_tasks:
        clock = task.step_clock
        _flag, new = raise_flag(task.application, FlagKind.STEP_OVERDUE, on=today, key=f"step:{clock.pk}",
                                step=task.current_step, department=task.department,
                                facts={"task": task.item_version.item.name, "step": clock.label,
                                       "due": clock.due_date.isoformat(), "ended": ""})
        created += new
    cancelled = (Application.objects.filter(status__in=OPEN_STATES, item_version__item__is_active=False)
                 .filter(Q(item_version__item__cancelled_on__isnull=True)
                         | Q(received_on__gte=F("item_version__item__cancelled_on"))
                         | Q(accepted_on__gte=F("item_version__item__cancelled_on")))
                 .exclude(integrity_flags__kind=FlagKind.CANCELLED_ITEM)
                 .select_related("item_version__item"))
    for app in cancelled:
        item = app.item_version.item
        _flag, new = raise_flag(app, FlagKind.CANCELLED_ITEM, on=today,
                                facts={"item": item.code,
                                       "cancelled_on": item.cancelled_on.isoformat() if item.cancelled_on else "",
                                       "received_on": app.received_on.isoformat()})
        created += new
    return created
