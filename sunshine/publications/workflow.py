"""States and the transition table of a catalogue item (主动公开信息的审查发布流程).

Art. 17 of the 2019 regulations and 国办发〔2017〕47号: confidentiality review (保密审查) and legality
review (规范性审核) before publication. The chain is configured per department: one step (confidentiality
review only) or two steps; `approve_confidentiality` therefore leads to `legality_review` or straight to
`approved` (a target the case decides, `after_confidentiality`). The table is `WORKFLOW` (the kernel's engine,
`sunshine.cases.workflow`); `services.py` runs every status change through `WORKFLOW.step` and is the only code
that sets `status`. Scope and the other capabilities: `permissions.py`.
"""

from __future__ import annotations

from django.db import models

from sunshine.cases.workflow import SYSTEM, Transition, Workflow
from sunshine.publications.permissions import (
    POLICY,
    PUBLISH,
    REVIEW_CONFIDENTIALITY,
    REVIEW_LEGALITY,
    SUBMIT,
    WITHDRAW,
)


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


IN_REVIEW = frozenset({Status.SUBMITTED, Status.LEGALITY_REVIEW, Status.APPROVED})
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
PUBLIC = frozenset({Status.PUBLISHED})
# Statuses whose public URL answers (published, or a notice of withdrawal/replacement).
PUBLIC_URL = frozenset({Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED})


def review_steps(publication) -> int:
    """The length of the item's department's review chain (1 or 2; 2 when the department has no setting)."""
    from django.apps import apps

    DisclosureSetting = apps.get_model("publications", "DisclosureSetting")
    try:
        return publication.department.disclosure_setting.review_steps
    except DisclosureSetting.DoesNotExist:
        return DisclosureSetting.Chain.TWO_STEPS


def after_confidentiality(publication) -> str:
    """Where a confidentiality approval leads: legality review in a two-step chain, else approved."""
    return Status.LEGALITY_REVIEW if review_steps(publication) >= 2 else Status.APPROVED


def _row(action: Action, sources, target, capability, **extra) -> Transition:
    """A row of the table; its audit code and its refusal are today's ("publication.<action>", "您没有“…”的权限。")."""
    return Transition(action.value, action.label, frozenset(sources), target, capability,
                      audit=f"publication.{action.value}", denied=f"您没有“{action.label}”的权限。", **extra)


WORKFLOW = Workflow(
    name="publication", states=Status, audit_prefix="publication", policy=POLICY,
    transitions=[
        _row(Action.SUBMIT, {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, SUBMIT),
        _row(Action.APPROVE_CONFIDENTIALITY, {Status.SUBMITTED}, after_confidentiality, REVIEW_CONFIDENTIALITY),
        _row(Action.APPROVE_LEGALITY, {Status.LEGALITY_REVIEW}, Status.APPROVED, REVIEW_LEGALITY),
        # returning needs the capability of the step the item is in
        _row(Action.RETURN, {Status.SUBMITTED, Status.LEGALITY_REVIEW, Status.APPROVED}, Status.RETURNED,
             {Status.SUBMITTED: REVIEW_CONFIDENTIALITY, Status.LEGALITY_REVIEW: REVIEW_LEGALITY,
              Status.APPROVED: PUBLISH}),
        _row(Action.PUBLISH, {Status.APPROVED}, Status.PUBLISHED, PUBLISH, clock="stop timeliness"),
        _row(Action.SCHEDULE, {Status.APPROVED}, Status.SCHEDULED, PUBLISH),
        # the system, at the time the publisher chose (`services.publish_due`)
        _row(Action.PUBLISH_DUE, {Status.SCHEDULED}, Status.PUBLISHED, None, performed_by=SYSTEM,
             clock="stop timeliness"),
        _row(Action.UNSCHEDULE, {Status.SCHEDULED}, Status.APPROVED, PUBLISH),
        _row(Action.WITHDRAW, {Status.PUBLISHED}, Status.WITHDRAWN, WITHDRAW),
        _row(Action.SUPERSEDE, {Status.PUBLISHED}, Status.SUPERSEDED, WITHDRAW),
    ],
)

__all__ = ["EDITABLE", "IN_REVIEW", "PUBLIC", "PUBLIC_URL", "WORKFLOW", "Action", "Status", "after_confidentiality",
           "review_steps"]
