"""States and the transition table of an application (办件办理流程), DOMAIN.md §7 (行政许可法 §32, §38, §42–45).

registered (集中受理台 or online, 已登记) → dispatched to the item's window (待受理) → the window accepts (受理通知书),
refuses with reasons and remedies (不予受理通知书), or issues ONE one-time notice of every missing material
(一次性告知书, 待补正) within 5 working days; a notice not given in time means the application is accepted on the
day the materials were received (`accept_by_lapse`, the periodic sweep) → materials complete (back to the window)
→ accepted: review (审查) → decision (决定: 准予/不予许可) → certificate (制证, within 10 working days of a grant)
→ delivery (送达) → back to the desk (返回受理台) → completed (办结). §45 special procedures (听证、检验、检测、
专家评审 …) pause the limits (特别程序中) and return to the step they interrupted. `services.py` runs every change
through `WORKFLOW.step`.
"""

from __future__ import annotations

from django.db import models

from sunshine.cases.workflow import SYSTEM, Transition, Workflow

from .permissions import APPROVE_EXTENSION, HANDLE, POLICY, REGISTER


class Status(models.TextChoices):
    """办件状态."""

    REGISTERED = "registered", "已登记"
    DISPATCHED = "dispatched", "待受理"
    AWAITING_MATERIALS = "awaiting_materials", "待补正"
    REVIEWING = "reviewing", "审查中"
    DECIDING = "deciding", "待决定"
    SPECIAL = "special", "特别程序中"
    CERTIFYING = "certifying", "制证中"
    DELIVERING = "delivering", "待送达"
    RETURNED = "returned", "已返回受理台"
    COMPLETED = "completed", "已办结"
    NOT_ACCEPTED = "not_accepted", "不予受理"


R, D, A = Status.REGISTERED, Status.DISPATCHED, Status.AWAITING_MATERIALS
V, J, S, C = Status.REVIEWING, Status.DECIDING, Status.SPECIAL, Status.CERTIFYING
L, B, X, N = Status.DELIVERING, Status.RETURNED, Status.COMPLETED, Status.NOT_ACCEPTED
OPEN_STATES = frozenset({R, D, A, V, J, S, C, L, B})
PROCESSING_STATES = frozenset({V, J, S, C, L})
# the staff queues (selectors.desk_queue, window_queue), each with its partial index (models.Application.Meta)
DESK_STATES = (R, B)
WINDOW_STATES = (D, A, V, J, S, C, L)
AUDIT = "gov_services.application"

_DESK = "只有集中受理台可以执行此操作。"
_WINDOW = "您没有办理该事项的权限。"


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
    _window("accept", "受理", {D}, V,
            clock="stop notice, start statutory, start promised, start step, start deferred (容缺)",
            notify="applicant"),
    # 网上预审: an online application accepted on its scans; the applicant comes once (originals and result)
    _window("prereview", "网上预审通过", {D}, V,
            clock="stop notice, start statutory, start promised, start step, start deferred (容缺)",
            notify="applicant"),
    _window("refuse", "不予受理", {D}, N, clock="stop notice", notify="applicant"),
    _window("notify_missing", "一次性告知", {D}, A, clock="stop notice", notify="applicant"),
    Transition("receive_materials", "补齐材料", frozenset({A}), D, None, clock="", notify="department",
               audit=f"{AUDIT}.receive_materials"),
    Transition("accept_by_lapse", "逾期未告知视为受理", frozenset({R, D}), V, None, performed_by=SYSTEM,
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
    _window("receive_deferred", "收到容缺材料", {V, J, S}, None, clock="stop deferred"),
    Transition("upload_deferred", "网上补交容缺材料", frozenset({V, J, S}), None, None, clock="stop deferred",
               notify="department", audit=f"{AUDIT}.upload_deferred"),
    Transition("extend", "批准延期", frozenset({V, J, S}), None, APPROVE_EXTENSION, clock="extend statutory",
               audit=f"{AUDIT}.extend", denied="延期须经负责人批准。"),
])

ONLINE_ONLY = frozenset({"prereview"})


def allowed_actions(user, application) -> list[Transition]:
    """The workflow's allowed actions for `user`, without those that do not apply to the case's channel (网上预审 is
    for online applications only)."""
    return [t for t in WORKFLOW.allowed_actions(user, application)
            if t.name not in ONLINE_ONLY or application.channel == "online"]


__all__ = ["OPEN_STATES", "PROCESSING_STATES", "WORKFLOW", "Status", "allowed_actions"]
