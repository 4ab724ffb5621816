"""Pages of the hotline (thin views): the mailboxes' public pages, the letter form (web and phone-sized), tracking,
and the staff pages (the office's dispatch queue, a department's queue, the case page with its allowed actions)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from sunshine.core.errors import DomainError
from sunshine.core.throttling import (
    FailureLimiter,
    PublicReadThrottle,
    SubmitThrottle,
    TrackThrottle,
    throttle_page,
    too_many_response,
)

from . import selectors, services, staff_actions, suggester
from .forms import LetterForm, TrackForm
from .models import Mailbox, SupervisionOrder, Ticket
from .permissions import POLICY
from .workflow import WORKFLOW, Status

SESSION_SUBMITTED = "hotline_submitted"
# where the office chooses a department: the department suggester is shown on the case page
SUGGEST_STATES = (Status.RECEIVED, Status.DISPATCHED, Status.RETURNED)
SESSION_VERIFIED = "hotline_verified"


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _mailbox(code: str) -> Mailbox:
    return get_object_or_404(Mailbox.objects.select_related("department"), code=code, is_active=True)


# --- public ---------------------------------------------------------------------------------------------------------

@require_safe
def index(request):
    return render(request, "hotline/public/index.html",
                  {"mailboxes": Mailbox.objects.filter(is_active=True).order_by("sort_order", "code")})


@require_safe
@throttle_page(PublicReadThrottle)
def mailbox(request, code: str):
    """A mailbox's public page: the consented letters and replies (masked) and the monthly figures."""
    box = _mailbox(code)
    page = Paginator(selectors.public_letters(box).prefetch_related("replies"), 10).get_page(request.GET.get("page"))
    return render(request, "hotline/public/mailbox.html", {
        "mailbox": box, "page": page, "letters": [selectors.public_entry(t) for t in page.object_list],
        "figures": selectors.mailbox_figures(box)})


@require_http_methods(["GET", "HEAD", "POST"])
@throttle_page(SubmitThrottle)
def write(request, code: str, phone: bool = False):
    """写信 (/rx/<mailbox>/write/, the phone-sized page /rx/<mailbox>/m/): a one-time token makes a double submit
    one ticket."""
    box = _mailbox(code)
    template = "hotline/public/write_phone.html" if phone else "hotline/public/write.html"
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid():
            token = form.cleaned_data.get("form_token") or ""
            try:
                submission = services.ticket_submit(
                    data=form.intake_data(), mailbox=box,
                    channel=Ticket.Channel.MOBILE if phone else Ticket.Channel.WEB, place=form.cleaned_data["place"],
                    accused_department=form.cleaned_data["accused_department"],
                    idempotency_key=f"form:{token}" if token else None)
            except DomainError as exc:
                if exc.code == "idempotency_conflict":
                    data = request.POST.copy()
                    data["form_token"] = uuid.uuid4().hex
                    form = LetterForm(data)
                    form.is_valid()
                    form.add_error(None, "这份表单已经提交过内容不同的来信，刚才修改后的内容没有提交；"
                                         "如需作为新的来信提交，请再次点击提交。")
                else:
                    _form_error(form, exc)
            else:
                request.session[SESSION_SUBMITTED] = {"code": submission.ticket.tracking_code,
                                                      "secret": submission.secret}
                _remember(request, submission.ticket.tracking_code)
                if not submission.created:
                    messages.info(request, "该来信已提交过，未重复登记。")
                return redirect("hotline:done")
        return render(request, template, {"mailbox": box, "form": form}, status=400)
    form = LetterForm(initial={"form_token": uuid.uuid4().hex})
    return render(request, template, {"mailbox": box, "form": form})


@require_safe
def done(request):
    submitted = request.session.get(SESSION_SUBMITTED)
    if not submitted:
        return redirect("hotline:index")
    ticket = Ticket.objects.select_related("mailbox").filter(tracking_code=submitted["code"]).first()
    if ticket is None:
        raise Http404
    return render(request, "hotline/public/done.html", {"ticket": ticket, "secret": submitted["secret"]})


def _remember(request, code: str) -> None:
    verified = [c for c in request.session.get(SESSION_VERIFIED, []) if c != code][-19:]
    request.session[SESSION_VERIFIED] = [*verified, code]


@require_http_methods(["GET", "HEAD", "POST"])
@throttle_page(TrackThrottle)
def track(request):
    """查询: tracking code + verification secret; a wrong pair says nothing about which one was wrong."""
    form = TrackForm(request.POST or None)
    limiter = FailureLimiter("track")
    if request.method == "POST" and limiter.blocked(request):
        return too_many_response(request, "查询码或验证码错误次数过多，请稍后再试。", retry_after=limiter.window)
    if request.method == "POST" and form.is_valid():
        found = selectors.ticket_for_caller(form.cleaned_data["tracking_code"], form.cleaned_data["secret"])
        if found is not None:
            _remember(request, found.tracking_code)
            return redirect("hotline:track-detail", tracking_code=found.tracking_code)
        limiter.fail(request)
        form.add_error(None, "查询码或验证码不正确。")
    return render(request, "hotline/public/track.html", {"form": form})


