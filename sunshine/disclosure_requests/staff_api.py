"""Staff API of disclosure requests (工作人员接口), mounted at /api/v1/staff/disclosure-requests/: every step of the
case pages is scriptable.

- `POST /`: a request entered by staff (oral, in person, post, fax) with `channel` and `received_on`;
- `GET /{id}`: the case with its clocks and `allowed_actions` (`WORKFLOW.allowed_actions` for this user);
- `POST /{id}/actions/{action}`: one staff action of `staff_actions.ACTION_FORMS`, validated by the page's form and
  run by the page's service (`staff_actions.perform`). The URL patterns and the schema (one operation and one
  documented request body per action) are generated from ACTION_FORMS, so an action registered there appears here.

Errors, JSON, Chinese: 400 with `errors` per field (the form's messages, or the rule's), 403 when the user lacks the
action's capability (or may not enter requests), 404 outside the user's scope (another department's case, an unknown
action), 409 when the case's state does not allow the action (the engine's `TransitionNotAllowed`).
The old paths `/api/v1/disclosure-requests/staff/{id}[/{action}]` are kept as deprecated aliases of the same views.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django import forms as django_forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.clocks.selectors import warning_level
from sunshine.core.api import StaffActionRefSerializer
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.core.parsers import StrictJSONParser

from . import selectors, services, staff_actions, validation
from .api import ApplicationInSerializer, submission_body
from .forms import MultipleFileField
from .models import DisclosureRequest
from .permissions import HANDLE_DENIED, POLICY
from .workflow import WORKFLOW

ENTER_DENIED = "没有登记依申请公开申请的权限。"
RECEIVED_IN_FUTURE = "收到申请日期不能晚于今天。"
STAFF_CHANNELS = [c for c in DisclosureRequest.Channel.choices if c[0] != DisclosureRequest.Channel.ONLINE]


# --- documentation: errors and bodies ----------------------------------------------------------------------------

class StaffErrorSerializer(serializers.Serializer):
    """An error of the staff API: `detail` in Chinese, a stable `code`, and for 400 the messages per field."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="字段名 → 中文错误信息列表（400）")


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(StaffErrorSerializer, description=description)


ERRORS = {
    400: _error("字段有误：`errors` 按字段给出中文说明；或业务规则不允许（`code` 说明原因）"),
    401: _error("未登录或令牌无效"),
    403: _error("没有该操作的权限（如批准延期须政府信息公开工作机构负责人）"),
    404: _error("申请不存在或不属于您所在的部门；或没有该操作"),
    409: _error("申请当前的状态不允许该操作（`code`: transition_not_allowed）"),
}


class StaffClockSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="时限类型代码，如 disclosure_request.reply")
    label = serializers.CharField(help_text="时限类型名称")
    current = serializers.BooleanField(help_text="是否为现行的答复时限")
    obligor = serializers.CharField(help_text="期限承担方：agency 机关；applicant 申请人或第三方")
    unit = serializers.CharField(help_text="计时单位：working_days、natural_days、hours")
    started_on = serializers.DateField()
    limit = serializers.IntegerField(help_text="期限（按计时单位）")
    due_date = serializers.DateField()
    provisional = serializers.BooleanField(help_text="暂定期限（该年度节假日安排尚未公布）")
    state = serializers.CharField(help_text="running 计时中、paused 已暂停、stopped 已结束")
    outcome = serializers.CharField(help_text="结束时的结果：on_time、late、lapsed、cancelled、transferred …；"
                                              "未结束为空")
    warning_level = serializers.CharField(help_text="none、yellow（黄牌）、red（红牌）；申请人一方的期限始终为 none")


class StaffConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    party_name = serializers.CharField()
    started_on = serializers.DateField()
    due_on = serializers.DateField()
    answer = serializers.CharField()


