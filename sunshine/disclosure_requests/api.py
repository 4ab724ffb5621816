"""REST API of disclosure requests: apply (no login), track with the verification secret, download letters; for staff,
the scoped list (one case, its actions and staff entry: `staff_api.py`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.errors import DomainError
from sunshine.core.throttling import FailureLimiter, SubmitThrottle, TrackThrottle
from sunshine.orgs.models import Department
from sunshine.privacy.masking import mask_mobile, mask_name

from . import selectors, services, validation
from .models import DisclosureRequest
from .outcomes import ApplicantType

REQUIRED = "该字段为必填项。"


def _choice_messages(label: str) -> dict:
    return {"required": f"请填写{label}。", "invalid_choice": f"{label}无效：“{{input}}”不是可选的值。",
            "blank": f"请填写{label}。", "null": f"请填写{label}。"}


def _char_messages(label: str, max_length: int) -> dict:
    return {"required": f"请填写{label}。", "blank": f"请填写{label}。", "null": f"请填写{label}。",
            "max_length": f"{label}不能超过{max_length}个字符。", "invalid": f"{label}格式无效。"}


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.messages)


class ApplicationInSerializer(serializers.Serializer):
    """The application's fields (条例第二十九条)."""

    department = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                       help_text="受理机关代码，默认 zfb（县人民政府办公室）")
    applicant_name = serializers.CharField(max_length=validation.NAME_MAX,
                                           error_messages=_char_messages("申请人姓名或名称", validation.NAME_MAX))
    applicant_type = serializers.ChoiceField(choices=ApplicantType.choices,
                                             error_messages=_choice_messages("申请人类型"))
    id_number = serializers.CharField(max_length=30, error_messages=_char_messages("证件号码", 30))
    phone = serializers.CharField(max_length=validation.PHONE_MAX,
                                  error_messages=_char_messages("联系电话", validation.PHONE_MAX))
    address = serializers.CharField(max_length=validation.ADDRESS_MAX,
                                    error_messages=_char_messages("通信地址", validation.ADDRESS_MAX))
    email = serializers.EmailField(required=False, allow_blank=True, max_length=validation.EMAIL_MAX,
                                   error_messages={"invalid": "电子邮箱格式无效。",
                                                   "max_length": f"电子邮箱不能超过{validation.EMAIL_MAX}个字符。"})
    description = serializers.CharField(max_length=validation.DESCRIPTION_MAX,
                                        error_messages=_char_messages("所需信息的描述", validation.DESCRIPTION_MAX))
    form = serializers.ChoiceField(choices=DisclosureRequest.Form.choices,
                                   error_messages=_choice_messages("信息提供形式"))
    delivery = serializers.ChoiceField(choices=DisclosureRequest.Delivery.choices,
                                       error_messages=_choice_messages("获取方式"))

    def validate_department(self, value):
        if not value:
            department = services.default_department()
            if department is None:
                raise serializers.ValidationError("请选择受理机关。")
            return department
        department = Department.objects.filter(code=value, is_active=True).first()
        if department is None:
            raise serializers.ValidationError("受理机关无效：没有该机关代码。")
        return department

    def validate_applicant_name(self, value):
        try:
            return validation.validate_required_text(value, label="申请人姓名或名称", max_length=validation.NAME_MAX)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc

    def validate_phone(self, value):
        try:
            return validation.validate_phone(value)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc

    def validate_address(self, value):
        try:
            return validation.validate_required_text(value, label="通信地址", max_length=validation.ADDRESS_MAX)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc

    def validate_description(self, value):
        try:
            return validation.validate_description(value)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc

    def validate(self, attrs):
        if "department" not in attrs:
            attrs["department"] = self.validate_department("")
        errors = validation.collect_errors(
            lambda: validation.validate_applicant(applicant_type=attrs["applicant_type"], id_number=attrs["id_number"]),
            lambda: validation.validate_delivery(delivery=attrs["delivery"], email=attrs.get("email", "")))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def submission_body(request: DisclosureRequest, secret: str) -> dict:
    clock = request.reply_clock
    return {
        "tracking_code": request.tracking_code,
        "verification_secret": secret or None,  # None: a replay more than 24 hours after the first submission
        "status": request.status,
        "status_label": request.get_status_display(),
        "department": request.department.code,
        "department_name": request.department.name,
        "received_on": request.received_on.isoformat(),
        "reply_due_on": clock.due_date.isoformat() if clock else None,
        "provisional": bool(clock and clock.provisional),
        "track_url": reverse("disclosure_requests:track"),
    }


