"""States and the transition table of a catalogue item (主动公开信息的审查发布流程).

Art. 17 of the 2019 regulations and 国办发〔2017〕47号: confidentiality review (保密审查) and legality
review (规范性审核) before publication. The chain is configured per department: one step (confidentiality
review only) or two steps; `approve_confidentiality` therefore leads to `legality_review` or straight to
`approved`. `services.py` is the only caller and the only code that sets `status`.
"""

from __future__ import annotations

from django.db import models

from sunshine.core.errors import TransitionNotAllowed


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待保密审查"
    LEGALITY_REVIEW = "legality_review", "待规范性审核"
    APPROVED = "approved", "审查通过待发布"
    RETURNED = "returned", "退回修改"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
    SUPERSEDED = "superseded", "已被替代"


class Action(models.TextChoices):
    SUBMIT = "submit", "提交审查"
    APPROVE_CONFIDENTIALITY = "approve_confidentiality", "保密审查通过"
    APPROVE_LEGALITY = "approve_legality", "规范性审核通过"
    RETURN = "return", "退回修改"
    PUBLISH = "publish", "发布"
    SCHEDULE = "schedule", "定时发布"
    PUBLISH_DUE = "publish_due", "到期自动发布"
    UNSCHEDULE = "unschedule", "取消定时发布"
    WITHDRAW = "withdraw", "撤回"
    SUPERSEDE = "supersede", "替代"


# (current status, action) -> next status. `APPROVE_CONFIDENTIALITY` is resolved by the chain length.
TRANSITIONS: dict[tuple[Status, Action], Status | None] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.APPROVE_CONFIDENTIALITY): None,  # legality_review (2 steps) or approved (1 step)
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
    (Status.LEGALITY_REVIEW, Action.APPROVE_LEGALITY): Status.APPROVED,
    (Status.LEGALITY_REVIEW, Action.RETURN): Status.RETURNED,
    (Status.APPROVED, Action.RETURN): Status.RETURNED,
    (Status.APPROVED, Action.PUBLISH): Status.PUBLISHED,
    (Status.APPROVED, Action.SCHEDULE): Status.SCHEDULED,
    (Status.SCHEDULED, Action.PUBLISH_DUE): Status.PUBLISHED,
    (Status.SCHEDULED, Action.UNSCHEDULE): Status.APPROVED,
    (Status.PUBLISHED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.PUBLISHED, Action.SUPERSEDE): Status.SUPERSEDED,
}

# Capability needed for each action (Django permission "publications.<codename>").
CAPABILITY: dict[Action, str] = {
    Action.SUBMIT: "publications.submit_publication",
    Action.APPROVE_CONFIDENTIALITY: "publications.review_confidentiality",
    Action.APPROVE_LEGALITY: "publications.review_legality",
    Action.RETURN: "",  # the capability of the current review step, see `return_capability`
    Action.PUBLISH: "publications.publish_publication",
    Action.SCHEDULE: "publications.publish_publication",
    Action.PUBLISH_DUE: "",  # the system, at the time the publisher chose
    Action.UNSCHEDULE: "publications.publish_publication",
    Action.WITHDRAW: "publications.withdraw_publication",
    Action.SUPERSEDE: "publications.withdraw_publication",
}

RETURN_CAPABILITY: dict[Status, str] = {
    Status.SUBMITTED: "publications.review_confidentiality",
    Status.LEGALITY_REVIEW: "publications.review_legality",
    Status.APPROVED: "publications.publish_publication",
}

IN_REVIEW = frozenset({Status.SUBMITTED, Status.LEGALITY_REVIEW, Status.APPROVED})
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
PUBLIC = frozenset({Status.PUBLISHED})
# Statuses whose public URL answers (published, or a notice of withdrawal/replacement).
PUBLIC_URL = frozenset({Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED})


def next_status(current: str, action: str, *, review_steps: int = 2) -> Status:
    """The status after `action` from `current`, or TransitionNotAllowed (Chinese message)."""
    key = (Status(current), Action(action))
    if key not in TRANSITIONS:
        raise TransitionNotAllowed(
            f"当前状态“{Status(current).label}”下不能执行“{Action(action).label}”。")
    target = TRANSITIONS[key]
    if target is None:  # confidentiality approval: the chain decides
        return Status.LEGALITY_REVIEW if review_steps >= 2 else Status.APPROVED
    return target


def capability_for(current: str, action: str) -> str:
    if Action(action) == Action.RETURN:
        return RETURN_CAPABILITY.get(Status(current), "publications.review_confidentiality")
    return CAPABILITY[Action(action)]
