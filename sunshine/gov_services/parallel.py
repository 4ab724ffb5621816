"""Parallel approval (并联审批): a combined matter (联办事项, e.g. 企业开办, 投资项目并联审批) declared as data — its
guide version names the component items (`CombinedComponent`), each handled by its own department — started from
one application with one set of materials.

- Acceptance of the combined application (the lead window, `services.application_accept`) starts one parallel task
  (并联任务) per component in that component's department, each with its own clocks: the component's promise
  (`gov_services.task_promised`, from the acceptance day) and its steps (`gov_services.task_step`).
- The case's own limits: the **promised** limit is the longest single component's promised limit (seed 003), the
  **statutory** limit of joint handling is 45 working days (`gov_services.joint_statutory`), +15 with the head's
  approval (行政许可法 §42 ¶2).
- A §45 special procedure in a task pauses that task's clocks and, while any task is in one, the case's joint
  limits (its time is not counted for the joint decision either).
- 容缺 (deferred.py): no task grants while the case's 容缺 materials are outstanding (one set of materials for all);
  a lapsed period terminates the case and every open task with it (`terminate_tasks`, 已终止, clocks cancelled).
- Each task ends with its own outcome (准予 → 制证, or 不予许可); when every task is done the case returns to the
  desk (`tasks_done`, by the system, in the last task's transaction) and the desk confirms 办结.
Every task change goes through `TASK_WORKFLOW.step` (lock, policy, audit).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.cases.workflow import SYSTEM
from sunshine.clocks import services as clocks
from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError
from sunshine.core.text import has_visible_text

from . import letters
from .models import Application, ParallelTask
from .rules import DEFAULT_STEPS, SPECIAL_NOT_COUNTED, notify_applicant
from .workflow import TASK_WORKFLOW, WORKFLOW, Status, TaskStatus

JOINT_STATUTORY_DAYS = 45  # 行政许可法 §42 ¶2: 联合办理、集中办理、统一办理
JOINT_EXTENSION_DAYS = 15  # … 经本级人民政府负责人批准，可以延长十五日
JOINT_BASIS = "《中华人民共和国行政许可法》第四十二条第二款（联合办理）"
K_JOINT_STATUTORY = "gov_services.joint_statutory"
K_TASK_PROMISED, K_TASK_STEP = "gov_services.task_promised", "gov_services.task_step"
K_CERTIFICATE = "gov_services.certificate"
CERTIFICATE_DAYS = 10  # §44
TASK_STEPS = ("review", "decide", "certify")


def is_combined(version) -> bool:
    return version.components.exists()


def component_versions(version) -> list:
    """The current guide versions of a combined version's component items, in order."""
    rows = version.components.select_related("item__current_version", "item__department", "item__window")
    return [c.item.current_version for c in rows if c.item.current_version_id is not None]


def overall_limits(version, components=None) -> tuple[int, int]:
    """(statutory, promised) of a combined matter: 45 (§42 ¶2) and the longest component promise (seed 003)."""
    components = component_versions(version) if components is None else components
    promised = max((0 if v.on_the_spot else v.promised_limit_days for v in components), default=0)
    return JOINT_STATUTORY_DAYS, promised


def sync_declared_limits(version) -> None:
    """Write the combined matter's limits on its guide version (the catalogue and the guide show them)."""
    statutory, promised = overall_limits(version)
    type(version).objects.filter(pk=version.pk).update(statutory_limit_days=statutory, promised_limit_days=promised,
                                                       statutory_limit_basis=JOINT_BASIS, on_the_spot=False)


def _today(on):
    return on or timezone.localdate()


def _step_of(task, code: str) -> dict:
    steps = task.item_version.steps or DEFAULT_STEPS
    return next((s for s in steps if s.get("code") == code), None) or next(
        s for s in DEFAULT_STEPS if s["code"] == code)


def _start_step(task, code: str, *, on, actor) -> None:
    step = _step_of(task, code)
    task.step_clock = clocks.clock_start(kind=K_TASK_STEP, subject=task, department=task.department, started_on=on,
                                         limit_days=int(step.get("limit_days") or 0), actor=actor,
                                         label=f"{task.item_version.item.name}·{step['name']}",
                                         reason=f"并联任务进入“{step['name']}”环节")
    task.current_step = code


def _stop(clock, *, on, actor, reason: str = "") -> None:
    if clock is not None and clock.state != Clock.State.STOPPED:
        if clock.state == Clock.State.PAUSED:
            clocks.clock_resume(clock, on=on, actor=actor, reason=reason or "办结")
        clocks.clock_stop(clock, on=on, actor=actor)