def tracking_body(request: DisclosureRequest, *, api: bool = True) -> dict:
    clock = request.reply_clock
    docs = []
    for doc in selectors.applicant_documents(request):
        url = None  # a letter whose .docx is still being built (after commit) has no link yet: `ready` is false
        if not doc.file_pending:
            url = (reverse("api-disclosure-request-document", args=[request.tracking_code, doc.pk]) if api
                   else reverse("disclosure_requests:track-document", args=[request.tracking_code, doc.pk]))
        docs.append({"id": doc.pk, "kind": doc.kind, "kind_label": doc.get_kind_display(), "title": doc.title,
                     "created_at": doc.created_at.isoformat(), "ready": not doc.file_pending,
                     "download_url": url})
    released = [{"id": f.pk, "name": f.original_name, "size": f.size, "size_display": f.size_display,
                 "download_url": reverse("api-disclosure-request-file", args=[request.tracking_code, f.pk]) if api
                 else reverse("disclosure_requests:track-file", args=[request.tracking_code, f.pk])}
                for f in selectors.released_files(request)]
    return {
        "tracking_code": request.tracking_code,
        "applicant_name": mask_name(request.applicant_name),
        "phone": mask_mobile(request.phone) if len(request.phone) == 11 else "***",
        "department_name": request.department.name,
        "status": request.status,
        "status_label": request.get_status_display(),
        "received_on": request.received_on.isoformat(),
        "reply_due_on": clock.due_date.isoformat() if clock and request.is_open else None,
        "provisional": bool(clock and clock.provisional),
        "clock_state": clock.state if clock else "",
        "supplement_items": request.supplement_items if request.status == request.Status.AWAITING_SUPPLEMENT else "",
        "supplement_due_on": request.supplement_due_on.isoformat() if request.supplement_due_on else None,
        "fee_amount": str(request.fee_amount) if request.fee_amount is not None else None,
        "fee_due_on": request.fee_due_on.isoformat() if request.fee_due_on else None,
        "outcome": request.outcome,
        "outcome_label": request.get_outcome_display() if request.outcome else "",
        "decided_on": request.decided_on.isoformat() if request.decided_on else None,
        "children": [c.tracking_code for c in selectors.children_of(request)],
        "documents": docs,
        # the information released with the reply (予以公开, 部分公开), downloadable by the applicant only
        "released_files": released,
        "delivery": request.delivery,
        "delivery_label": request.get_delivery_display(),
        "released_delivery_note": services.delivery_note(request) if released else "",
    }


class DisclosureRequestListCreate(APIView):
    """POST: apply (no login; `Idempotency-Key` header makes a resubmission return the first request).
    GET: staff list, scoped to the user's department."""

    throttle_classes = [SubmitThrottle]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(request=ApplicationInSerializer, responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)])
    def post(self, request):
        try:
            key = validation.validate_idempotency_key(request.headers.get("Idempotency-Key"))
        except DjangoValidationError as exc:
            raise DomainError(exc.messages[0], code="invalid_idempotency_key") from exc
        serializer = ApplicationInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        department = data.pop("department")
        user = request.user if getattr(request.user, "kind", "") == "citizen" else None
        submission = services.request_submit(data=data, department=department,
                                             channel=DisclosureRequest.Channel.ONLINE, citizen=user,
                                             idempotency_key=key)
        return Response(submission_body(submission.request, submission.secret),
                        status=status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK)

    @extend_schema(operation_id="disclosure_requests_list", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("status", str, enum=list(DisclosureRequest.Status.values), description="状态")])
    def get(self, request):
        status_filter = request.query_params.get("status", "")
        if status_filter and status_filter not in DisclosureRequest.Status.values:
            raise serializers.ValidationError({"status": [f"状态无效：“{status_filter[:40]}”不是可选的值。"]})
        qs = selectors.staff_request_list(request.user, status=status_filter)[:200]
        return Response({"results": [{
            "id": r.pk, "tracking_code": r.tracking_code, "department": r.department.code, "status": r.status,
            "received_on": r.received_on.isoformat(), "outcome": r.outcome,
            "reply_due_on": r.reply_clock.due_date.isoformat() if r.reply_clock else None,
        } for r in qs]})


