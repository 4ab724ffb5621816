"""OpenAPI post-processing (接口文档): every operation documents the error statuses it can answer.

A drf-spectacular post-processing hook, so it covers every operation of every app, also those added later:
each error is the JSON body of `core.api.ErrorSerializer` ({"detail", "code", "errors"?}).

* 400 wherever the operation takes parameters or a body (a field error, a malformed body or page number);
* 401 where it needs a login or token (a request without one, an expired staff session);
* 403 where it needs one (the policy refuses: a citizen's token on a staff endpoint);
* 404 on every operation (an unknown or malformed id, a case of another department; any /api/ path);
* 405 on every operation (another method on the same path);
* 409 on every write (POST/PUT/PATCH/DELETE): the case's state does not allow the action;
* 413 on writes (a body over the upload limit);
* 429 on every operation (throttles; login lockout).

What an operation already documents for a status is kept.
"""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "说明（中文）"},
        "code": {"type": "string", "description": "错误代码"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "各字段错误"},
    },
    "required": ["detail"],
}
DESCRIPTIONS = {
    "400": "请求有误（各字段错误见 errors）", "401": "未登录、令牌无效或会话已过期", "403": "没有执行此操作的权限",
    "404": "未找到", "405": "不支持该请求方法", "409": "当前状态不允许此操作", "413": "请求内容过大",
    "429": "请求过于频繁",
}
WRITES = {"post", "put", "patch", "delete"}


def _needs_login(operation: dict) -> bool:
    security = operation.get("security")
    return bool(security) and {} not in security


def document_errors(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = ["404", "405", "429"]
            if operation.get("parameters") or operation.get("requestBody") or "{" in "".join(path_item.keys()):
                statuses.append("400")
            if method in WRITES:
                statuses += ["400", "409", "413"]
            if _needs_login(operation):
                statuses += ["401", "403"]
            for code in statuses:
                operation["responses"].setdefault(code, {"description": DESCRIPTIONS[code], "content": error})
    return result
