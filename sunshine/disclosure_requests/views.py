"""Pages of disclosure requests: the public application, tracking and "my requests"; the staff list and case page.

Views are thin: a form validates, a selector finds the object within the user's scope (404 otherwise), one
service does the change, a DomainError becomes a form error or a message."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sunshine.accounts.decorators import staff_required
from sunshine.clocks.selectors import warning_level
from sunshine.core.errors import DomainError
from sunshine.core.throttling import FailureLimiter, SubmitThrottle, TrackThrottle, throttle_page, too_many_response
from sunshine.files.models import StoredFile
from sunshine.files.views import serve_stored_file
from sunshine.privacy.masking import mask_credit_code, mask_mobile, mask_name, mask_resident_id

from . import deadlines, forms, selectors, services, staff_actions
from .api import tracking_body
from .letters import letter_response as document_response
from .models import DisclosureRequest
from .outcomes import Outcome
from .permissions import POLICY
from .signoff import needs_sign_off
from .staff_actions import ACTION_FORMS
from .workflow import WORKFLOW, Status

SESSION_VERIFIED = "ysq_verified"
SESSION_SUBMITTED = "ysq_submitted"


def _form_error(form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


# --- public -----------------------------------------------------------------------------------------------------

def index(request):
    return render(request, "disclosure_requests/index.html", {
        "reply_days": deadlines.REPLY_LIMIT_DAYS, "supplement_days": deadlines.SUPPLEMENT_NOTICE_DAYS})


def _prefill(user) -> dict:
    """The logged-in citizen's profile, with the resident ID and the mobile number masked (the form puts the
    profile's values back when the masked ones are submitted unchanged: `ApplicationForm.citizen`)."""
    if not (user.is_authenticated and getattr(user, "kind", "") == "citizen"):
        return {}
    return forms.profile_initial(user)


TOKEN_INVALID = "表单已失效，没有提交。请核对下面的内容，再次点击提交。"


def _with_fresh_token(form_class, data, message: str, **kwargs):
    """The same form, as the user filled it in, with a new one-time token and `message` on top: the next submit
    registers a new application (and a double click on it still registers one)."""
    data = data.copy()
    data["form_token"] = uuid.uuid4().hex
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, message)
    return form


def _edited_resubmission(request, key: str):
    """A form token used before for an application with other content (back button, edit, submit again).

    The earlier application is named only when this browser may see it anyway (submitted or verified in this
    session, or the logged-in citizen's own): a token alone proves nothing about who is asking."""
    earlier = services.request_by_idempotency_key(key)
    known = earlier and selectors.request_for_applicant(
        earlier.tracking_code, user=request.user, verified_codes=set(request.session.get(SESSION_VERIFIED, [])))
    if known:
        submitted = timezone.localtime(known.submitted_at)
        message = (f"这份申请表已于{submitted:%Y年%m月%d日 %H:%M}提交过（查询码 {known.tracking_code}），"
                   "刚才修改后的内容没有提交；已提交的申请不能在线修改。")
    else:
        message = "这份申请表已经提交过一份内容不同的申请，刚才修改后的内容没有提交。"
    message += "如需把下面的内容作为一份新的申请提交，请核对后再次点击“提交申请”。"
    return message, known or None


@throttle_page(SubmitThrottle)
def apply(request):
    """申请 (/ysq/apply/): a one-time form token makes a double submit create one request; the same token with
    edited content is not registered but shown back with the earlier application named (see _edited_resubmission)."""
    citizen = request.user if getattr(request.user, "kind", "") == "citizen" else None
    earlier = None
    if request.method == "POST":
        form = forms.ApplicationForm(request.POST, citizen=citizen)
        valid = form.is_valid()
        if form.has_error("form_token"):
            form = _with_fresh_token(forms.ApplicationForm, request.POST, TOKEN_INVALID, citizen=citizen)
        elif valid:
            token = form.cleaned_data.get("form_token") or ""
            key = f"form:{token}" if token else None
            try:
                submission = services.request_submit(
                    data=form.application_data(), department=form.cleaned_data["department"],
                    channel=DisclosureRequest.Channel.ONLINE, citizen=citizen, idempotency_key=key)
            except DomainError as exc:
                if exc.code == "idempotency_conflict":
                    message, earlier = _edited_resubmission(request, key)
                    form = _with_fresh_token(forms.ApplicationForm, request.POST, message, citizen=citizen)
                else:
                    _form_error(form, exc)
            else:
                _remember(request, submission.request.tracking_code)
                request.session[SESSION_SUBMITTED] = {"code": submission.request.tracking_code,
                                                      "secret": submission.secret}
                if not submission.created:
                    messages.info(request, "该申请已提交过，未重复登记。")
                return redirect("disclosure_requests:apply-done")
    else:
        form = forms.ApplicationForm(initial={**_prefill(request.user), "form_token": uuid.uuid4().hex},
                                     citizen=citizen)
    submitted = request.session.get(SESSION_SUBMITTED) or {}
    return render(request, "disclosure_requests/apply.html", {
        "form": form, "earlier": earlier, "prefilled": citizen is not None,
        "earlier_receipt": bool(earlier and submitted.get("code") == earlier.tracking_code)})


