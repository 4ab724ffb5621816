"""States and transitions of a disclosure request (依申请公开), 2019 regulations Art. 29–42.

`TRANSITIONS` is the single source of truth: for each action, the states it may start from, the state it
leads to (None: unchanged) and the capability the acting staff user must hold (None: the applicant's own
action, checked by the verification secret or the owning citizen's session). Services call
`ensure_transition`; nothing else sets `DisclosureRequest.status`.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import models

from sunshine.core.errors import TransitionNotAllowed

HANDLE = "disclosure_requests.handle_request"
APPROVE_EXTENSION = "disclosure_requests.approve_extension"


class Status(models.TextChoices):
    """办理状态."""

    PROCESSING = "processing", "办理中"
    AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    CLOSED = "closed", "已办结"
    SPLIT = "split", "已拆分（一事一申请）"


OPEN_STATES = frozenset({Status.PROCESSING, Status.AWAITING_SUPPLEMENT, Status.CONSULTING, Status.AWAITING_FEE})
P, S, C, F = Status.PROCESSING, Status.AWAITING_SUPPLEMENT, Status.CONSULTING, Status.AWAITING_FEE


class Transition(NamedTuple):
    label: str
    sources: frozenset
    target: str | None  # None: the state does not change
    capability: str | None


TRANSITIONS: dict[str, Transition] = {
    # Art. 31: the office may correct the receipt date (with a reason) while nothing else has happened.
    "correct_receipt": Transition("更正收到申请日期", frozenset({P}), None, HANDLE),
    # Art. 30: one supplement notice within 7 working days of receipt; the reply clock waits.
    "request_supplement": Transition("一次性告知补正", frozenset({P}), S, HANDLE),
    "receive_supplement": Transition("收到补正", frozenset({S}), P, None),
    "abandon_supplement": Transition("逾期未补正（视为放弃申请）", frozenset({S}), Status.CLOSED, HANDLE),
    # Internal routing within the county, or splitting a multi-item application (一事一申请).
    "forward": Transition("转至本县负责机关办理", frozenset({P}), None, HANDLE),
    "split": Transition("拆分为多件申请", frozenset({P}), Status.SPLIT, HANDLE),
    # Art. 32/34: consultation of third parties and other agencies; the reply clock is paused.
    "start_consultation": Transition("征求第三方/其他机关意见", frozenset({P, C}), C, HANDLE),
    "answer_consultation": Transition("登记征求意见答复", frozenset({C}), None, HANDLE),
    # Art. 33: extension up to 20 working days, approved by the head of the disclosure office.
    "approve_extension": Transition("批准延期答复", frozenset({P, C}), None, APPROVE_EXTENSION),
    # Art. 35: a reasonable longer period for an excessive volume, with notice.
    "reasonable_delay": Transition("确定延迟答复的合理期限", frozenset({P}), None, APPROVE_EXTENSION),
    # Art. 42 and 国办函〔2020〕109号: fee notice; the reply clock waits for payment.
    "issue_fee_notice": Transition("发出收费通知", frozenset({P}), F, HANDLE),
    "record_payment": Transition("登记缴费", frozenset({F}), P, HANDLE),
    "abandon_fee": Transition("逾期未缴费（不再处理）", frozenset({F}), Status.CLOSED, HANDLE),
    # Art. 36–39: the reply with exactly one outcome.
    "reply": Transition("作出答复", frozenset({P}), Status.CLOSED, HANDLE),
    "withdraw": Transition("申请人撤回申请", frozenset({P, S, C, F}), Status.CLOSED, HANDLE),
}


def allowed_actions(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]


def ensure_transition(action: str, status: str) -> Transition:
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise TransitionNotAllowed(
            f"当前状态为“{Status(status).label}”，不能执行“{transition.label}”。", code="transition_not_allowed")
    return transition


def target_status(action: str, status: str) -> str:
    transition = ensure_transition(action, status)
    return transition.target or status
