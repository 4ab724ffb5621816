"""Staff API of hotline tickets (热线工单工作人员接口), mounted at /api/v1/staff/hotline/, modelled on the staff API of
disclosure requests: every step of the case page is scriptable.

- `GET /tickets/`: the tickets of the user's scope (`POLICY`: the office and the supervisors all, a department the
  tickets it leads or assists now), newest first, `?status=`, `?queue=office|department`; pages of 20 without a
  total count (a province has a million tickets: `next` is known by reading one row more);
- `POST /tickets/`: a ticket entered by the hotline office (电话、来访、来信、短信) with `channel` and `received_at`;
- `GET /tickets/{id}`: the ticket with its clocks, `allowed_actions` (`WORKFLOW.allowed_actions`), assignments,
  replies, callbacks and supervision orders; a 举报's reporter is "（举报人信息保密）" except for the office;
- `POST /tickets/{id}/actions/{action}`: one action of `staff_actions.ACTION_FORMS`, validated by the page's form and
  run by the page's service (`staff_actions.perform`). URL patterns and schema operations are generated from
  ACTION_FORMS. Departments and the matter are given by code.

Errors, JSON, Chinese: 400 with `errors` per field, 403 without the action's capability, 404 outside the user's
scope (another department's ticket) or for an unknown action, 409 when the ticket's state does not allow the action
(a stale client: `transition_not_allowed`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache

from django import forms as django_forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.clocks.selectors import warning_level
from sunshine.core.api import ErrorSerializer, StaffActionRefSerializer, page_number
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.core.parsers import StrictJSONParser
from sunshine.orgs.models import Department

from . import selectors, services, staff_actions
from .api import CodeField, TicketInSerializer, submission_body
from .models import Matter, SupervisionOrder, Ticket
from .permissions import POLICY
from .validation import validate_idempotency_key
from .workflow import OPEN_STATES, WORKFLOW, Status

ENTER_DENIED = "只有热线办工作人员可以登记工单。"
LIST_DENIED = "仅限热线办和承办部门工作人员。"
RECEIVED_IN_FUTURE = "受理时间不能晚于现在。"
STAFF_CHANNELS = [c for c in Ticket.Channel.choices if c[0] not in (Ticket.Channel.WEB, Ticket.Channel.MOBILE)]
PAGE_SIZE = 20
MAX_PAGE = 500  # 10,000 tickets deep: narrow with ?status= beyond that
CLOCK_LABELS = {"sign_clock": "签收时限", "contact_clock": "先行联系时限", "reply_clock": "办理时限"}


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


ERRORS = {
    400: _error("字段有误：`errors` 按字段给出中文说明；或业务规则不允许（`code` 说明原因）"),
    401: _error("未登录或令牌无效"),
    403: _error("没有该操作的权限（如派单、审核、回访须热线办；延期须热线办负责人）"),
    404: _error("工单不存在或不由您所在的部门办理；或没有该操作"),
    409: _error("工单当前的状态不允许该操作（`code`: transition_not_allowed），请刷新后再试"),
}


# --- bodies ----------------------------------------------------------------------------------------------------------

class TicketClockSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="时限类型代码，如 hotline.reply")
    label = serializers.CharField()
    unit = serializers.CharField(help_text="working_days 或 hours")
    limit = serializers.IntegerField(help_text="期限（按计时单位）")
    started_on = serializers.DateField()
    due_date = serializers.DateField()
    due_at = serializers.DateTimeField(allow_null=True, help_text="按小时计时的截止时刻")
    state = serializers.CharField(help_text="running 计时中、paused 已暂停、stopped 已结束")
    outcome = serializers.CharField(help_text="on_time、late、cancelled、transferred、merged …；未结束为空")
    warning_level = serializers.CharField(help_text="none、yellow（黄牌）、red（红牌）")


class AssignmentSerializer(serializers.Serializer):
    department = serializers.CharField(help_text="部门代码")
    department_name = serializers.CharField()
    role = serializers.CharField(help_text="lead 主办、assist 协办")
    active = serializers.BooleanField()
    outcome = serializers.CharField()
    dispatched_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    return_reason = serializers.CharField()
    return_justified = serializers.BooleanField(allow_null=True)


class ReplySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    department = serializers.CharField()
    text = serializers.CharField()
    resolved = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    review = serializers.CharField(help_text="pending 待审核、approved 审核通过、sent_back 退回重办")
    review_note = serializers.CharField()


class CallbackSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    caller_ticket = serializers.CharField(help_text="来电工单的查询码（并单的每位来电人一条）")
    round = serializers.IntegerField()
    resolved = serializers.BooleanField()
    satisfaction = serializers.CharField(help_text="satisfied 满意、basic 基本满意、unsatisfied 不满意")
    made_at = serializers.DateTimeField()


class SupervisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="written 书面督办、on_site 现场督办")
    department = serializers.CharField()
    reason = serializers.CharField()
    issued_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    response = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)


class CallerSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    hidden = serializers.BooleanField(help_text="举报件：举报人信息仅热线办可见")


class TicketRowSerializer(serializers.Serializer):
    """A ticket in a list."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    urgency = serializers.CharField()
    channel = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    department = serializers.CharField(allow_null=True, help_text="主办部门代码；未派单为 null")
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True,
                                     help_text="现行时限（待签收：签收时限；其后：办理时限）的截止日期")
    url = serializers.CharField()


class TicketPageSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = TicketRowSerializer(many=True)


class TicketSerializer(serializers.Serializer):
    """A ticket as its staff see it."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    mailbox = serializers.CharField()
    channel = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    urgency = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    title = serializers.CharField()
    content = serializers.CharField()
    caller = CallerSerializer()
    consent_publish = serializers.BooleanField()
    matter = serializers.CharField(allow_null=True)
    place = serializers.CharField(allow_null=True, help_text="乡镇或村（社区）代码")
    address = serializers.CharField()
    department = serializers.CharField(allow_null=True)
    department_name = serializers.CharField()
    received_at = serializers.DateTimeField()
    dispatched_at = serializers.DateTimeField(allow_null=True)
    return_until = serializers.DateField(allow_null=True, help_text="可退单至（含当日）")
    signed_at = serializers.DateTimeField(allow_null=True)
    contacted_at = serializers.DateTimeField(allow_null=True)
    replied_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_directly = serializers.BooleanField()
    round = serializers.IntegerField()
    reopen_count = serializers.IntegerField()
    extended_days = serializers.IntegerField()
    merged_into = serializers.CharField(allow_null=True, help_text="并入工单的查询码")
    clocks = TicketClockSerializer(many=True)
    allowed_actions = StaffActionRefSerializer(many=True, help_text="该用户现在可执行的操作（与办理页面的按钮相同）")
    assignments = AssignmentSerializer(many=True)
    replies = ReplySerializer(many=True)
    callbacks = CallbackSerializer(many=True)
    supervisions = SupervisionSerializer(many=True)


class StaffTicketInSerializer(TicketInSerializer):
    """A ticket entered by the hotline office (电话、来访、来信、短信)."""

    channel = serializers.ChoiceField(choices=STAFF_CHANNELS, error_messages={
        "required": "请选择受理渠道。", "null": "请选择受理渠道。",
        "invalid_choice": "受理渠道无效：“{input}”不是可选的值（网站和手机端的诉求请使用公众接口）。"})
    received_at = serializers.DateTimeField(required=False, allow_null=True,
                                            help_text="受理时间（来信为收到之时）；不填为现在；不能晚于现在",
                                            error_messages={"invalid": "受理时间格式无效，应为 ISO 8601。"})
    matter = CodeField(slug_field="code", required=False, allow_null=True,
                       queryset=Matter.objects.filter(is_active=True),
                       error_messages={"does_not_exist": "派单目录中没有这个事项。", "invalid": "事项代码无效。"})

    def validate_received_at(self, value):
        if value is not None and value > timezone.now() + dt.timedelta(minutes=5):
            raise serializers.ValidationError(RECEIVED_IN_FUTURE)
        return value


class StaffTicketCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    verification_secret = serializers.CharField(help_text="验证码，仅此一次返回，请告知来电人")
    status = serializers.CharField()
    status_label = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    url = serializers.CharField()


def _dt(value):
    return timezone.localtime(value).isoformat() if value else None


def _clock(kind_label: str, clock, today) -> dict:
    return {"kind": clock.kind, "label": kind_label, "unit": clock.unit, "limit": clock.limit_days,
            "started_on": clock.started_on.isoformat(), "due_date": clock.due_date.isoformat(),
            "due_at": _dt(clock.due_at), "state": clock.state, "outcome": clock.outcome,
            "warning_level": warning_level(clock, today=today)}


def _action_url(ticket: Ticket, action: str) -> str:
    return reverse("api-staff-hotline-ticket-action", kwargs={"pk": ticket.pk, "action": action})


def ticket_body(ticket: Ticket, user) -> dict:
    """The ticket as `user` sees it (see the module docstring)."""
    today = timezone.localdate()
    supervisions = list(SupervisionOrder.objects.filter(ticket=ticket).select_related("clock", "department")
                        .order_by("id"))
    clocks = [_clock(label, getattr(ticket, name), today) for name, label in CLOCK_LABELS.items()
              if getattr(ticket, name) is not None]
    clocks += [_clock("督办回复时限", s.clock, today) for s in supervisions if s.clock is not None]
    return {
        "id": ticket.pk, "tracking_code": ticket.tracking_code, "mailbox": ticket.mailbox.code,
        "channel": ticket.channel, "kind": ticket.kind, "kind_label": ticket.get_kind_display(),
        "urgency": ticket.urgency, "status": ticket.status, "status_label": ticket.get_status_display(),
        "title": ticket.title, "content": ticket.content, "caller": selectors.caller_display(user, ticket),
        "consent_publish": ticket.consent_publish,
        "matter": ticket.matter.code if ticket.matter_id else None,
        "place": ticket.place.code if ticket.place_id else None, "address": ticket.address,
        "department": ticket.department.code if ticket.department_id else None,
        "department_name": ticket.department.name if ticket.department_id else "",
        "received_at": _dt(ticket.received_at), "dispatched_at": _dt(ticket.dispatched_at),
        "return_until": ticket.return_until.isoformat() if ticket.return_until else None,
        "signed_at": _dt(ticket.signed_at), "contacted_at": _dt(ticket.contacted_at),
        "replied_at": _dt(ticket.replied_at), "closed_at": _dt(ticket.closed_at),
        "closed_directly": ticket.closed_directly, "round": ticket.round, "reopen_count": ticket.reopen_count,
        "extended_days": ticket.extended_days,
        "merged_into": ticket.merged_into.tracking_code if ticket.merged_into_id else None,
        "clocks": clocks,
        "allowed_actions": [{"name": t.name, "label": t.label, "url": _action_url(ticket, t.name)}
                            for t in WORKFLOW.allowed_actions(user, ticket)],
        "assignments": [{"department": a.department.code, "department_name": a.department.name, "role": a.role,
                         "active": a.active, "outcome": a.outcome, "dispatched_at": _dt(a.dispatched_at),
                         "signed_at": _dt(a.signed_at), "returned_at": _dt(a.returned_at),
                         "return_reason": a.return_reason, "return_justified": a.return_justified}
                        for a in ticket.assignments.select_related("department").order_by("id")],
        "replies": [{"id": r.pk, "round": r.round, "department": r.department.code, "text": r.text,
                     "resolved": r.resolved, "created_at": _dt(r.created_at), "review": r.review,
                     "review_note": r.review_note}
                    for r in ticket.replies.select_related("department").order_by("id")],
        "callbacks": [{"id": c.pk, "caller_ticket": c.caller_ticket.tracking_code, "round": c.round,
                       "resolved": c.resolved, "satisfaction": c.satisfaction, "made_at": _dt(c.made_at)}
                      for c in ticket.callbacks.select_related("caller_ticket").order_by("id")],
        "supervisions": [{"id": s.pk, "kind": s.kind, "department": s.department.code, "reason": s.reason,
                          "issued_at": _dt(s.issued_at), "due_date": s.clock.due_date.isoformat() if s.clock else None,
                          "response": s.response, "responded_at": _dt(s.responded_at)} for s in supervisions],
    }


def _row(ticket: Ticket) -> dict:
    clock = ticket.sign_clock if ticket.status == Status.DISPATCHED else ticket.reply_clock
    return {"id": ticket.pk, "tracking_code": ticket.tracking_code, "title": ticket.title, "kind": ticket.kind,
            "urgency": ticket.urgency, "channel": ticket.channel, "status": ticket.status,
            "status_label": ticket.get_status_display(),
            "department": ticket.department.code if ticket.department_id else None,
            "received_at": _dt(ticket.received_at),
            "due_date": clock.due_date.isoformat() if clock is not None and ticket.status in OPEN_STATES else None,
            "url": reverse("api-staff-hotline-ticket", kwargs={"pk": ticket.pk})}


# --- the action bodies, generated from the page's forms ------------------------------------------------------------

def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _serializer_field(name: str, field: django_forms.Field) -> serializers.Field:
    """A DRF field describing a Django form field, for the schema only (the form still validates)."""
    common = {"required": field.required, "help_text": str(field.label or "")}
    if isinstance(field, django_forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.CharField(), required=False,
                                     help_text=f"{field.label}（部门代码的列表）")
    if isinstance(field, django_forms.ModelChoiceField):
        what = "派单目录的事项代码" if name == "matter" else "部门代码"
        return serializers.CharField(**common | {"help_text": f"{field.label}（{what}）"})
    if isinstance(field, django_forms.ChoiceField) and name in ("caller_ticket", "order"):
        what = ("来电工单编号（本工单或并入的工单）" if name == "caller_ticket"
                else "督办单编号（supervisions.id）")
        return serializers.CharField(**common | {"help_text": f"{field.label}：{what}"})
    if isinstance(field, django_forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c in field.choices if c[0] != ""], **common)
    if isinstance(field, django_forms.BooleanField):
        return serializers.BooleanField(**common | {"required": False})
    if isinstance(field, django_forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    return serializers.CharField(max_length=getattr(field, "max_length", None), allow_blank=not field.required,
                                 **common)


@cache
def action_serializer(action: str) -> type[serializers.Serializer]:
    """The documented request body of `action` (one schema component per action of ACTION_FORMS)."""
    form = staff_actions.ACTION_FORMS[action]()
    fields = {name: _serializer_field(name, field) for name, field in form.fields.items()}
    label = WORKFLOW.transitions[action].label
    return type(f"StaffHotlineAction{_camel(action)}Serializer", (serializers.Serializer,),
                {**fields, "__doc__": f"“{label}”的请求体（与办理页面的表单字段相同）。"})


NO_ROW = "0"  # what an unknown code becomes for the form: never a row, refused with the form's own message


def _department_id(value: str) -> str:
    """A department's code (the API's identifier) as its id for the page's form; an unknown code, or text no code
    can be (NUL, too long), is refused by the form as an invalid choice."""
    if not value:
        return value
    found = (Department.objects.filter(code=value).values_list("pk", flat=True).first()
             if value.isprintable() and len(value) <= 32 else None)
    return str(found) if found is not None else NO_ROW


def _action_data(request):
    """The action's fields for its form: a form body as it is; a JSON object of text, numbers, booleans, null (and a
    list of codes for `assisting`); departments and the matter by code."""
    data = request.data
    if hasattr(data, "getlist"):
        flat = {name: data.get(name) for name in data}
        lists = {name: data.getlist(name) for name in data if name == "assisting"}
    elif isinstance(data, dict):
        flat, lists = {}, {}
        for name, value in data.items():
            if name == "assisting" and isinstance(value, list):
                if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
                    raise DomainError("协办部门应为部门代码的列表。", code="invalid", field="assisting")
                lists[name] = [str(v) for v in value]
                continue
            if isinstance(value, list | dict):
                raise DomainError(f"字段“{str(name)[:40]}”应为文本或数字。", code="invalid", field=str(name)[:40])
            if isinstance(value, bool):
                value = "on" if value else ""
            flat[name] = "" if value is None else str(value)
    else:
        raise DomainError("请求体应为 JSON 对象。", code="invalid")
    if flat.get("department"):
        flat["department"] = _department_id(str(flat["department"]))
    matter = str(flat.get("matter") or "")
    if matter:
        found = (Matter.objects.filter(code=matter).values_list("pk", flat=True).first()
                 if matter.isprintable() and len(matter) <= 40 else None)
        flat["matter"] = str(found) if found is not None else NO_ROW
    if "assisting" in flat and "assisting" not in lists:
        lists["assisting"] = [flat.pop("assisting")] if flat["assisting"] else []
    lists = {name: [_department_id(v) for v in values] for name, values in lists.items()}
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict({**{k: [v] for k, v in flat.items() if k not in lists}, **lists})


def _idempotency_key(request) -> str | None:
    raw = validate_idempotency_key(request.headers.get("Idempotency-Key"))
    if raw is None:
        return None
    return "staff-api:" + hashlib.sha256(f"{request.user.pk}:{raw}".encode()).hexdigest()[:64]


def ticket_for_staff(user, pk: int) -> Ticket:
    """A ticket of `user`'s scope, else 404 (another department's ticket is not said to exist)."""
    if not selectors.may_work_on_tickets(user):
        raise Http404
    ticket = selectors.tickets_visible_to(user).select_related("merged_into").filter(pk=pk).first()
    if ticket is None:
        raise Http404
    return ticket


# --- views -----------------------------------------------------------------------------------------------------------

class StaffTicketList(APIView):
    """GET/POST /api/v1/staff/hotline/tickets/."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="staff_hotline_ticket_list", summary="热线工单列表（工作人员）",
        description="该用户范围内的工单（热线办、督查看全部；部门看本部门主办或协办的），按受理时间倒序，每页 20 件。"
                    "`queue=office` 热线办待处理（待派单、退单待审、答复待审、待回访），"
                    "`queue=department` 本部门待签收和办理中；`status` 按状态。"
                    "不计总数：`next` 为空即最后一页；最多 500 页。",
        parameters=[OpenApiParameter("status", str, enum=Status.values, required=False),
                    OpenApiParameter("queue", str, enum=["office", "department"], required=False),
                    OpenApiParameter("page", int, description="页码：从 1 开始，最多 500")],
        responses={200: TicketPageSerializer, **{code: ERRORS[code] for code in (400, 401, 403)}})
    def get(self, request):
        user = request.user
        if not selectors.may_work_on_tickets(user):
            raise CapabilityRequired(LIST_DENIED)
        errors = {}
        state = request.query_params.get("status", "")
        if state and state not in Status.values:
            errors["status"] = ["状态无效。"]
        queue = request.query_params.get("queue", "")
        if queue and queue not in ("office", "department"):
            errors["queue"] = ["队列应为 office 或 department。"]
        page = page_number(request.query_params.get("page"))
        if page > MAX_PAGE:
            errors["page"] = [f"最多翻到第{MAX_PAGE}页，请按状态筛选。"]
        if errors:
            raise serializers.ValidationError(errors)
        if queue == "office":
            if not POLICY.is_office(user):
                raise CapabilityRequired("仅限热线办工作人员。")
            queryset = selectors.office_queue(user, state)
        elif queue == "department":
            queryset = selectors.department_queue(user, state)
        elif POLICY.sees_all(user):
            queryset = selectors.tickets_visible_to(user)
            if state:
                queryset = queryset.filter(status=state)
        else:  # a department: the same tickets as its scope, read as its queue reads them
            queryset = selectors.department_tickets(user, status=state)
        offset = (page - 1) * PAGE_SIZE
        rows = list(queryset.order_by("-received_at", "-id")[offset:offset + PAGE_SIZE + 1])
        base = request.build_absolute_uri(request.path)
        params = {k: v for k, v in (("status", state), ("queue", queue)) if v}

        def link(number):
            from urllib.parse import urlencode

            return f"{base}?{urlencode({**params, 'page': number})}"

        return Response({"page": page, "next": link(page + 1) if len(rows) > PAGE_SIZE and page < MAX_PAGE else None,
                         "previous": link(page - 1) if page > 1 else None,
                         "results": [_row(t) for t in rows[:PAGE_SIZE]]})

    @extend_schema(
        operation_id="staff_hotline_ticket_create", summary="登记电话、来访、来信、短信诉求（热线办）",
        description="热线办工作人员登记工单：`channel` 为受理渠道（phone 电话、walk_in 来访、letter 来信、sms 短信），"
                    "`received_at` 为受理时间（来信为收到之时，不填为现在，不能晚于现在），"
                    "`matter` 为派单目录的事项代码。"
                    "请求头 `Idempotency-Key`（每个用户各自的命名空间）使重复提交返回第一次登记的工单（200），"
                    "同一键用于内容不同的诉求返回 409。",
        request=StaffTicketInSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        responses={201: StaffTicketCreatedSerializer, 200: StaffTicketCreatedSerializer,
                   **{code: ERRORS[code] for code in (400, 401, 403, 409)}})
    def post(self, request):
        user = request.user
        if not POLICY.is_office(user):
            raise CapabilityRequired(ENTER_DENIED)
        key = _idempotency_key(request)
        serializer = StaffTicketInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        mailbox, place = data.pop("mailbox"), data.pop("place", None)
        accused, matter = data.pop("accused_department", None), data.pop("matter", None)
        channel, received_at = data.pop("channel"), data.pop("received_at", None)
        try:
            submission = services.ticket_submit(data=data, mailbox=mailbox, channel=channel, place=place,
                                                matter=matter, accused_department=accused, entered_by=user,
                                                idempotency_key=key, at=received_at)
        except DomainError as exc:
            if exc.code == "idempotency_conflict":
                exc.status_code = 409
            raise
        ticket = submission.ticket
        body = submission_body(ticket, submission.secret) | {
            "id": ticket.pk, "channel": ticket.channel, "received_at": _dt(ticket.received_at),
            "url": reverse("api-staff-hotline-ticket", kwargs={"pk": ticket.pk})}
        return Response(body, status=status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK)


