"""Pages of the register of review and litigation cases (行政复议、行政诉讼案件登记), /ysq/staff/review-cases/: the
list with the registration form, and one entry's update form. Thin: the form checks, `review_cases` writes (audited),
`REVIEW_CASE_POLICY` scopes (another department's entry is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from sunshine.accounts.decorators import staff_required
from sunshine.core.errors import DomainError

from . import review_cases
from .forms import ReviewCaseForm
from .permissions import REVIEW_CASE_POLICY

FIELDS = ("kind", "role", "case_number", "body_name", "filed_on", "result", "decided_on", "note")


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@staff_required
def review_case_list(request):
    """登记簿 and 登记 (POST): the entries the user may see, newest filing first, 30 a page."""
    user = request.user
    can_register = REVIEW_CASE_POLICY.can_register(user)
    form = ReviewCaseForm(user=user)
    status = 200
    if request.method == "POST":
        if not can_register:
            raise Http404
        form = ReviewCaseForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = review_cases.review_case_register(
                    request=form.request_obj, department=data["department"], actor=user, kind=data["kind"],
                    role=data["role"], case_number=data.get("case_number") or "", body_name=data.get("body_name") or "",
                    filed_on=data["filed_on"], result=data["result"], decided_on=data.get("decided_on"),
                    note=data.get("note") or "")
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, f"已登记：{case.get_kind_display()}（{case.request.tracking_code}）。")
                return redirect("disclosure_requests:review-cases")
        status = 400
    page = Paginator(review_cases.review_cases_visible_to(user), 30).get_page(request.GET.get("page"))
    return render(request, "disclosure_requests/review_cases.html",
                  {"page": page, "form": form, "can_register": can_register}, status=status)


@staff_required
def review_case_edit(request, pk: int):
    """更新 one entry (its result when decided, or a correction)."""
    user = request.user
    case = REVIEW_CASE_POLICY.get_visible(user, review_cases.review_cases_visible_to(user), pk=pk)
    can_edit = REVIEW_CASE_POLICY.can_edit(user, case)
    initial = {name: getattr(case, name) for name in FIELDS} | {"department": case.department.code}
    form = ReviewCaseForm(initial=initial, user=user, case=case)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise Http404
        form = ReviewCaseForm(request.POST, user=user, case=case)
        if form.is_valid():
            data = form.cleaned_data
            changes = {name: data.get(name) for name in FIELDS}
            changes.update(case_number=data.get("case_number") or "", body_name=data.get("body_name") or "",
                           note=data.get("note") or "", department=data["department"])
            try:
                review_cases.review_case_update(case=case, actor=user, **changes)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, "已更新。")
                return redirect("disclosure_requests:review-cases")
        status = 400
    return render(request, "disclosure_requests/review_case_edit.html",
                  {"case": case, "form": form, "can_edit": can_edit}, status=status)
