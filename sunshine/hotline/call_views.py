"""The office's intake pages and the inbound webhooks (thin views):

- the operator's call screen `/rx/staff/call/` (来电受理): the caller's number pushed by the call-centre system
  (the latest call of the operator's seat, polled by htmx from a static script) or typed by hand; the caller's
  earlier tickets; the knowledge base beside it; duplicate suggestions while typing; the ticket created (channel
  电话) or, for a consultation, answered and closed on the spot from a knowledge-base entry (直接办结);
- the walk-in (来访) and paper-letter (来信) intake pages, the same form without the call;
- the CTI and SMS gateway webhooks (signed POSTs, `gateways.py`);
- the knowledge base: the departments' pages (write, submit, review, publish) and the public search `/rx/kb/`.

The screen is the hotline office's (`hotline.dispatch_ticket`): a department never sees it, so a 举报's reporter
shown in the caller's history stays with the office (DOMAIN.md §8).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from sunshine.accounts.scoping import has_capability
from sunshine.caselinks import conversions
from sunshine.core.errors import DomainError
from sunshine.core.identity import normalize_mobile
from sunshine.core.throttling import PublicReadThrottle, throttle_page
from sunshine.search.errors import SearchQueryError

from . import gateways, knowledge, services, similarity, suggester
from .forms import KbSearchForm, KnowledgeForm, StaffIntakeForm
from .models import CallEvent, KnowledgeEntry, Mailbox, OperatorSeat, Ticket
from .permissions import POLICY

CHANNEL_PAGES = {  # url part → (channel, page title)
    "call": (Ticket.Channel.PHONE, "来电受理"),
    "walk-in": (Ticket.Channel.WALK_IN, "来访登记"),
    "letter": (Ticket.Channel.LETTER, "来信登记"),
}
HISTORY_LIMIT = 20
CALL_FRESH = dt.timedelta(minutes=15)  # a pushed call older than this is not offered any more


def _office(request):
    user = request.user
    if not POLICY.is_office(user) or getattr(user, "kind", "") != "staff":
        raise PermissionDenied("仅限热线办话务员。")
    return user


def _phone(value: str) -> str:
    try:
        return normalize_mobile(value or "")
    except Exception:  # a landline or a partial number: searched as typed
        return (value or "").strip()[:20]


def _seat(user) -> str:
    seat = OperatorSeat.objects.filter(user=user).values_list("seat", flat=True).first()
    return seat or ""


def _latest_call(user) -> CallEvent | None:
    seat = _seat(user)
    if not seat:
        return None
    return CallEvent.objects.filter(seat=seat, started_at__gte=timezone.now() - CALL_FRESH).order_by(
        "-started_at", "-id").first()


def caller_history(phone: str) -> list[Ticket]:
    """The caller's tickets, newest first (index `hotline_caller`; one query)."""
    if not phone:
        return []
    return list(Ticket.objects.filter(caller_phone=phone).select_related("department", "kb_entry")
                .order_by("-received_at")[:HISTORY_LIMIT])


def panels(*, phone: str, text: str, query: str, place_id: int | None, exclude_pk: int | None = None) -> dict:
    """The side panels of the intake screen: history, knowledge base, duplicate suggestions."""
    kb_rows, kb_error, kb_total = [], "", 0
    if query:
        try:
            kb_rows, page = knowledge.search_entries(query, page_size=8)
            kb_total = page.total
        except SearchQueryError as exc:
            kb_error = exc.message
    suggested = knowledge.suggest_for_text(text) if (text and not query) else []
    return {
        "phone": phone, "history": caller_history(phone), "kb_query": query, "kb_rows": kb_rows,
        "kb_error": kb_error, "kb_total": kb_total, "kb_suggested": suggested,
        # 部门推荐: the department suggester on the text typed so far (sunshine/hotline/suggester.py)
        "suggestions": [s.as_dict() for s in suggester.suggest(text)] if text else [],
        "duplicates": similarity.suggest_duplicates(text=text, phone=phone, place_id=place_id,
                                                    exclude_pk=exclude_pk) if (text or phone or place_id) else [],
    }


