"""Who may see and handle a disclosure request (依申请公开的权限策略): the app's capabilities and its policy.

- Staff see the requests of their own department (the receiving agency, `DisclosureRequest.department`; after a
  forward, the department it was forwarded to); another department's request is a 404, never a 403.
- Holders of `orgs.view_all_departments` (政务公开办负责人 and 监察: the disclosure office and the supervisors) see
  every department's requests; what they may do is the capability of each action (a supervisor holds only VIEW,
  so sees every request and no button).
- Holders of REGISTER (窗口人员, 集中受理台, and the department's clerks) enter oral, in-person and postal
  applications for the applicant (代为填写, art. 29) for any department; they also see, read-only, the requests
  they registered themselves (`entered_by`), wherever those are handled.
- The actions and their capabilities are the transition table (`workflow.WORKFLOW`): HANDLE for the clerk's
  steps (经办人, 审核人, 政务公开办负责人), APPROVE_EXTENSION for an extension or a reasonable delay (政务公开办
  负责人 only), SIGN_OFF for the sign-off of a drafted reply (签发 or 退回修改: by default the department's 审核人
  and the 政务公开办负责人, who holds it for every department), never by the drafter of that reply.
- A direct reply (作出答复 from 办理中, without sign-off) is offered only when some outcome needs no sign-off
  (`signoff.every_reply_needs_sign_off()` false).

Selectors, views and the API ask `POLICY` (`visible_to`, `get_visible`, `can_see`) and `WORKFLOW.allowed_actions`;
nothing else rebuilds the rule.
"""

from __future__ import annotations

from django.db.models import Q

from sunshine.accounts.scoping import has_capability
from sunshine.cases.permissions import VIEW_ALL, Policy
from sunshine.core.errors import CapabilityRequired

HANDLE = "disclosure_requests.handle_request"  # 办理依申请公开
APPROVE_EXTENSION = "disclosure_requests.approve_extension"  # 批准延期答复（政府信息公开工作机构负责人）
VIEW = "disclosure_requests.view_disclosurerequest"  # 查看依申请公开
SIGN_OFF = "disclosure_requests.sign_off_reply"  # 签发答复（审核人、政务公开办负责人）
REGISTER = "disclosure_requests.register_request"  # 登记申请（代为填写：窗口人员、集中受理台、经办人）

HANDLE_DENIED = "没有办理依申请公开的权限。"
EXTENSION_DENIED = "延期答复须经政府信息公开工作机构负责人批准。"
IDENTITY_DENIED = "没有查看完整证件号码的权限。"
OUT_OF_SCOPE = "该申请不属于您所在的部门。"
SIGN_OFF_DENIED = "答复须由有签发权限的人员（本部门审核人或政务公开办负责人）签发。"
OWN_DRAFT_DENIED = "不能签发本人拟定的答复，请由其他有签发权限的人员签发。"


class RequestPolicy(Policy):
    """The scope and abilities of staff on a `DisclosureRequest` (政府信息公开申请)."""

    department_paths = ("department",)
    division_path = None
    # Today's rule, kept: any staff member of the department sees its requests (no separate view capability).
    view_capability = None
    cross_department_capabilities = (VIEW_ALL,)
    out_of_scope_message = OUT_OF_SCOPE

    # named, not imported: models.py imports workflow.py (the states), which builds the workflow with this policy
    model = "disclosure_requests.DisclosureRequest"

    def can(self, user, action: str, obj, *, capability: str | None = None) -> bool:
        """The kernel's rule (capability and scope), and the sign-off's own: nobody signs off (or returns) their own
        draft; a direct reply from 办理中 is not offered while every outcome needs sign-off."""
        if not super().can(user, action, obj, capability=capability):
            return False
        if action in ("sign_off", "return_draft") and obj.drafted_by_id is not None and user is not None \
                and obj.drafted_by_id == user.pk:
            return False
        if action == "reply" and obj.status == "processing":
            from .signoff import every_reply_needs_sign_off

            return not every_reply_needs_sign_off()
        return True

    def may_sign_off(self, user, obj) -> bool:
        """Whether `user` may sign off (签发) a reply of `obj`: the capability, the case in scope, not the drafter."""
        return self.can(user, "sign_off", obj, capability=SIGN_OFF)

    def scope_condition(self, user) -> Q | None:
        """The department's requests (or every one), and the ones `user` registered at the counter."""
        condition = super().scope_condition(user)
        if condition is None or not (getattr(user, "kind", "") == "staff" and has_capability(user, REGISTER)):
            return condition
        registered = Q(entered_by_id=user.pk)
        return registered if condition == Q(pk__in=[]) else condition | registered

    def can_see(self, user, obj) -> bool:
        if super().can_see(user, obj):
            return True
        return bool(obj.entered_by_id and obj.entered_by_id == getattr(user, "pk", None)
                    and getattr(user, "kind", "") == "staff" and has_capability(user, REGISTER))

    def require(self, user, obj, *, capability: str, denied: str) -> None:
        """Raise CapabilityRequired unless staff `user` holds `capability` and `obj` is in their scope (for a step
        that staff perform on the applicant's behalf, e.g. a supplement received on paper)."""
        if self.can(user, "", obj, capability=capability):
            return
        raise CapabilityRequired(denied if self.can_see(user, obj) else self.out_of_scope_message)

    def can_reveal_identity(self, user, obj) -> bool:
        """The full identity number (audited) is for the staff who handle the case, not for readers."""
        return has_capability(user, HANDLE) and self.can_see(user, obj)

    def can_enter(self, user) -> bool:
        """Entering an oral, in-person, post or fax application for the applicant (代为填写)."""
        return getattr(user, "kind", "") == "staff" and has_capability(user, REGISTER)


POLICY = RequestPolicy()


REVIEW_CASE_DENIED = "没有登记行政复议、行政诉讼案件的权限。"


class ReviewCasePolicy(Policy):
    """The scope of the register of review and litigation cases (行政复议、行政诉讼案件登记): staff see the entries
    of their own department (`ReviewLitigationCase.department`), the disclosure office and the supervisors every
    department's; registering and updating needs HANDLE (the clerks who handle the requests). The register is no
    workflow (its entries have no clock and no transitions): `can_register` is its one ability."""

    department_paths = ("department",)
    division_path = None
    view_capability = None
    cross_department_capabilities = (VIEW_ALL,)
    out_of_scope_message = "该案件不属于您所在的部门。"
    model = "disclosure_requests.ReviewLitigationCase"

    def can_register(self, user) -> bool:
        return has_capability(user, HANDLE)

    def can_edit(self, user, obj) -> bool:
        return has_capability(user, HANDLE) and self.can_see(user, obj)


REVIEW_CASE_POLICY = ReviewCasePolicy()

__all__ = ["APPROVE_EXTENSION", "EXTENSION_DENIED", "HANDLE", "HANDLE_DENIED", "IDENTITY_DENIED", "OUT_OF_SCOPE",
           "OWN_DRAFT_DENIED", "POLICY", "REGISTER", "REVIEW_CASE_DENIED", "REVIEW_CASE_POLICY", "SIGN_OFF",
           "SIGN_OFF_DENIED", "VIEW", "RequestPolicy", "ReviewCasePolicy"]
