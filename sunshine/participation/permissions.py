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
SIGN_OFF = "participation.sign_off_topic"  # 签发点题答复 (the department's reviewer, the office head)
SIGN_OFF_DENIED = "点题答复须由有签发权限的人员（本部门审核人或政务公开办负责人）签发。"
OWN_DRAFT_DENIED = "不能签发本人拟定的答复，请由其他有签发权限的人员签发。"


def sign_off_all_answers() -> bool:
    """Whether an answer or a publication needs sign-off (签发) too; a refusal (不予公开) always does. The same
    setting as the disclosure requests' replies: `SUNSHINE_SIGN_OFF_ALL_OUTCOMES` (default true)."""
    from django.conf import settings

    return bool(getattr(settings, "SUNSHINE_SIGN_OFF_ALL_OUTCOMES", True))


def needs_sign_off(action: str) -> bool:
    """Whether the department's `action` (answer, publish, decline) is issued only after sign-off."""
    return action == "decline" or sign_off_all_answers()


class TopicPolicy(Policy):
    """Scope and abilities on a topic request (点题): its department, or the office's cross-department duty."""

    model = "participation.TopicRequest"  # named: the manifest (read by the settings) imports this module
    cross_department_capabilities = (VIEW_ALL, DISPATCH)
    out_of_scope_message = "该点题不由您所在部门承办。"

    def can(self, user, action: str, obj, *, capability: str | None = None) -> bool:
        """The kernel's rule, and the sign-off's: nobody signs off (or returns) their own draft; a direct answer or
        publication (without sign-off) is offered only where it needs none."""
        if not super().can(user, action, obj, capability=capability):
            return False
        if action in ("sign_off", "return_draft") and obj.drafted_by_id is not None and user is not None \
                and obj.drafted_by_id == user.pk:
            return False
        if action in ("answer", "publish") and obj.status == "forwarded":
            return not needs_sign_off(action)
        return True

    def opens_pages(self, user) -> bool:
        """Whether the staff pages of 点题公开 open for `user` (else 403): the office, answering departments,
        holders of a cross-department duty."""
        return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff" and (
            has_capability(user, ANSWER) or has_capability(user, SIGN_OFF) or self.sees_all(user)))


POLICY = TopicPolicy()

__all__ = ["ANSWER", "DISPATCH", "OWN_DRAFT_DENIED", "POLICY", "SIGN_OFF", "SIGN_OFF_DENIED", "TopicPolicy",
           "needs_sign_off", "sign_off_all_answers"]
