"""Inbox pages (站内信): the user's own messages, unread first; mark one or all as read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services


def _base_template(user) -> str:
    return "portal/base_staff.html" if getattr(user, "kind", "") == "staff" else "portal/base_public.html"


@login_required
def inbox(request):
    page = Paginator(selectors.inbox_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notify/inbox.html", {
        "page": page, "unread": selectors.unread_count(request.user),
        "base_template": _base_template(request.user), "NAV_SECTION": "notifications",
    })


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
    services.mark_read(notification=notification, user=request.user)
    return redirect("notify:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。" if count else "没有未读通知。")
    return redirect("notify:inbox")
