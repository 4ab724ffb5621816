"""Error pages (错误页): Chinese HTML, and JSON on API paths always (an unknown or malformed id under /api/, a
server error there), so an API client never has to parse an HTML page."""

from __future__ import annotations

from django.http import JsonResponse
from django.views import defaults


def _json(message: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code}, status=status, json_dumps_params={"ensure_ascii": False})


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return _json("请求格式错误。", "bad_request", 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return _json("没有执行此操作的权限。", "permission_denied", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if _is_api(request):
        return _json("未找到。", "not_found", 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json("服务器内部错误，请稍后重试。", "server_error", 500)
    return defaults.server_error(request)
