"""Audit of sessions (会话审计): logins, failed logins, logouts and lockouts become ordinary audit events.

Connected in `AccountsConfig.ready` to Django's `user_logged_in`, `user_login_failed`, `user_logged_out` and
django-axes' `user_locked_out`, so every login path (portal, admin, token API) is covered by the same four
receivers. The event's target is the account; for a user name that matches no account the target is an unsaved
account row with id 0 and the folded user name as label (audit is staff-only, so the name is kept for
investigation, while the person at the login form still sees the same answer either way).
"""

from __future__ import annotations

import time

from sunshine.audit.services import record

from .login_limits import client_address, fold_login_name
from .models import User

LOGIN = "account.login"
LOGIN_FAILED = "account.login_failed"
LOGOUT = "account.logout"
LOCKOUT = "account.lockout"


def _channel(request) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "portal"


def _context(request) -> dict:
    if request is None:
        return {"channel": "other"}
    return {"channel": _channel(request), "address": client_address(request)}


def _account(username: str) -> User:
    folded = fold_login_name(username)
    found = User.objects.filter(username=folded).first() or User.objects.filter(username=username).first()
    return found or User(id=0, username=folded)


def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        from sunshine.core.middleware import StaffIdleTimeoutMiddleware

        # The idle period starts at login (saved with the login's session, not by a write on the next request).
        request.session[StaffIdleTimeoutMiddleware.KEY] = int(time.time())
    record(action=LOGIN, target=user, actor=user, after=_context(request))


def on_logged_out(sender, request, user, **kwargs):
    if user is None:  # a logout without a session
        return
    reason = "长时间未操作，自动退出" if getattr(request, "sunshine_idle_timeout", False) else ""
    record(action=LOGOUT, target=user, actor=user, after=_context(request), reason=reason)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")
    record(action=LOGIN_FAILED, target=_account(username), after=_context(request))


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    context = _context(request)
    if ip_address:
        context["address"] = ip_address
    record(action=LOCKOUT, target=_account(username or ""), after=context,
           reason="登录失败次数达到上限，暂停登录")