class StaffTicketDetail(APIView):
    """GET /api/v1/staff/hotline/tickets/{id}."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="staff_hotline_ticket_retrieve", summary="热线工单（工作人员）",
                   description="工单的状态、全部时限、该用户现在可执行的操作 `allowed_actions`、"
                               "派单记录、答复、回访和督办。举报件的举报人信息仅热线办可见。",
                   responses={200: TicketSerializer, **{code: ERRORS[code] for code in (401, 404)}})
    def get(self, request, pk: int):
        return Response(ticket_body(ticket_for_staff(request.user, pk), request.user))


class StaffTicketAction(APIView):
    """POST /api/v1/staff/hotline/tickets/{id}/actions/{action}. Refusals in order: out of scope 404, unknown action
    404, the state does not allow it 409, the capability is missing 403, a field 400, the service's rule."""

    permission_classes = [IsAuthenticated]
    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]

    @extend_schema(exclude=True)
    def post(self, request, pk: int, action: str):
        return self.run(request, pk, action)

    def run(self, request, pk: int, action: str):
        user = request.user
        ticket = ticket_for_staff(user, pk)
        if action not in staff_actions.ACTION_FORMS:
            raise Http404
        transition = WORKFLOW.ensure(action, ticket.status)  # 409: a stale client
        if not WORKFLOW.may(user, action, ticket):
            raise CapabilityRequired(transition.denied or "您没有该操作的权限。")
        form = staff_actions.form_for(action, ticket, _action_data(request))
        if not form.is_valid():
            raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        staff_actions.perform(action, ticket, form, user)
        ticket = Ticket.objects.select_related("mailbox", "department", "matter", "place", "sign_clock",
                                               "reply_clock", "contact_clock", "merged_into").get(pk=ticket.pk)
        return Response(ticket_body(ticket, user))


def action_view(action: str) -> type[StaffTicketAction]:
    label = WORKFLOW.transitions[action].label
    body = action_serializer(action)

    @extend_schema(
        operation_id=f"staff_hotline_ticket_{action}", summary=f"工单操作：{label}（工作人员）",
        description=f"执行“{label}”。字段与办理页面的表单相同（JSON 对象或表单）；部门、事项用代码。返回执行后的工单"
                    "（同 GET；执行后不再由本部门办理的工单，`allowed_actions` 为空）。",
        request={"application/json": body, "application/x-www-form-urlencoded": body},
        responses={200: TicketSerializer, **ERRORS})
    def post(self, request, pk: int):
        return self.run(request, pk, action)

    return type(f"StaffTicketAction{_camel(action)}", (StaffTicketAction,), {"post": post, "__doc__": label})
