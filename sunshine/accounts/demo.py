"""Demo accounts (演示账户): one staff account per role and one citizen; password `sunshine-demo`.

Demo accounts exist only when `manage.py load_demo` (or `sunshine demo`) creates them. `load` is
idempotent: it resets each account to the values below.
"""

from __future__ import annotations

from sunshine.orgs.models import Department, Window

from . import roles
from .models import User

DEMO_PASSWORD = "sunshine-demo"

# (username, real name, role, department code, window number or "", kind)
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", "", "zfb", "", User.Kind.STAFF),
    ("clerk", "王经办", roles.CLERK, "fgj", "", User.Kind.STAFF),
    ("reviewer", "刘审核", roles.REVIEWER, "fgj", "", User.Kind.STAFF),
    ("clerk2", "李经办", roles.CLERK, "zjj", "", User.Kind.STAFF),
    ("officehead", "赵主任", roles.OFFICE_HEAD, "zfb", "", User.Kind.STAFF),
    ("window", "陈窗口", roles.WINDOW_CLERK, "scjgj", "1", User.Kind.STAFF),
    ("desk", "周受理", roles.DESK_CLERK, "zwfw", "0", User.Kind.STAFF),
    ("hotline", "吴话务", roles.HOTLINE_OPERATOR, "zwfw", "", User.Kind.STAFF),
    ("supervisor", "钱监察", roles.SUPERVISOR, "zfb", "", User.Kind.STAFF),
    ("13800138000", "张三", "", "", "", User.Kind.CITIZEN),
]


def account_table() -> list[tuple[str, str, str, str]]:
    """(用户名, 密码, 角色, 部门) rows for printing; reads the department names from the database."""
    names = dict(Department.objects.filter(code__in={a[3] for a in DEMO_ACCOUNTS if a[3]})
                 .values_list("code", "name"))
    rows = []
    for username, real_name, role, dept, _window, kind in DEMO_ACCOUNTS:
        if username == "admin":
            role_label = "超级管理员"
        elif kind == User.Kind.CITIZEN:
            role_label = f"公众（{real_name}）"
        else:
            role_label = role
        rows.append((username, DEMO_PASSWORD, role_label, names.get(dept, "—")))
    return rows


def load(stdout) -> None:
    role_groups = {g.name: g for g in roles.ensure_default_roles()}
    for username, real_name, role, dept_code, window_number, kind in DEMO_ACCOUNTS:
        department = Department.objects.get(code=dept_code) if dept_code else None
        window = (Window.objects.get(division=department.division, number=window_number)
                  if window_number else None)
        is_admin = username == "admin"
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "kind": kind, "real_name": real_name, "department": department, "window": window,
                "phone": username if kind == User.Kind.CITIZEN else "",
                "is_superuser": is_admin, "is_staff": is_admin, "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([role_groups[role]] if role else [])
    stdout.write(f"accounts: {len(DEMO_ACCOUNTS)} 个演示账户（密码 {DEMO_PASSWORD}）")
