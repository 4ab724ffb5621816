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


def server_error(request, *args, **kwargs):
    """handler500: JSON under /api/ (a client of the API never gets an HTML page), the 500 page elsewhere."""
    if is_api_path(request.path):
        return api_error_response(500)
    from django.views.defaults import server_error as html_server_error

    return html_server_error(request, *args, **kwargs)


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
