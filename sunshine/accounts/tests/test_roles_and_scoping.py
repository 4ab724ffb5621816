"""Roles are data granting capabilities; one scoping rule decides which departments a user sees."""

import pytest
from django.contrib.auth.models import Group, Permission

from sunshine.accounts import roles as roles_module
from sunshine.accounts.models import User
from sunshine.accounts.roles import default_role_capabilities, ensure_default_roles
from sunshine.accounts.scoping import department_scope, has_capability, sees_all_departments


def test_every_default_capability_exists(roles):
    for role, capabilities in default_role_capabilities().items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert set(capabilities) <= granted, role


def test_admin_removal_of_a_capability_is_kept(roles):
    supervisor = Group.objects.get(name=roles_module.SUPERVISOR)
    perm = Permission.objects.get(codename="view_all_departments")
    supervisor.permissions.remove(perm)
    ensure_default_roles()
    assert not supervisor.permissions.filter(pk=perm.pk).exists()


def test_capability_comes_from_role_data_not_role_name(make_staff, roles):
    user = make_staff("renamed", department="fgw", role=roles_module.SUPERVISOR)
    Group.objects.filter(name=roles_module.SUPERVISOR).update(name="电子监察科")
    user = User.objects.get(pk=user.pk)  # fresh permission cache
    assert has_capability(user, "orgs.view_all_departments")
    assert sees_all_departments(user)


def test_department_scope(clerk, other_clerk, office_head, citizen):
    staff = User.objects.filter(kind="staff")
    assert set(department_scope(clerk, staff).values_list("username", flat=True)) == {"clerk_fgw"}
    assert set(department_scope(other_clerk, staff).values_list("username", flat=True)) == {"clerk_zjj"}
    assert department_scope(office_head, staff).count() == staff.count() == 3
    assert department_scope(citizen, staff).count() == 0


def test_inactive_or_anonymous_sees_nothing(clerk):
    from django.contrib.auth.models import AnonymousUser

    clerk.is_active = False
    assert department_scope(clerk, User.objects.all()).count() == 0
    assert department_scope(AnonymousUser(), User.objects.all()).count() == 0


@pytest.mark.parametrize("value", ["11010519491231002X", "110105194912310029"])
def test_identity_validation(value):
    from django.core.exceptions import ValidationError

    from sunshine.core.identity import normalize_id_number

    if value.endswith("X"):
        assert normalize_id_number(value) == ("resident_id", "11010519491231002X")
    else:
        with pytest.raises(ValidationError, match="证件号码无效"):
            normalize_id_number(value)


def test_resident_id_of_a_county_missing_from_stdnum_region_table_is_accepted():
    """随县 (421321) was created in 2009; stdnum's region table lacks it, a real citizen must not be refused."""
    from stdnum.cn import ric

    from sunshine.core.identity import normalize_id_number

    body = "42132119900101123"
    value = body + ric.calc_check_digit(body + "0")  # the argument includes a (placeholder) check digit
    assert normalize_id_number(value) == ("resident_id", value)
    wrong = body + ("0" if value[-1] != "0" else "1")
    assert not ric.is_valid(value)  # the library alone would refuse it
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalize_id_number(wrong)
