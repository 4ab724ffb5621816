"""Permission policy of government services (政务服务办件的权限策略).

- The central acceptance desk (集中受理台, `REGISTER`) registers every case, whatever the channel, dispatches it to
  the item's window and confirms completion (办结): a cross-department duty, so its holders see every case.
- The item's department (进驻部门的窗口人员, `HANDLE`) accepts, refuses, issues the one-time notice, runs the steps
  (审查、决定、制证、送达) and the §45 special procedures.
- `APPROVE_EXTENSION` (延期审批) is the office head's.

The workflow actions' capabilities are the transition table (`workflow.WORKFLOW`).
"""

from __future__ import annotations

from django.db.models import Q

from sunshine.accounts.scoping import has_capability
from sunshine.cases.permissions import VIEW_ALL, Policy

REGISTER = "gov_services.register_application"  # 集中受理台：登记、分送、办结
HANDLE = "gov_services.handle_application"  # 窗口：受理、审查、决定、制证、送达
APPROVE_EXTENSION = "gov_services.approve_extension"  # 批准延期

DRAFT_GUIDE = "gov_services.draft_guide"  # 起草、修改、提交办事指南（本部门事项）
APPROVE_GUIDE = "gov_services.approve_guide"  # 审核发布办事指南（本部门事项）

OUT_OF_SCOPE = "该办件不属于您所在的部门。"


class ApplicationPolicy(Policy):
    """Scope and abilities on an application (办件)."""

    model = "gov_services.Application"
    department_paths = ("department",)
    cross_department_capabilities = (VIEW_ALL, REGISTER)
    out_of_scope_message = OUT_OF_SCOPE

    def opens_pages(self, user) -> bool:
        """Whether the staff pages open for `user` (else 403)."""
        return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff" and (
            user.is_superuser or has_capability(user, HANDLE) or self.sees_all(user)))

    def is_desk(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and has_capability(user, REGISTER))


class GuidePolicy(Policy):
    """Scope and abilities on a guide version (办事指南版本): the item's department drafts (`DRAFT_GUIDE`) and
    approves (`APPROVE_GUIDE`); the disclosure office (VIEW_ALL) sees every department's."""

    model = "gov_services.ServiceItemVersion"
    department_paths = ("item__department",)
    cross_department_capabilities = (VIEW_ALL,)
    out_of_scope_message = "该事项不属于您所在的部门。"

    def opens_pages(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff" and (
            user.is_superuser or has_capability(user, DRAFT_GUIDE) or has_capability(user, APPROVE_GUIDE)))

    def can_see(self, user, obj) -> bool:
        condition = self.scope_condition(user)
        if condition is None:
            return True
        if condition == Q(pk__in=[]):
            return False
        return obj.item.department_id == getattr(user, "department_id", None)

    def may_draft_for(self, user, department) -> bool:
        """Whether `user` may draft guides of `department`'s items (new items, import)."""
        if not (user is not None and user.is_authenticated and has_capability(user, DRAFT_GUIDE)):
            return False
        return self.sees_all(user) or department.pk == getattr(user, "department_id", None)


POLICY = ApplicationPolicy()
GUIDE_POLICY = GuidePolicy()

__all__ = ["APPROVE_EXTENSION", "APPROVE_GUIDE", "DRAFT_GUIDE", "GUIDE_POLICY", "HANDLE", "OUT_OF_SCOPE", "POLICY",
           "REGISTER", "ApplicationPolicy", "GuidePolicy"]
