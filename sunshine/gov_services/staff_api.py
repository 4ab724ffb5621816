"""Staff API of government services (工作人员接口), mounted at /api/v1/staff/services/applications/, modelled on the
staff API of disclosure requests: every step of the staff pages is scriptable.

- `GET /`: the cases of the user's scope (`POLICY`: the item's department; the central desk sees every case),
  newest first, filters `status`, `queue` (desk | window), `item`, `channel`, `visits_exceeded`; keyset pages of
  `limit` (1–100, default 30) with `next` (`before=<id>`): no count of the whole table.
- `POST /`: the central desk (集中受理台) registers an application with its `channel` (hall) and `received_on`.
- `GET /{id}`: the case with its clocks (法定, 承诺, 环节, 告知, 制证, 容缺), 到现场次数 and `allowed_actions`.
- `POST /{id}/actions/{action}`: one action of `staff_actions.ACTION_FORMS`, validated by the case page's form and
  run by its service; one operation (and one documented body) per action in the schema.

Errors, JSON, Chinese: 400 with `errors` per field; 401; 403 without the action's capability (or not the desk, for
registration); 404 outside the user's scope (another department's case) or an unknown action; 409 when the case's
state does not allow the action (a stale page: `transition_not_allowed`).
"""

from __future__ import annotations

import hashlib
from functools import cache

from django import forms as django_forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.clocks.kinds import kind_label
from sunshine.clocks.selectors import clocks_for_case, warning_level
from sunshine.clocks.services import default_case_key
from sunshine.core.api import ErrorSerializer, StaffActionRefSerializer
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.core.parsers import StrictJSONParser

from . import selectors, services, staff_actions
from .models import Application
from .permissions import HANDLE, POLICY
from .validation import validate_idempotency_key
from .workflow import WORKFLOW, Status

DESK_ONLY = "只有集中受理台可以登记办件。"
RECEIVED_IN_FUTURE = "收到材料日期不能晚于今天。"
LIMIT_DEFAULT, LIMIT_MAX = 30, 100
ACTION_NAME = "api-staff-services-application-action"


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


ERRORS = {
    400: _error("字段有误：`errors` 按字段给出中文说明；或业务规则不允许（`code` 说明原因）"),
    401: _error("未登录或令牌无效"),
    403: _error("没有该操作的权限（如批准延期须负责人；登记须集中受理台）"),
    404: _error("办件不存在或不属于您所在的部门；或没有该操作"),
    409: _error("办件当前的状态不允许该操作（`code`: transition_not_allowed），请刷新后重试"),
}


# --- documented bodies --------------------------------------------------------------------------------------------
class ApplicationClockSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="时限类型代码，如 gov_services.statutory")
    label = serializers.CharField(help_text="时限类型名称")
    step = serializers.CharField(help_text="环节时限的环节名称（审查、决定 …），其他为空")
    obligor = serializers.CharField(help_text="期限承担方：agency 机关；applicant 申请人")
    started_on = serializers.DateField()
    limit = serializers.IntegerField(help_text="期限（工作日）")
    due_date = serializers.DateField(allow_null=True)
    provisional = serializers.BooleanField(help_text="暂定期限（该年度节假日安排尚未公布）")
    state = serializers.CharField(help_text="running 计时中、paused 已暂停（特别程序）、stopped 已结束")
    outcome = serializers.CharField(help_text="结束时的结果：on_time、late、lapsed …；未结束为空")
    warning_level = serializers.CharField(help_text="none、yellow（黄牌）、red（红牌）；申请人一方的期限始终为 none")


