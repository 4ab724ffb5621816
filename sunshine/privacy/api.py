"""POST /api/v1/privacy/scan: findings with offsets and masked values (the raw value is never echoed)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.accounts.scoping import has_capability

from .scanner import scan
from .services import MAX_SCAN_CHARS, USE_SCANNER


class CanUseScanner(BasePermission):
    def has_permission(self, request, view):
        return has_capability(request.user, USE_SCANNER)


class ScanInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=MAX_SCAN_CHARS,
                                 error_messages={"max_length": "文本过长：一次最多扫描 2 MB（约 200 万字）。",
                                                 "required": "请提供 text 字段。"})


class FindingOutput(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    masked = serializers.CharField()


class ScanOutput(serializers.Serializer):
    findings = FindingOutput(many=True)


class ScanView(APIView):
    permission_classes = [CanUseScanner]

    @extend_schema(request=ScanInput, responses=ScanOutput, summary="敏感信息扫描")
    def post(self, request):
        data = ScanInput(data=request.data)
        data.is_valid(raise_exception=True)
        findings = scan(data.validated_data["text"])
        return Response(ScanOutput({"findings": findings}).data)
