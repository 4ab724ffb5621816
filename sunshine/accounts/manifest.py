"""Manifest of accounts (账户与角色): the roles that see every department, the demo accounts, registration."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest

VIEW_ALL = "orgs.view_all_departments"

MANIFEST = AppManifest(
    label="账户与角色",
    audit_labels={"account.register": "注册账户", "account.login": "登录", "account.login_failed": "登录失败",
                  "account.logout": "退出登录", "account.lockout": "登录锁定"},
    roles={
        r.OFFICE_HEAD: [VIEW_ALL],
        r.DESK_CLERK: [VIEW_ALL],
        r.HOTLINE_OPERATOR: [VIEW_ALL],
        r.SUPERVISOR: [VIEW_ALL],
    },
    demo="sunshine.accounts.demo:load",
)
