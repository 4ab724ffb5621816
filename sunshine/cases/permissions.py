"""Permission policies (权限策略): one per aggregate, asked by views, the API and the workflow engine.

A policy answers two questions and nothing else rebuilds them:

- `visible_to(user)`: the queryset of cases the user may see. Staff see the cases of their own department, found
  through `department_paths` (the lead department, and where a case involves several: assisting departments,
  parallel tasks); with `division_path`, staff holding `orgs.view_division_cases` also see every case of their
  department's division and the divisions directly under it (a town's staff see their town's and its villages'
  cases); holders of a cross-department capability (`orgs.view_all_departments`: the disclosure office, the
  supervisors; the central acceptance desk in its app) see every case. Citizens and anonymous users see none
  (their own pages use their own selectors). Another department's case is therefore a 404, never a 403.
- `can(user, action, obj)`: whether a staff user may perform a workflow action on a case they can see: the
  action's capability (from the app's transition table) and the scope.

Subclass per aggregate in the app's `permissions.py`:

    class RequestPolicy(Policy):
        model = DisclosureRequest
        view_capability = "disclosure_requests.view_disclosurerequest"
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from sunshine.accounts.scoping import has_capability

VIEW_ALL = "orgs.view_all_departments"
VIEW_DIVISION = "orgs.view_division_cases"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _staff(user) -> bool:
    return _active(user) and (user.is_superuser or getattr(user, "kind", "") == "staff")


class Policy:
    """The scope and the abilities of staff on one aggregate (see the module docstring)."""

    # the aggregate's model, or its "app_label.ModelName" (resolved lazily, so that permissions.py need not import
    # models.py, which imports the states from workflow.py, which names this policy)
    model: type[Model] | str
    # relation paths from the case to a Department; the first is the lead (responsible) department
    department_paths: Sequence[str] = ("department",)
    # relation path from the case to its Division (e.g. "department__division"); None: no division scope
    division_path: str | None = None
    # capability needed to see the cases at all (besides the scope); None: any staff member of the department
    view_capability: str | None = None
    # capabilities that grant every department's cases (a cross-department duty)
    cross_department_capabilities: Sequence[str] = (VIEW_ALL,)
    workflow = None  # the app's Workflow; `can` reads the action's capability from it
    # the Chinese refusal when staff act on a case outside their scope (services; pages answer 404 first)
    out_of_scope_message = "该案件不属于您所在的部门。"

    # --- scope --------------------------------------------------------------------------------------------------
    @property
    def model_class(self) -> type[Model]:
        if isinstance(self.model, str):
            from django.apps import apps

            return apps.get_model(self.model)
        return self.model

    def base_queryset(self) -> QuerySet:
        return self.model_class._default_manager.all()

    def sees_all(self, user) -> bool:
        if not _staff(user):
            return False
        return user.is_superuser or any(has_capability(user, c) for c in self.cross_department_capabilities)

    def scope_condition(self, user) -> Q | None:
        """The filter of `user`'s cases; None: everything (cross-department duty); Q(pk__in=[]): nothing."""
        nothing = Q(pk__in=[])
        if not _staff(user):
            return nothing
        if self.view_capability and not has_capability(user, self.view_capability):
            return nothing
        if self.sees_all(user):
            return None
        department_id = getattr(user, "department_id", None)
        if not department_id:
            return nothing
        condition = Q()
        for path in self.department_paths:
            condition |= Q(**{f"{path}__id": department_id}) if "__" in path else Q(**{f"{path}_id": department_id})
        if self.division_path and has_capability(user, VIEW_DIVISION):
            division_id = user.department.division_id
            condition |= Q(**{f"{self.division_path}_id": division_id})
            condition |= Q(**{f"{self.division_path}__parent_id": division_id})
        return condition

    def visible_to(self, user, queryset: QuerySet | None = None) -> QuerySet:
        """The cases `user` may see (`queryset` narrows the base, e.g. with select_related)."""
        queryset = self.base_queryset() if queryset is None else queryset
        condition = self.scope_condition(user)
        if condition is None:
            return queryset
        if condition == Q(pk__in=[]):
            return queryset.none()
        queryset = queryset.filter(condition)
        if len(self.department_paths) > 1 or self.division_path:
            queryset = queryset.distinct()  # a to-many path may match a case more than once
        return queryset

    def can_see(self, user, obj) -> bool:
        condition = self.scope_condition(user)
        if condition is None:
            return True
        if condition == Q(pk__in=[]):
            return False
        if self.department_paths == ("department",) and not self.division_path:
            return getattr(obj, "department_id", None) == user.department_id
        return self.base_queryset().filter(condition, pk=obj.pk).exists()

    def get_visible(self, user, queryset: QuerySet | None = None, **lookup) -> Model:
        """The one case for `user`, or Http404 when it does not exist or is outside their scope (never 403)."""
        obj = self.visible_to(user, queryset).filter(**lookup).first()
        if obj is None:
            raise Http404("not found")
        return obj

    # --- abilities ----------------------------------------------------------------------------------------------
    def can(self, user, action: str, obj, *, capability: str | None = None) -> bool:
        """Whether staff `user` may perform workflow `action` on `obj` (capability and scope; not the state)."""
        if capability is None:
            if self.workflow is None:
                return False
            transition = self.workflow.transitions.get(action)
            if transition is None:
                return False
            capability = transition.capability_from(self.workflow.state_of(obj))
            if capability is None:
                return False
        return has_capability(user, capability) and self.can_see(user, obj)

    def allowed_actions(self, user, obj) -> list[str]:
        """The names of the workflow actions `user` may perform on `obj` now (state, capability, scope)."""
        if self.workflow is None:
            return []
        return [t.name for t in self.workflow.allowed_actions(user, obj)]


__all__ = ["VIEW_ALL", "VIEW_DIVISION", "Policy"]
