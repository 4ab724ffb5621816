"""Public API of participation: submit a topic (POST /api/v1/topics/), read the echo wall (masked)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api import PAGE_PARAMETER, PagePagination
from sunshine.core.errors import DomainError
from sunshine.core.throttling import PublicReadThrottle, SubmitThrottle

from . import selectors, services
from .forms import TopicForm


class TopicSubmitAPIView(APIView):
    """提出点题 (public): JSON {citizen_name, phone, title, content} → 201 {reference, tracking_code, secret,
    status} (the secret only here, once)."""

    permission_classes = [AllowAny]
    throttle_classes = [SubmitThrottle]

    @extend_schema(
        summary="提出点题（公开，无需登录）",
        request=inline_serializer("TopicSubmit", {
            "citizen_name": serializers.CharField(), "phone": serializers.CharField(),
            "title": serializers.CharField(), "content": serializers.CharField()}),
        responses={201: inline_serializer("TopicSubmitted", {
            "reference": serializers.CharField(), "tracking_code": serializers.CharField(),
            "secret": serializers.CharField(), "status": serializers.CharField()})},
    )
    def post(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        form = TopicForm({name: data.get(name, "") for name in TopicForm.base_fields})
        if not form.is_valid():
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            return Response({"detail": "提交的数据有误，请检查。", "code": "invalid", "errors": errors}, status=400)
        try:
            topic = services.topic_submit(**form.cleaned_data, user=request.user)
        except DomainError as exc:  # the service validates again (e.g. a name of blanks only)
            body = {"detail": exc.message, "code": exc.code}
            if exc.field:
                body["errors"] = {exc.field: [exc.message]}
            return Response(body, status=exc.status_code)
        # the verification secret (验证码) is in this answer once and never again: not to be cached
        return Response({"reference": topic.reference, "tracking_code": topic.tracking_code, "secret": topic.secret,
                         "status": topic.status, "status_label": topic.get_status_display()}, status=201,
                        headers={"Cache-Control": "no-store"})


class EchoWallPagination(PagePagination):
    page_size = 20


class EchoWallAPIView(APIView):
    """回音壁 (public): answered topics, personal data masked."""

    permission_classes = [AllowAny]
    throttle_classes = [PublicReadThrottle]

    @extend_schema(summary="回音壁（已答复的点题，个人信息已脱敏）", responses={200: OpenApiTypes.OBJECT},
                   parameters=[PAGE_PARAMETER])
    def get(self, request):
        paginator = EchoWallPagination()
        page = paginator.paginate_queryset(selectors.echo_wall(), request, view=self)
        return paginator.get_paginated_response([selectors.wall_entry(topic) for topic in page])
