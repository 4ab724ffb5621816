"""Token auth: POST /api/v1/auth/token {username, password} → {"token": …}; then `Authorization: Token …`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api import error_responses

from .login_limits import lockout_message


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    password = serializers.CharField(label="密码", trim_whitespace=False, style={"input_type": "password"})


class ObtainTokenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []  # failed logins are limited by django-axes, as on every login path

    @extend_schema(request=TokenRequestSerializer,
                   responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
                              **error_responses(400, 429)})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The Django request: django-axes counts the attempt and marks a lockout on it.
        django_request = request._request
        user = authenticate(django_request, username=data.validated_data["username"],
                            password=data.validated_data["password"])
        if getattr(django_request, "axes_locked_out", False):
            return Response({"detail": lockout_message(), "code": "throttled"}, status=429,
                            headers={"Retry-After": str(int(settings.AXES_COOLOFF_TIME.total_seconds()))})
        if user is None or not user.is_active:
            return Response({"detail": "用户名或密码错误。", "code": "invalid_credentials"}, status=400)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    kind = serializers.CharField(label="账户类型")
    display_name = serializers.CharField(label="姓名/名称")
    department = serializers.CharField(label="所属部门", allow_null=True)
    roles = serializers.ListField(child=serializers.CharField(), label="角色")


class MeView(APIView):
    """The authenticated user (当前用户): GET /api/v1/auth/me, with a token or a session."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        return Response(MeSerializer({
            "username": user.username,
            "kind": user.kind,
            "display_name": user.display_name,
            "department": user.department.name if user.department_id else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        }).data)
