"""Permission policy of participation (点题公开的权限策略): who sees a topic and who may act on it.

A topic request is the responsible department's once forwarded: its staff see it and holders of `ANSWER` there
answer, publish or decline it. The disclosure office forwards topics for every department and manages the echo
wall, so `DISPATCH` is a cross-department duty (like `orgs.view_all_departments`, held by the office and the
supervisors): its holders see every topic, including those not forwarded yet. Anyone else gets a 404. The workflow
actions' capabilities are in `workflow.py` (the transition table); views ask `POLICY` for their forms and querysets.
"""

from __future__ import annotations

from sunshine.accounts.scoping import has_capability
from sunshine.cases.permissions import VIEW_ALL, Policy

DISPATCH = "participation.dispatch_topic"  # 转办点题 (the office), a cross-department duty
ANSWER = "participation.answer_topic"  # 答复点题 (the responsible department)


class TopicPolicy(Policy):
    """Scope and abilities on a topic request (点题): its department, or the office's cross-department duty."""

    model = "participation.TopicRequest"  # named: the manifest (read by the settings) imports this module
    cross_department_capabilities = (VIEW_ALL, DISPATCH)
    out_of_scope_message = "该点题不由您所在部门承办。"

    def opens_pages(self, user) -> bool:
        """Whether the staff pages of 点题公开 open for `user` (else 403): the office, answering departments,
        holders of a cross-department duty."""
        return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff" and (
            has_capability(user, ANSWER) or self.sees_all(user)))


POLICY = TopicPolicy()

__all__ = ["ANSWER", "DISPATCH", "POLICY", "TopicPolicy"]
