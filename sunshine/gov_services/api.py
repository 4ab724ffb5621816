"""Public API of government services, mounted at /api/v1/services/.

- `GET items/` (filters `q`, `department`, `type`): the catalogue; `GET items/{code}`: the guide's fields, the limits
  (`statutory_limit_days`, `promised_limit_days`, `on_the_spot`), the materials, the steps and the form.
- `POST applications/` (a logged-in citizen or company account; `Idempotency-Key` header; JSON or multipart with
  `material_<id>` files): 201 `{tracking_code, verification_secret, status}`, 200 with the same body for a replay.
- `GET applications/{tracking_code}` with `X-Verification-Secret` (or as the owning account): the status, dates
  and letters; a wrong pair is a 404 and counts towards the client's lockout.
"""

from __future__ import annotations

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.errors import DomainError
from sunshine.core.throttling import FailureLimiter, SubmitThrottle, TrackThrottle
from sunshine.documents.services import documents_of

from . import realname, selectors, services
from .models import Application, ItemType
from .tracking_codes import check_secret


def _limit(days, on_the_spot):
    return 0 if on_the_spot else days


def item_summary(item) -> dict:
    v = item.current_version
    return {"code": item.code, "name": item.name, "type": item.item_type, "type_label": item.get_item_type_display(),
            "department": item.department.code, "department_name": item.department.name,
            "statutory_limit_days": _limit(v.statutory_limit_days, v.on_the_spot),
            "promised_limit_days": _limit(v.promised_limit_days, v.on_the_spot), "on_the_spot": v.on_the_spot,
            "audience": item.audience}


def item_detail(item) -> dict:
    v = item.current_version
    return {**item_summary(item), "version": v.version,
            "published_on": v.published_on.isoformat() if v.published_on else None,
            "legal_basis": v.legal_basis, "preconditions": v.preconditions,
            "acceptance_conditions": v.acceptance_conditions, "process": v.process_description,
            "fee_basis": v.fee_basis, "fee_standard": v.fee_standard,
            "statutory_limit_basis": v.statutory_limit_basis, "special_procedures": v.special_procedures,
            "steps": v.steps or services.DEFAULT_STEPS, "form_fields": v.form_fields, "place": v.place,
            "hours": v.hours, "phone": v.phone, "complaint_phone": v.complaint_phone, "visits": v.visits,
            "online_depth": v.online_depth, "faq": v.faq,
            "materials": [{"id": m.pk, "name": m.name, "form": m.form, "form_label": m.get_form_display(),
                           "copies": m.copies, "required": m.required, "deferrable": m.deferrable, "note": m.note}
                          for m in v.materials.all()]}


def _error(exc: DomainError) -> Response:
    body = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["errors"] = {exc.field: [exc.message]}
    if exc.code == "real_name_required":
        body["verify_url"] = realname.verify_url()
    return Response(body, status=409 if exc.code == "idempotency_conflict" else exc.status_code)


def _bad_query(field: str, message: str) -> Response:
    return Response({"detail": message, "code": "invalid", "errors": {field: [message]}}, status=400)


class ItemListAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="政务服务事项目录", operation_id="services_items_list",
                   responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("q", str), OpenApiParameter("department", str),
                               OpenApiParameter("type", str),
                               OpenApiParameter("theme", str, description="主题或人生事件的编码"),
                               OpenApiParameter("audience", str, enum=["person", "company"],
                                                description="个人办事 person / 法人办事 company")])
    def get(self, request):
        item_type = request.query_params.get("type", "")
        if item_type and item_type not in ItemType.values:
            return _bad_query("type", "事项类型无效。")
        department = request.query_params.get("department", "")
        if len(department) > 40 or not department.isprintable():
            return _bad_query("department", "部门代码无效。")
        q = request.query_params.get("q", "")
        if not q.isprintable():
            return _bad_query("q", "搜索词无效。")
        theme, audience = request.query_params.get("theme", ""), request.query_params.get("audience", "")
        if len(theme) > 40 or not theme.isprintable():
            return _bad_query("theme", "主题编码无效。")
        if audience and audience not in ("person", "company"):
            return _bad_query("audience", "服务对象无效（person 或 company）。")
        items = selectors.published_items(q=q, department=department, item_type=item_type, theme=theme,
                                          audience=audience)[:500]
        return Response({"results": [item_summary(i) for i in items]})


class ItemDetailAPIView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="办事指南", responses={200: OpenApiTypes.OBJECT})
    def get(self, request, code: str):
        item = selectors.item_by_code(code)
        if item is None:
            return Response({"detail": "没有这个事项。", "code": "not_found"}, status=404)
        return Response(item_detail(item))


