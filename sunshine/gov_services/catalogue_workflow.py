"""The review of guide versions (办事指南的审核发布), like the disclosure catalogue's (`publications`):

a clerk of the item's department drafts a version (草稿: a new item, or a copy of the published guide while that
stays public), edits it (材料、环节、特别程序、申请表字段), submits it (待审核); a reviewer of the department
approves it (已发布: it becomes the item's `current_version`, the one public and used for new applications; the
version it replaces is 已被替代) or returns it with a reason (退回修改). A reviewer never approves a version they
drafted. `catalogue.py` runs every change through `GUIDE_WORKFLOW.step`.
"""

from __future__ import annotations

from sunshine.cases.workflow import SYSTEM, Transition, Workflow

from .models import VersionStatus
from .permissions import APPROVE_GUIDE, DRAFT_GUIDE, GUIDE_POLICY

D, S, R = VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED
P, X, Z = VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, VersionStatus.DISCARDED
AUDIT = "gov_services.guide"


def _row(name, label, sources, target, capability):
    return Transition(name, label, frozenset(sources), target, capability, audit=f"{AUDIT}.{name}",
                      denied=f"您没有“{label}”办事指南的权限。")


GUIDE_WORKFLOW = Workflow(name="gov_services_guide", states=VersionStatus, audit_prefix=AUDIT, policy=GUIDE_POLICY,
                          transitions=[
    _row("edit", "修改", {D, R}, None, DRAFT_GUIDE),
    _row("submit", "提交审核", {D, R}, S, DRAFT_GUIDE),
    _row("approve", "审核发布", {S}, P, APPROVE_GUIDE),
    _row("return", "退回修改", {S}, R, APPROVE_GUIDE),
    _row("discard", "废弃草稿", {D, R}, Z, DRAFT_GUIDE),
    # the published version a new one replaces (inside "approve")
    Transition("supersede", "被新版本替代", frozenset({P}), X, None, performed_by=SYSTEM, audit=f"{AUDIT}.supersede"),
])

__all__ = ["GUIDE_WORKFLOW"]
