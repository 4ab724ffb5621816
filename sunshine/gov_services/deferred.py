"""What follows a lapsed 容缺 period (容缺材料逾期未补).

容缺受理 accepts an application with minor materials to follow within the item's period (`deferred_period_days`,
an applicant's clock). The county service centre's rule, as the 容缺受理 commitments (承诺书) signed at the window
state it:

- no grant (准予许可) is made while deferred materials are outstanding (`application_decide` refuses it in Chinese);
  a refusal may be decided, and ends the applicant's period (cancelled: nothing is owed any more);
- materials that arrive after the period but before the sweep ran are still received (the clock records `lapsed`);
- on the first day after the period's due date with the materials still missing, the daily job
  `terminate-lapsed-deferred` (`sunshine zw_terminate_lapsed_deferred [--today]`) terminates the case (终止办理,
  a final state): the applicant's clock stops as `lapsed`, the agency's statutory, promised and step clocks are
  cancelled (never counted late nor on time), the 终止办理告知书 lists the missing materials, says the materials
  already given can be taken back and that a new complete application may be filed, with the remedies; an SMS
  tells the applicant; the case carries the `deferred_lapsed` flag for supervision.
- a combined matter (并联审批) shares the rule: its one set of materials serves every department, so no task may
  grant (`parallel.task_decide`) while the case's 容缺 materials are outstanding, and the case's termination ends
  every open parallel task (已终止, `TASK_WORKFLOW` `terminate`) with its clocks cancelled.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.cases.workflow import SYSTEM
from sunshine.clocks import services as clocks
from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError

from . import letters
from .models import Application, FlagKind
from .workflow import WORKFLOW, Status

LAPSE_STATES = (Status.REVIEWING, Status.DECIDING, Status.SPECIAL, Status.PARALLEL)


def _date(d) -> str:
    return f"{d:%Y年%-m月%-d日}" if d else ""


def application_terminate_deferred(application, *, on: dt.date | None = None):
    """终止办理: the 容缺 materials did not arrive within the applicant's period (see the module)."""
    from . import integrity
    from .services import _notify

    on = on or timezone.localdate()
    with WORKFLOW.step(application, "terminate_deferred", performed_by=SYSTEM,
                       reason="容缺材料逾期未补交，终止办理") as step:
        app = step.obj
        deferred = app.deferred_clock
        if deferred is None or deferred.state == Clock.State.STOPPED or not app.deferred_materials:
            raise DomainError("该办件没有待后补的容缺材料。", code="nothing_deferred")
        if deferred.due_date >= on:
            raise DomainError(f"容缺材料的补交期限至{_date(deferred.due_date)}，尚未届满。", code="not_lapsed")
        clocks.clock_stop(deferred, on=on, reason="容缺材料逾期未补交")
        for clock in (app.statutory_clock, app.promised_clock, app.step_clock):
            if clock is not None and clock.state != Clock.State.STOPPED:
                clocks.clock_cancel(clock, on=on, reason="容缺材料逾期未补交，终止办理")
        missing = list(app.deferred_materials)
        if step.source == Status.PARALLEL:
            from .parallel import terminate_tasks

            terminate_tasks(app, on=on)
        step.set(terminated_on=on, current_step="", paused_from="", special_procedure="")
        step.audit(after={"missing": missing, "deferred_due": deferred.due_date.isoformat()})
        letters.issue_letter(app, letters.TERMINATION, actor=None, on=on, key="termination", missing=missing,
                             deferred_due_date=_date(deferred.due_date), remedies=letters.REMEDIES)
        integrity.raise_flag(app, FlagKind.DEFERRED_LAPSED, on=on,
                             facts={"missing": missing, "deferred_due": deferred.due_date.isoformat()})
        _notify(app, f"您的办件{app.tracking_code}容缺材料逾期未补交，已终止办理，详见终止办理告知书。")
    return step.obj


def terminate_lapsed_deferred(*, today: dt.date | None = None) -> int:
    """The daily sweep: every case before its decision whose 容缺 period ended before `today`."""
    today = today or timezone.localdate()
    ids = list(Application.objects.filter(status__in=LAPSE_STATES, deferred_clock__state=Clock.State.RUNNING,
                                          deferred_clock__due_date__lt=today).values_list("pk", flat=True))
    for app in Application.objects.filter(pk__in=ids):
        application_terminate_deferred(app, on=today)
    return len(ids)
