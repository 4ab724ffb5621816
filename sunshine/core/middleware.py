"""Request id: every request gets one (or keeps the proxy's X-Request-ID); audit events record it."""

from __future__ import annotations

import contextvars
import re
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = _request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class RejectNulMiddleware:
    """A NUL character in the path or the query string is never meaningful, and PostgreSQL refuses it in any text
    comparison (a 500 from every `?q=` or `?status=` filter): answer a clear Chinese 400 before any view runs."""

    MESSAGE = "请求参数包含无效的字符。"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:  # e.g. /api/v1/publications/a%00b reached an index-number lookup
            return self.bad_request(request)
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return self.bad_request(request)
        return self.get_response(request)

    def bad_request(self, request):
        from django.http import JsonResponse
        from django.shortcuts import render

        if request.path.startswith("/api/"):
            return JsonResponse({"detail": self.MESSAGE, "code": "invalid_characters"}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        return render(request, "400.html", {"message": self.MESSAGE}, status=400)


class MethodNotAllowedMessageMiddleware:
    """Django's 405 (`require_GET`, `require_POST` …) has an empty body: a citizen who lands on one sees a blank
    page. Give it a Chinese message (JSON under /api/); responses that already have a body are left alone."""

    MESSAGE = "不支持该请求方法。"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        from django.http import JsonResponse
        from django.shortcuts import render

        if request.path.startswith("/api/"):
            replacement = JsonResponse({"detail": self.MESSAGE, "code": "method_not_allowed"}, status=405,
                                       json_dumps_params={"ensure_ascii": False})
        else:
            replacement = render(request, "405.html", {"message": self.MESSAGE}, status=405)
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        return replacement


# --- API paths answer JSON, always --------------------------------------------------------------------------------

API_ERROR_MESSAGES = {
    400: ("请求有误。", "bad_request"),
    403: ("没有执行此操作的权限。", "permission_denied"),
    404: ("未找到。", "not_found"),
    405: ("不支持该请求方法。", "method_not_allowed"),
    413: ("请求内容过大。", "too_large"),
    429: ("请求过于频繁，请稍后再试。", "throttled"),
    500: ("服务器内部错误，请稍后再试。", "server_error"),
    503: ("服务暂时不可用，请稍后再试。", "unavailable"),
}


def is_api_path(path: str) -> bool:
    return path.startswith("/api/")


def api_error_response(status: int):
    from django.http import JsonResponse

    message, code = API_ERROR_MESSAGES.get(status, ("请求无法完成。", "error"))
    return JsonResponse({"detail": message, "code": code}, status=status, json_dumps_params={"ensure_ascii": False})


class ApiJsonErrorMiddleware:
    """Under /api/, an error answered as HTML (Django's 404 for an unknown path, the CSRF 403, a 400 of a bad host
    or a too large body, an exception in a view: handler500) becomes a JSON body with a Chinese message and the same
    status. Views' own JSON errors are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code >= 400 and is_api_path(request.path)
                and not getattr(response, "streaming", False)
                and response.get("Content-Type", "").split(";")[0].strip() in ("text/html", "text/plain", "")):
            replacement = api_error_response(response.status_code)
            for header in ("Retry-After", "Allow", "WWW-Authenticate", "X-Request-ID"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response


# The UTF-8 bytes of the bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069). A multi-byte
# sequence starting with 0xD8 or 0xE2 can only be a whole character, so the bytes are matched without decoding.
_BIDI_CONTROL_BYTES = re.compile(rb"\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c")
_TEXT_TYPES = ("text/html", "application/json")


class StripBidiControlsMiddleware:
    """Bidirectional overrides (U+202E …) never reach a reader: a name typed as "\u202e三张" would be shown
    reversed (张三) to the staff member handling it, and an override can hide or reorder a file name or an
    amount. They are removed from every HTML page and JSON answer, whatever field they came from; stored data
    is kept as received (the audit trail and the search index see it as typed)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith(_TEXT_TYPES):
            return response
        content = response.content
        if _BIDI_CONTROL_BYTES.search(content):
            response.content = _BIDI_CONTROL_BYTES.sub(b"", content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page and API answer the application builds (static files keep their
    own caching: WhiteNoise answers them before this middleware). Pages show tracking secrets, personal data and
    staff cases; a shared or back-button cache must never keep one. A view that sets Cache-Control itself wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class StaffIdleTimeoutMiddleware:
    """Staff sessions end after `SUNSHINE_STAFF_IDLE_MINUTES` without a request (default 30): the next request
    logs out (an `account.logout` audit event with the reason) and a page asks to log in again. The last activity
    is written to the session at most once a minute. Citizens' sessions are not affected."""

    MESSAGE = "长时间未操作，已自动退出，请重新登录。"
    KEY = "sunshine_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.conf import settings

        user = getattr(request, "user", None)
        idle = int(getattr(settings, "SUNSHINE_STAFF_IDLE_MINUTES", 30)) * 60
        if idle > 0 and user is not None and user.is_authenticated and getattr(user, "kind", "") != "citizen":
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - int(last) > idle:
                return self.expired(request)
            if last is None or now - int(last) >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)

    def expired(self, request):
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.http import JsonResponse
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode

        request.sunshine_idle_timeout = True
        logout(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": self.MESSAGE, "code": "session_expired"}, status=401,
                                json_dumps_params={"ensure_ascii": False})
        messages.warning(request, self.MESSAGE)
        target = reverse("admin:login") if request.path.startswith("/admin/") else reverse("portal:login")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