def _id(value) -> int:
    """A positive id from a parameter, 0 for anything else ("²", "10**30", "-1")."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def _query(value) -> str:
    """A knowledge-base query typed beside the form: control characters dropped, at most 50 characters (the
    kernel's limit; a longer one is cut rather than refused while the operator types)."""
    return "".join(c for c in (value or "") if c.isprintable()).strip()[:50]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def intake(request, page: str = "call"):
    """来电受理 / 来访登记 / 来信登记. POST `op`: refresh (side panels only), create (register the ticket), answer
    (register a consultation and close it on the spot from the knowledge-base entry `kb_entry`)."""
    user = _office(request)
    if page not in CHANNEL_PAGES:
        raise Http404
    channel, title = CHANNEL_PAGES[page]
    default_box = Mailbox.objects.filter(kind=Mailbox.Kind.HOTLINE, is_active=True).order_by("sort_order").first()
    call = None
    if request.method == "POST":
        form = StaffIntakeForm(request.POST)
        op = "answer" if request.POST.get("kb_entry") else request.POST.get("op", "refresh")
        valid = form.is_valid()
        if op in ("create", "answer") and valid:
            done = _register(request, form, channel=channel, op=op, user=user)
            if done is not None:
                return done
        status = 400 if op in ("create", "answer") else 200
    else:
        phone = _phone(request.GET.get("phone", ""))
        if page == "call" and not phone and request.GET.get("call"):
            call = CallEvent.objects.filter(pk=_id(request.GET["call"]), seat=_seat(user)).first()
            phone = call.caller_number if call else ""
        form = StaffIntakeForm(initial={"form_token": uuid.uuid4().hex, "caller_phone": phone,
                                        "mailbox": default_box.pk if default_box else None,
                                        "kind": Ticket.Kind.CONSULT if page == "call" else ""})
        status = 200
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    phone = _phone(data.get("caller_phone") or (form.initial.get("caller_phone") if not form.is_bound else ""))
    text = f"{data.get('title') or ''} {data.get('content') or ''}".strip()
    place = data.get("place")
    context = {"form": form, "title": title, "page": page, "call": call, "seat": _seat(user),
               **panels(phone=phone, text=text, query=_query(request.POST.get("q") or request.GET.get("q")),
                        place_id=place.pk if place else None)}
    return render(request, "hotline/staff/intake.html", context, status=status)


def _register(request, form, *, channel: str, op: str, user):
    """Create the ticket (and answer it from the knowledge base): the redirect, or None with the form's errors."""
    d = form.cleaned_data
    entry = None
    if op == "answer":
        entry_id = request.POST.get("kb_entry", "")
        entry = knowledge.published().filter(pk=_id(entry_id)).first()
        if entry is None:
            form.add_error(None, "请从知识库中选择一条已发布的解答。")
            return None
        if d.get("kind") != Ticket.Kind.CONSULT:
            form.add_error("kind", "只有咨询类诉求可以用知识库当场解答办结。")
            return None
    token = d.get("form_token") or ""
    try:
        submission = services.ticket_submit(
            data=form.intake_data(), mailbox=d["mailbox"], channel=channel, place=d.get("place"),
            matter=d.get("matter"), accused_department=d.get("accused_department"), entered_by=user,
            idempotency_key=f"staff:{token}" if token else None)
        ticket = submission.ticket
        if entry is not None and ticket.status == Ticket.Status.RECEIVED:
            services.ticket_close_directly(ticket=ticket, entry=entry, actor=user)
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    secret = f"，验证码 {submission.secret}（请告知来电人）" if submission.secret else ""
    if entry is not None:
        messages.success(request, f"已用知识库解答并直接办结，查询码 {ticket.tracking_code}{secret}。")
    else:
        messages.success(request, f"工单已登记，查询码 {ticket.tracking_code}{secret}。")
    return redirect("hotline:staff-ticket", pk=ticket.pk)


@login_required
@require_GET
def intake_panels(request, page: str = "call"):
    """The side panels alone (htmx, while the operator types): history, knowledge base, duplicates."""
    _office(request)
    place = request.GET.get("place", "")
    text = f"{request.GET.get('title', '')} {request.GET.get('content', '')}".strip()[:2000]
    context = panels(phone=_phone(request.GET.get("caller_phone", "")), text=text,
                     query=_query(request.GET.get("q")), place_id=_id(place) or None)
    return render(request, "hotline/staff/_intake_panels.html", {**context, "page": page})


@login_required
@require_GET
def latest_call(request):
    """The latest call pushed for the operator's seat (polled every few seconds by htmx)."""
    user = _office(request)
    return render(request, "hotline/staff/_latest_call.html", {"call": _latest_call(user), "seat": _seat(user)})


# --- webhooks ---------------------------------------------------------------------------------------------------

def _json_error(exc: DomainError) -> JsonResponse:
    return JsonResponse({"error": exc.code, "detail": exc.message, "field": exc.field or ""},
                        status=exc.status_code, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def cti_webhook(request):
    """POST /rx/hooks/cti/: an incoming call from the call-centre system (signed). 201 new, 200 repeated push."""
    try:
        adapter = gateways.cti_adapter()
        call = adapter.parse(request)
        event, created = services.call_record(provider=type(adapter).__name__, call=call)
    except DomainError as exc:
        return _json_error(exc)
    return JsonResponse({"id": event.pk, "seat": event.seat}, status=201 if created else 200)


@csrf_exempt
@require_POST
def sms_webhook(request):
    """POST /rx/hooks/sms/: an incoming SMS from the gateway (signed) becomes a ticket (channel 短信); the sender
    gets the tracking code and secret by SMS. 201 new, 200 repeated push (same message id)."""
    try:
        adapter = gateways.sms_adapter()
        sms = adapter.parse(request)
        submission = services.sms_receive(provider=type(adapter).__name__, sms=sms)
    except DomainError as exc:
        return _json_error(exc)
    return JsonResponse({"tracking_code": submission.ticket.tracking_code},
                        status=201 if submission.created else 200)


# --- conversion to a disclosure request ---------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def convert_disclosure(request, pk: int):
    """转为依申请公开申请: the disclosure app's own form (registered conversion), prefilled from the ticket."""
    user = _office(request)
    ticket = get_object_or_404(POLICY.visible_to(user, Ticket.objects.all()), pk=pk)
    from .workflow import WORKFLOW

    if not any(t.name == "convert" for t in WORKFLOW.allowed_actions(user, ticket)):
        raise PermissionDenied("该工单当前不能转办。")
    try:
        converter = conversions.get(services.DISCLOSURE)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    if request.method == "POST":
        form = converter.form_class(request.POST)
        if form.is_valid():
            try:
                ticket, result = services.ticket_convert(ticket=ticket, to=services.DISCLOSURE,
                                                         data=form.cleaned_data, actor=user,
                                                         note=request.POST.get("note", "")[:2000])
            except DomainError as exc:
                if exc.status_code == 403:
                    raise PermissionDenied(exc.message) from exc
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                secret = f"，验证码 {result.secret}（请告知申请人，仅显示一次）" if result.secret else ""
                messages.success(request, f"已转为依申请公开申请，查询码 {result.reference}{secret}。")
                return redirect("hotline:staff-ticket", pk=ticket.pk)
        status = 400
    else:
        form = converter.form_class(initial=converter.initial({
            "name": ticket.caller_name, "phone": ticket.caller_phone, "text": ticket.content}))
        status = 200
    return render(request, "hotline/staff/convert.html", {"ticket": ticket, "form": form,
                                                          "label": converter.label}, status=status)


# --- the knowledge base: staff ----------------------------------------------------------------------------------

def opens_kb_staff(user) -> bool:
    """The staff pages of the knowledge base (and their menu entry): its writers, its reviewers and the office."""
    return bool(user is not None and user.is_authenticated and getattr(user, "kind", "") == "staff" and (
        has_capability(user, knowledge.EDIT_KB) or has_capability(user, knowledge.REVIEW_KB)
        or POLICY.is_office(user)))


def _kb_staff(request):
    user = request.user
    if not opens_kb_staff(user):
        raise PermissionDenied("仅限知识库编写、审核人员。")
    return user


@login_required
@require_GET
def kb_staff_list(request):
    user = _kb_staff(request)
    status = request.GET.get("status", "")
    qs = knowledge.KB_POLICY.visible_to(user, KnowledgeEntry.objects.select_related("department", "author"))
    if status in KnowledgeEntry.State.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-updated_at", "-id"), 30).get_page(request.GET.get("page"))
    return render(request, "hotline/staff/kb_list.html", {
        "page": page, "status": status, "statuses": KnowledgeEntry.State.choices,
        "can_create": has_capability(user, knowledge.EDIT_KB)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kb_staff_new(request):
    user = _kb_staff(request)
    if not has_capability(user, knowledge.EDIT_KB):
        raise PermissionDenied("您没有编写知识库条目的权限。")
    form = KnowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = knowledge.entry_create(data=form.entry_data(), matter=form.cleaned_data["matter"], actor=user)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "草稿已保存。")
            return redirect("hotline:staff-kb-entry", pk=entry.pk)
    return render(request, "hotline/staff/kb_edit.html", {"form": form, "entry": None},
                  status=400 if request.method == "POST" else 200)


KB_ACTIONS = {  # action → (service, needs a note, success message)
    "submit": (knowledge.entry_submit, False, "已提交审核。"),
    "publish": (knowledge.entry_publish, False, "已审核发布，热线话务员和群众可以检索到该条目。"),
    "send_back": (knowledge.entry_send_back, True, "已退回修改。"),
    "withdraw": (knowledge.entry_withdraw, True, "已撤回，该条目不再公开。"),
    "revise": (knowledge.entry_revise, False, "已转为草稿，修改后请重新提交审核。"),
}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kb_staff_entry(request, pk: int):
    """An entry: its text, the edit form while a draft, a button for every action the workflow allows."""
    user = _kb_staff(request)
    entry = knowledge.KB_POLICY.get_visible(user, KnowledgeEntry.objects.select_related(
        "department", "author", "reviewed_by", "matter"), pk=pk)
    allowed = list(knowledge.KB_WORKFLOW.allowed_actions(user, entry))
    form = None
    status = 200
    if any(t.name == "edit" for t in allowed):
        initial = {"question": entry.question, "answer": entry.answer, "keywords": entry.keywords,
                   "basis": entry.basis, "matter": entry.matter_id}
        form = KnowledgeForm(request.POST or None, initial=initial)
        if request.method == "POST":
            if form.is_valid():
                try:
                    knowledge.entry_edit(entry=entry, data=form.entry_data(), matter=form.cleaned_data["matter"],
                                         actor=user)
                except DomainError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, "已保存。")
                    return redirect("hotline:staff-kb-entry", pk=entry.pk)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied("该条目当前不能修改。")
    actions = [{"name": t.name, "label": t.label, "note": KB_ACTIONS[t.name][1]} for t in allowed if t.name != "edit"]
    return render(request, "hotline/staff/kb_entry.html", {"entry": entry, "form": form, "actions": actions,
                                                           "answered": entry.answered_tickets.count()}, status=status)


@login_required
@require_POST
def kb_staff_action(request, pk: int, action: str):
    user = _kb_staff(request)
    entry = knowledge.KB_POLICY.get_visible(user, KnowledgeEntry.objects.all(), pk=pk)
    if action not in KB_ACTIONS:
        raise Http404
    service, needs_note, success = KB_ACTIONS[action]
    kwargs = {"note": request.POST.get("note", "")} if needs_note else {}
    try:
        service(entry=entry, actor=user, **kwargs)
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("hotline:staff-kb-entry", pk=entry.pk)


# --- the knowledge base: public -----------------------------------------------------------------------------------

@require_safe
@throttle_page(PublicReadThrottle)
def kb_public(request):
    """热线知识库 (/rx/kb/): search the published answers; without a query, the newest ones."""
    form = KbSearchForm(request.GET or None)
    rows, result, error = [], None, ""
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
    elif form.is_bound:
        error = form.errors["q"][0]
    if query:
        try:
            rows, result = knowledge.search_entries(query, page=_page_number(request), page_size=10)
        except SearchQueryError as exc:
            error = exc.message
    newest = [] if query else list(knowledge.published().order_by("-published_at", "-id")[:20])
    return render(request, "hotline/public/kb.html", {"form": form, "rows": rows, "result": result,
                                                      "error": error, "query": query, "newest": newest},
                  status=400 if error else 200)


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isascii() and value.isdigit() and 0 < len(value) < 5 else 1


@require_safe
@throttle_page(PublicReadThrottle)
def kb_public_entry(request, pk: int):
    entry = get_object_or_404(knowledge.published(), pk=pk)
    return render(request, "hotline/public/kb_entry.html", {"entry": entry})
