"""Demo organisation and accounts: idempotent, the fixed codes and roles of the demo conventions."""

from __future__ import annotations

import io

from django.contrib.auth import authenticate
from django.test import RequestFactory

from sunshine.accounts import demo as accounts_demo
from sunshine.accounts.models import User
from sunshine.orgs import demo as orgs_demo
from sunshine.orgs.models import Department, Division, Window


def _load():
    out = io.StringIO()
    orgs_demo.load(out)
    accounts_demo.load(out)
    return out.getvalue()


def test_demo_is_idempotent_and_complete(db):
    _load()
    counts = (Division.objects.count(), Department.objects.count(), Window.objects.count(), User.objects.count())
    _load()
    assert (Division.objects.count(), Department.objects.count(), Window.objects.count(),
            User.objects.count()) == counts

    assert Division.objects.get(code="421321").name == "随县"
    towns = Division.objects.filter(level=Division.Level.TOWN)
    assert towns.count() == 17
    assert Division.objects.get(code="421321100").name == "厉山镇"
    assert Division.objects.get(code="421321102").name == "殷店镇"
    assert Division.objects.get(code="421321116").name == "均川镇"
    for town in towns:
        assert 2 <= town.children.count() <= 4
        assert Department.objects.get(code=f"town-{town.code}").name == f"{town.name}人民政府"
    for village in Division.objects.filter(level=Division.Level.VILLAGE):
        assert Department.objects.filter(code=f"village-{village.code}", division=village).exists()
    for code in ["zfb", "fgj", "zjj", "zrzyj", "mzj", "swj", "lyj", "slj", "sthjj", "rsj", "scjgj", "wjj", "jyj",
                 "czj", "sjj", "zwfw"]:
        assert Department.objects.filter(code=code, division__code="421321").exists(), code
    assert Department.objects.get(code="fgj").name == "随县发展和改革局"
    assert Window.objects.filter(is_central_desk=True, department__code="zwfw").count() == 1
    assert Window.objects.filter(is_central_desk=False).count() >= 12


def test_demo_accounts(db):
    _load()
    expected = {
        "clerk": ("经办人", "fgj"), "reviewer": ("审核人", "fgj"), "clerk2": ("经办人", "zjj"),
        "officehead": ("政务公开办负责人", "zfb"), "window": ("窗口人员", "scjgj"), "desk": ("集中受理台", "zwfw"),
        "hotline": ("话务员", "zwfw"), "supervisor": ("监察", "zfb"),
    }
    for username, (role, dept) in expected.items():
        user = User.objects.get(username=username)
        assert user.kind == User.Kind.STAFF and user.department.code == dept
        assert user.role_names() == [role]
        assert authenticate(RequestFactory().post("/login/"), username=username, password="sunshine-demo") == user
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    citizen = User.objects.get(username="13800138000")
    assert (citizen.kind, citizen.real_name, citizen.phone) == (User.Kind.CITIZEN, "张三", "13800138000")
    assert User.objects.get(username="window").window.number == "1"
    assert User.objects.get(username="desk").window.is_central_desk


def test_account_table_names_departments(db):
    _load()
    rows = {r[0]: r for r in accounts_demo.account_table()}
    assert rows["clerk"] == ("clerk", "sunshine-demo", "经办人", "随县发展和改革局")
    assert rows["admin"][2] == "超级管理员"
    assert rows["13800138000"][2] == "公众（张三）" and rows["13800138000"][3] == "—"


def test_readme_account_table_is_what_the_demo_prints(db):
    """README's table of demo accounts: the user names, roles and departments `sunshine demo` prints."""
    import re

    from sunshine.core.testing import ROOT

    _load()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| 用户名 | 角色 | 部门 |"):]
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|", table[:table.index("\n\n")], re.M)
    printed = [(username, role, department) for username, _password, role, department in accounts_demo.account_table()]
    assert [(u, r.strip(), d.strip()) for u, r, d in rows] == printed
