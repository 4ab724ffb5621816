"""States and the transition table of an application (办件办理流程), DOMAIN.md §7 (行政许可法 §32, §38, §42–45).

registered (集中受理台 or online, 已登记) → dispatched to the item's window (待受理) → the window accepts (受理通知书),
refuses with reasons and remedies (不予受理通知书), or issues ONE one-time notice of every missing material
(一次性告知书, 待补正) within 5 working days; a notice not given in time means the application is accepted on the
day the materials were received (`accept_by_lapse`, the periodic sweep) → materials complete (back to the window)
→ accepted: review (审查) → decision (决定: 准予/不予许可) → certificate (制证, within 10 working days of a grant)
→ delivery (送达) → back to the desk (返回受理台) → completed (办结). §45 special procedures (听证、检验、检测、
专家评审 …) pause the limits (特别程序中) and return to the step they interrupted. `services.py` runs every change
through `WORKFLOW.step`.

Parallel approval (并联审批): the acceptance of a combined matter (联办事项) leads to 并联办理中 and starts one
parallel task (并联任务) per component item in its department; each task runs its own table (`TASK_WORKFLOW`:
审查 → 决定 → 制证, §45 special procedures); when every task is done the case returns to the desk (`tasks_done`, by
the system) and the desk confirms 办结 as for a single case.

容缺 lapse (deferred.py): a case before its decision — a combined one in 并联办理中 too — whose 容缺 materials did not
arrive within the applicant's period ends in 终止办理 (`terminate_deferred`, by the system, final); a combined
case's open tasks end with it (`terminate` of `TASK_WORKFLOW`, 已终止). Fees are recorded (`record_fee`) without a
change of state from acceptance to the desk's 办结.
"""

from __future__ import annotations

from django.db import models

from sunshine.cases.workflow import SYSTEM, Transition, Workflow

from .permissions import APPROVE_EXTENSION, HANDLE, POLICY, REGISTER, TASK_POLICY


class Status(models.TextChoices):
    """办件状态."""

    REGISTERED = "registered", "已登记"
    DISPATCHED = "dispatched", "待受理"
    AWAITING_MATERIALS = "awaiting_materials", "待补正"
    REVIEWING = "reviewing", "审查中"
    DECIDING = "deciding", "待决定"
    SPECIAL = "special", "特别程序中"
    PARALLEL = "parallel", "并联办理中"
    CERTIFYING = "certifying", "制证中"
    DELIVERING = "delivering", "待送达"
    RETURNED = "returned", "已返回受理台"
    COMPLETED = "completed", "已办结"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    TERMINATED = "terminated", "终止办理"


R, D, A = Status.REGISTERED, Status.DISPATCHED, Status.AWAITING_MATERIALS
V, J, S, C = Status.REVIEWING, Status.DECIDING, Status.SPECIAL, Status.CERTIFYING
L, B, X, N = Status.DELIVERING, Status.RETURNED, Status.COMPLETED, Status.NOT_ACCEPTED
P, T = Status.PARALLEL, Status.TERMINATED
OPEN_STATES = frozenset({R, D, A, V, J, S, P, C, L, B})  # T (终止办理), X, N are final
PROCESSING_STATES = frozenset({V, J, S, P, C, L})
# the staff queues (selectors.desk_queue, window_queue), computed by the database (`Application.queue`); the lead
# window keeps a combined case (并联办理中) in its queue while the departments' tasks run
DESK_STATES = (R, B)
WINDOW_STATES = (D, A, V, J, S, P, C, L)
AUDIT = "gov_services.application"

_DESK = "只有集中受理台可以执行此操作。"
_WINDOW = "您没有办理该事项的权限。"


def _after_acceptance(application) -> str:
    """A combined matter (联办事项: its version names component items) goes to its parallel tasks (并联办理中)."""
    return P if application.item_version.components.exists() else V


def _after_decision(application) -> str:
    """A grant goes to the certificate (制证); a refusal (不予许可) is delivered at once."""
    return C if application.decision == "granted" else L


def _after_special(application) -> str:
    """The special procedure returns to the step it interrupted."""
    return application.paused_from or V


def _desk(name, label, sources, target, *, clock="", notify=""):
    return Transition(name, label, frozenset(sources), target, REGISTER, clock=clock, notify=notify,
                      audit=f"{AUDIT}.{name}", denied=_DESK)


def _window(name, label, sources, target, *, clock="", notify=""):
    return Transition(name, label, frozenset(sources), target, HANDLE, clock=clock, notify=notify,
                      audit=f"{AUDIT}.{name}", denied=_WINDOW)