def tracking_body(app: Application) -> dict:
    clock = app.promised_clock
    return {"tracking_code": app.tracking_code, "status": app.status, "status_label": app.get_status_display(),
            "item": app.item_version.item.code, "item_name": app.item_version.item.name,
            "received_on": app.received_on.isoformat(),
            "accepted_on": app.accepted_on.isoformat() if app.accepted_on else None,
            "promised_due_date": clock.due_date.isoformat() if clock and clock.due_date else None,
            "missing_materials": app.missing_materials,
            "materials_complete_on": app.materials_complete_on.isoformat() if app.materials_complete_on else None,
            "deferred_materials": app.deferred_materials,
            "prereviewed_on": app.prereviewed_on.isoformat() if app.prereviewed_on else None,
            "decision": app.decision or None,
            "decided_on": app.decided_on.isoformat() if app.decided_on else None,
            "completed_on": app.completed_on.isoformat() if app.completed_on else None,
            "letters": [{"id": d.pk, "title": d.title, "created_at": d.created_at.isoformat()}
                        for d in documents_of(app, visible_to_applicant=True)]}


BAD_FORM = {"detail": "申请表格式无效。", "code": "invalid", "errors": {"form": ["申请表应为 JSON 对象。"]}}


class ApplicationSubmitAPIView(APIView):
    """网上申请 (a logged-in citizen or company account)."""

    throttle_classes = [SubmitThrottle]

    @extend_schema(summary="网上申请办件（须登录）", request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)])
    def post(self, request):
        user = request.user
        if not user.is_authenticated:
            return Response({"detail": "请先登录。", "code": "not_authenticated"}, status=401)
        if getattr(user, "kind", "") != "citizen":
            return Response({"detail": "网上申请须使用个人或法人账户。", "code": "forbidden"}, status=403)
        data = request.data
        code = data.get("item")
        item = selectors.item_by_code(code) if isinstance(code, str) else None
        if item is None:
            return Response({"detail": "没有这个事项。", "code": "invalid",
                             "errors": {"item": ["没有这个事项或事项已取消。"]}}, status=400)
        form = data.get("form") or {}
        if isinstance(form, str):  # multipart: the form as a JSON text
            try:
                form = json.loads(form)
            except ValueError:
                return Response(BAD_FORM, status=400)
        if not isinstance(form, dict):
            return Response(BAD_FORM, status=400)
        fields = {k: data.get(k) for k in ("applicant_name", "applicant_id_type", "applicant_id_number",
                                           "applicant_phone")}
        if any(v is not None and not isinstance(v, str) for v in fields.values()):
            return Response({"detail": "申请人信息应为文本。", "code": "invalid"}, status=400)
        uploads = {}
        for name, f in getattr(request, "FILES", {}).items():
            if not name.startswith("material_") or not name[9:].isdigit():
                return Response({"detail": "文件字段应为 material_<材料编号>。", "code": "invalid"}, status=400)
            uploads[int(name[9:])] = f
        try:
            sub = services.application_submit(item=item, data={**fields, "form": form}, channel="online",
                                              citizen=user, uploads=uploads,
                                              idempotency_key=request.headers.get("Idempotency-Key"))
        except DomainError as exc:
            return _error(exc)
        app = sub.application
        return Response({"tracking_code": app.tracking_code, "verification_secret": sub.secret,
                         "status": app.status, "status_label": app.get_status_display()},
                        status=201 if sub.created else 200)


class ApplicationTrackAPIView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [TrackThrottle]

    @extend_schema(summary="查询办件进度", responses={200: OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("X-Verification-Secret", str, OpenApiParameter.HEADER)])
    def get(self, request, tracking_code: str):
        limiter = FailureLimiter("track")
        if limiter.blocked(request):
            raise Throttled(detail="查询失败次数过多，请稍后再试。", wait=limiter.window)
        app = None
        if len(tracking_code) <= 20 and tracking_code.isprintable():
            app = (Application.objects.select_related("item_version__item", "promised_clock")
                   .filter(tracking_code=tracking_code).first())
        user = request.user
        owner = app is not None and user.is_authenticated and app.citizen_id == user.pk
        if app is None or not (owner or check_secret(app, request.headers.get("X-Verification-Secret", ""))):
            limiter.fail(request)
            return Response({"detail": "查询码或验证码不正确。", "code": "not_found"}, status=404)
        return Response(tracking_body(app))
