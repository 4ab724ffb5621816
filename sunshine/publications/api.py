"""JSON API: the public catalogue (AllowAny) and the staff API for office systems (token auth + capabilities)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api import page_number
from sunshine.core.errors import DomainError
from sunshine.core.parsers import StrictJSONParser
from sunshine.publications import selectors, services
from sunshine.publications.forms import NOTE_MAX, catalogue_year
from sunshine.publications.models import Category, Finding, Genre, Publication
from sunshine.publications.permissions import POLICY

API_PAGE_SIZE = 20
API_MAX_PAGES = 500  # as the catalogue pages: deeper pages would skip hundreds of thousands of rows


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def list_row(request, p: Publication) -> dict:
    return {
        "index_number": p.index_number,
        "title": p.title,
        "document_number": p.document_number,
        "department": p.department.name,
        "department_code": p.department.code,
        "category": p.category.name,
        "genre": p.genre.name,
        "validity": p.get_validity_display() if p.validity else "",
        "created_on": p.created_on.isoformat(),
        "published_at": timezone.localtime(p.published_at).isoformat() if p.published_at else None,
        "url": _absolute(request, p.get_absolute_url()),
    }


class PublicationListView(APIView):
    """GET /api/v1/publications/?q=&department=&category=&genre=&year=&page= (public)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(operation_id="publications_list", responses=OpenApiTypes.OBJECT, parameters=[
        OpenApiParameter("q", str, description="检索词"), OpenApiParameter("department", str, description="机构代码"),
        OpenApiParameter("category", str, description="主题分类代码"),
        OpenApiParameter("genre", str, description="体裁分类代码"), OpenApiParameter("year", int, description="年份"),
        OpenApiParameter("page", int, description=f"页码：1 至 {API_MAX_PAGES}，为空即第 1 页"),
        OpenApiParameter("order", str, enum=["date", "relevance"], description="排序（检索时）")])
    def get(self, request):
        from sunshine.orgs.models import Department
        from sunshine.search import services as search

        params = request.query_params
        page = page_number(params.get("page"))
        try:
            year = catalogue_year(params.get("year")) or None
        except DjangoValidationError as exc:
            raise DomainError(exc.messages[0], code="invalid", field="year") from exc
        department = category = genre = None
        if params.get("department"):
            department = Department.objects.filter(code=params["department"]).first()
            if department is None and params["department"].isascii() and params["department"].isdigit():
                department = Department.objects.filter(pk=int(params["department"])).first()
            if department is None:
                return Response({"count": 0, "page": page, "results": []})
        if params.get("category"):
            category = Category.objects.filter(code=params["category"]).first()
            if category is None:
                return Response({"count": 0, "page": page, "results": []})
        if params.get("genre"):
            genre = Genre.objects.filter(code=params["genre"]).first()
            if genre is None:
                return Response({"count": 0, "page": page, "results": []})
        q = (params.get("q") or "").strip()
        if q:
            filters = {k: v for k, v in {"department": department.pk if department else None,
                                         "category": category.code if category else None,
                                         "genre": genre.code if genre else None, "year": year}.items() if v}
            result = search.search(kind="publication", query=q, filters=filters, order=params.get("order") or "date",
                                   page=page, page_size=API_PAGE_SIZE)
            ids = [h.object_id for h in result.hits]
            rows = {p.pk: p for p in selectors.public_publications().filter(pk__in=ids).select_related(
                "department", "category", "genre")}
            results = [list_row(request, rows[i]) for i in ids if i in rows]
            # count_exact is False when the engine stopped counting at its cap: "count or more" matches.
            return Response({"count": result.total, "count_exact": result.total_exact, "page": page,
                             "results": results})
        if page > API_MAX_PAGES:
            raise DomainError(f"page 不能大于 {API_MAX_PAGES}：请用 year、department、category、genre 缩小范围，"
                              "或用 q 检索。", code="page_too_deep")
        filters = {"category": category, "department": department, "genre": genre, "year": year}
        rows = selectors.public_list_rows(offset=(page - 1) * API_PAGE_SIZE, limit=API_PAGE_SIZE, **filters)
        return Response({"count": selectors.public_count(**filters), "page": page,
                         "results": [list_row(request, p) for p in rows]})