class StaffCaseSerializer(serializers.Serializer):
    """A disclosure request as its staff see it."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    department = serializers.CharField()
    department_name = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    received_on = serializers.DateField()
    reply_due_on = serializers.DateField(allow_null=True)
    provisional = serializers.BooleanField()
    clock_state = serializers.CharField()
    warning_level = serializers.CharField(help_text="现行答复时限的预警级别：none、yellow、red")
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    clocks = StaffClockSerializer(many=True)
    consultations = StaffConsultationSerializer(many=True)
    allowed_actions = StaffActionRefSerializer(many=True, help_text="该用户现在可执行的操作（与办理页面的按钮相同）")
    actions = StaffActionRefSerializer(many=True, help_text="同 allowed_actions（旧字段名，保留兼容）")


class StaffEntryInSerializer(ApplicationInSerializer):
    """An application entered by staff (代为填写: 口头、当面、邮寄、传真)."""

    department = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                       help_text="受理机关代码；不填为登记人所在部门")

    channel = serializers.ChoiceField(choices=STAFF_CHANNELS,
                                      error_messages={"required": "请选择申请渠道。", "null": "请选择申请渠道。",
                                                      "invalid_choice": "申请渠道无效：“{input}”不是可选的值"
                                                                        "（网上申请请使用公众接口）。"})
    received_on = serializers.DateField(required=False, allow_null=True,
                                        help_text="收到申请日期：邮寄为签收之日，可早于今天；不能晚于今天。"
                                                  "不填按申请渠道的规则确定（条例第三十一条）",
                                        error_messages={"invalid": "收到申请日期格式无效，应为 YYYY-MM-DD。"})

    def validate_department(self, value):
        """Blank: the entering user's department (as the page preselects it), else the county default."""
        user = self.context.get("user")
        if not value and getattr(user, "department_id", None):
            return user.department
        return super().validate_department(value)

    def validate_received_on(self, value):
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(RECEIVED_IN_FUTURE)
        return value


class StaffEntryOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    verification_secret = serializers.CharField(help_text="验证码，仅此一次返回，请告知申请人")
    status = serializers.CharField()
    department = serializers.CharField()
    channel = serializers.CharField()
    received_on = serializers.DateField()
    reply_due_on = serializers.DateField(allow_null=True)
    provisional = serializers.BooleanField()
    entered_by = serializers.CharField(help_text="代为填写人（登录用户）")
    url = serializers.CharField(help_text="该申请的工作人员接口地址")


# --- the action bodies, generated from the page's forms ---------------------------------------------------------

