"""REST API of disclosure requests: apply (no login), track with the verification secret, download letters; for staff,
the scoped list, one request with the actions they may take now, and the actions themselves."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.errors import DomainError
from sunshine.core.parsers import StrictJSONParser
from sunshine.core.throttling import FailureLimiter, SubmitThrottle, TrackThrottle
from sunshine.orgs.models import Department
from sunshine.privacy.masking import mask_mobile, mask_name

from . import selectors, services, staff_actions, validation
from .models import DisclosureRequest
from .outcomes import ApplicantType
from .staff_actions import ACTION_FORMS
from .workflow import WORKFLOW

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


# --- staff: one case and its actions ------------------------------------------------------------------------------

def staff_case_body(req: DisclosureRequest, user) -> dict:
    """A request as its staff see it through the API, with the actions `user` may take now (the same buttons as the
    case page: `WORKFLOW.allowed_actions`) and its consultations (an answer names one by `id`)."""
    clock = req.reply_clock
    return {
        "id": req.pk,
        "tracking_code": req.tracking_code,
        "department": req.department.code,
        "department_name": req.department.name,
        "status": req.status,
        "status_label": req.get_status_display(),
        "received_on": req.received_on.isoformat(),
        "reply_due_on": clock.due_date.isoformat() if clock and req.is_open else None,
        "clock_state": clock.state if clock else "",
        "outcome": req.outcome,
        "outcome_label": req.get_outcome_display() if req.outcome else "",
        "decided_on": req.decided_on.isoformat() if req.decided_on else None,
        "consultations": [{"id": c.pk, "kind": c.kind, "party_name": c.party_name,
                           "started_on": c.started_on.isoformat(), "due_on": c.due_on.isoformat(),
                           "answer": c.answer} for c in req.consultations.all()],
        "actions": [{"name": t.name, "label": t.label} for t in WORKFLOW.allowed_actions(user, req)],
    }


def _action_data(request):
    """The action's fields for its form: a form or multipart body as it is; a JSON object whose values are text,
    numbers, booleans or null (as text, null as empty); anything else is refused in Chinese."""
    data = request.data
    if hasattr(data, "getlist"):  # QueryDict: form-urlencoded or multipart
        return data
    if not isinstance(data, dict):
        raise DomainError("请求体应为 JSON 对象。", code="invalid")
    flat = {}
    for name, value in data.items():
        if isinstance(value, list | dict):
            raise DomainError(f"字段“{str(name)[:40]}”应为文本或数字。", code="invalid", field=str(name)[:40])
        flat[name] = "" if value is None else str(value)
    return flat


class StaffRequestDetail(APIView):
    """GET /api/v1/disclosure-requests/staff/{id}: a request of the user's scope (another department's: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="办理中的申请（工作人员）", responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        return Response(staff_case_body(selectors.request_for_staff(request.user, pk), request.user))


class StaffRequestAction(APIView):
    """POST /api/v1/disclosure-requests/staff/{id}/{action}: one staff action, with the case page's fields (JSON,
    form or multipart; the reply's `files` only as multipart). The same form checks the fields (400 with `errors`
    per field) and the same service the rules: a wrong state is 409, a missing capability 403, another
    department's request 404. Answers the request as it now stands."""

    permission_classes = [IsAuthenticated]
    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]

    @extend_schema(summary="办理操作（工作人员）", request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def post(self, request, pk: int, action: str):
        req = selectors.request_for_staff(request.user, pk)
        form_class = ACTION_FORMS.get(action)
        if form_class is None:
            raise Http404
        form = form_class(_action_data(request), request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        staff_actions.perform(action, req, form.cleaned_data, request.user)
        # the request as it now stands (after a forward it may have left the user's scope: no actions then)
        req = DisclosureRequest.objects.select_related("department", "reply_clock").get(pk=req.pk)
        return Response(staff_case_body(req, request.user))