def apply_done(request):
    submitted = request.session.get(SESSION_SUBMITTED)
    if not submitted:
        return redirect("disclosure_requests:apply")
    found = DisclosureRequest.objects.select_related("reply_clock", "department").filter(
        tracking_code=submitted["code"]).first()
    if found is None:
        raise Http404
    return render(request, "disclosure_requests/apply_done.html", {"req": found, "secret": submitted["secret"]})


def _remember(request, code: str) -> None:
    verified = [c for c in request.session.get(SESSION_VERIFIED, []) if c != code][-19:]
    request.session[SESSION_VERIFIED] = [*verified, code]


@throttle_page(TrackThrottle)
def track(request):
    """查询 (/ysq/track/): tracking code + verification secret; a wrong pair says nothing about which was wrong."""
    form = forms.TrackForm(request.POST or None)
    limiter = FailureLimiter("track")
    if request.method == "POST" and limiter.blocked(request):
        return too_many_response(request, "查询码或验证码错误次数过多，请稍后再试；如忘记验证码，请联系受理机关。",
                                 retry_after=limiter.window)
    if request.method == "POST" and form.is_valid():
        found = selectors.request_for_applicant(form.cleaned_data["tracking_code"],
                                                secret=form.cleaned_data["secret"])
        if found is not None:
            _remember(request, found.tracking_code)
            return redirect("disclosure_requests:track-detail", tracking_code=found.tracking_code)
        limiter.fail(request)
        form.add_error(None, "查询码或验证码不正确。")
    return render(request, "disclosure_requests/track.html", {"form": form}, status=200)


def _applicant_request(request, tracking_code: str) -> DisclosureRequest:
    found = selectors.request_for_applicant(tracking_code, user=request.user,
                                            verified_codes=set(request.session.get(SESSION_VERIFIED, [])))
    if found is None:
        raise Http404("未找到该申请。")
    return found


def _child_codes_verified(request, found: DisclosureRequest) -> None:
    """Children of a split request share the parent's secret: verifying the parent verifies them."""
    for child in selectors.children_of(found):
        _remember(request, child.tracking_code)


def track_detail(request, tracking_code: str):
    found = _applicant_request(request, tracking_code)
    _child_codes_verified(request, found)
    body = tracking_body(found, api=False)
    supplement_form = forms.SupplementForm() if found.status == Status.AWAITING_SUPPLEMENT else None
    return render(request, "disclosure_requests/track_detail.html",
                  {"req": found, "body": body, "supplement_form": supplement_form})


@require_POST
def track_supplement(request, tracking_code: str):
    found = _applicant_request(request, tracking_code)
    form = forms.SupplementForm(request.POST)
    if form.is_valid():
        try:
            actor = request.user if request.user.is_authenticated else None
            services.request_receive_supplement(request=found, text=form.cleaned_data["text"], actor=actor)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "补正已提交，答复期限自今日起重新计算。")
            return redirect("disclosure_requests:track-detail", tracking_code=found.tracking_code)
    found.refresh_from_db()
    return render(request, "disclosure_requests/track_detail.html",
                  {"req": found, "body": tracking_body(found, api=False), "supplement_form": form}, status=400)


@throttle_page(TrackThrottle)
def track_document(request, tracking_code: str, document_id: int):
    found = _applicant_request(request, tracking_code)
    doc = get_object_or_404(selectors.applicant_documents(found), pk=document_id)
    return document_response(request, doc)


