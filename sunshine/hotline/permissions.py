"""Permission policy of the hotline (热线工单的权限策略): who sees a ticket and who may act on it.

- The hotline office (热线办: 话务员, holders of `DISPATCH`) dispatches every ticket, reviews returns and replies and
  calls back: a cross-department duty, so its holders see every ticket (as `orgs.view_all_departments` does for the
  disclosure office and the supervisors).
- A department sees the tickets it currently leads (主办, `Ticket.department`) or assists (协办, an active
  `Assignment`); a department that returned a ticket and lost it no longer sees it. Holders of `HANDLE` there sign
  for, return, contact, reply and answer supervision orders.
- `APPROVE_EXTENSION` (延期审批) and `SUPERVISE` (督办) are the office head's and the supervisors'.
- A 举报 keeps the reporter's identity from the handling department: `can_see_caller` is the office's only.

The workflow actions' capabilities are the transition table (`workflow.WORKFLOW`).
"""

from __future__ import annotations

from django.db.models import Q

from sunshine.accounts.scoping import has_capability
from sunshine.cases.permissions import VIEW_ALL, Policy

DISPATCH = "hotline.dispatch_ticket"  # 派单、审核、回访（热线办）, a cross-department duty
HANDLE = "hotline.handle_ticket"  # 签收、退单、答复（承办部门）
APPROVE_EXTENSION = "hotline.approve_extension"  # 批准延期
SUPERVISE = "hotline.supervise_ticket"  # 督办

OUT_OF_SCOPE = "该工单不由您所在部门办理。"
LEAD_ACTIONS = frozenset({"sign_for", "return", "contact", "reply", "respond_supervision"})
HIDDEN_CALLER = "（举报人信息保密）"


def department_scope(department_id: int) -> Q:
    """The tickets a department has now: it leads them (`Ticket.department`), or it assists on an active assignment
    (a returned, reassigned department is out). The assisting part is a subquery on the assignments' index, not a
    join: no DISTINCT, and the lead part stays a range of the (department, status, received_at) index."""
    from django.apps import apps  # the model by name: models.py imports this module through workflow.py

    Assignment = apps.get_model("hotline", "Assignment")
    assisted = Assignment.objects.filter(department_id=department_id, active=True,
                                         role="assist").order_by().values("ticket_id")
    return Q(department_id=department_id) | Q(pk__in=assisted)


class TicketPolicy(Policy):
    """Scope and abilities on a hotline ticket (工单)."""

    model = "hotline.Ticket"  # named: models.py imports workflow.py, which builds the workflow with this policy
    department_paths = ("department", "assignments__department")
    cross_department_capabilities = (VIEW_ALL, DISPATCH)
    out_of_scope_message = OUT_OF_SCOPE

    def scope_condition(self, user):
        condition = super().scope_condition(user)
        if condition is None or condition == Q(pk__in=[]):
            return condition
        return department_scope(user.department_id)

    def visible_to(self, user, queryset=None):
        """As the kernel's, without DISTINCT: the scope is a subquery, not a join (no duplicate rows), so a queue
        over a million tickets stays an index range (see `department_scope`)."""
        queryset = self.base_queryset() if queryset is None else queryset
        condition = self.scope_condition(user)
        if condition is None:
            return queryset
        if condition == Q(pk__in=[]):
            return queryset.none()
        return queryset.filter(condition)

    def opens_pages(self, user) -> bool:
        """Whether the staff pages of the hotline open for `user` (else 403)."""
        return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff" and (
            user.is_superuser or has_capability(user, HANDLE) or self.sees_all(user)))

    def can(self, user, action: str, obj, *, capability: str | None = None) -> bool:
        """The department's actions (签收、退单、先行联系、答复、督办回复) are the lead's (主办) only: an assisting
        department (协办) sees the ticket but does not act on it in the workflow. The system administrator (超级管理员)
        may act for the lead, as everywhere else in the platform (the demo's history relies on it)."""
        if not super().can(user, action, obj, capability=capability):
            return False
        if action in LEAD_ACTIONS:
            return user.is_superuser or (bool(user.department_id) and obj.department_id == user.department_id)
        return True

    def is_office(self, user) -> bool:
        return bool(user is not None and user.is_authenticated and has_capability(user, DISPATCH))

    def can_see_caller(self, user, ticket) -> bool:
        """A 举报's reporter is known to the hotline office only (DOMAIN.md §8, 53号文: 保护举报人)."""
        return not ticket.is_report or self.is_office(user)


POLICY = TicketPolicy()

__all__ = ["APPROVE_EXTENSION", "DISPATCH", "HANDLE", "HIDDEN_CALLER", "OUT_OF_SCOPE", "POLICY", "SUPERVISE",
           "TicketPolicy"]


def can_read_indicators(user) -> bool:
    """The indicator and brief pages (考核指标、简报专报): the hotline office and the supervisors (督办、监察,
    `orgs.view_all_departments`), not a department's clerks."""
    return bool(POLICY.sees_all(user) or (user is not None and user.is_authenticated
                                          and getattr(user, "kind", "") == "staff" and has_capability(user, SUPERVISE)))