@require_safe
def track_detail(request, tracking_code: str):
    if tracking_code not in request.session.get(SESSION_VERIFIED, []):
        raise Http404("未找到该工单。")
    ticket = get_object_or_404(Ticket.objects.select_related("mailbox", "department", "merged_into"),
                               tracking_code=tracking_code)
    return render(request, "hotline/public/track_detail.html",
                  {"ticket": ticket, "body": selectors.tracking_body(ticket)})


# --- staff ----------------------------------------------------------------------------------------------------------

def _staff(request):
    if not selectors.may_work_on_tickets(request.user):
        raise PermissionDenied("仅限热线办和承办部门工作人员。")
    return request.user


def _list(request, queryset, *, title: str, statuses, template="hotline/staff/queue.html", parts=None):
    status = request.GET.get("status", "")
    if status and status not in dict(statuses):
        status = ""
    if status:
        queryset = queryset.filter(status=status)
    paginator = selectors.CappedPaginator(queryset.order_by("-received_at", "-id"), parts=parts)
    page = paginator.get_page(request.GET.get("page"))
    rows = [{"ticket": t, "caller": selectors.caller_display(request.user, t)} for t in page.object_list]
    return render(request, template, {"title": title, "page": page, "rows": rows, "status": status,
                                      "statuses": statuses, "capped": paginator.capped})


@login_required
@require_GET
def staff_office(request):
    """热线办的派单队列: to dispatch, returns and replies to review, callbacks."""
    user = _staff(request)
    if not POLICY.is_office(user):
        raise PermissionDenied("仅限热线办工作人员。")
    statuses = [(s, Status(s).label) for s in Status.values]
    queryset = selectors.tickets_visible_to(user)
    if not request.GET.get("status"):
        queryset = queryset.filter(status__in=selectors.OFFICE_STATES)
    return _list(request, queryset, title="热线工单（热线办）", statuses=statuses)


@login_required
@require_GET
def staff_department(request):
    """本部门的热线工单: led or assisted, waiting to be signed or in hand (all states with ?status=)."""
    user = _staff(request)
    statuses = [(s, Status(s).label) for s in Status.values]
    status = request.GET.get("status", "") if request.GET.get("status", "") in Status.values else ""
    # the page's ids come from the two scoped parts (led, assisted); the rows are then read by id
    return _list(request, selectors.ticket_rows(), title="热线承办（本部门）", statuses=statuses,
                 parts=selectors.department_parts(user, states=selectors.DEPARTMENT_STATES, status=status))


def _case_context(request, ticket, *, failed_action: str = "", failed_form=None):
    user = request.user
    allowed = WORKFLOW.allowed_actions(user, ticket)
    action_forms = []
    for t in allowed:
        form = failed_form if t.name == failed_action else staff_actions.form_for(t.name, ticket)
        action_forms.append({"name": t.name, "label": t.label, "form": form})
    return {
        "ticket": ticket, "caller": selectors.caller_display(user, ticket), "actions": action_forms,
        "assignments": ticket.assignments.select_related("department").order_by("id"),
        "replies": ticket.replies.select_related("department").order_by("id"),
        "callbacks": ticket.callbacks.select_related("caller_ticket").order_by("id"),
        "supervisions": SupervisionOrder.objects.filter(ticket=ticket).select_related("clock", "department"),
        "callers": selectors.callers_of(ticket),
        "duplicates": selectors.possible_duplicates(ticket) if POLICY.is_office(user) else [],
        "suggested": selectors.lead_for(ticket.matter, ticket.place) if ticket.matter_id else None,
        "matches": selectors.catalogue_matches(ticket) if POLICY.is_office(user) else [],
        "department_suggestions": (suggester.suggest_for_ticket(ticket) if POLICY.is_office(user)
                                   and ticket.status in SUGGEST_STATES else []),
    }


@login_required
@require_GET
def staff_ticket(request, pk: int):
    user = _staff(request)
    ticket = get_object_or_404(selectors.tickets_visible_to(user), pk=pk)
    return render(request, "hotline/staff/ticket.html", _case_context(request, ticket))


@login_required
@require_POST
def staff_action(request, pk: int, action: str):
    user = _staff(request)
    ticket = get_object_or_404(selectors.tickets_visible_to(user), pk=pk)
    if action not in staff_actions.ACTION_FORMS:
        raise Http404
    form = staff_actions.form_for(action, ticket, request.POST)
    if form.is_valid():
        try:
            staff_actions.perform(action, ticket, form, user)
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.message) from exc
            _form_error(form, exc)
        else:
            messages.success(request, staff_actions.SUCCESS[action])
            return redirect("hotline:staff-ticket", pk=ticket.pk)
    ticket.refresh_from_db()
    return render(request, "hotline/staff/ticket.html",
                  _case_context(request, ticket, failed_action=action, failed_form=form), status=400)
