"""Public page: the due-date calculator (期限计算器), a plain GET form that works without JavaScript."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from sunshine.core.errors import DomainError

from . import services
from .forms import DueDateForm


def calculator(request):
    result = error = None
    if request.GET:
        form = DueDateForm(request.GET)
        if form.is_valid():
            start, n = form.cleaned_data["start"], form.cleaned_data["working_days"]
            try:
                result = {"start": start, "working_days": n, "due": services.add_working_days(start, n)}
            except DomainError as exc:
                error = exc.message
    else:
        form = DueDateForm(initial={"start": timezone.localdate().isoformat(), "working_days": 20})
    return render(request, "workcalendar/calculator.html", {"form": form, "result": result, "error": error})