def _stop_task_step(task, *, on, actor) -> None:
    """End the task's current step; late or shorter than its `min_days` → a supervision flag (integrity.py)."""
    from . import integrity

    clock = task.step_clock
    if clock is not None and clock.state != Clock.State.STOPPED:
        _stop(clock, on=on, actor=actor)
        clock.refresh_from_db()
        min_days = int(_step_of(task, task.current_step).get("min_days") or 0) if task.current_step else 0
        integrity.check_task_step_end(task, clock, on=on, actor=actor, min_days=min_days)


# --- the case: limits and tasks at acceptance (inside the case's accept step) -------------------------------------
def start_limits(app, *, accepted_on, actor, reason) -> None:
    """The case's joint statutory (45) and its promise (the longest task's), from the acceptance day."""
    statutory, promised = overall_limits(app.item_version)
    app.statutory_clock = clocks.clock_start(kind=K_JOINT_STATUTORY, subject=app, department=app.department,
                                             started_on=accepted_on, limit_days=statutory, actor=actor,
                                             reason=f"{reason}（{JOINT_BASIS}）")
    app.promised_clock = clocks.clock_start(kind="gov_services.promised", subject=app, department=app.department,
                                            started_on=accepted_on, limit_days=promised, actor=actor,
                                            reason=f"{reason}（承诺时限：各部门中最长的承诺时限）")


def start_tasks(app, *, accepted_on, actor) -> list[ParallelTask]:
    """One parallel task per component, each in its department with its own promise and step clocks."""
    tasks = []
    rows = app.item_version.components.select_related("item__current_version", "item__department", "item__window")
    for position, component in enumerate(rows, 1):
        version = component.item.current_version
        if version is None:
            raise DomainError(f"子事项“{component.item.name}”尚未发布，不能受理。", code="item_unavailable")
        task = ParallelTask.objects.create(application=app, item_version=version, department=component.item.department,
                                           window=component.item.window, position=position,
                                           status=TaskStatus.REVIEWING, started_on=accepted_on)
        task.promised_clock = clocks.clock_start(
            kind=K_TASK_PROMISED, subject=task, department=task.department, started_on=accepted_on,
            limit_days=0 if version.on_the_spot else version.promised_limit_days, actor=actor,
            label=f"{app.tracking_code}·{component.item.name}", reason="并联审批：受理后同步启动")
        _start_step(task, "review", on=accepted_on, actor=actor)
        task.save(update_fields=["promised_clock", "step_clock", "current_step"])
        record(action="gov_services.task.start", target=task, actor=actor, department=task.department,
               after={"application": app.tracking_code, "item": component.item.code,
                      "promised_days": task.promised_clock.limit_days}, to_status=TaskStatus.REVIEWING)
        tasks.append(task)
    return tasks


# --- the tasks ----------------------------------------------------------------------------------------------------
def task_terminate(task, *, on):
    """随办件终止办理 (the system): the combined case ended (容缺 lapsed), so this open task ends (已终止), its
    promised, step and certificate clocks cancelled (never counted late nor on time)."""
    reason = "容缺材料逾期未补交，随办件终止办理"
    with TASK_WORKFLOW.step(task, "terminate", performed_by=SYSTEM, reason=reason) as step:
        t = step.obj
        for clock in (t.promised_clock, t.step_clock, t.certificate_clock):
            if clock is not None and clock.state != Clock.State.STOPPED:
                clocks.clock_cancel(clock, on=on, reason="容缺材料逾期未补交，终止办理")
        step.set(finished_on=on, current_step="", paused_from="", special_procedure="")
    return step.obj


def terminate_tasks(app, *, on) -> int:
    """Inside the case's `terminate_deferred` step: every open task of the case ends (`task_terminate`)."""
    open_tasks = ParallelTask.objects.filter(application_id=app.pk).exclude(
        status__in=(TaskStatus.DONE, TaskStatus.TERMINATED)).order_by("position", "pk")
    ended = [task_terminate(task, on=on) for task in open_tasks]
    return len(ended)


def _deferred_outstanding(app) -> bool:
    return bool(app.deferred_materials and app.deferred_clock_id and app.deferred_clock.state != Clock.State.STOPPED)


def _finish_case_if_all_done(task, *, on, actor) -> None:
    """Inside the last task's transaction: every task done → the case returns to the desk."""
    # lock the case first: a task finishing at the same time waits here and then sees this one done
    app = Application.objects.select_for_update().get(pk=task.application_id)
    if app.status != Status.PARALLEL or ParallelTask.objects.filter(application_id=app.pk).exclude(
            status=TaskStatus.DONE).exclude(pk=task.pk).exists():
        return
    application_tasks_done(app, on=on, actor=actor, finishing=task)


