"""Public API of the hotline (for the mobile app and other front ends).

- `POST /api/v1/hotline/tickets/` (no login; `Idempotency-Key` header): 201 `{tracking_code, verification_secret,
  status}` (200 with the same body for a replay); 400 per field in Chinese.
- `GET /api/v1/hotline/tickets/<tracking_code>` with the secret in `X-Verification-Secret`: the status and the
  approved replies; a wrong pair is a 404 and counts towards the client's lockout.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.errors import DomainError
from sunshine.core.throttling import FailureLimiter, SubmitThrottle, TrackThrottle
from sunshine.orgs.models import Department, Division

from . import selectors, services
from .models import Mailbox, Ticket


class CodeField(serializers.SlugRelatedField):
    """A code looked up in a table: text that no code can be (NUL, control characters, too long) is refused before
    the query (PostgreSQL refuses NUL in text: a 500 otherwise)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 40 or not data.isprintable():
            self.fail("invalid")
        return super().to_internal_value(data)


class TicketInSerializer(serializers.Serializer):
    mailbox = CodeField(slug_field="code", queryset=Mailbox.objects.filter(is_active=True),
                                           error_messages={"does_not_exist": "没有这个信箱。", "invalid": "信箱无效。",
                                                           "required": "请选择信箱。", "null": "请选择信箱。"})
    kind = serializers.ChoiceField(choices=Ticket.Kind.choices, error_messages={
        "invalid_choice": "诉求类型无效（consult, help, complaint, report, suggestion, praise）。",
        "required": "请选择诉求类型。"})
    urgency = serializers.ChoiceField(choices=Ticket.Urgency.choices, required=False,
                                      error_messages={"invalid_choice": "紧急程度无效。"})
    title = serializers.CharField(max_length=100, error_messages={"required": "请填写标题。",
                                                                  "blank": "请填写标题。",
                                                                  "max_length": "标题不能超过100个字。"})
    content = serializers.CharField(max_length=5000, error_messages={"required": "请填写诉求内容。",
                                                                     "blank": "请填写诉求内容。",
                                                                     "max_length": "诉求内容不能超过5000个字。"})
    place = CodeField(slug_field="code", required=False, allow_null=True,
                                         queryset=Division.objects.filter(level__in=["town", "village"]),
                                         error_messages={"does_not_exist": "没有这个乡镇或村（社区）代码。",
                                                         "invalid": "地点代码无效。"})
    address = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                    error_messages={"max_length": "详细地址不能超过200个字。"})
    accused_department = CodeField(slug_field="code", required=False, allow_null=True,
                                                      queryset=Department.objects.filter(is_active=True),
                                                      error_messages={"does_not_exist": "没有这个单位代码。",
                                                                      "invalid": "单位代码无效。"})
    caller_name = serializers.CharField(max_length=50, required=False, allow_blank=True,
                                        error_messages={"max_length": "姓名不能超过50个字。"})
    caller_phone = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                         error_messages={"max_length": "联系电话过长。"})
    consent_publish = serializers.BooleanField(required=False, default=False,
                                               error_messages={"invalid": "请用 true 或 false 表示是否同意公开。"})


def submission_body(ticket: Ticket, secret: str) -> dict:
    return {"tracking_code": ticket.tracking_code, "verification_secret": secret, "status": ticket.status,
            "status_label": ticket.get_status_display()}


class TicketSubmitAPIView(APIView):
    """提交诉求 (public): a resubmission with the same `Idempotency-Key` returns the first ticket."""

    permission_classes = [AllowAny]
    throttle_classes = [SubmitThrottle]

    @extend_schema(summary="提交热线/信箱诉求（公开，无需登录）", request=TicketInSerializer,
                   responses={201: inline_serializer("HotlineTicketSubmitted", {
                       "tracking_code": serializers.CharField(), "verification_secret": serializers.CharField(),
                       "status": serializers.CharField(), "status_label": serializers.CharField()})},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)])
    def post(self, request):
        serializer = TicketInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        mailbox, place = data.pop("mailbox"), data.pop("place", None)
        accused = data.pop("accused_department", None)
        try:
            submission = services.ticket_submit(data=data, mailbox=mailbox, channel=Ticket.Channel.MOBILE,
                                                place=place, accused_department=accused,
                                                idempotency_key=request.headers.get("Idempotency-Key"))
        except DomainError as exc:
            body = {"detail": exc.message, "code": exc.code}
            if exc.field:
                body["errors"] = {exc.field: [exc.message]}
            return Response(body, status=409 if exc.code == "idempotency_conflict" else exc.status_code)
        return Response(submission_body(submission.ticket, submission.secret),
                        status=201 if submission.created else 200)


class TicketTrackAPIView(APIView):
    """查询工单 (public): the secret in the `X-Verification-Secret` header; a wrong pair is a 404."""

    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]

    @extend_schema(summary="查询工单办理进度", responses={200: OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("X-Verification-Secret", str, OpenApiParameter.HEADER)])
    def get(self, request, tracking_code: str):
        if "secret" in request.query_params:
            return Response({"detail": "验证码不能放在网址中，请改用请求头 X-Verification-Secret。",
                             "code": "secret_in_url"}, status=400)
        limiter = FailureLimiter("track")
        if limiter.blocked(request):
            raise Throttled(detail="查询失败次数过多，请稍后再试。", wait=limiter.window)
        ticket = selectors.ticket_for_caller(tracking_code, request.headers.get("X-Verification-Secret", ""))
        if ticket is None:
            limiter.fail(request)
            return Response({"detail": "查询码或验证码不正确。", "code": "not_found"}, status=404)
        return Response(selectors.tracking_body(ticket))
