"""Staff API of the department suggester (承办部门推荐), mounted at /api/v1/staff/hotline/:

- `POST suggest-department` with `{"text": …}` (the ticket's title and content, up to 5000 characters) →
  `{"suggestions": [{"department": code, "name": …, "score": 0..1} × 3]}`, best first.

Staff only (token or session) with a hotline capability (the office's 派单, or a department's 承办): 401 without a
login, 403 otherwise; 400 in Chinese for a missing, empty or overlong text.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api import ErrorSerializer
from sunshine.core.errors import CapabilityRequired

from . import suggester
from .permissions import POLICY

DENIED = "没有使用热线派单推荐的权限。"


class SuggestInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=suggester.MAX_TEXT, trim_whitespace=True, error_messages={
        "required": "请填写诉求内容（text）。", "blank": "诉求内容不能为空。", "null": "诉求内容不能为空。",
        "invalid": "诉求内容须为文字。", "max_length": f"诉求内容不能超过{suggester.MAX_TEXT}个字。"})

    def validate_text(self, value: str) -> str:
        if "\x00" in value:
            raise serializers.ValidationError("诉求内容含有无效字符。")
        return value


class SuggestionSerializer(serializers.Serializer):
    department = serializers.CharField(help_text="部门代码；乡镇人民政府为 town-<区划代码>")
    name = serializers.CharField(help_text="部门名称")
    score = serializers.FloatField(min_value=0, max_value=1, help_text="置信度 0..1，从高到低")


class SuggestOutSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True, help_text="三个部门，置信度从高到低；尚无派单目录和历史时为空")


class SuggestDepartmentAPIView(APIView):
    """推荐承办部门: the three most likely departments for a ticket's text."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="根据诉求内容推荐三个最可能的承办部门（热线办、承办部门）", request=SuggestInSerializer,
        responses={200: SuggestOutSerializer,
                   400: OpenApiResponse(ErrorSerializer, description="诉求内容为空、过长或格式不对（中文说明）"),
                   401: OpenApiResponse(ErrorSerializer, description="未登录或令牌无效"),
                   403: OpenApiResponse(ErrorSerializer, description="没有热线派单或承办权限")})
    def post(self, request):
        if not (POLICY.is_office(request.user) or POLICY.opens_pages(request.user)):
            raise CapabilityRequired(DENIED)
        serializer = SuggestInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = suggester.suggest(serializer.validated_data["text"])
        return Response({"suggestions": [s.as_dict() for s in found]})
