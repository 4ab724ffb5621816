"""States and transitions of a disclosure request (依申请公开), 2019 regulations Art. 29–42.

`WORKFLOW` is the single source of truth, declared as data for the kernel's engine (`sunshine.cases.workflow`):
for each action, the states it may start from, the state it leads to (None: unchanged), the capability the acting
staff user must hold (None: the applicant's own action, checked by the verification secret or the owning citizen's
session, or the system's), the clock operation and the notification that follow, the audit action code and the
Chinese message when the capability is missing. Services run every change through `WORKFLOW.step`; nothing else
sets `DisclosureRequest.status`. Pages and the API ask `WORKFLOW.allowed_actions(user, request)` for their buttons.
"""

from __future__ import annotations

from django.db import models

from sunshine.cases.workflow import APPLICANT, SYSTEM, Transition, Workflow

from .permissions import (
    APPROVE_EXTENSION,
    EXTENSION_DENIED,
    HANDLE,
    HANDLE_DENIED,
    POLICY,
    SIGN_OFF,
    SIGN_OFF_DENIED,
)


class Status(models.TextChoices):
    """办理状态."""

    PROCESSING = "processing", "办理中"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "待签发"
    SIGNED_OFF = "signed_off", "已签发"
    CLOSED = "closed", "已办结"
    SPLIT = "split", "已拆分（一事一申请）"


OPEN_STATES = frozenset({Status.PROCESSING, Status.AWAITING_SUPPLEMENT, Status.CONSULTING, Status.AWAITING_FEE,
                         Status.AWAITING_SIGN_OFF, Status.SIGNED_OFF})
P, S, C, F = Status.PROCESSING, Status.AWAITING_SUPPLEMENT, Status.CONSULTING, Status.AWAITING_FEE
A, G = Status.AWAITING_SIGN_OFF, Status.SIGNED_OFF
AUDIT = "disclosure_request"


def _handle(name: str, label: str, sources, target, *, clock: str = "", notify: str = "applicant",
            audit: str = "") -> Transition:
    return Transition(name, label, frozenset(sources), target, HANDLE, clock=clock, notify=notify,
                      audit=audit or f"{AUDIT}.{name}", denied=HANDLE_DENIED)


def _signer(name: str, label: str, sources, target, *, notify: str) -> Transition:
    return Transition(name, label, frozenset(sources), target, SIGN_OFF, notify=notify, audit=f"{AUDIT}.{name}",
                      denied=SIGN_OFF_DENIED)


def _head(name: str, label: str, sources, *, clock: str) -> Transition:
    return Transition(name, label, frozenset(sources), None, APPROVE_EXTENSION, clock=clock, notify="applicant",
                      audit=f"{AUDIT}.{name}", denied=EXTENSION_DENIED)