def application_tasks_done(application, *, on: dt.date | None = None, actor=None, finishing=None):
    """各部门办理完毕 (the system): every parallel task is done, so the case returns to the central desk, which
    confirms 办结; the joint statutory limit stops. `finishing`: the task whose own step is ending now."""
    on = _today(on)
    with WORKFLOW.step(application, "tasks_done", performed_by=SYSTEM, reason="各并联任务均已办结") as step:
        case = step.obj
        rows = dict(ParallelTask.objects.filter(application_id=case.pk).values_list("pk", "status"))
        if finishing is not None:
            rows[finishing.pk] = TaskStatus.DONE
        if any(status != TaskStatus.DONE for status in rows.values()):
            raise DomainError("尚有部门的并联任务未办结。", code="tasks_pending")
        if case.statutory_clock_id:
            _stop(case.statutory_clock, on=on, actor=actor, reason="各部门办理完毕")
        step.set(delivered_on=on)
        step.audit(after={"tasks": len(rows)})
    return step.obj


def _done(task, step, *, on, actor) -> None:
    """The task's end: its promise stops; the case may be complete."""
    _stop(task.promised_clock, on=on, actor=actor)
    step.set(finished_on=on, current_step="")
    _finish_case_if_all_done(task, on=on, actor=actor)


@transaction.atomic
def task_complete_review(task, *, actor, on: dt.date | None = None, opinion: str = ""):
    on = _today(on)
    with TASK_WORKFLOW.step(task, "complete_review", actor=actor, reason=opinion) as step:
        t = step.obj
        _stop_task_step(t, on=on, actor=actor)
        _start_step(t, "decide", on=on, actor=actor)
        step.set(step_clock=t.step_clock, current_step=t.current_step)
    return step.obj


@transaction.atomic
def task_decide(task, *, actor, decision: str, reasons: str = "", on: dt.date | None = None):
    """The department's decision on its component (准予许可 → 制证; 不予许可 with reasons → the task ends)."""
    on = _today(on)
    reasons = (reasons or "").strip()
    if decision not in Application.Decision.values:
        raise DomainError("请选择决定：准予许可或不予许可。", code="invalid", field="decision")
    if decision == Application.Decision.DENIED and not has_visible_text(reasons):
        raise DomainError("不予许可必须说明理由。", code="invalid", field="reasons")
    with TASK_WORKFLOW.step(task, "decide", actor=actor, reason=reasons, lock_related=("application",)) as step:
        t = step.obj
        if decision == Application.Decision.GRANTED and _deferred_outstanding(t.application):
            names = "、".join(t.application.deferred_materials)
            raise DomainError(f"容缺受理的材料（{names}）尚未补齐，不能作出准予许可决定。",
                              code="deferred_outstanding", field="decision")
        from . import integrity

        integrity.check_decision(t.application, on=on, actor=actor)
        t.decision = decision
        step.go(TASK_WORKFLOW.get("decide").target(t))
        _stop_task_step(t, on=on, actor=actor)
        fields = {"decision": decision, "decision_reasons": reasons, "decided_on": on}
        if decision == Application.Decision.GRANTED:
            t.certificate_clock = clocks.clock_start(
                kind=K_CERTIFICATE, subject=t, department=t.department, started_on=on, limit_days=CERTIFICATE_DAYS,
                actor=actor, reason="准予许可（行政许可法第四十四条：十日内颁发证件）")
            _start_step(t, "certify", on=on, actor=actor)
            fields.update(certificate_clock=t.certificate_clock, step_clock=t.step_clock, current_step="certify")
        step.set(**fields)
        step.audit(after={"decision": decision, "application": t.application.tracking_code})
        label = Application.Decision(decision).label
        _issue_decision(t, label=label, reasons=reasons, actor=actor, on=on)
        if decision == Application.Decision.DENIED:
            _done(t, step, on=on, actor=actor)
    return step.obj


@transaction.atomic
def task_issue_certificate(task, *, actor, number: str, on: dt.date | None = None):
    on = _today(on)
    number = (number or "").strip()
    if not has_visible_text(number):
        raise DomainError("请填写证照编号。", code="invalid", field="number")
    with TASK_WORKFLOW.step(task, "issue_certificate", actor=actor, lock_related=("application",)) as step:
        t = step.obj
        _stop(t.certificate_clock, on=on, actor=actor)
        _stop_task_step(t, on=on, actor=actor)
        step.set(certificate_number=number, certificate_issued_on=on)
        step.audit(after={"certificate_number": number})
        _done(t, step, on=on, actor=actor)
    return step.obj


def _case_clocks(app):
    return [c for c in (app.statutory_clock, app.promised_clock) if c is not None]


