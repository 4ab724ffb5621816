"""Error pages (错误页): Chinese HTML, and JSON on API paths always (an unknown or malformed id under /api/, a
server error there), so an API client never has to parse an HTML page."""

from __future__ import annotations

from django.views import defaults

from .middleware import api_error_response, is_api_path


def bad_request(request, exception=None):
    if is_api_path(request.path):
        return api_error_response(400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_path(request.path):
        return api_error_response(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api_path(request.path):
        return api_error_response(404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    import sys

    from .timeouts import is_timeout, timeout_response

    exc = sys.exc_info()[1]  # handler500 runs while the exception is handled
    if exc is not None and is_timeout(exc):  # a statement stopped by the request's time limit outside the view
        return timeout_response(request)
    if is_api_path(request.path):
        return api_error_response(500)
    return defaults.server_error(request)
