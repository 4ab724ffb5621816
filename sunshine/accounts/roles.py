"""Default roles (角色) and the capabilities (权限) they grant.

Roles are data: these are only the defaults created when a role does not exist yet; an administrator
may edit them in the admin afterwards and `ensure_default_roles` never overwrites such edits.
Capabilities are Django permissions named "app_label.codename". Each app grants its default capabilities in its
manifest (`AppManifest.roles`, sunshine/core/manifest.py); `default_role_capabilities` merges them.

The manifests import the role names, and the settings import the manifests before Django is set up: so this
module imports only `django.db` at module level (the models inside the functions).
"""

from __future__ import annotations

from django.db import transaction

# Role names (the defaults).
CLERK = "经办人"  # department clerk
REVIEWER = "审核人"  # department reviewer (confidentiality and legality review)
OFFICE_HEAD = "政务公开办负责人"  # head of the disclosure office: sees all departments, approves extensions
WINDOW_CLERK = "窗口人员"  # service-hall window clerk
DESK_CLERK = "集中受理台"  # central acceptance desk
HOTLINE_OPERATOR = "话务员"  # hotline operator / dispatcher
SUPERVISOR = "监察"  # supervisor (督办/电子监察): sees every clock, read-only
ROLE_NAMES = [CLERK, REVIEWER, OFFICE_HEAD, WINDOW_CLERK, DESK_CLERK, HOTLINE_OPERATOR, SUPERVISOR]

# The workbench's title and what it holds for a role whose work is not a department's cases (工作台标题): a label
# only (what a user may do is their capabilities). A user with several roles gets the first title found here.
WORKBENCH_TITLES = {
    WINDOW_CLERK: ("窗口受理工作台",
                   "办理本窗口的政务服务办件；登记申请人到窗口口头、当面提交或邮寄、传真的依申请公开申请，"
                   "跟进您登记的申请。"),
    DESK_CLERK: ("集中受理台工作台", "为全县各部门登记口头、当面、邮寄、传真的依申请公开申请，跟进您登记的申请。"),
    HOTLINE_OPERATOR: ("12345热线话务工作台",
                       "12345热线与书记县长信箱的工单：派单、退单审核、答复审核与回访，待办数量列在下方“12345热线”栏目。"
                       "也可查看各部门的依申请公开申请、点题和办理时限。"),
    SUPERVISOR: ("电子监察工作台",
                 "目前列出全县各部门正在计时的办理时限，超期和临近到期的在前；督办、预警通报和考核将在电子监察模块"
                 "上线后列在这里。"),
}


def default_role_capabilities() -> dict[str, list[str]]:
    """Every app manifest's `roles` merged into {role: [capability, …]}, every default role present."""
    from sunshine.core.manifest import merged

    capabilities: dict[str, list[str]] = {name: [] for name in ROLE_NAMES}
    for role, granted in merged("roles").items():
        capabilities.setdefault(role, []).extend(c for c in granted if c not in capabilities[role])
    return capabilities


def _permission(capability: str):
    from django.contrib.auth.models import Permission

    app_label, codename = capability.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist as exc:
        raise LookupError(f"unknown capability {capability!r} in an app manifest's roles") from exc


@transaction.atomic
def ensure_default_roles() -> list:
    """Create the default roles and grant each default capability once.

    A grant already applied (recorded in DefaultGrant) is never applied again, so an administrator who
    removes a capability from a role in the admin keeps that edit; capabilities added by a newer
    version of an app still reach existing roles.
    """
    from django.contrib.auth.models import Group

    from .models import DefaultGrant

    roles = []
    applied = set(DefaultGrant.objects.values_list("role_name", "capability"))
    for name, capabilities in default_role_capabilities().items():
        group, _ = Group.objects.get_or_create(name=name)
        for capability in capabilities:
            if (name, capability) in applied:
                continue
            group.permissions.add(_permission(capability))
            DefaultGrant.objects.create(role_name=name, capability=capability)
        roles.append(group)
    return roles