SECRET_HEADER = "X-Verification-Secret"
SECRET_IN_URL = ("验证码不能放在网址中（?secret=），网址会被记入访问日志；"
                 f"请改用请求头 {SECRET_HEADER} 传递验证码。")
SECRET_PARAMETER = OpenApiParameter(
    SECRET_HEADER, str, OpenApiParameter.HEADER, required=False,
    description="申请时返回的验证码（XXXX-XXXX-XXXX）；已登录的申请人本人可不填。验证码只能放在该请求头中："
                "查询参数 ?secret= 会进入访问日志，使用时返回 400。")


def _secret(request) -> str:
    """The verification secret, from the header only: a secret in the URL lands in access logs, so it is refused."""
    if "secret" in request.query_params:
        raise DomainError(SECRET_IN_URL, code="secret_in_url", field="secret")
    return request.headers.get(SECRET_HEADER, "")


def _applicant_request(request, tracking_code: str) -> DisclosureRequest:
    """The request by code + secret (or the owner's login); wrong pairs count towards the client's lockout."""
    secret = _secret(request)
    limiter = FailureLimiter("track")
    if limiter.blocked(request):
        raise Throttled(detail="查询失败次数过多，请稍后再试。", wait=limiter.window)
    found = selectors.request_for_applicant(tracking_code, secret=secret, user=request.user)
    if found is None:
        limiter.fail(request)
        raise Http404
    return found


_TRACK_ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="验证码放在了查询参数 ?secret= 中（请改用请求头）"),
    404: OpenApiResponse(OpenApiTypes.OBJECT, description="查询码或验证码不正确（不区分是哪一个）"),
    429: OpenApiResponse(OpenApiTypes.OBJECT, description="查询失败次数过多或请求过于频繁"),
}


class DisclosureRequestTrack(APIView):
    """GET the status of one request, with the verification secret in the `X-Verification-Secret` header (a wrong
    secret → 404; `?secret=` → 400, a secret in the URL lands in access logs)."""

    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]

    @extend_schema(
        summary="查询申请办理进度",
        description="验证码放在请求头 X-Verification-Secret 中。`documents` 列出告知书与答复书；`ready` 为 false "
                    "表示文书（如接收回执）正在生成，`download_url` 为空，稍后再查询即可。",
        responses={200: OpenApiTypes.OBJECT, **_TRACK_ERRORS}, parameters=[SECRET_PARAMETER])
    def get(self, request, tracking_code: str):
        return Response(tracking_body(_applicant_request(request, tracking_code)))


class DisclosureRequestDocument(APIView):
    """Download one letter of the request (secret in the header, as for tracking)."""

    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]

    @extend_schema(summary="下载文书", responses={200: OpenApiTypes.BINARY, **_TRACK_ERRORS},
                   parameters=[SECRET_PARAMETER])
    def get(self, request, tracking_code: str, document_id: int):
        from .letters import letter_response

        found = _applicant_request(request, tracking_code)
        doc = selectors.applicant_documents(found).filter(pk=document_id).first()
        if doc is None:
            raise Http404
        return letter_response(request, doc)


class DisclosureRequestFile(APIView):
    """Download one file released with the reply (secret in the header, or the owning citizen's login; anyone else
    and any other file: 404)."""

    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]

    @extend_schema(summary="下载随答复提供的信息", responses={200: OpenApiTypes.BINARY, **_TRACK_ERRORS},
                   parameters=[SECRET_PARAMETER])
    def get(self, request, tracking_code: str, file_id: int):
        from sunshine.files.views import serve_stored_file

        found = _applicant_request(request, tracking_code)
        stored = selectors.released_files(found).filter(pk=file_id).first()
        if stored is None:
            raise Http404
        return serve_stored_file(request, stored, as_attachment=True)


# The staff API (one case, its clocks and actions; staff entry) is in `staff_api.py`.
