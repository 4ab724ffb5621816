"""Tables 2, 3 and 4 of the annual report (表二：主动公开政府信息情况;
表三：收到和处理政府信息公开申请情况; 表四：政府信息公开行政复议、行政诉讼
情况): JSON APIs, one staff page, one .xlsx export.

The figures come from the disclosure-request app's statistics provider (`annual_request_table`,
`review_litigation_table`, plain data);
who may see which department and the year parameter are kernel rules (`scope`). Views are thin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.statistics import provider
from sunshine.orgs.models import Department

from . import scope
from .proactive import proactive_table
from .xlsx import filename, workbook_bytes

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUESTS_APP = "disclosure_requests"


def _scope(user, code):
    try:
        return scope.report_scope(user, code)
    except Department.DoesNotExist as exc:
        raise Http404("未找到该部门。") from exc
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc


def _request_table(year: int, department):
    requests = provider(REQUESTS_APP)
    if requests is None:  # the disclosure-request app is not installed
        raise Http404("未启用依申请公开模块。")
    return requests.annual_request_table(year=year, department_ids=None if department is None else [department.pk])


def _review_table(year: int, department):
    """Table 4 (行政复议、行政诉讼) from the same provider; None when the provider does not offer it."""
    requests = provider(REQUESTS_APP)
    compute = getattr(requests, "review_litigation_table", None)
    if compute is None:
        return None
    return compute(year=year, department_ids=None if department is None else [department.pk])


_REPORT_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年度，如 2025"),
    OpenApiParameter("department", OpenApiTypes.STR, required=False,
                     description="部门代码；不填：有全县权限者为全县合计，其他工作人员为本部门"),
]


def _year_or_error(request):
    try:
        return scope.parse_year(request.query_params.get("year"), today=timezone.localdate()), None
    except scope.InvalidYear as exc:
        return None, Response({"detail": str(exc), "code": "invalid_year", "errors": {"year": [str(exc)]}},
                              status=400)


class RequestTableAPIView(APIView):
    """GET /api/v1/reports/request-table?year=YYYY[&department=code] (staff)."""

    @extend_schema(
        summary="年度报告表三：收到和处理政府信息公开申请情况",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年度，如 2025"),
            OpenApiParameter("department", OpenApiTypes.STR, required=False,
                             description="部门代码；不填：有全县权限者为全县合计，其他工作人员为本部门"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        department = _scope(request.user, request.query_params.get("department"))
        year, error = _year_or_error(request)
        if error is not None:
            return error
        return Response(_request_table(year, department).as_dict())


class ReviewLitigationTableAPIView(APIView):
    """GET /api/v1/reports/review-litigation-table?year=YYYY[&department=code] (staff): table 4, the same scope and
    errors as table 3 (another department's code: 404; no scope: 403; a bad year: 400)."""

    @extend_schema(
        summary="年度报告表四：政府信息公开行政复议、行政诉讼情况",
        description="15个数：行政复议、未经复议直接起诉、复议后起诉，各为结果维持、结果纠正、其他结果、尚未审结、总计。"
                    "案件计入立案（受理）年度，审结结果以该年12月31日的状态为准；复议机关作共同被告的案件只由原行为机关"
                    "计入（国办公开办函〔2016〕201号）。`not_counted` 列出不计入本表的案件数"
                    "（往年立案的、共同被告的）。",
        parameters=_REPORT_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT,
                   404: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        department = _scope(request.user, request.query_params.get("department"))
        year, error = _year_or_error(request)
        if error is not None:
            return error
        table = _review_table(year, department)
        if table is None:
            raise Http404("未启用依申请公开模块。")
        return Response(table.as_dict())


class ProactiveDisclosureTableAPIView(APIView):
    """GET /api/v1/reports/proactive-disclosure-table?year=YYYY[&department=code] (staff): table 2, the same scope
    and errors as tables 3 and 4 (another department's code: 404; no scope: 403; a bad year: 400)."""

    @extend_schema(
        summary="年度报告表二：主动公开政府信息情况",
        description="第二十条第（一）项（规章、行政规范性文件：本年制发、本年废止、现行有效件数）取自主动公开模块；"
                    "第（五）项（行政许可本年处理决定数量）和第（八）项（行政事业性收费本年收费金额，万元）取自政务服务模块；"
                    "第（六）项（行政处罚、行政强制）在未安装相应模块时为“—”。`notes` 说明各项的统计口径。",
        parameters=_REPORT_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 401: OpenApiTypes.OBJECT,
                   403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        department = _scope(request.user, request.query_params.get("department"))
        year, error = _year_or_error(request)
        if error is not None:
            return error
        return Response(proactive_table(year=year, department=department).as_dict())


@login_required
@require_GET
def request_table_page(request):
    """Staff page with year and department selectors; `?export=xlsx` downloads the workbook."""
    department = _scope(request.user, request.GET.get("department"))
    today = timezone.localdate()
    year_error = ""
    raw_year = request.GET.get("year") or str(today.year - 1 if today.month <= 3 else today.year)
    try:
        year = scope.parse_year(raw_year, today=today)
    except scope.InvalidYear as exc:
        year_error, year = str(exc), None
    table = _request_table(year, department) if year else None
    review_table = _review_table(year, department) if year else None
    table2 = proactive_table(year=year, department=department) if year else None
    if table is not None and request.GET.get("export") == "xlsx":
        response = HttpResponse(workbook_bytes(table, review_table, table2), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="{filename(table)}"'
        return response
    context = {
        "table": table,
        "review_table": review_table,
        "table2": table2.as_dict() if table2 is not None else None,
        "year": year,
        "raw_year": raw_year,
        "year_error": year_error,
        "years": list(range(today.year, scope.MIN_YEAR - 1, -1)),
        "department": department,
        "departments": scope.departments_for(request.user),
        "can_choose_county": scope.report_scope_is_county_wide(request.user),
    }
    return render(request, "reports/request_table.html", context, status=400 if year_error else 200)
