"""Staff pages of the hotline's figures (thin views): the indicators (考核指标) with their formulas and the .xlsx
export, and the briefs (简报、专报) with their .docx. For the hotline office and the supervisors only."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from . import briefs as brief_service
from . import reporting
from .models import Brief
from .permissions import can_read_indicators

DENIED = "仅限热线办和督查（监察）工作人员查看。"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def briefs(request):
    """简报、专报: the list and the form that generates one (POST)."""
    user = _reader(request)
    today = timezone.localdate()
    if request.method == "POST":
        form = reporting.BriefForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            brief = brief_service.generate(kind=d["kind"], start=d["start"], end=d["end"], matter=d["matter"],
                                           actor=user)
            messages.success(request, f"已编制《{brief.title}》。")
            return redirect(brief)
        status = 400
    else:
        last = today.replace(day=1) - dt.timedelta(days=1)
        form, status = reporting.BriefForm(initial={"kind": "monthly", "start": f"{last:%Y-%m}"}), 200
    page = Paginator(Brief.objects.select_related("created_by").order_by("-created_at", "-id"), 20)
    return render(request, "hotline/staff/briefs.html",
                  {"form": form, "page": page.get_page(request.GET.get("page"))}, status=status)


@login_required
@require_GET
def brief(request, pk: int):
    _reader(request)
    item = get_object_or_404(Brief.objects.select_related("created_by", "matter"), pk=pk)
    return render(request, "hotline/staff/brief.html", {
        "brief": item, "data": item.data, "summary": brief_service.summary_text(item),
        "indicators": brief_service.indicator_rows(item.data)})


@login_required
@require_GET
def brief_docx(request, pk: int):
    _reader(request)
    item = get_object_or_404(Brief, pk=pk)
    response = HttpResponse(brief_service.docx_bytes(item), content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="hotline-{item.kind}-{item.year}-{item.number:02d}.docx"'
    return response
