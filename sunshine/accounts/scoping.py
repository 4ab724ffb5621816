"""Scoping (数据范围): the one rule for which departments' objects a staff user may see.

Every app's selector calls `department_scope` on its querysets; views and API endpoints go through
the selector, so a clerk of one department gets 404 for another department's objects.
"""

from __future__ import annotations

from django.db.models import QuerySet

VIEW_ALL = "orgs.view_all_departments"


def sees_all_departments(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(VIEW_ALL))


def department_scope(user, queryset: QuerySet, field: str = "department") -> QuerySet:
    """Restrict `queryset` to what `user` may see through the department at `field`.

    Superusers and holders of `orgs.view_all_departments` see everything; other staff see their own
    department's rows; citizens and anonymous users see nothing (their own pages use their own selectors).
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if sees_all_departments(user):
        return queryset
    if getattr(user, "kind", "") != "staff" or not user.department_id:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": user.department_id})


def has_capability(user, capability: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(capability))
