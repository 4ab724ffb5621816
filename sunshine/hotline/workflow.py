"""States and the transition table of a hotline ticket (工单办理流程), DOMAIN.md §8 (国办发〔2020〕53号).

intake (受理) → dispatch to a lead department with assisting ones (派单) → sign for it (签收) or return it within
2 working days with a reason (退单) → the office reviews the return: reassigns (改派, the clocks transfer) or rejects
it → contact the citizen first (先行联系) → reply within 5 working days (extended by at most 10 with approval) →
the office reviews the reply (审核) or sends it back (退回重办) → callback of every caller (回访) → closed (办结), or
reopened once when unsatisfied (重办, a new limit). Repeat tickets are merged (并单) into one case; supervision
orders (督办) are steps inside the open states. `services.py` runs every change through `WORKFLOW.step`.
"""

from __future__ import annotations

from django.db import models

from sunshine.cases.workflow import Transition, Workflow

from .permissions import APPROVE_EXTENSION, DISPATCH, HANDLE, POLICY, SUPERVISE


class Status(models.TextChoices):
    """工单状态."""

    RECEIVED = "received", "待派单"
    DISPATCHED = "dispatched", "待签收"
    RETURNED = "returned", "退单待审"
    HANDLING = "handling", "办理中"
    REPLY_REVIEW = "reply_review", "答复待审"
    CALLBACK = "callback", "待回访"
    CLOSED = "closed", "已办结"
    MERGED = "merged", "已并单"
    CONVERTED = "converted", "已转办"  # really a disclosure request or a petition: handed over, counts against nobody


R, D, T, H = Status.RECEIVED, Status.DISPATCHED, Status.RETURNED, Status.HANDLING
V, C, X, M = Status.REPLY_REVIEW, Status.CALLBACK, Status.CLOSED, Status.MERGED
K = Status.CONVERTED
OPEN_STATES = frozenset({R, D, T, H, V, C})
AUDIT = "hotline.ticket"

_OFFICE = "只有热线办可以执行此操作。"
_DEPT = "您没有办理热线工单的权限。"


def _back_after_rejected_return(ticket) -> str:
    """A rejected return goes back where it was: signed → handling, else waiting to be signed."""
    return H if ticket.signed_at else D


def _after_callback(ticket) -> str:
    """The case decides: the callback service chooses CLOSED (`step.go`) once every caller of the round is called
    back and none is unsatisfied (it knows only after recording this callback); otherwise the ticket waits in
    CALLBACK for the office to reopen it (once) or close it."""
    return C


def _office(name, label, sources, target, *, clock="", notify=""):
    return Transition(name, label, frozenset(sources), target, DISPATCH, clock=clock, notify=notify,
                      audit=f"{AUDIT}.{name}", denied=_OFFICE)


def _dept(name, label, sources, target, *, clock="", notify=""):
    return Transition(name, label, frozenset(sources), target, HANDLE, clock=clock, notify=notify,
                      audit=f"{AUDIT}.{name}", denied=_DEPT)


WORKFLOW = Workflow(name="hotline_ticket", states=Status, audit_prefix=AUDIT, policy=POLICY, transitions=[
    _office("dispatch", "派单", {R}, D, clock="start sign, start reply", notify="department"),
    # a consultation answered on the spot (e.g. from the knowledge base): 直接办结
    _office("close_directly", "直接办结", {R}, X, notify="caller"),
    # 并单: the repeat joins a case that goes on; its clocks end as merged, its caller gets the case's reply
    _office("merge", "并单", {R, D, H}, M, clock="merge sign, contact, reply"),
    # 转办: a disclosure request (依申请公开, case link both ends) or a petition (信访局, its reference number);
    # the clocks are cancelled: the ticket counts against nobody
    _office("convert", "转办", {R, D, T, H}, K, clock="cancel sign, contact, reply", notify="caller"),
    _dept("sign_for", "签收", {D}, H, clock="stop sign, start contact"),
    # 53号文: a wrongly dispatched ticket is returned within 2 working days with a reason
    _dept("return", "退单", {D, H}, T, notify="office"),
    _office("reject_return", "驳回退单", {T}, _back_after_rejected_return, notify="department"),
    # 改派: the clocks transfer; a justified return gives the new department a fresh limit (counts against nobody)
    _office("reassign", "改派", {D, T, H}, D, clock="transfer sign, transfer reply, cancel contact",
            notify="department"),
    _dept("contact", "先行联系", {H}, None, clock="stop contact"),
    Transition("extend", "批准延期", frozenset({H}), None, APPROVE_EXTENSION, clock="extend reply",
               audit=f"{AUDIT}.extend", denied="延期须经热线办负责人批准。"),
    _dept("reply", "答复", {H}, V, clock="stop reply", notify="office"),
    _office("approve_reply", "审核通过", {V}, C, notify="callers"),
    _office("send_back", "退回重办", {V}, H, clock="start reply (redo)", notify="department"),
    _office("callback", "回访", {C}, _after_callback),
    _office("reopen", "重办", {C}, H, clock="start reply (reopen)", notify="department"),
    _office("close", "办结", {C}, X, notify=""),
    Transition("supervise", "督办", frozenset({D, T, H, V}), None, SUPERVISE, clock="start supervision",
               notify="department", audit=f"{AUDIT}.supervise", denied="您没有督办的权限。"),
    _dept("respond_supervision", "督办回复", {D, T, H, V, C}, None, clock="stop supervision", notify="office"),
])

__all__ = ["OPEN_STATES", "WORKFLOW", "Status"]
