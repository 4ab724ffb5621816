"""API helpers shared by every app: the exception handler maps domain errors to JSON with Chinese messages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sunshine.core.errors import DomainError

_ZH = {
    exceptions.NotAuthenticated: "未登录或令牌无效。",
    exceptions.AuthenticationFailed: "身份验证失败。",
    exceptions.PermissionDenied: "没有执行此操作的权限。",
    exceptions.NotFound: "未找到。",
    exceptions.MethodNotAllowed: "不支持该请求方法。",
    exceptions.Throttled: "请求过于频繁，请稍后再试。",
    exceptions.ParseError: "请求格式错误。",
    exceptions.UnsupportedMediaType: "不支持的请求内容类型。",
}


class ErrorSerializer(serializers.Serializer):
    """Every API error (错误): a Chinese `detail`, a machine `code`, and per-field messages for a 400."""

    detail = serializers.CharField(label="说明")
    code = serializers.CharField(label="错误代码")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   label="各字段错误")


_ERROR_DESCRIPTIONS = {
    400: "请求有误（各字段错误见 errors）",
    401: "未登录或令牌无效",
    403: "没有执行此操作的权限",
    404: "未找到",
    409: "当前状态不允许此操作",
    413: "请求内容过大",
    429: "请求过于频繁",
}


def error_responses(*codes: int) -> dict:
    """OpenAPI responses of the given error statuses, for `extend_schema(responses={200: …, **error_responses(…)})`."""
    return {code: OpenApiResponse(ErrorSerializer, description=_ERROR_DESCRIPTIONS[code]) for code in codes}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["errors"] = {exc.field: [exc.message]}
        return Response(body, status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    for klass, message in _ZH.items():
        if isinstance(exc, klass) and not isinstance(exc, exceptions.ValidationError):
            response.data = {"detail": message, "code": exc.default_code}
            break
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "提交的数据有误，请检查。", "code": "invalid", "errors": response.data}
        response.status_code = status.HTTP_400_BAD_REQUEST
    return response


class StaffActionRefSerializer(serializers.Serializer):
    """An action the staff user may take now on a case (可执行的操作), as every staff API lists them."""

    name = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField(help_text="执行该操作的接口地址（POST）")


class PagePagination(PageNumberPagination):
    """The one rule for `?page=` on every API list: empty or absent is the first page; anything but a whole
    number from 1 up is a 400 in Chinese; past the last page is a 404 (JSON)."""

    page_size = 20

    def get_page_number(self, request, paginator):
        return page_number(request.query_params.get(self.page_query_param))


def page_number(raw: str | None) -> int:
    """`?page=` by the API's rule (see `PagePagination`); raises a field 400 for a malformed number."""
    raw = (raw or "").strip()
    if not raw:
        return 1
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
        raise exceptions.ValidationError({"page": ["页码应为从 1 开始的整数。"]})
    return int(raw)


PAGE_PARAMETER = OpenApiParameter("page", int, description="页码：从 1 开始；为空即第 1 页；超出最后一页为 404")
