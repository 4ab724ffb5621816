"""Permission policy of government services (政务服务办件的权限策略).

- The central acceptance desk (集中受理台, `REGISTER`) registers every case, whatever the channel, dispatches it to
  the item's window and confirms completion (办结): a cross-department duty, so its holders see every case.
- The item's department (进驻部门的窗口人员, `HANDLE`) accepts, refuses, issues the one-time notice, runs the steps
  (审查、决定、制证、送达) and the §45 special procedures.
- `APPROVE_EXTENSION` (延期审批) is the office head's.

The workflow actions' capabilities are the transition table (`workflow.WORKFLOW`).
"""

from __future__ import annotations

from sunshine.accounts.scoping import has_capability
from sunshine.cases.permissions import VIEW_ALL, Policy

REGISTER = "gov_services.register_application"  # 集中受理台：登记、分送、办结
HANDLE = "gov_services.handle_application"  # 窗口：受理、审查、决定、制证、送达
APPROVE_EXTENSION = "gov_services.approve_extension"  # 批准延期
VIEW_FLAGS = "gov_services.view_integrity_flags"  # 电子监察：查看全县办件的监察标记 (监察, 政务公开办负责人)

OUT_OF_SCOPE = "该办件不属于您所在的部门。"


class ApplicationPolicy(Policy):
    """Scope and abilities on an application (办件)."""

    model = "gov_services.Application"
    department_paths = ("department",)
    cross_department_capabilities = (VIEW_ALL, REGISTER, VIEW_FLAGS)  # 电子监察 reads every case
    out_of_scope_message = OUT_OF_SCOPE

    def opens_pages(self, user) -> bool:
        """Whether the staff pages open for `user` (else 403)."""
        return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff" and (
            user.is_superuser or has_capability(user, HANDLE) or self.sees_all(user)))

    def is_desk(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and has_capability(user, REGISTER))


POLICY = ApplicationPolicy()

__all__ = ["APPROVE_EXTENSION", "HANDLE", "OUT_OF_SCOPE", "POLICY", "REGISTER", "VIEW_FLAGS", "ApplicationPolicy"]