class RowSerializer(serializers.Serializer):
    """A case in a list."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    item = serializers.CharField(help_text="事项编码")
    item_name = serializers.CharField()
    department = serializers.CharField(help_text="办理部门代码")
    department_name = serializers.CharField()
    channel = serializers.CharField(help_text="online 网上申请、hall 大厅窗口")
    status = serializers.CharField()
    status_label = serializers.CharField()
    applicant_name = serializers.CharField()
    received_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    promised_due_date = serializers.DateField(allow_null=True, help_text="承诺办结日期")
    visits = serializers.IntegerField(help_text="到现场次数")
    visits_exceeded = serializers.BooleanField(help_text="到现场次数超过办事指南所列次数")
    url = serializers.CharField(help_text="该办件的工作人员接口地址")


class ListSerializer(serializers.Serializer):
    results = RowSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="下一页地址（按编号倒序的键集分页），没有下一页为 null")


class MaterialSerializer(serializers.Serializer):
    name = serializers.CharField()
    stage = serializers.CharField(help_text="application 申请时提交、supplement 一次性告知后补正、deferred 容缺后补")
    received_on = serializers.DateField()
    file = serializers.CharField(allow_null=True, help_text="扫描件文件名")
    originals_checked = serializers.BooleanField(help_text="原件已核验")


class CaseSerializer(RowSerializer):
    """A case as its staff see it."""

    item_version = serializers.IntegerField(help_text="受理时的指南版本号")
    item_visits = serializers.IntegerField(help_text="办事指南所列到现场次数")
    window = serializers.CharField(allow_null=True, help_text="窗口号")
    applicant_id_type = serializers.CharField()
    applicant_id_number = serializers.CharField()
    applicant_phone = serializers.CharField()
    form = serializers.DictField(help_text="申请表（事项声明的字段）")
    materials_complete_on = serializers.DateField(allow_null=True, help_text="材料补齐日期")
    accepted_by_lapse = serializers.BooleanField(help_text="五日内未一次性告知，视为受理")
    prereviewed_on = serializers.DateField(allow_null=True, help_text="网上预审通过日期")
    originals_confirmed_on = serializers.DateField(allow_null=True, help_text="原件现场核验日期")
    missing_materials = serializers.ListField(child=serializers.CharField(), help_text="一次性告知的缺件")
    deferred_materials = serializers.ListField(child=serializers.CharField(), help_text="待后补的容缺材料")
    current_step = serializers.CharField()
    special_procedure = serializers.CharField()
    extended = serializers.BooleanField()
    decision = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    certificate_number = serializers.CharField()
    delivered_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)
    refusal_reasons = serializers.CharField()
    materials = MaterialSerializer(many=True)
    clocks = ApplicationClockSerializer(many=True)
    allowed_actions = StaffActionRefSerializer(many=True,
                                                     help_text="该用户现在可执行的操作（与办理页面的按钮相同）")


class EntryInSerializer(serializers.Serializer):
    """An application registered at the central desk (集中受理台)."""

    item = serializers.CharField(max_length=40, error_messages={"required": "请选择事项。", "blank": "请选择事项。"})
    channel = serializers.ChoiceField(
        choices=[(Application.Channel.HALL.value, Application.Channel.HALL.label)],
        error_messages={"required": "请选择申请渠道。", "null": "请选择申请渠道。",
                        "invalid_choice": "申请渠道无效：“{input}”不是可选的值（网上申请由申请人通过公众接口提交）。"})
    applicant_name = serializers.CharField(max_length=200)
    applicant_id_type = serializers.CharField(max_length=30, required=False, default="resident_id")
    applicant_id_number = serializers.CharField(max_length=40)
    applicant_phone = serializers.CharField(max_length=20)
    form = serializers.DictField(required=False, default=dict, help_text="申请表：事项声明的字段名 → 值")
    received_on = serializers.DateField(required=False, allow_null=True,
                                        help_text="收到材料日期，不填为今天；不能晚于今天",
                                        error_messages={"invalid": "收到材料日期格式无效，应为 YYYY-MM-DD。"})

    def validate_item(self, value):
        item = selectors.item_by_code(value)
        if item is None:
            raise serializers.ValidationError("没有这个事项或事项已取消。")
        return item

    def validate_received_on(self, value):
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(RECEIVED_IN_FUTURE)
        return value


class EntryOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    verification_secret = serializers.CharField(help_text="验证码，仅第一次返回（24小时内重放可再得），请告知申请人")
    status = serializers.CharField()
    channel = serializers.CharField()
    received_on = serializers.DateField()
    url = serializers.CharField()


# --- bodies ---------------------------------------------------------------------------------------------------------
def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _case_url(app) -> str:
    return reverse("api-staff-services-application", kwargs={"pk": app.pk})


def row_body(app) -> dict:
    clock = app.promised_clock
    return {"id": app.pk, "tracking_code": app.tracking_code, "item": app.item_version.item.code,
            "item_name": app.item_version.item.name, "department": app.department.code,
            "department_name": app.department.name, "channel": app.channel, "status": app.status,
            "status_label": app.get_status_display(), "applicant_name": app.applicant_name,
            "received_on": app.received_on.isoformat(), "accepted_on": _iso(app.accepted_on),
            "promised_due_date": _iso(clock.due_date) if clock is not None else None, "visits": app.visits,
            "visits_exceeded": app.visits_exceeded, "url": _case_url(app)}


def case_body(app, user) -> dict:
    today = timezone.localdate()
    clocks = list(clocks_for_case(default_case_key(app)))
    labels = {kind: kind_label(kind) for kind in {c.kind for c in clocks}}
    form = {k: v for k, v in (app.form_data or {}).items() if not k.startswith("_")}
    return {
        **row_body(app), "item_version": app.item_version.version, "item_visits": app.item_version.visits,
        "window": app.window.number if app.window_id else None, "applicant_id_type": app.applicant_id_type,
        "applicant_id_number": app.applicant_id_number, "applicant_phone": app.applicant_phone, "form": form,
        "materials_complete_on": _iso(app.materials_complete_on), "accepted_by_lapse": app.accepted_by_lapse,
        "prereviewed_on": _iso(app.prereviewed_on), "originals_confirmed_on": _iso(app.originals_confirmed_on),
        "missing_materials": list(app.missing_materials or []),
        "deferred_materials": list(app.deferred_materials or []), "current_step": app.current_step,
        "special_procedure": app.special_procedure, "extended": app.extended, "decision": app.decision,
        "decided_on": _iso(app.decided_on), "certificate_number": app.certificate_number,
        "delivered_on": _iso(app.delivered_on), "completed_on": _iso(app.completed_on),
        "refusal_reasons": app.refusal_reasons,
        "materials": [{"name": m.label, "stage": m.stage, "received_on": m.received_on.isoformat(),
                       "file": m.file.original_name if m.file_id else None,
                       "originals_checked": m.originals_checked}
                      for m in app.materials.select_related("material", "file")],
        "clocks": [{"kind": c.kind, "label": labels[c.kind], "step": c.label if c.kind == services.K_STEP else "",
                    "obligor": c.obligor, "started_on": c.started_on.isoformat(), "limit": c.limit_days,
                    "due_date": _iso(c.due_date), "provisional": c.provisional, "state": c.state,
                    "outcome": c.outcome, "warning_level": warning_level(c, today=today)} for c in clocks],
        "allowed_actions": [{"name": name, "label": label,
                             "url": reverse(ACTION_NAME, kwargs={"pk": app.pk, "action": name})}
                            for name, label in staff_actions.allowed(user, app)],
    }


# --- request data ---------------------------------------------------------------------------------------------------
def _action_data(request):
    """A form or multipart body as it is; a JSON object of text, numbers, booleans, null, or lists of them (for a
    multiple choice such as 容缺 materials); anything else is refused in Chinese."""
    data = request.data
    if hasattr(data, "getlist"):
        return data
    if not isinstance(data, dict):
        raise DomainError("请求体应为 JSON 对象。", code="invalid")

    def scalar(name, value):
        if isinstance(value, dict | list):
            raise DomainError(f"字段“{str(name)[:40]}”应为文本或数字。", code="invalid", field=str(name)[:40])
        if isinstance(value, bool):
            return "on" if value else ""
        return "" if value is None else str(value)

    return {name: [scalar(name, v) for v in value] if isinstance(value, list) else scalar(name, value)
            for name, value in data.items()}


def _idempotency_key(request) -> str | None:
    try:
        raw = validate_idempotency_key(request.headers.get("Idempotency-Key"))
    except DjangoValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_idempotency_key") from exc
    if raw is None:
        return None
    return "staff-api:" + hashlib.sha256(f"{request.user.pk}:{raw}".encode()).hexdigest()[:64]


def _bounded_int(request, name: str, *, default: int | None, low: int, high: int) -> int | None:
    raw = request.query_params.get(name, "")
    if raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise serializers.ValidationError({name: [f"应为{low}至{high}之间的整数。"]})
    return int(raw)


# --- views ----------------------------------------------------------------------------------------------------------
class StaffApplicationList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="staff_services_applications_list", summary="办件列表（工作人员）",
        description="本部门的办件（集中受理台可见全部），按编号倒序；`queue=desk` 为待分送和已返回受理台的办件，"
                    "`queue=window` 为本部门窗口在办的办件。键集分页：`next` 给出下一页（`before`）。",
        parameters=[
            OpenApiParameter("status", str, enum=list(Status.values), required=False),
            OpenApiParameter("queue", str, enum=["desk", "window"], required=False),
            OpenApiParameter("item", str, required=False, description="事项编码"),
            OpenApiParameter("channel", str, enum=list(Application.Channel.values), required=False),
            OpenApiParameter("visits_exceeded", bool, required=False, description="只看到现场次数超过承诺的"),
            OpenApiParameter("before", int, required=False, description="键集分页：编号小于该值的办件"),
            OpenApiParameter("limit", int, required=False, description="每页条数，1至100，默认30"),
        ],
        responses={200: ListSerializer, **{code: ERRORS[code] for code in (400, 401, 403)}})
    def get(self, request):
        user = request.user
        if not POLICY.opens_pages(user):
            raise CapabilityRequired("仅限集中受理台和窗口工作人员。")
        q = request.query_params
        errors = {}
        state = q.get("status", "")
        if state and state not in Status.values:
            errors["status"] = ["办件状态无效。"]
        queue = q.get("queue", "")
        if queue not in ("", "desk", "window"):
            errors["queue"] = ["队列应为 desk 或 window。"]
        channel = q.get("channel", "")
        if channel and channel not in Application.Channel.values:
            errors["channel"] = ["申请渠道无效。"]
        flag = q.get("visits_exceeded", "")
        if flag not in ("", "true", "false", "1", "0"):
            errors["visits_exceeded"] = ["应为 true 或 false。"]
        item = q.get("item", "")
        if len(item) > 40 or not item.isprintable():
            errors["item"] = ["事项编码无效。"]
        if errors:
            raise serializers.ValidationError(errors)
        before = _bounded_int(request, "before", default=None, low=1, high=2 ** 62)
        limit = _bounded_int(request, "limit", default=LIMIT_DEFAULT, low=1, high=LIMIT_MAX)
        if queue == "desk":
            qs = selectors.desk_queue(user, state)
        elif queue == "window":
            qs = selectors.window_queue(user, state)
        else:
            qs = selectors.queue_queryset(user)
            if state:
                qs = qs.filter(status=state)
        if item:
            qs = qs.filter(item_version__item__code=item)
        if channel:
            qs = qs.filter(channel=channel)
        if flag:
            qs = qs.filter(visits_exceeded=flag in ("true", "1"))
        rows = selectors.keyset_page(qs, before=before, limit=limit)
        more = len(rows) > limit
        rows = rows[:limit]
        next_url = None
        if more:
            params = q.copy()
            params["before"] = str(rows[-1].pk)
            next_url = f"{request.path}?{params.urlencode()}"
        return Response({"results": [row_body(a) for a in rows], "next": next_url})

    @extend_schema(
        operation_id="staff_services_applications_create", summary="集中受理台登记办件（工作人员）",
        description="集中受理台登记现场申请（`channel`：hall），`received_on` 为收到材料日期（不填为今天，"
                    "不能晚于今天）；登记后一次性告知期限（五个工作日）开始计算。请求头 `Idempotency-Key`"
                    "（每个用户各自的命名空间）使重复提交返回第一次登记的办件（200）。",
        request=EntryInSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={201: EntryOutSerializer, 200: EntryOutSerializer,
                   **{code: ERRORS[code] for code in (400, 401, 403, 409)}})
    def post(self, request):
        user = request.user
        if not (POLICY.opens_pages(user) and POLICY.is_desk(user)):
            raise CapabilityRequired(DESK_ONLY)
        key = _idempotency_key(request)
        serializer = EntryInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        item, channel, received_on = data.pop("item"), data.pop("channel"), data.pop("received_on", None)
        sub = services.application_submit(item=item, data=data, channel=channel, registered_by=user,
                                          received_on=received_on, idempotency_key=key)
        app = sub.application
        return Response({"id": app.pk, "tracking_code": app.tracking_code, "verification_secret": sub.secret,
                         "status": app.status, "channel": app.channel, "received_on": app.received_on.isoformat(),
                         "url": _case_url(app)}, status=status.HTTP_201_CREATED if sub.created else status.HTTP_200_OK)


class StaffApplicationDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="staff_services_application_retrieve", summary="办件（工作人员）",
                   description="办件的状态、申请表、材料、全部时限（截止日期、状态、期限承担方、预警级别）、到现场次数和该"
                               "用户现在可执行的操作 `allowed_actions`。其他部门的办件为 404。",
                   responses={200: CaseSerializer, **{code: ERRORS[code] for code in (401, 404)}})
    def get(self, request, pk: int):
        return Response(case_body(POLICY.get_visible(request.user, selectors.case_queryset(request.user), pk=pk),
                                  request.user))


def _field(field: django_forms.Field) -> serializers.Field:
    """A DRF field describing a Django form field, for the schema only (the form still validates)."""
    common = {"required": field.required, "help_text": str(field.label or "")}
    if isinstance(field, django_forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), required=False,
                                     help_text=f"{field.label}（材料编号列表）")
    if isinstance(field, django_forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in field.choices if c[0] != ""], **common)
    if isinstance(field, django_forms.BooleanField):
        return serializers.BooleanField(**common | {"required": False})
    if isinstance(field, django_forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    return serializers.CharField(max_length=getattr(field, "max_length", None), allow_blank=not field.required,
                                 **common)


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


@cache
def action_serializer(action: str) -> type[serializers.Serializer]:
    form = staff_actions.ACTION_FORMS[action]()
    fields = {name: _field(field) for name, field in form.fields.items()}
    label = WORKFLOW.transitions[action].label
    return type(f"StaffServicesAction{_camel(action)}Serializer", (serializers.Serializer,),
                {**fields, "__doc__": f"“{label}”的请求体（与办理页面的表单字段相同）。"})


class StaffApplicationAction(APIView):
    """POST /{id}/actions/{action}. Order of the refusals: outside the scope 404; unknown action 404; the state does
    not allow it 409; the capability is missing 403; a field is wrong 400 (the page's form); the service's rule
    400/409/403 with its code."""

    permission_classes = [IsAuthenticated]
    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]

    @extend_schema(exclude=True)
    def post(self, request, pk: int, action: str):
        return self.run(request, pk, action)

    def run(self, request, pk: int, action: str):
        user = request.user
        app = POLICY.get_visible(user, selectors.case_queryset(user), pk=pk)
        if action not in staff_actions.ACTION_FORMS or action not in WORKFLOW.transitions:
            raise Http404
        transition = WORKFLOW.ensure(action, app.status)  # 409 before the body is looked at
        capability = transition.capability_from(app.status)
        allowed = WORKFLOW.may(user, action, app) if capability is not None else user.has_perm(HANDLE)
        if not allowed:
            raise CapabilityRequired(transition.denied or "您没有该操作的权限。")
        data = _action_data(request)  # the page's forms are prefixed with the action's name
        if hasattr(data, "getlist"):
            data = {name: data.getlist(name) if len(data.getlist(name)) > 1 else data.get(name) for name in data}
        multiple = {name for name, field in staff_actions.form_for(action, app).fields.items()
                    if isinstance(field, django_forms.MultipleChoiceField)}
        for name, value in data.items():
            if isinstance(value, list) and name not in multiple:
                raise DomainError(f"字段“{str(name)[:40]}”应为文本或数字。", code="invalid", field=str(name)[:40])
        form = staff_actions.form_for(action, app, {f"{action}-{name}": value for name, value in data.items()})
        if not form.is_valid():
            raise serializers.ValidationError({name.removeprefix(f"{action}-"): list(errors)
                                               for name, errors in form.errors.items()})
        staff_actions.perform(action, app, form, user)
        app = POLICY.get_visible(user, selectors.case_queryset(user), pk=pk)
        return Response(case_body(app, user))


def action_view(action: str) -> type[StaffApplicationAction]:
    label = WORKFLOW.transitions[action].label
    body = action_serializer(action)

    @extend_schema(
        operation_id=f"staff_services_application_{action}", summary=f"办件操作：{label}（工作人员）",
        description=f"执行“{label}”。字段与办理页面的表单相同（JSON 对象或表单）。返回执行后的办件（同 GET）。",
        request={"application/json": body, "application/x-www-form-urlencoded": body, "multipart/form-data": body},
        responses={200: CaseSerializer, **ERRORS})
    def post(self, request, pk: int):
        return self.run(request, pk, action)

    return type(f"StaffApplicationAction{_camel(action)}", (StaffApplicationAction,), {"post": post, "__doc__": label})


__all__ = ["StaffApplicationAction", "StaffApplicationDetail", "StaffApplicationList", "action_view", "case_body"]
