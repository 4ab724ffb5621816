"""Staff pages (工作台 · 时限): the list of visible running clocks and how one due date was computed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from sunshine.accounts.scoping import has_capability

from . import deadlines, selectors
from .kinds import kind_label
from .models import Clock

LEVEL_FILTERS = [("warned", "全部预警"), ("red", "红牌（已超期）"), ("yellow", "黄牌"), ("all", "全部计时中")]


def _require_view(user) -> None:
    if not has_capability(user, "clocks.view_clock"):
        raise PermissionDenied


@login_required
def clock_list(request):
    _require_view(request.user)
    now = timezone.now()
    today = timezone.localdate(now)
    level = request.GET.get("level", "all")
    if level not in dict(LEVEL_FILTERS):
        level = "all"
    queryset = selectors.visible_clocks(request.user).filter(state=Clock.State.RUNNING)
    if level != "all":
        queryset = selectors.with_level(queryset, level, now=now)
    page = Paginator(queryset.order_by(*selectors.DUE_ORDER), 50).get_page(request.GET.get("page"))
    rows = [{"clock": c, "level": selectors.warning_level(c, now=now)} for c in page.object_list]
    counts = selectors.warning_counts_by_department(user=request.user, now=now)
    return render(request, "clocks/clock_list.html", {
        "page": page, "rows": rows, "level": level, "filters": LEVEL_FILTERS, "today": today,
        "totals": {"yellow": sum(r["yellow"] for r in counts), "red": sum(r["red"] for r in counts)},
        "NAV_SECTION": "clocks",
    })


@login_required
def clock_detail(request, pk: int):
    _require_view(request.user)
    clock = get_object_or_404(selectors.visible_clocks(request.user), pk=pk)
    now = timezone.now()
    events = list(clock.events.select_related("actor", "approver", "related_clock__department").order_by("id"))
    case_url = selectors.subject_url(clock)
    return render(request, "clocks/clock_detail.html", {
        "clock": clock, "kind_label": kind_label(clock.kind), "events": events, "today": timezone.localdate(now),
        "level": selectors.warning_level(clock, now=now), "days_left": selectors.days_left(clock, now=now),
        "case_url": case_url if case_url != request.path else "",
        "unit_name": deadlines.UNIT_NAMES.get(clock.unit, clock.unit), "NAV_SECTION": "clocks",
    })
