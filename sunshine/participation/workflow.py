"""States and the transition table of a topic request (点题公开的办理流程), DOMAIN.md §9.

The disclosure office forwards a topic to the responsible department (feedback clock started); the department
answers, publishes the information or declines with a reason (clock stopped); answered and published topics go on
the echo wall, from which the office may take one down (a step inside the state: `public` only). The table is
`WORKFLOW` (the kernel's engine, `sunshine.cases.workflow`); `services.py` runs every status change through
`WORKFLOW.step` and is the only code that sets `status`. Scope: `permissions.py`.
"""

from __future__ import annotations

from sunshine.cases.workflow import SYSTEM, Transition, Workflow

from .models import TopicRequest
from .permissions import ANSWER, DISPATCH, POLICY, SIGN_OFF, SIGN_OFF_DENIED

Status = TopicRequest.Status

# Statuses whose answer may be on the echo wall (回音壁); a declined topic never is.
WALL_STATES = frozenset({Status.ANSWERED, Status.PUBLISHED})

_ANSWER_DENIED = "您没有答复点题的权限。"

WORKFLOW = Workflow(
    name="topic_request", states=Status, audit_prefix="participation.topic", policy=POLICY,
    transitions=[
        Transition("forward", "转办", {Status.SUBMITTED}, Status.FORWARDED, DISPATCH, clock="start feedback",
                   notify="department, applicant", audit="participation.topic.forward",
                   denied="您没有转办点题的权限。"),
        # Sign-off (签发): the department drafts its answer; a holder of SIGN_OFF in its scope (not the drafter)
        # signs it off or returns it with a reason; the feedback clock keeps running meanwhile.
        Transition("draft", "拟定答复（报签发）", {Status.FORWARDED}, Status.AWAITING_SIGN_OFF, ANSWER,
                   notify="signers", audit="participation.topic.draft", denied=_ANSWER_DENIED),
        Transition("return_draft", "退回修改", {Status.AWAITING_SIGN_OFF}, Status.FORWARDED, SIGN_OFF,
                   notify="drafter", audit="participation.topic.return_draft", denied=SIGN_OFF_DENIED),
        Transition("sign_off", "签发", {Status.AWAITING_SIGN_OFF}, Status.SIGNED_OFF, SIGN_OFF,
                   audit="participation.topic.sign_off", denied=SIGN_OFF_DENIED),
        # The issue: right after the sign-off as the system (the signed draft), or directly by the department where
        # no sign-off is needed (answer, publish: `permissions.needs_sign_off`; a refusal always needs it).
        Transition("answer", "答复", {Status.FORWARDED, Status.SIGNED_OFF}, Status.ANSWERED,
                   {Status.FORWARDED: ANSWER, Status.SIGNED_OFF: None}, clock="stop feedback",
                   notify="applicant", audit="participation.topic.answer", denied=_ANSWER_DENIED),
        Transition("publish", "公开", {Status.FORWARDED, Status.SIGNED_OFF}, Status.PUBLISHED,
                   {Status.FORWARDED: ANSWER, Status.SIGNED_OFF: None}, clock="stop feedback",
                   notify="applicant", audit="participation.topic.publish", denied=_ANSWER_DENIED),
        Transition("decline", "不予公开", {Status.SIGNED_OFF}, Status.DECLINED, None, performed_by=SYSTEM,
                   clock="stop feedback", notify="applicant", audit="participation.topic.decline",
                   denied=_ANSWER_DENIED),
        Transition("hide", "从回音壁撤下", WALL_STATES, None, DISPATCH, audit="participation.topic.hide",
                   denied="您没有管理回音壁的权限。"),
    ],
)

__all__ = ["WALL_STATES", "WORKFLOW", "Status"]