ROWS = [
    # Art. 31: the office may correct the receipt date (with a reason) while nothing else has happened.
    _handle("correct_receipt", "更正收到申请日期", {P}, None, clock="supersede reply, start reply", notify=""),
    # Art. 30: one supplement notice within 7 working days of receipt; the reply clock waits.
    _handle("request_supplement", "一次性告知补正", {P}, S, clock="pause reply, start supplement (applicant)"),
    Transition("receive_supplement", "收到补正", frozenset({S}), P, None, performed_by=APPLICANT,
               clock="stop supplement, restart reply", notify="applicant", audit=f"{AUDIT}.receive_supplement"),
    # A supplement received on paper (post, counter), recorded by a clerk with the day it was received.
    _handle("record_supplement", "登记纸质补正", {S}, P, clock="stop supplement, restart reply"),
    # Run by a clerk from the case page, or by the daily sweep as the system (`sweeps.close_expired`).
    _handle("abandon_supplement", "逾期未补正（视为放弃申请）", {S}, Status.CLOSED,
            clock="stop supplement (lapsed), cancel reply"),
    # Internal routing within the county, or splitting a multi-item application (一事一申请).
    _handle("forward", "转至本县负责机关办理", {P}, None, clock="transfer reply"),
    _handle("split", "拆分为多件申请", {P}, Status.SPLIT, clock="supersede reply, start each part's reply"),
    # Art. 32/34: consultation of third parties and other agencies; the reply clock is paused.
    _handle("start_consultation", "征求第三方/其他机关意见", {P, C}, C,
            clock="pause reply, start consultation (third party)"),
    # A posted consultation letter or fee notice: the signed-for day starts the other side's period (arts. 32, 34;
    # 109号); online or in person it is the day of sending, recorded by the letter's own step.
    _handle("record_delivery", "登记送达日期", {C, F}, None,
            clock="start consultation (third party) or fee (applicant) from the delivery day", notify=""),
    # Art. 32: a disclosure decided over a third party's objection is notified to it in writing before the reply.
    _handle("notify_third_party", "书面告知第三方决定公开", {P, C}, None, notify=""),
    # An answer (or, from the sweep as the system, the silence at the end of the 15 working days).
    _handle("answer_consultation", "登记征求意见答复", {C}, None, clock="stop consultation", notify=""),
    # Follows the answer that leaves no consultation pending: the reply clock resumes from the last answer's day.
    Transition("finish_consultation", "征求意见结束", frozenset({C}), P, None, performed_by=SYSTEM,
               clock="resume reply", audit=f"{AUDIT}.consultation_finished"),
    # Art. 33: extension up to 20 working days, approved by the head of the disclosure office.
    # (also while a drafted reply awaits sign-off: the reply clock keeps running then)
    _head("approve_extension", "批准延期答复", {P, C, A}, clock="extend reply"),
    # Art. 35: before an "excessive" decision the applicant is asked to state reasons (their period; the reply clock
    # keeps running), then the answer or the silence is recorded.
    _handle("ask_reasons", "要求申请人说明理由", {P}, None, clock="start reasons (applicant)"),
    _handle("record_reasons", "登记申请人说明理由情况", {P}, None, clock="stop reasons", notify=""),
    # Art. 35: a reasonable longer period for an excessive volume whose reasons were accepted, with notice.
    _head("reasonable_delay", "确定延迟答复的合理期限", {P}, clock="extend reply"),
    # Art. 42 and 国办函〔2020〕109号: fee notice; the reply clock waits for payment.
    _handle("issue_fee_notice", "发出收费通知", {P}, F, clock="pause reply, start fee (applicant)"),
    _handle("record_payment", "登记缴费", {F}, P, clock="stop fee, resume reply"),
    # Run by a clerk from the case page, or by the daily sweep as the system.
    _handle("abandon_fee", "逾期未缴费（不再处理）", {F}, Status.CLOSED, clock="stop fee (lapsed), cancel reply"),
    # Sign-off (签发, `signoff.py`): the clerk drafts the reply (拟定答复); a holder of SIGN_OFF in the case's scope,
    # not the drafter, approves it (签发) or returns it with a reason (退回修改). The reply clock keeps running.
    _handle("draft_reply", "拟定答复（报签发）", {P}, A, notify="signers"),
    _signer("return_draft", "退回修改", {A}, P, notify="drafter"),
    _signer("sign_off", "签发", {A}, G, notify=""),
    # Art. 36–39: the reply with exactly one outcome (issued: the letter, the applicant told). From `signed_off` it
    # follows the sign-off at once, as the system (the signed draft); from `processing` only for an outcome that
    # needs no sign-off (`signoff.needs_sign_off`; the policy hides it when every outcome needs it).
    Transition("reply", "作出答复", frozenset({P, G}), Status.CLOSED, {P: HANDLE, G: None}, clock="stop reply",
               notify="applicant", audit=f"{AUDIT}.reply", denied=HANDLE_DENIED),
    _handle("withdraw", "申请人撤回申请", {P, S, C, F, A}, Status.CLOSED,
            clock="cancel reply and the running applicant clocks"),
]

WORKFLOW = Workflow(name="disclosure_request", states=Status, transitions=ROWS, audit_prefix=AUDIT,
                    policy=POLICY)

__all__ = ["OPEN_STATES", "WORKFLOW", "Status"]
