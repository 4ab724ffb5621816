"""Who may read which report, and the year parameter: kernel rules only (orgs, accounts)."""

from __future__ import annotations

import datetime as dt

from sunshine.accounts.scoping import sees_all_departments
from sunshine.orgs.models import Department

MIN_YEAR = 2008  # the regulations on government information disclosure took effect on 1 May 2008


class InvalidYear(ValueError):
    """The year parameter is missing or outside the years the regulations cover."""


def parse_year(value, *, today: dt.date) -> int:
    """Validate a year given as text; raises `InvalidYear` with a Chinese message."""
    text = str(value if value is not None else "").strip()
    if not text:
        raise InvalidYear("请指定年度，例如 year=2025。")
    if not text.isdigit() or len(text) != 4:
        raise InvalidYear("年度格式不正确，应为四位数字，例如 2025。")
    year = int(text)
    if year < MIN_YEAR or year > today.year:
        raise InvalidYear(f"年度应在 {MIN_YEAR} 年至 {today.year} 年之间。")
    return year


def report_scope(user, department_code: str | None) -> Department | None:
    """The department whose figures `user` may see (None: county-wide, every department).

    Holders of `orgs.view_all_departments` see any department or the county; other staff only their own
    department (asking for another one is "not found", like any object outside scope). Raises
    `Department.DoesNotExist` for an unknown or foreign code and `PermissionError` when the user has no scope.
    """
    if not (user and user.is_authenticated and user.is_active and getattr(user, "kind", "") == "staff"):
        raise PermissionError("仅限工作人员查看。")
    code = (department_code or "").strip()
    if sees_all_departments(user):
        return Department.objects.get(code=code) if code else None
    if not user.department_id:
        raise PermissionError("您的账户未关联部门，无法查看统计表。")
    if code and code != user.department.code:
        raise Department.DoesNotExist(code)
    return user.department


def departments_for(user):
    """The departments offered in the selector for `user`."""
    if sees_all_departments(user):
        return Department.objects.filter(is_active=True).order_by("sort_order", "code")
    return Department.objects.filter(pk=user.department_id)


def report_scope_is_county_wide(user) -> bool:
    """Whether `user` may see the county-wide figures (all departments)."""
    return sees_all_departments(user)
