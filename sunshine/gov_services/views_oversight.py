"""Pages of oversight (thin views): the public list of licensing grants (行政许可法 §40, `grants.py`) and the
supervision page of integrity flags (电子监察标记, `integrity.py`) for holders of `VIEW_FLAGS` (监察,
政务公开办负责人), filtered by kind and department."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sunshine.accounts.scoping import has_capability
from sunshine.orgs.models import Department
from sunshine.search.errors import SearchQueryError

from . import grants
from .models import FlagKind, IntegrityFlag
from .permissions import VIEW_FLAGS

PAGE_SIZE = 30


def _department(code: str):
    code = (code or "")[:40]
    return Department.objects.filter(code=code).first() if code else None


@require_safe
def decisions(request):
    """许可公示: the published grants, newest first, masked; `q` searches them through the kernel's search."""
    q = (request.GET.get("q") or "").strip()[:100]
    department = _department(request.GET.get("department", ""))
    error, total = "", None
    if q:
        try:
            page_number = max(1, int(request.GET.get("page") or 1))
        except ValueError:
            page_number = 1
        try:
            result = grants.search_grants(q, department_id=department.pk if department else None, page=page_number,
                                          page_size=PAGE_SIZE)
        except SearchQueryError as exc:
            error, records, page = str(exc), [], None
        else:
            found = {a.pk: a for a in grants.published_grants().filter(pk__in=[h.object_id for h in result.hits])}
            records = [grants.public_record(found[h.object_id]) for h in result.hits if h.object_id in found]
            total, page = result.total, None
    else:
        queryset = grants.published_grants()
        if department is not None:
            queryset = queryset.filter(department=department)
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        records = [grants.public_record(a) for a in page.object_list]
        total = page.paginator.count
    departments = Department.objects.filter(service_items__isnull=False).distinct().order_by("code")
    return render(request, "gov_services/public/decisions.html", {
        "records": records, "page": page, "q": q, "department": department, "departments": departments,
        "total": total, "error": error, "NAV_SECTION": "zw"}, status=400 if error else 200)


@login_required
@require_safe
def supervision(request):
    """政务服务监察: every department's flags, filtered by kind and department."""
    user = request.user
    if getattr(user, "kind", "") != "staff" or not (user.is_superuser or has_capability(user, VIEW_FLAGS)):
        raise PermissionDenied("仅限电子监察人员。")
    kind = request.GET.get("kind", "")
    kind = kind if kind in FlagKind.values else ""
    department = _department(request.GET.get("department", ""))
    flags = IntegrityFlag.objects.select_related("application__item_version__item", "department")
    if kind:
        flags = flags.filter(kind=kind)
    if department is not None:
        flags = flags.filter(department=department)
    page = Paginator(flags.order_by("-raised_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(IntegrityFlag.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    departments = Department.objects.filter(service_applications__isnull=False).distinct().order_by("code")
    return render(request, "gov_services/staff/supervision.html", {
        "page": page, "kind": kind, "department": department, "departments": departments,
        "kinds": [(value, label, counts.get(value, 0)) for value, label in FlagKind.choices],
        "NAV_SECTION": "zw-supervision"})