class PublicationDetailView(APIView):
    """GET /api/v1/publications/{index_number} (public): published items; withdrawn ones show the notice."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, index_number: str):
        item = selectors.public_item_by_index(index_number)
        if item is None:
            return Response({"detail": "未找到该信息。", "code": "not_found"}, status=404)
        data = list_row(request, item)
        data["status"] = item.status
        if item.status != "published":
            data.update({"withdrawn_at": item.withdrawn_at, "reason": item.withdrawal_reason,
                         "superseded_by": item.superseded_by.index_number if item.superseded_by_id else None})
            return Response(data)
        interpretations, interprets = selectors.public_interpretations(item)
        data.update({
            "summary": item.summary,
            "body": item.display_body,
            "level": item.level,
            "attachments": [{"name": a.public_file.original_name, "size": a.public_file.size,
                             "url": _absolute(request, f"/gk/i/{item.pk}/attachments/{a.pk}/")}
                            for a in selectors.public_attachments(item)],
            "table": _table(item),
            "interpretations": [_absolute(request, p.get_absolute_url()) for p in interpretations],
            "interprets": [_absolute(request, p.get_absolute_url()) for p in interprets],
        })
        return Response(data)


def _table(item: Publication) -> dict | None:
    from sunshine.publications.tables import parse_table_text

    table = parse_table_text(item.display_table_text)
    return {"header": table.header, "rows": table.rows, "truncated": item.table_truncated} if table else None


# --- staff API ------------------------------------------------------------------------------------

class DraftInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    # Codes are checked as text before the lookup: a SlugRelatedField sent a NUL straight to the database (a 500 on
    # PostgreSQL).
    category = serializers.CharField(max_length=40, error_messages={"max_length": "主题分类代码不存在。"})
    genre = serializers.CharField(max_length=40, error_messages={"max_length": "体裁分类代码不存在。"})
    created_on = serializers.DateField()
    validity = serializers.ChoiceField(choices=Publication.Validity.choices, required=False, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    body = serializers.CharField(required=False, allow_blank=True, default="")
    department = serializers.CharField(required=False, help_text="机构代码；默认为本人所在部门")

    def validate_category(self, value):
        found = Category.objects.filter(code=value).first()
        if found is None:
            raise serializers.ValidationError("主题分类代码不存在。")
        return found

    def validate_genre(self, value):
        found = Genre.objects.filter(code=value).first()
        if found is None:
            raise serializers.ValidationError("体裁分类代码不存在。")
        return found


def staff_row(p: Publication, user=None) -> dict:
    """An item for the staff API; with `user`, `actions`: the workflow actions they may take now (the policy)."""
    findings = [
        {"id": f.pk, "source": f.source, "attachment": f.attachment_id, "kind": f.kind, "start": f.start,
         "end": f.end, "masked": f.masked, "resolution": f.resolution, "justification": f.justification}
        for f in p.findings.filter(is_current=True)
    ]
    return {"id": p.pk, "index_number": p.index_number, "title": p.title, "status": p.status,
            "status_label": p.get_status_display(), "department": p.department.code, "revision": p.revision,
            "attachments": [{"id": a.pk, "name": a.file.original_name, "is_public": a.is_public}
                            for a in p.attachments.select_related("file")],
            "findings": findings,
            "unresolved_findings": sum(1 for f in findings if not f["resolution"]),
            **({"actions": POLICY.allowed_actions(user, p)} if user is not None else {})}


class DraftCreateView(APIView):
    """POST /api/v1/publications/drafts/: create a draft (经办人 capability)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]  # strict: "[[[…" deep was a RecursionError

    @extend_schema(request=DraftInput, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        from sunshine.orgs.models import Department

        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        department = None
        if values.pop("department", None):
            department = Department.objects.filter(code=request.data["department"]).first()
            if department is None:
                raise DomainError("机构代码不存在。", field="department")
        p = services.publication_create_draft(actor=request.user, department=department, source="api", **values)
        return Response(staff_row(p, request.user), status=status.HTTP_201_CREATED)


def _staff_item(request, pk: int) -> Publication:
    return get_object_or_404(selectors.staff_publications(request.user).select_related("department"), pk=pk)


class DraftDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk: int):
        return Response(staff_row(_staff_item(request, pk), request.user))