@throttle_page(TrackThrottle)
def track_file(request, tracking_code: str, file_id: int):
    """A file released with the reply (随答复提供的信息), for the applicant only: the verified tracking code in this
    session or the owning citizen's account; anyone else, and any file not released with this reply, is a 404."""
    found = _applicant_request(request, tracking_code)
    stored = get_object_or_404(selectors.released_files(found), pk=file_id)
    return serve_stored_file(request, stored, as_attachment=True)


@login_required
def mine(request):
    """我的申请 (/ysq/mine/)."""
    page = Paginator(selectors.requests_of_citizen(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "disclosure_requests/mine.html", {"page": page})


# --- staff ------------------------------------------------------------------------------------------------------

@staff_required
def staff_list(request):
    user = request.user
    status = request.GET.get("status", "")
    if status and status not in Status.values:
        status = ""
    mine = request.GET.get("mine", "") == "1"
    open_only = request.GET.get("open", "1" if not (status or mine) else "") == "1"
    qs = selectors.staff_request_list(user, status=status, open_only=open_only, q=request.GET.get("q", ""),
                                      registered_by_me=mine)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [{"req": r, "level": warning_level(r.reply_clock, today=today) if r.reply_clock else "none"}
            for r in page.object_list]
    return render(request, "disclosure_requests/staff_list.html", {
        "page": page, "rows": rows, "statuses": Status.choices, "status": status, "open_only": open_only,
        "q": request.GET.get("q", ""), "can_enter": POLICY.can_enter(user), "mine": mine})


def _edited_staff_entry(user, key: str) -> str:
    """The clerk's entry form submitted again with other content under the same token."""
    earlier = services.request_by_idempotency_key(key)
    in_scope = earlier is not None and selectors.requests_visible_to(user).filter(pk=earlier.pk).exists()
    named = f"（查询码 {earlier.tracking_code}）" if in_scope else ""
    return (f"这份登记表已登记过一件申请{named}，刚才修改后的内容没有登记。"
            "如需把下面的内容作为一件新的申请登记，请核对后再次点击“登记”。")


@staff_required
def staff_new(request):
    """代为填写 an oral / in-person / post / fax application."""
    user = request.user
    if not POLICY.can_enter(user):
        raise Http404
    if request.method == "POST":
        form = forms.StaffEntryForm(request.POST)
        valid = form.is_valid()
        if form.has_error("form_token"):
            form = _with_fresh_token(forms.StaffEntryForm, request.POST, TOKEN_INVALID)
        elif valid:
            token = form.cleaned_data.get("form_token") or ""
            key = f"staff:{token}" if token else None
            try:
                submission = services.request_submit(
                    data=form.application_data(), department=form.cleaned_data["department"],
                    channel=form.cleaned_data["channel"], entered_by=user,
                    received_on=form.cleaned_data.get("received_on"), idempotency_key=key)
            except DomainError as exc:
                if exc.code == "idempotency_conflict":
                    form = _with_fresh_token(forms.StaffEntryForm, request.POST, _edited_staff_entry(user, key))
                else:
                    _form_error(form, exc)
            else:
                if submission.secret:
                    messages.success(request, f"已登记，查询码 {submission.request.tracking_code}，验证码 "
                                              f"{submission.secret}（请告知申请人，仅显示一次）。")
                else:  # a replay more than 24 hours later: the secret is no longer kept
                    messages.info(request, f"该申请已登记过，查询码 {submission.request.tracking_code}；"
                                           "验证码已在首次登记时显示，不再显示。")
                return redirect("disclosure_requests:staff-detail", pk=submission.request.pk)
    else:
        initial = {"form_token": uuid.uuid4().hex, "channel": DisclosureRequest.Channel.ORAL}
        if user.department_id:
            initial["department"] = user.department.code
        form = forms.StaffEntryForm(initial=initial)
    return render(request, "disclosure_requests/staff_new.html", {"form": form})


def _masked_id(req: DisclosureRequest) -> str:
    return mask_resident_id(req.id_number) if req.id_type == "resident_id" else mask_credit_code(req.id_number)


# Actions shown once per letter or consultation they concern (a hidden `consultation` field names it; empty: the
# fee notice), rather than once per case.
ITEM_ACTIONS = ("answer_consultation", "record_delivery", "notify_third_party")


def _item_key(action: str, item) -> str:
    """The key of a per-item form (bound forms after a refusal, element ids): answer_12, record_delivery_fee…"""
    prefix = "answer" if action == "answer_consultation" else action
    return f"{prefix}_{item or 'fee'}"


def _item_forms(req: DisclosureRequest, allowed: set[str], bound: dict) -> list[dict]:
    """The per-item forms of the case page: a posted letter's signed-for date (登记送达日期), the Art. 32 notice to
    each objecting third party (书面告知第三方决定公开)."""
    items = []
    consultations = list(req.consultations.all())
    if "record_delivery" in allowed:
        posted = [(c.pk, f"登记致{c.party_name}的征求意见函送达日期") for c in consultations
                  if c.delivered_on is None and not c.answer]
        if req.status == Status.AWAITING_FEE and req.fee_delivered_on is None:
            posted.append(("", "登记收费通知送达日期"))
        for pk, title in posted:
            key = _item_key("record_delivery", pk)
            items.append({"action": "record_delivery", "title": title, "id": key.replace("_", "-"),
                          "form": bound.get(key) or forms.RecordDeliveryForm(initial={"consultation": pk},
                                                                             auto_id=f"{key}-%s")})
    if "notify_third_party" in allowed:
        for c in consultations:
            if c.kind == c.Kind.THIRD_PARTY and c.answer == c.Answer.OBJECTION and c.decision_notice_on is None:
                key = _item_key("notify_third_party", c.pk)
                items.append({"action": "notify_third_party", "title": f"书面告知{c.party_name}决定公开（第三十二条）",
                              "id": key.replace("_", "-"),
                              "form": bound.get(key) or forms.NotifyThirdPartyForm(initial={"consultation": c.pk},
                                                                                   auto_id=f"{key}-%s")})
    shown = {item["id"] for item in items}
    for key, form in bound.items():  # a refused per-item form whose letter or party no longer qualifies
        action = next((a for a in ITEM_ACTIONS[1:] if key.startswith(f"{a}_")), None)
        if action and action in allowed and key.replace("_", "-") not in shown:
            items.append({"action": action, "title": WORKFLOW.get(action).label, "id": key.replace("_", "-"),
                          "form": form})
    return items


def _case_context(request, req: DisclosureRequest, bound: dict | None = None) -> dict:
    user = request.user
    bound = bound or {}
    # the buttons: state, capability and scope from the policy, then what makes sense for this case now (a form
    # just refused stays on the page with its errors)
    permitted = WORKFLOW.allowed_actions(user, req)
    offered = staff_actions.offered(req, permitted)
    allowed = offered + [t for t in permitted if t not in offered and t.name in bound]
    actions = []
    for transition in allowed:
        if transition.name in ITEM_ACTIONS:
            continue  # one form per consultation or letter, below
        form = bound.get(transition.name) or ACTION_FORMS[transition.name](auto_id=f"{transition.name}-%s")
        actions.append({"name": transition.name, "label": transition.label, "form": form})
    shown = {a["name"] for a in actions}
    for name, form in (bound or {}).items():
        if name in ACTION_FORMS and name not in shown:  # a refused action not offered here: its errors still show
            actions.append({"name": name, "label": WORKFLOW.get(name).label, "form": form})
    for action in actions:
        if action["name"] in ("draft_reply", "reply") and not (bound or {}).get(action["name"]) and req.draft_outcome:
            # a returned draft: the next draft starts from it
            action["form"] = ACTION_FORMS[action["name"]](auto_id=f"{action['name']}-%s", initial={
                "outcome": req.draft_outcome, "reply_text": req.draft_reply_text,
                "withheld_reason": req.draft_withheld_reason, "right_agency_name": req.draft_right_agency_name})
    pending = []
    if any(t.name == "answer_consultation" for t in allowed):
        for consultation in req.consultations.filter(answer=""):
            pending.append({"consultation": consultation, "form": bound.get(f"answer_{consultation.pk}")
                            or forms.ConsultationAnswerForm(initial={"consultation": consultation.pk},
                                                            auto_id=f"answer{consultation.pk}-%s")})
    return {
        "req": req, "actions": actions, "pending_consultations": pending,
        "item_actions": _item_forms(req, {t.name for t in allowed}, bound), "clocks": selectors.case_clocks(req),
        "links": selectors.case_links(user, req),
        "consultations": req.consultations.all(), "documents": selectors.case_documents(req),
        "events": selectors.case_events(req), "children": selectors.children_of(req),
        "reply_files": req.reply_files.all(), "masked_id": _masked_id(req),
        "draft_outcome_label": Outcome(req.draft_outcome).label if req.draft_outcome else "",
        "needs_sign_off": needs_sign_off(req.draft_outcome) if req.draft_outcome else False,
        "masked_phone": mask_mobile(req.phone) if len(req.phone) == 11 else req.phone,
        "masked_name": mask_name(req.applicant_name),
        "supplement_notice_deadline": deadlines.supplement_notice_deadline(req.received_on).date,
        "full_id": None, "can_reveal_identity": POLICY.can_reveal_identity(user, req),
    }


@staff_required
def staff_detail(request, pk: int):
    user = request.user
    req = selectors.request_for_staff(user, pk)
    return render(request, "disclosure_requests/staff_detail.html", _case_context(request, req))


@staff_required
def staff_file(request, pk: int, file_id: int):
    """A stored file of the case (the reply's released files, a draft's files, a letter's .docx, an upload) for its
    staff: the case in their scope (else 404) and the file one of the case's (else 404)."""
    req = selectors.request_for_staff(request.user, pk)
    if file_id not in selectors.case_files(req):
        raise Http404("该文件不属于本申请。")
    return serve_stored_file(request, get_object_or_404(StoredFile, pk=file_id), as_attachment=True)


@staff_required
def staff_print(request, pk: int):
    """送达清单 (print view for post and pickup): the addressee, the letters to enclose and the list of the
    information released with the reply (附件清单), to print and send with the paper copies or hand over."""
    req = selectors.request_for_staff(request.user, pk)
    return render(request, "disclosure_requests/staff_print.html", {
        "req": req, "documents": selectors.applicant_documents(req),
        "released": list(selectors.released_files(req)) or (
            list(req.reply_files.all()) if req.status == Status.AWAITING_SIGN_OFF else []),
        "delivery_note": services.delivery_note(req), "today": timezone.localdate()})


@staff_required
@require_POST
def staff_identity(request, pk: int):
    user = request.user
    req = selectors.request_for_staff(user, pk)
    try:
        full = services.reveal_identity(request=req, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("disclosure_requests:staff-detail", pk=pk)
    context = _case_context(request, req)
    context["full_id"] = full
    return render(request, "disclosure_requests/staff_detail.html", context)


@staff_required
@require_POST
def staff_action(request, pk: int, action: str):
    user = request.user
    req = selectors.request_for_staff(user, pk)
    if action not in ACTION_FORMS:
        raise Http404
    if action == "answer_consultation":
        auto_id = f"answer{request.POST.get('consultation')}-%s"
    elif action in ITEM_ACTIONS:
        auto_id = f"{_item_key(action, request.POST.get('consultation'))}-%s"
    else:
        auto_id = f"{action}-%s"
    form = ACTION_FORMS[action](request.POST, request.FILES, auto_id=auto_id)
    label = WORKFLOW.get(action).label
    if form.is_valid():
        try:
            staff_actions.perform(action, req, form.cleaned_data, user)
        except DomainError as exc:
            _form_error(form, exc)
            messages.error(request, f"未能完成“{label}”：{exc.message}")
            return _action_failed(request, user, pk, action, form)
        else:
            messages.success(request, f"已完成：{label}。")
            return redirect(reverse("disclosure_requests:staff-detail", args=[pk]) + "#case")
    messages.error(request, f"未能完成“{label}”，请查看下方的错误说明。")
    return _action_failed(request, user, pk, action, form)


def _action_failed(request, user, pk: int, action: str, form):
    req = selectors.request_for_staff(user, pk)
    key = _item_key(action, request.POST.get("consultation")) if action in ITEM_ACTIONS else action
    context = _case_context(request, req, bound={key: form})
    context["failed_action"] = action
    return render(request, "disclosure_requests/staff_detail.html", context, status=400)
