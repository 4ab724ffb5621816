"""Permission policy of government services (政务服务办件的权限策略).

- The central acceptance desk (集中受理台, `REGISTER`) registers every case, whatever the channel, dispatches it to
  the item's window and confirms completion (办结): a cross-department duty, so its holders see every case.
- The item's department (进驻部门的窗口人员, `HANDLE`) accepts, refuses, issues the one-time notice, runs the steps
  (审查、决定、制证、送达) and the §45 special procedures.
- `APPROVE_EXTENSION` (延期审批) is the office head's.
- 代办员 (`FOLLOW`): the agent the desk assigns to a key project sees that case (and its parallel tasks) read-only
  and never acts on it.
- Parallel tasks (并联任务, `TaskPolicy`): each department sees and handles only its own task; the lead department
  (the combined matter's, 牵头部门) and the desk see every task of their cases (read-only unless the task is their
  department's); another department's task is a 404.

The workflow actions' capabilities are the transition table (`workflow.WORKFLOW`).
"""

from __future__ import annotations

from django.db.models import Q

from sunshine.accounts.scoping import has_capability
from sunshine.cases.permissions import VIEW_ALL, Policy

REGISTER = "gov_services.register_application"  # 集中受理台：登记、分送、办结
HANDLE = "gov_services.handle_application"  # 窗口：受理、审查、决定、制证、送达
APPROVE_EXTENSION = "gov_services.approve_extension"  # 批准延期
FOLLOW = "gov_services.follow_as_agent"  # 代办员：只读跟踪所代办的重点项目
VIEW_FLAGS = "gov_services.view_integrity_flags"  # 电子监察：查看全县办件的监察标记 (监察, 政务公开办负责人)

DRAFT_GUIDE = "gov_services.draft_guide"  # 起草、修改、提交办事指南（本部门事项）
APPROVE_GUIDE = "gov_services.approve_guide"  # 审核发布办事指南（本部门事项）

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
            user.is_superuser or has_capability(user, HANDLE) or self.sees_all(user)
            or has_capability(user, FOLLOW)))

    def scope_condition(self, user):
        """The department's cases, and for an agent (代办员) the cases assigned to them."""
        condition = super().scope_condition(user)
        if condition is None or not is_agent(user):
            return condition
        mine = Q(agent_id=user.pk)
        return mine if condition == Q(pk__in=[]) else condition | mine

    def can_see(self, user, obj) -> bool:
        return super().can_see(user, obj) or (is_agent(user) and obj.agent_id == user.pk)

    def can(self, user, action, obj, *, capability=None) -> bool:
        """Acting needs the department's scope: an agent only follows (read-only)."""
        return Policy.can_see(self, user, obj) and super().can(user, action, obj, capability=capability)

    def is_desk(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and has_capability(user, REGISTER))


def is_agent(user) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff"
                and has_capability(user, FOLLOW))


class TaskPolicy(Policy):
    """Scope and abilities on a parallel task (并联任务): its department handles it; the lead department and the desk
    see every task of their cases; the case's agent sees them read-only."""

    model = "gov_services.ParallelTask"
    department_paths = ("department", "application__department")
    cross_department_capabilities = (VIEW_ALL, REGISTER, VIEW_FLAGS)  # 电子监察 reads every task (never acts)
    out_of_scope_message = "该并联任务不属于您所在的部门。"

    def scope_condition(self, user):
        condition = super().scope_condition(user)
        if condition is None or not is_agent(user):
            return condition
        mine = Q(application__agent_id=user.pk)
        return mine if condition == Q(pk__in=[]) else condition | mine

    def can(self, user, action, obj, *, capability=None) -> bool:
        """Only the task's own department acts on it (the lead department and the desk only watch)."""
        own = bool(user is not None and user.is_authenticated and (
            user.is_superuser or (user.department_id and user.department_id == obj.department_id)))
        return own and super().can(user, action, obj, capability=capability)


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
TASK_POLICY = TaskPolicy()
GUIDE_POLICY = GuidePolicy()

__all__ = ["APPROVE_EXTENSION", "APPROVE_GUIDE", "DRAFT_GUIDE", "FOLLOW", "GUIDE_POLICY", "HANDLE", "OUT_OF_SCOPE",
           "POLICY", "REGISTER", "TASK_POLICY", "VIEW_FLAGS", "ApplicationPolicy", "GuidePolicy", "TaskPolicy",
           "is_agent"]
