"""The API's JSON parser: DRF's, plus a clear Chinese 400 for bodies Python's json accepts but text cannot hold,
and for bodies nested too deeply to decode."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from .text import LONE_SURROGATE


def _has_lone_surrogate(value) -> bool:
    """Any string (key or value) with a lone surrogate, walked without recursion (nesting is the client's)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class StrictJSONParser(JSONParser):
    """JSON ("\\ud800" escapes decode to lone surrogates, which neither the database nor the response can encode;
    "[[[[…" thousands deep makes Python's decoder raise RecursionError, which DRF does not catch)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("请求格式错误：JSON 嵌套层数过多。") from exc
        if _has_lone_surrogate(data):
            raise ParseError("请求包含无效的字符（不成对的 Unicode 代理项）。")
        return data