class DraftAttachView(APIView):
    """POST /api/v1/publications/drafts/{id}/attachments (multipart field "file")."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}, "required": ["file"]}}, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        p = _staff_item(request, pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("请上传文件（字段名 file）。", field="file")
        services.publication_attach(publication=p, actor=request.user, uploaded_file=upload)
        return Response(staff_row(p, request.user), status=status.HTTP_201_CREATED)


def _note(label: str, **kwargs) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX, error_messages={
        "invalid": f"{label}应为文本。", "max_length": f"{label}不能超过{NOTE_MAX}个字。",
        "null_characters_not_allowed": f"{label}含有不可见的空字符（NUL），请删除后重新提交。",
        "surrogate_characters_not_allowed": f"{label}含有无效字符，请检查后重新提交。"}, **kwargs)


class ActionInput(serializers.Serializer):
    """The body of a review action (all optional; which one an action needs is the service's rule)."""

    comment = _note("审查意见")
    reason = _note("原因")
    publish_at = serializers.DateTimeField(required=False, allow_null=True, error_messages={
        "invalid": "定时发布时间格式错误，应为 ISO 8601，如 2026-12-01T09:00:00+08:00。"})


class FindingInput(serializers.Serializer):
    resolution = serializers.ChoiceField(choices=[c for c in Finding.Resolution.choices if c[0]], error_messages={
        "required": "请选择处理方式：遮盖、删除或保留。", "invalid_choice": "请选择处理方式：遮盖、删除或保留。"})
    justification = _note("保留理由")


def _valid(serializer_class, request) -> dict:
    """The request body checked by `serializer_class`; an empty body is an empty object, anything but an object
    (a JSON list, a number) is refused in Chinese."""
    data = request.data  # an empty body parses to an empty dict; a "[]" body is not an empty object
    if not hasattr(data, "get"):
        raise DomainError("请求体应为 JSON 对象。", code="invalid")
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class DraftActionView(APIView):
    """POST …/drafts/{id}/submit | approve | return | publish | withdraw: the same services as the pages."""

    permission_classes = [IsAuthenticated]
    action_name = ""

    @extend_schema(request=ActionInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk: int):
        p = _staff_item(request, pk)
        body = _valid(ActionInput, request)
        if self.action_name == "submit":
            services.publication_submit(publication=p, actor=request.user)
        elif self.action_name == "approve":
            services.publication_approve(publication=p, actor=request.user, comment=body["comment"])
        elif self.action_name == "return":
            services.publication_return(publication=p, actor=request.user, comment=body["comment"])
        elif self.action_name == "publish":
            services.publication_publish(publication=p, actor=request.user, publish_at=body.get("publish_at"))
        elif self.action_name == "withdraw":
            services.publication_withdraw(publication=p, actor=request.user, reason=body["reason"])
        p.refresh_from_db()
        return Response(staff_row(p, request.user))


class FindingResolveView(APIView):
    """POST …/drafts/{id}/findings/{finding_id} {"resolution": "mask"|"remove"|"keep", "justification": "…"}."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=FindingInput, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk: int, finding_id: int):
        p = _staff_item(request, pk)
        finding = get_object_or_404(Finding.objects.select_related("publication"), pk=finding_id, publication=p)
        body = _valid(FindingInput, request)
        services.finding_resolve(finding=finding, actor=request.user, resolution=body["resolution"],
                                 justification=body["justification"])
        return Response(staff_row(p, request.user))
