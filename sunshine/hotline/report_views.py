"""Staff pages of the hotline's figures (thin views): the indicators (考核指标) with their formulas and the .xlsx
export, and the briefs (简报、专报) with their .docx. For the hotline office and the supervisors only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import reporting
from .permissions import can_read_indicators

DENIED = "仅限热线办和督查（监察）工作人员查看。"


def _reader(request):
    if not can_read_indicators(request.user):
        raise PermissionDenied(DENIED)
    return request.user


@login_required
@require_GET
def indicators(request):
    """考核指标: period (months), grouping (department, town, month), department, town; `?export=xlsx`."""
    _reader(request)
    data = request.GET if "start" in request.GET else reporting.default_period(timezone.localdate())
    form = reporting.IndicatorFilterForm(data)
    context = {"form": form, "formulas": reporting.formulas()}
    if not form.is_valid():
        return render(request, "hotline/staff/indicators.html", context, status=400)
    group = form.cleaned_data["group"]
    result = reporting.table(form.query(), group)
    d = form.cleaned_data
    title = f"12345热线考核指标（{d['start']:%Y年%-m月}至{d['end']:%Y年%-m月}，{result['group_label']}）"
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(reporting.workbook_bytes(result, title=title), content_type=reporting.XLSX_MIME)
        response["Content-Disposition"] = (f'attachment; filename="hotline-indicators-{d["start"]:%Y-%m}-'
                                           f'{d["end"]:%Y-%m}-{group}.xlsx"')
        return response
    export_query = urlencode({**{k: v for k, v in form.data.items() if k != "export"}, "export": "xlsx"})
    return render(request, "hotline/staff/indicators.html",
                  context | {"result": result, "title": title, "export_query": export_query})
