"""Shared pytest fixtures: departments, users per role, API clients."""

from __future__ import annotations

import pytest


@pytest.fixture
def county(db):
    from sunshine.orgs.models import Division

    return Division.objects.create(code="421321", name="随县", level=Division.Level.COUNTY)


@pytest.fixture
def departments(county):
    from sunshine.orgs.models import Department

    return {
        "fgw": Department.objects.create(code="fgw", name="随县发展和改革局", short_name="发改局", division=county),
        "zjj": Department.objects.create(code="zjj", name="随县住房和城乡建设局", short_name="住建局", division=county),
        "gkb": Department.objects.create(code="gkb", name="随县人民政府办公室", short_name="政府办", division=county),
    }


@pytest.fixture
def roles(db):
    from sunshine.accounts.roles import ensure_default_roles

    return {g.name: g for g in ensure_default_roles()}


@pytest.fixture
def make_staff(departments, roles):
    from sunshine.accounts.models import User

    def _make(username: str, *, department: str = "fgw", role: str = "经办人", **extra) -> User:
        user = User.objects.create_user(username=username, password="pass-1234-word", kind=User.Kind.STAFF,
                                        real_name=extra.pop("real_name", username),
                                        department=departments[department] if department else None, **extra)
        if role:
            user.groups.add(roles[role])
        return user

    return _make


@pytest.fixture
def clerk(make_staff):
    return make_staff("clerk_fgw", department="fgw", role="经办人", real_name="王经办")


@pytest.fixture
def other_clerk(make_staff):
    return make_staff("clerk_zjj", department="zjj", role="经办人", real_name="李经办")


@pytest.fixture
def office_head(make_staff):
    return make_staff("head_gkb", department="gkb", role="政务公开办负责人", real_name="赵主任")


@pytest.fixture
def supervisor(make_staff):
    return make_staff("supervisor", department="gkb", role="监察", real_name="钱监察")


@pytest.fixture
def citizen(db):
    from sunshine.accounts.models import User

    return User.objects.create_user(username="13800138000", password="pass-1234-word", kind=User.Kind.CITIZEN,
                                    real_name="张三", phone="13800138000")


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
