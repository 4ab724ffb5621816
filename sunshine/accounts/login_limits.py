"""Login protection (登录保护): the callables django-axes is configured with, for every login path.

One limiter guards the portal's /login/, the admin's /admin/login/ and the token API (/api/v1/auth/token): all
three call `django.contrib.auth.authenticate(request, …)`, and `axes.backends.AxesStandaloneBackend` (first in
AUTHENTICATION_BACKENDS) refuses the attempt once a limit is reached. Failures are counted in a store every
worker shares: Redis through the cache when REDIS_URL is set (`AxesCacheHandler`), otherwise the database
(`AxesDatabaseHandler`, atomic `F()` increments under `select_for_update`). Two counters, each with the limit
`SUNSHINE_LOGIN_MAX_FAILURES` within `SUNSHINE_LOGIN_FAILURE_WINDOW` seconds:

* per client address (many accounts guessed from one address), and
* per account (one account guessed from many addresses), whether the account exists or not, so the answer never
  tells which user names are registered.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse

from sunshine.core.identity import normalize_mobile
from sunshine.core.throttling import client_ident, too_many_response

_MOBILE_LIKE = re.compile(r"^(\+86|0086)?[\s-]*1[\d\s-]{10,14}$")


def lockout_message() -> str:
    minutes = max(1, round(_window_seconds() / 60))
    return f"登录失败次数过多，请{minutes}分钟后再试；如忘记密码，请联系管理员。"


def _window_seconds() -> int:
    cool_off = getattr(settings, "AXES_COOLOFF_TIME", None)
    return int(cool_off.total_seconds()) if cool_off is not None else 900


def fold_login_name(value: str | None) -> str:
    """The user name a failure is counted against: NFKC, trimmed, lower case, a mobile number in its one form
    ("138 0013 8000", "+86 13800138000" and full-width digits all count as 13800138000)."""
    folded = unicodedata.normalize("NFKC", value or "").strip()
    if _MOBILE_LIKE.match(folded):
        try:
            return normalize_mobile(folded)
        except ValidationError:
            pass
    return folded.lower()[:150]


def login_name(request, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the folded user name of the attempt."""
    if credentials and credentials.get("username") is not None:
        return fold_login_name(str(credentials["username"]))
    data = getattr(request, "POST", None) or {}
    return fold_login_name(data.get("username", ""))


def client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the same address the throttles use (REMOTE_ADDR or the trusted proxies' one)."""
    return client_ident(getattr(request, "_request", request))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with a Chinese message; JSON on API paths, the 429 page elsewhere."""
    retry_after = _window_seconds()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(), "code": "throttled"}, status=429,
                                json_dumps_params={"ensure_ascii": False})
        response["Retry-After"] = str(retry_after)
        return response
    return too_many_response(request, lockout_message(), retry_after=retry_after)