WORKFLOW = Workflow(name="gov_services_application", states=Status, audit_prefix=AUDIT, policy=POLICY, transitions=[
    _desk("dispatch", "分送窗口", {R}, D, notify="department"),
    _window("accept", "受理", {D}, _after_acceptance,
            clock="stop notice, start statutory, start promised, start step, start deferred (容缺); a combined "
                  "matter: joint statutory (45) and the longest task's promise, start each task's clocks",
            notify="applicant"),
    # 网上预审: an online application accepted on its scans; the applicant comes once (originals and result)
    _window("prereview", "网上预审通过", {D}, _after_acceptance,
            clock="stop notice, start statutory, start promised, start step, start deferred (容缺)",
            notify="applicant"),
    _window("refuse", "不予受理", {D}, N, clock="stop notice", notify="applicant"),
    _window("notify_missing", "一次性告知", {D}, A, clock="stop notice", notify="applicant"),
    Transition("receive_materials", "补齐材料", frozenset({A}), D, None, clock="", notify="department",
               audit=f"{AUDIT}.receive_materials"),
    Transition("accept_by_lapse", "逾期未告知视为受理", frozenset({R, D}), _after_acceptance, None,
               performed_by=SYSTEM,
               clock="stop notice (late), start statutory and promised on the day of receipt",
               audit=f"{AUDIT}.accept_by_lapse"),
    _window("complete_review", "审查完毕", {V}, J, clock="stop step, start step"),
    _window("decide", "作出决定", {J}, _after_decision,
            clock="stop statutory, stop step, start certificate (grant)", notify="applicant"),
    _window("issue_certificate", "制证", {C}, L, clock="stop certificate, stop step, start step"),
    _window("deliver", "送达", {L}, B, clock="stop step", notify="desk"),
    _desk("complete", "办结", {B}, X, clock="stop promised", notify="applicant"),
    _window("start_special", "启动特别程序", {V, J}, S, clock="pause statutory, promised, step",
            notify="applicant"),
    _window("end_special", "特别程序结束", {S}, _after_special, clock="resume statutory, promised, step"),
    # 容缺受理: the minor materials accepted as missing arrive later (an applicant's period)
    _window("receive_deferred", "收到容缺材料", {V, J, S, P}, None, clock="stop deferred"),
    Transition("upload_deferred", "网上补交容缺材料", frozenset({V, J, S, P}), None, None, clock="stop deferred",
               notify="department", audit=f"{AUDIT}.upload_deferred"),
    # 票款分离: the payment the backend confirmed is recorded on the case (no change of state)
    _window("record_fee", "登记缴费", {V, J, S, P, C, L, B}, None),
    # 容缺 period lapsed before the decision: the case ends (终止办理) with a notice (deferred.py); a combined
    # matter's open parallel tasks end with it (`terminate` in TASK_WORKFLOW)
    Transition("terminate_deferred", "容缺材料逾期终止办理", frozenset({V, J, S, P}), T, None, performed_by=SYSTEM,
               clock="stop deferred (lapsed), cancel statutory, promised, step (and every open task's clocks)",
               notify="applicant", audit=f"{AUDIT}.terminate_deferred"),
    Transition("extend", "批准延期", frozenset({V, J, S, P}), None, APPROVE_EXTENSION,
               clock="extend statutory (+10; joint handling +15)", audit=f"{AUDIT}.extend",
               denied="延期须经负责人批准。"),
    # 并联审批: every parallel task done → back to the desk (run inside the last task's transaction)
    Transition("tasks_done", "各部门办理完毕", frozenset({P}), B, None, performed_by=SYSTEM, clock="stop statutory",
               notify="desk", audit=f"{AUDIT}.tasks_done"),
    # key projects (重点项目): the desk marks the green channel and assigns an agent (代办员)
    _desk("set_green_channel", "绿色通道", OPEN_STATES, None),
    _desk("assign_agent", "指定代办员", OPEN_STATES, None, notify="applicant"),
])


class TaskStatus(models.TextChoices):
    """并联任务状态."""

    REVIEWING = "reviewing", "审查中"
    DECIDING = "deciding", "待决定"
    SPECIAL = "special", "特别程序中"
    CERTIFYING = "certifying", "制证中"
    DONE = "done", "已办结"
    TERMINATED = "terminated", "已终止"


TV, TJ, TS = TaskStatus.REVIEWING, TaskStatus.DECIDING, TaskStatus.SPECIAL
TC, TD, TT = TaskStatus.CERTIFYING, TaskStatus.DONE, TaskStatus.TERMINATED
TASK_AUDIT = "gov_services.task"
_TASK = "只有承办该并联任务的部门可以办理。"


def _task_after_decision(task) -> str:
    return TC if task.decision == "granted" else TD


def _task_after_special(task) -> str:
    return task.paused_from or TV


def _task(name, label, sources, target, *, clock="", notify=""):
    return Transition(name, label, frozenset(sources), target, HANDLE, clock=clock, notify=notify,
                      audit=f"{TASK_AUDIT}.{name}", denied=_TASK)


TASK_WORKFLOW = Workflow(name="gov_services_parallel_task", states=TaskStatus, audit_prefix=TASK_AUDIT,
                         policy=TASK_POLICY, transitions=[
    _task("complete_review", "审查完毕", {TV}, TJ, clock="stop step, start step"),
    _task("decide", "作出决定", {TJ}, _task_after_decision,
          clock="stop step, start certificate (grant); a refusal ends the task", notify="applicant"),
    _task("issue_certificate", "制证", {TC}, TD, clock="stop certificate, stop step, stop promised"),
    _task("start_special", "启动特别程序", {TV, TJ}, TS,
          clock="pause the task's promised and step; pause the case's joint limits", notify="applicant"),
    _task("end_special", "特别程序结束", {TS}, _task_after_special,
          clock="resume the task's clocks; the case's when no task is paused"),
    # the combined case ended (终止办理, its 容缺 period lapsed): every open task ends with it (deferred.py)
    Transition("terminate", "随办件终止办理", frozenset({TV, TJ, TS, TC}), TT, None, performed_by=SYSTEM,
               clock="cancel the task's promised, step, certificate", audit=f"{TASK_AUDIT}.terminate"),
])
TASK_OPEN_STATES = frozenset({TV, TJ, TS, TC})

ONLINE_ONLY = frozenset({"prereview"})


def allowed_actions(user, application) -> list[Transition]:
    """The workflow's allowed actions for `user`, without those that do not apply to the case's channel (网上预审 is
    for online applications only)."""
    return [t for t in WORKFLOW.allowed_actions(user, application)
            if t.name not in ONLINE_ONLY or application.channel == "online"]


__all__ = ["OPEN_STATES", "PROCESSING_STATES", "TASK_OPEN_STATES", "TASK_WORKFLOW", "WORKFLOW", "Status",
           "TaskStatus", "allowed_actions"]
