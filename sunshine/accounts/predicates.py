"""Who a user is, for menu entries (`NavEntry.predicate = "sunshine.accounts.predicates:is_citizen"`)."""

from __future__ import annotations


def is_anonymous(user) -> bool:
    return not (user is not None and user.is_authenticated)


def is_citizen(user) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "citizen")


def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff")


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def has_department_scope(user) -> bool:
    """Staff who see some department's figures: their own department's, or every department's (view-all)."""
    from .scoping import sees_all_departments

    return is_staff(user) and user.is_active and bool(user.department_id or sees_all_departments(user))