@transaction.atomic
def task_start_special(task, *, actor, procedure: str, days: int, on: dt.date | None = None):
    """§45 in one task (听证、检验、检测、专家评审 …): the task's clocks pause, and the case's joint limits while any
    task is in such a procedure; the applicant is told its time in writing. A counted procedure pauses nothing."""
    on = _today(on)
    procedure = (procedure or "").strip()
    if not has_visible_text(procedure):
        raise DomainError("请选择特别程序。", code="invalid", field="procedure")
    if not isinstance(days, int) or days < 1 or days > 365:
        raise DomainError("特别程序所需时间应为1至365个工作日。", code="invalid", field="days")
    with TASK_WORKFLOW.step(task, "start_special", actor=actor, reason=procedure,
                            lock_related=("application",)) as step:
        t = step.obj
        declared = t.item_version.special_procedure_named(procedure)
        counted = bool(declared.get("counted")) if declared else procedure not in SPECIAL_NOT_COUNTED
        if not counted:
            reason = f"{t.item_version.item.name}：{procedure}（行政许可法第四十五条，不计算在期限内）"
            for clock in (t.promised_clock, t.step_clock):
                if clock is not None and clock.state == Clock.State.RUNNING:
                    clocks.clock_pause(clock, on=on, actor=actor, reason=reason)
            app = Application.objects.select_for_update().get(pk=t.application_id)
            for clock in _case_clocks(app):
                if clock.state == Clock.State.RUNNING:
                    clocks.clock_pause(clock, on=on, actor=actor, reason=reason)
        step.set(paused_from=step.source, special_procedure=procedure)
        step.audit(after={"procedure": procedure, "days": days, "counted": counted})
        app = t.application
        letters.issue_letter(app, letters.SPECIAL, actor=actor, on=on, key=f"task{t.pk}-special-{on:%Y%m%d}",
                             procedure=f"{procedure}（{t.item_version.item.name}）", procedure_days=days,
                             signature=t.department.name)
    return step.obj


@transaction.atomic
def task_end_special(task, *, actor, on: dt.date | None = None):
    on = _today(on)
    with TASK_WORKFLOW.step(task, "end_special", actor=actor, lock_related=("application",)) as step:
        t = step.obj
        reason = f"{t.item_version.item.name}：{t.special_procedure}结束"
        for clock in (t.promised_clock, t.step_clock):
            if clock is not None and clock.state == Clock.State.PAUSED:
                clocks.clock_resume(clock, on=on, actor=actor, reason=reason)
        app = Application.objects.select_for_update().get(pk=t.application_id)
        others = ParallelTask.objects.filter(application_id=app.pk, status=TaskStatus.SPECIAL).exclude(pk=t.pk)
        if not others.exists():
            for clock in _case_clocks(app):
                if clock.state == Clock.State.PAUSED:
                    clocks.clock_resume(clock, on=on, actor=actor, reason=reason)
        step.set(paused_from="", special_procedure="")
    return step.obj


def _issue_decision(task, *, label, reasons, actor, on) -> None:
    """The department's 行政许可决定书 on its component, on the combined case (the applicant reads it there)."""
    app = task.application
    letters.issue_letter(app, letters.DECISION, actor=actor, on=on, key=f"task{task.pk}-decision",
                         item_name=f"{app.item_version.item.name}——{task.item_version.item.name}",
                         decision=label, reasons=reasons,
                         remedies=letters.REMEDIES if label == Application.Decision.DENIED.label else "",
                         signature=task.department.name,
                         promised_due_date=letters._date(task.promised_clock.due_date if task.promised_clock else None))


# --- key projects: green channel and agent (desk) ---------------------------------------------------------------
def application_set_green_channel(application, *, actor, on: bool, reason: str = ""):
    """绿色通道 for a key project (重点项目): shown and sorted first in every queue."""
    with WORKFLOW.step(application, "set_green_channel", actor=actor, reason=reason) as step:
        step.audit(before={"green_channel": step.obj.green_channel}, after={"green_channel": bool(on)})
        step.set(green_channel=bool(on))
    return step.obj


def application_assign_agent(application, *, actor, agent):
    """代办员: follows the key project for the applicant (sees the case read-only; named on the tracking page)."""
    from .permissions import is_agent

    if agent is not None and not is_agent(agent):
        raise DomainError("只能指定具有代办员权限的工作人员。", code="invalid", field="agent")
    with WORKFLOW.step(application, "assign_agent", actor=actor) as step:
        app = step.obj
        step.audit(before={"agent": app.agent_id}, after={"agent": agent.pk if agent else None})
        step.set(agent=agent)
        if agent is not None:
            name = agent.real_name or agent.username
            notify_applicant(app, f"您的办件{app.tracking_code}已安排代办员{name}全程代办。")
    return step.obj


__all__ = ["JOINT_EXTENSION_DAYS", "JOINT_STATUTORY_DAYS", "application_assign_agent",
           "application_set_green_channel", "application_tasks_done", "is_combined", "overall_limits",
           "start_limits", "start_tasks",
           "task_complete_review", "task_decide", "task_end_special", "task_issue_certificate",
           "task_start_special", "task_terminate", "terminate_tasks"]