def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _serializer_field(field: django_forms.Field) -> serializers.Field:
    """A DRF field describing a Django form field, for the schema only (the form still validates)."""
    common = {"required": field.required, "help_text": str(field.label or "")}
    if isinstance(field, MultipleFileField):
        return serializers.ListField(child=serializers.FileField(), required=False,
                                     help_text=f"{field.label}（仅 multipart/form-data）")
    if isinstance(field, django_forms.FileField):
        return serializers.FileField(**common)
    if isinstance(field, django_forms.ModelChoiceField):
        return serializers.CharField(**common | {"help_text": f"{field.label}（部门代码）"})
    if isinstance(field, django_forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in field.choices if c[0] != ""], **common)
    if isinstance(field, django_forms.BooleanField):
        return serializers.BooleanField(**common | {"required": False})
    if isinstance(field, django_forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    if isinstance(field, django_forms.DateField):
        return serializers.DateField(**common)
    return serializers.CharField(max_length=getattr(field, "max_length", None), allow_blank=not field.required,
                                 **common)


@cache
def action_serializer(action: str) -> type[serializers.Serializer]:
    """The documented request body of `action`: one serializer (one schema component) per action of ACTION_FORMS."""
    form = staff_actions.ACTION_FORMS[action]()
    fields = {name: _serializer_field(field) for name, field in form.fields.items()}
    label = WORKFLOW.transitions[action].label if action in WORKFLOW.transitions else action
    return type(f"StaffAction{_camel(action)}Serializer", (serializers.Serializer,),
                {**fields, "__doc__": f"“{label}”的请求体（与办理页面的表单字段相同）。"})


# --- bodies --------------------------------------------------------------------------------------------------------

def _action_url(req: DisclosureRequest, action: str) -> str:
    return reverse("api-staff-disclosure-request-action", kwargs={"pk": req.pk, "action": action})


def _clock_row(row: dict, today) -> dict:
    clock = row["clock"]
    return {"kind": clock.kind, "label": row["label"], "current": row["current"], "obligor": clock.obligor,
            "unit": clock.unit, "started_on": clock.started_on.isoformat(), "limit": clock.limit_days,
            "due_date": clock.due_date.isoformat(), "provisional": clock.provisional, "state": clock.state,
            "outcome": clock.outcome, "warning_level": warning_level(clock, today=today)}


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def staff_case_body(req: DisclosureRequest, user) -> dict:
    """A request as its staff see it: state, clocks (every clock of the case, the reply clock `current`), and the
    actions `user` may take now (`WORKFLOW.allowed_actions`: the buttons of the case page)."""
    clock = req.reply_clock
    today = timezone.localdate()
    actions = [{"name": t.name, "label": t.label, "url": _action_url(req, t.name)}
               for t in WORKFLOW.allowed_actions(user, req)]
    return {
        "id": req.pk,
        "tracking_code": req.tracking_code,
        "department": req.department.code,
        "department_name": req.department.name,
        "channel": req.channel,
        "status": req.status,
        "status_label": req.get_status_display(),
        "received_on": req.received_on.isoformat(),
        "reply_due_on": clock.due_date.isoformat() if clock and req.is_open else None,
        "provisional": bool(clock and clock.provisional),
        "clock_state": clock.state if clock else "",
        "warning_level": warning_level(clock, today=today) if clock and req.is_open else "none",
        "outcome": req.outcome,
        "outcome_label": req.get_outcome_display() if req.outcome else "",
        "decided_on": req.decided_on.isoformat() if req.decided_on else None,
        "clocks": [_clock_row(row, today) for row in selectors.case_clocks(req)],
        "consultations": [{"id": c.pk, "kind": c.kind, "party_name": c.party_name,
                           "started_on": c.started_on.isoformat(), "delivery": c.delivery,
                           # a posted letter's period starts when its signed-for day is recorded (null until then)
                           "delivered_on": _iso(c.delivered_on), "due_on": _iso(c.due_on),
                           "answer": c.answer, "decision_notice_on": _iso(c.decision_notice_on)}
                          for c in req.consultations.all()],
        "allowed_actions": actions,
        "actions": actions,
        # the drafted reply awaiting sign-off (签发), or the one signed off
        "draft": {"outcome": req.draft_outcome, "reply_text": req.draft_reply_text,
                  "withheld_reason": req.draft_withheld_reason, "right_agency_name": req.draft_right_agency_name,
                  "drafted_by": req.drafted_by_id, "drafted_at": req.drafted_at.isoformat() if req.drafted_at else None,
                  "returned_reason": req.draft_returned_reason, "signed_off_by": req.signed_off_by_id,
                  "signed_off_at": req.signed_off_at.isoformat() if req.signed_off_at else None,
                  "files": [{"id": f.pk, "name": f.original_name} for f in req.reply_files.all()],
                  } if req.draft_outcome else None,
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
        if isinstance(value, bool):
            value = "on" if value else ""
        flat[name] = "" if value is None else str(value)
    return flat


def _idempotency_key(request) -> str | None:
    """The client's `Idempotency-Key`, namespaced per staff user (two clerks' keys never meet, nor a page's)."""
    try:
        raw = validation.validate_idempotency_key(request.headers.get("Idempotency-Key"))
    except DjangoValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_idempotency_key") from exc
    if raw is None:
        return None
    return "staff-api:" + hashlib.sha256(f"{request.user.pk}:{raw}".encode()).hexdigest()[:64]


# --- views -----------------------------------------------------------------------------------------------------------

class StaffRequestCreate(APIView):
    """POST /api/v1/staff/disclosure-requests/: a request entered by staff."""

    permission_classes = [IsAuthenticated]  # staff entry is not throttled like the anonymous form (an office's import)

    @extend_schema(
        operation_id="staff_disclosure_request_create",
        summary="登记口头、当面、邮寄、传真申请（工作人员）",
        description="工作人员代为填写申请（条例第二十九条）。`channel` 为申请渠道（不含网上申请），`received_on` 为收到"
                    "申请日期（邮寄为签收之日，可早于今天，不能晚于今天；不填按渠道规则确定）。审计记录登记人。"
                    "请求头 `Idempotency-Key`（每个用户各自的命名空间）使重复提交返回第一次登记的申请（200），"
                    "同一键用于内容不同的申请返回 400。",
        request=StaffEntryInSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={201: StaffEntryOutSerializer, 200: StaffEntryOutSerializer,
                   **{code: ERRORS[code] for code in (400, 401, 403)}},
    )
    def post(self, request):
        user = request.user
        if not POLICY.can_enter(user):
            raise CapabilityRequired(ENTER_DENIED)
        key = _idempotency_key(request)
        serializer = StaffEntryInSerializer(data=request.data, context={"user": user})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        department, channel = data.pop("department"), data.pop("channel")
        received_on = data.pop("received_on", None)
        submission = services.request_submit(data=data, department=department, channel=channel, entered_by=user,
                                             received_on=received_on, idempotency_key=key)
        req = submission.request
        body = submission_body(req, submission.secret) | {
            "id": req.pk, "channel": req.channel,
            "entered_by": req.entered_by.display_name if req.entered_by_id else "",
            "url": reverse("api-staff-disclosure-request", kwargs={"pk": req.pk})}
        return Response(body, status=status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK)


class StaffRequestDetail(APIView):
    """GET /api/v1/staff/disclosure-requests/{id}: a request of the user's scope (another department's: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="staff_disclosure_request_retrieve", summary="办理中的申请（工作人员）",
                   description="申请的状态、全部时限（截止日期、状态、期限承担方、计时单位、预警级别）和该用户现在可执行的"
                               "操作 `allowed_actions`。",
                   responses={200: StaffCaseSerializer, **{code: ERRORS[code] for code in (401, 404)}})
    def get(self, request, pk: int):
        return Response(staff_case_body(selectors.request_for_staff(request.user, pk), request.user))


class StaffRequestAction(APIView):
    """POST /api/v1/staff/disclosure-requests/{id}/actions/{action}: one staff action (see the module docstring).

    Order of the refusals: not in scope 404; unknown action 404; the state does not allow it 409; the capability is
    missing 403; a field is wrong 400 (the page's form); the service's rule refuses 400/409/403 with its code.
    This generic view answers the actions not in ACTION_FORMS (404); each registered action has its own generated
    subclass (`action_view`) with its documented body."""

    permission_classes = [IsAuthenticated]
    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]

    @extend_schema(exclude=True)
    def post(self, request, pk: int, action: str):
        return self.run(request, pk, action)

    def run(self, request, pk: int, action: str):
        req = selectors.request_for_staff(request.user, pk)
        form_class = staff_actions.ACTION_FORMS.get(action)
        if form_class is None:
            raise Http404
        transition = WORKFLOW.transitions.get(action)
        # `reply` is decided by its service: it drafts the reply (签发 first) where the outcome needs sign-off, and
        # then the draft's transition gives the refusals, as on the case page
        if transition is not None and action not in staff_actions.SERVICE_DECIDES:
            WORKFLOW.ensure(action, req.status)  # 409 before the body is looked at
            capability = transition.capability_from(req.status)
            if capability is not None and not WORKFLOW.may(request.user, action, req):
                raise CapabilityRequired(transition.denied or HANDLE_DENIED)
        form = form_class(_action_data(request), request.FILES)
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        staff_actions.perform(action, req, form.cleaned_data, request.user)
        # the request as it now stands (after a forward it may have left the user's scope: no actions then)
        req = DisclosureRequest.objects.select_related("department", "reply_clock").get(pk=req.pk)
        return Response(staff_case_body(req, request.user))


def action_view(action: str) -> type[StaffRequestAction]:
    """The view class of one action, with its documented body (one operation per action in the schema)."""
    label = WORKFLOW.transitions[action].label if action in WORKFLOW.transitions else action
    body = action_serializer(action)

    @extend_schema(
        operation_id=f"staff_disclosure_request_{action}",
        summary=f"办理操作：{label}（工作人员）",
        description=f"执行“{label}”。字段与办理页面的表单相同（JSON 对象、表单或 multipart；附件只能用 multipart）。"
                    "返回执行后的申请（同 GET）。",
        request={"application/json": body, "application/x-www-form-urlencoded": body, "multipart/form-data": body},
        responses={200: StaffCaseSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        return self.run(request, pk, action)

    return type(f"StaffRequestAction{_camel(action)}", (StaffRequestAction,), {"post": post, "__doc__": label})


# the deprecated aliases under /api/v1/disclosure-requests/staff/ (same views, same bodies)
class OldStaffRequestDetail(StaffRequestDetail):
    """Deprecated alias of StaffRequestDetail."""

    @extend_schema(deprecated=True, operation_id="disclosure_request_staff_retrieve_old",
                   summary="（旧地址）办理中的申请：请改用 /api/v1/staff/disclosure-requests/{id}",
                   responses={200: StaffCaseSerializer, **{code: ERRORS[code] for code in (401, 404)}})
    def get(self, request, pk: int):
        return super().get(request, pk)


class OldStaffRequestAction(StaffRequestAction):
    """Deprecated alias of the action endpoint."""

    @extend_schema(deprecated=True, operation_id="disclosure_request_staff_action_old",
                   summary="（旧地址）办理操作：请改用 /api/v1/staff/disclosure-requests/{id}/actions/{action}",
                   request=OpenApiTypes.OBJECT, responses={200: StaffCaseSerializer, **ERRORS})
    def post(self, request, pk: int, action: str):
        return self.run(request, pk, action)


__all__ = ["OldStaffRequestAction", "OldStaffRequestDetail", "StaffRequestAction", "StaffRequestCreate",
           "StaffRequestDetail", "action_serializer", "action_view", "staff_case_body"]
