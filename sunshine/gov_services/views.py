"""Pages of government services (thin views): the catalogue by department, search, the printable guide with its
materials checklist, the online application (a logged-in citizen), tracking; the staff pages: the central desk
(registration and dispatch), the window's queue, the case page with its allowed actions."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from sunshine.core.errors import DomainError
from sunshine.documents.services import documents_of
from sunshine.tracking import services as tracking

from . import fees, parallel, realname, selectors, services, staff_actions
from .flowchart import flow_chart
from .forms import ApplicationForm, ListedUploadForm, RealNameForm, TrackForm
from .models import Application, ItemType
from .permissions import POLICY, is_agent
from .tracking_codes import check_secret, normalize_code
from .workflow import TASK_WORKFLOW, WORKFLOW, Status, TaskStatus

SESSION_DONE = "gov_services_done"
SESSION_VERIFIED = "gov_services_verified"


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- public -------------------------------------------------------------------------------------------------------
AUDIENCES = [("", "全部事项"), ("person", "个人办事"), ("company", "法人办事")]


def _catalogue(request, *, theme=None):
    q, department, item_type = (request.GET.get("q", "")[:100], request.GET.get("department", "")[:40],
                                request.GET.get("type", "")[:20])
    audience = request.GET.get("audience", "")
    audience = theme.audience if theme is not None else (audience if audience in ("person", "company") else "")
    items = list(selectors.published_items(q=q, department=department, theme=theme.code if theme else "",
                                           audience=audience,
                                           item_type=item_type if item_type in ItemType.values else ""))
    groups: dict = {}
    for item in items:
        groups.setdefault(item.department, []).append(item)
    all_themes = list(selectors.themes(audience))
    return render(request, "gov_services/public/catalogue.html", {
        "groups": list(groups.items()), "q": q, "department": department, "item_type": item_type,
        "types": ItemType.choices, "count": len(items), "audience": audience, "audiences": AUDIENCES,
        "theme": theme, "life_events": [t for t in all_themes if t.kind == "life_event"],
        "themes": [t for t in all_themes if t.kind == "theme"], "NAV_SECTION": "zw"})


@require_safe
def catalogue(request):
    """事项目录: by department, for persons or companies (个人办事 / 法人办事), with search (q) and type filters."""
    return _catalogue(request)


@require_safe
def theme_items(request, code: str):
    """The items of one theme or life event (主题 / 人生事件), by department."""
    theme = selectors.themes().filter(code=code[:40]).first()
    if theme is None:
        raise Http404("没有这个主题。")
    return _catalogue(request, theme=theme)


@require_safe
def guide(request, code: str):
    """办事指南 (printable): the guide's elements, limits, special procedures, steps and the materials checklist."""
    item = selectors.item_by_code(code)
    if item is None:
        raise Http404("没有这个事项。")
    version = item.current_version
    components = parallel.component_versions(version) if item.is_combined else []
    limits = parallel.overall_limits(version, components) if components else None
    return render(request, "gov_services/public/guide.html", {
        "item": item, "version": version, "materials": version.materials.select_related("template_file",
                                                                                          "sample_file"),
        "steps": version.steps or services.DEFAULT_STEPS, "chart": flow_chart(item, version), "components": components,
        "joint_limits": limits, "joint_extension": parallel.JOINT_EXTENSION_DAYS,
        "fee_description": fees.describe(version.fee_schedule), "NAV_SECTION": "zw"})


@require_safe
def material_file(request, code: str, material_id: int, kind: str):
    """A material's blank template or sample (空白模板 / 示例样本) of the published guide."""
    from sunshine.files.views import serve_stored_file

    item = selectors.item_by_code(code)
    field = {"template": "template_file", "sample": "sample_file"}.get(kind)
    material = item.current_version.materials.select_related(field).filter(pk=material_id).first() \
        if item is not None and field else None
    stored = getattr(material, field) if material is not None else None
    if stored is None:
        raise Http404("没有这个文件。")
    return serve_stored_file(request, stored)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, code: str):
    """网上申请: a logged-in citizen fills the item's form and uploads the scans (idempotent by a form token)."""
    item = selectors.item_by_code(code)
    if item is None:
        raise Http404("没有这个事项。")
    if getattr(request.user, "kind", "") != "citizen":
        raise PermissionDenied("网上申请须使用个人或法人账户登录。")
    if not realname.is_real_name(request.user):
        return render(request, "gov_services/public/realname_required.html", {
            "item": item, "message": realname.REQUIRED, "NAV_SECTION": "zw",
            "verify": f"{realname.verify_url()}?next={request.path}"}, status=403)
    version = item.current_version
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, version=version)
        token = request.POST.get("token", "")[:60]
        if form.is_valid():
            try:
                sub = services.application_submit(item=item, data=form.application_data(), channel="online",
                                                  citizen=request.user, uploads=form.uploads(),
                                                  idempotency_key=f"form:{token}" if token else None)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                request.session[SESSION_DONE] = {"code": sub.application.tracking_code, "secret": sub.secret}
                return redirect("gov_services:done")
    else:
        token = uuid.uuid4().hex
        user = request.user
        form = ApplicationForm(version=version, initial={"applicant_name": user.real_name,
                                                         "applicant_id_type": user.id_type or "resident_id",
                                                         "applicant_id_number": user.id_number,
                                                         "applicant_phone": getattr(user, "phone", "")})
    return render(request, "gov_services/public/apply.html", {"item": item, "form": form, "token": token,
                                                              "NAV_SECTION": "zw"},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def realname_verify(request):
    """网上办事实名认证: the identity number (validated) confirmed by an SMS code sent to the account's mobile."""
    user = request.user
    if getattr(user, "kind", "") != "citizen":
        raise PermissionDenied("实名认证仅适用于个人或法人账户。")
    target = request.GET.get("next", "")
    if not (target.startswith("/zw/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})):
        target = ""
    form = RealNameForm(request.POST or None, initial={"real_name": user.real_name,
                                                       "id_type": user.id_type or "resident_id",
                                                       "id_number": user.id_number})
    sent, status = "", 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if "send" in request.POST:
                sent = realname.send_code(user, real_name=d["real_name"], id_type=d["id_type"],
                                          id_number=d["id_number"])
            else:
                realname.confirm(user, code=d.get("code", ""))
                messages.success(request, "实名认证已完成，可以网上申请办事。")
                return redirect(target or "gov_services:catalogue")
        except DomainError as exc:
            _form_error(form, exc)
            status = 429 if exc.status_code == 429 else 400
    elif request.method == "POST":
        status = 400
    return render(request, "gov_services/public/realname.html", {
        "form": form, "sent": sent, "verified": realname.is_real_name(user), "NAV_SECTION": "zw"}, status=status)


@require_safe
def done(request):
    data = request.session.get(SESSION_DONE)
    if not data:
        return redirect("gov_services:catalogue")
    return render(request, "gov_services/public/done.html", {"data": data, "NAV_SECTION": "zw"})


@require_http_methods(["GET", "POST"])
def track(request):
    """办件查询: the tracking code and the verification secret."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if tracking.is_locked(request, scope="track"):
            form.add_error(None, "查询失败次数过多，请稍后再试。")
        else:
            code = normalize_code(form.cleaned_data["tracking_code"])
            app = Application.objects.filter(tracking_code__iexact=code[:2] + code[2:6] + "-" + code[6:]).first() \
                if len(code) == 14 else None
            if app is not None and check_secret(app, form.cleaned_data["secret"]):
                tracking.clear_failures(request, scope="track")
                request.session[SESSION_VERIFIED] = app.tracking_code
                return redirect("gov_services:track-detail", tracking_code=app.tracking_code)
            tracking.register_failure(request, scope="track")
            form.add_error(None, "查询码或验证码不正确。")
    return render(request, "gov_services/public/track.html", {"form": form, "NAV_SECTION": "zw"})


def _applicant_case(request, tracking_code: str) -> Application:
    """The case for its applicant: the owning account, or the session that gave the verification secret."""
    app = Application.objects.select_related("item_version__item", "department", "promised_clock",
                                             "deferred_clock", "agent").filter(tracking_code=tracking_code[:20]).first()
    mine = app is not None and request.user.is_authenticated and app.citizen_id == request.user.pk
    if app is None or not (mine or request.session.get(SESSION_VERIFIED) == tracking_code):
        raise Http404("没有找到该办件。")
    return app


def _upload_forms(app, *, missing=None, deferred=None) -> dict:
    """The applicant's upload forms the case's state offers: 补正 (待补正) and 容缺后补 (a running period)."""
    forms_ = {}
    if app.status == Status.AWAITING_MATERIALS and app.missing_materials:
        forms_["missing_form"] = missing or ListedUploadForm(names=app.missing_materials, prefix="missing")
    if (app.deferred_materials and app.status in WORKFLOW.get("upload_deferred").sources
            and app.deferred_clock is not None and app.deferred_clock.state != "stopped"):
        forms_["deferred_form"] = deferred or ListedUploadForm(names=app.deferred_materials, prefix="deferred")
    return forms_


def _track_page(request, app, *, status=200, **forms_):
    return render(request, "gov_services/public/track_detail.html", {
        "app": app, "letters": documents_of(app, visible_to_applicant=True), "token": uuid.uuid4().hex,
        "tasks": selectors.tasks_of(app),
        "uploaded": app.materials.filter(stage__in=["supplement", "deferred"]).select_related("material", "file"),
        **_upload_forms(app, **forms_), "NAV_SECTION": "zw"}, status=status)


@require_safe
def track_detail(request, tracking_code: str):
    return _track_page(request, _applicant_case(request, tracking_code))


@require_POST
def track_upload(request, tracking_code: str, kind: str):
    """网上补正 (kind `missing`: the materials the one-time notice listed) or 容缺后补 (kind `deferred`), by the
    applicant on the tracking page; a resubmission of the same form (its token) changes nothing."""
    app = _applicant_case(request, tracking_code)
    if kind not in ("missing", "deferred"):
        raise Http404("没有找到该页面。")
    names = app.missing_materials if kind == "missing" else app.deferred_materials
    form = ListedUploadForm(request.POST, request.FILES, names=names, prefix=kind)
    citizen = request.user if request.user.is_authenticated and app.citizen_id == request.user.pk else None
    token = request.POST.get("token", "")[:60]
    key = f"{kind}:{token}" if token else ""
    upload = services.application_upload_missing if kind == "missing" else services.application_upload_deferred
    if key and app.materials.filter(upload_key=key).exists():  # a resubmission: no file needed again
        return redirect("gov_services:track-detail", tracking_code=app.tracking_code)
    if form.is_valid():
        try:
            done = upload(app, uploads=form.uploads(), citizen=citizen, key=key)
        except DomainError as exc:
            if exc.code == "transition_not_allowed":
                exc = DomainError("该办件当前不需要上传这些材料，请刷新页面查看最新状态。", code=exc.code)
            _form_error(form, exc)
        else:
            what = "补正材料" if kind == "missing" else "容缺材料"
            messages.success(request, f"{what}已提交，收到日期为{done.received_on:%Y年%-m月%-d日}。")
            return redirect("gov_services:track-detail", tracking_code=app.tracking_code)
    app.refresh_from_db()
    return _track_page(request, app, status=400, **{kind: form})


@require_safe
def track_letter(request, tracking_code: str, document_id: int, fmt: str):
    from sunshine.documents.views import document_response

    app = Application.objects.filter(tracking_code=tracking_code[:20]).first()
    mine = app is not None and request.user.is_authenticated and app.citizen_id == request.user.pk
    if app is None or not (mine or request.session.get(SESSION_VERIFIED) == tracking_code) or fmt not in (
            "html", "docx", "pdf"):
        raise Http404("没有找到该文书。")
    document = get_object_or_404(documents_of(app, visible_to_applicant=True), pk=document_id)
    return document_response(request, document, fmt)


# --- staff --------------------------------------------------------------------------------------------------------
def _staff(request):
    if not POLICY.opens_pages(request.user):
        raise PermissionDenied("仅限集中受理台和窗口工作人员。")
    return request.user


def _before(request) -> int | None:
    raw = request.GET.get("before", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 19 else None


def _list(request, queryset, *, title: str, template: str, extra=None):
    """A staff queue, newest first, in keyset pages (`before=<id>`: no OFFSET, a bounded count; fast at any size)."""
    status = request.GET.get("status", "")
    page = selectors.queue_page(queryset, before=_before(request), green_first=status not in Status.values)
    return render(request, template, {"title": title, "page": page, "status": status,
                                      "statuses": Status.choices, **(extra or {})})


@login_required
@require_http_methods(["GET", "POST"])
def staff_desk(request):
    """集中受理台: register a walk-in application (any item) and dispatch the registered ones; returned cases wait
    here for 办结."""
    user = _staff(request)
    if not POLICY.is_desk(user):
        raise PermissionDenied("仅限集中受理台工作人员。")
    items = list(selectors.published_items())
    code = (request.POST.get("item") or request.GET.get("item") or "")[:40]
    item = selectors.item_by_code(code) if code else None
    form = ApplicationForm(request.POST or None, request.FILES or None, version=item.current_version) if item else None
    if request.method == "POST" and item is not None and form.is_valid():
        try:
            sub = services.application_submit(item=item, data=form.application_data(), channel="hall",
                                              registered_by=user, uploads=form.uploads(),
                                              idempotency_key=f"desk:{request.POST.get('token', '')[:60]}")
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"已登记，查询码 {sub.application.tracking_code}，验证码 {sub.secret}"
                                      "（请告知申请人，仅显示一次）。")
            return redirect("gov_services:staff-case", pk=sub.application.pk)
    status = request.GET.get("status", "")
    queryset = selectors.desk_queue(user, status if status in Status.values else "")
    return _list(request, queryset, title="集中受理台", template="gov_services/staff/desk.html",
                 extra={"items": items, "item": item, "form": form, "token": uuid.uuid4().hex,
                        "NAV_SECTION": "zw-desk"})


@login_required
@require_GET
def staff_window(request):
    """窗口办件: this department's cases waiting for acceptance or in their steps."""
    user = _staff(request)
    status = request.GET.get("status", "")
    queryset = selectors.window_queue(user, status if status in Status.values else "")
    return _list(request, queryset, title="窗口办件", template="gov_services/staff/window.html",
                 extra={"NAV_SECTION": "zw-window"})


def _case_context(request, app, *, failed_action: str = "", failed_form=None):
    actions = []
    for name, label in staff_actions.allowed(request.user, app):
        form = failed_form if name == failed_action else staff_actions.form_for(name, app)
        actions.append({"name": name, "label": label, "form": form})
    payments = list(app.fee_payments.all())
    for p in payments:
        p.amount_yuan = fees.yuan(p.amount)
    return {"app": app, "actions": actions, "letters": documents_of(app),
            "fee_due_yuan": fees.yuan(app.fee_due), "payments": payments,
            "flags": list(app.integrity_flags.all()),
            "materials": app.materials.select_related("material", "file"),
            "checklist": app.item_version.materials.all(), "tasks": selectors.tasks_of(app),
            "read_only": not actions and is_agent(request.user), "NAV_SECTION": "zw-window"}


@login_required
@require_GET
def staff_case(request, pk: int):
    user = _staff(request)
    app = get_object_or_404(selectors.case_queryset(user), pk=pk)
    return render(request, "gov_services/staff/case.html", _case_context(request, app))


def _step(request, pk: int, action: str, *, queryset, forms: dict, form_for, perform, success: dict,
          done_url: str, template: str, context):
    """One staff action from a case or task page: the form, the service, a message and the page again; on a Chinese
    refusal the page again with the form's errors (400), on a missing right 403."""
    obj = get_object_or_404(queryset, pk=pk)
    if action not in forms:
        raise Http404
    form = form_for(action, obj, request.POST)
    if form.is_valid():
        try:
            perform(action, obj, form, request.user)
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.message) from exc
            _form_error(form, exc)
        else:
            messages.success(request, success[action])
            return redirect(done_url, pk=obj.pk)
    obj = get_object_or_404(queryset, pk=pk)
    return render(request, template, context(request, obj, failed_action=action, failed_form=form), status=400)


@login_required
@require_POST
def staff_action(request, pk: int, action: str):
    user = _staff(request)
    return _step(request, pk, action, queryset=selectors.case_queryset(user), forms=staff_actions.ACTION_FORMS,
                 form_for=staff_actions.form_for, perform=staff_actions.perform, success=staff_actions.SUCCESS,
                 done_url="gov_services:staff-case", template="gov_services/staff/case.html", context=_case_context)


# --- parallel approval (并联审批): the department's tasks, a task page, the agent's cases ---------------------------
@login_required
@require_GET
def staff_tasks(request):
    """并联任务: this department's parallel tasks (green channel first)."""
    user = _staff(request)
    status = request.GET.get("status", "")
    queryset = selectors.department_tasks(user, status if status in TaskStatus.values else "")
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(request, "gov_services/staff/tasks.html", {
        "title": "并联审批任务", "page": page, "status": status, "statuses": TaskStatus.choices,
        "NAV_SECTION": "zw-tasks"})


def _task_context(request, task, *, failed_action: str = "", failed_form=None):
    actions = []
    for t in TASK_WORKFLOW.allowed_actions(request.user, task):
        form = failed_form if t.name == failed_action else staff_actions.task_form_for(t.name, task)
        actions.append({"name": t.name, "label": t.label, "form": form})
    app = task.application
    return {"task": task, "app": app, "actions": actions,
            "materials": app.materials.select_related("material", "file"),
            "checklist": app.item_version.materials.all(), "case_visible": POLICY.can_see(request.user, app),
            "NAV_SECTION": "zw-tasks"}


@login_required
@require_GET
def staff_task(request, pk: int):
    user = _staff(request)
    task = get_object_or_404(selectors.task_queryset(user), pk=pk)
    return render(request, "gov_services/staff/task.html", _task_context(request, task))


@login_required
@require_POST
def staff_task_action(request, pk: int, action: str):
    user = _staff(request)
    return _step(request, pk, action, queryset=selectors.task_queryset(user), forms=staff_actions.TASK_FORMS,
                 form_for=staff_actions.task_form_for, perform=staff_actions.perform_task,
                 success=staff_actions.TASK_SUCCESS, done_url="gov_services:staff-task",
                 template="gov_services/staff/task.html", context=_task_context)


@login_required
@require_GET
def staff_agent(request):
    """代办项目: the key projects this agent (代办员) follows for their applicants (read-only)."""
    user = _staff(request)
    if not is_agent(user):
        raise PermissionDenied("仅限代办员。")
    page = selectors.queue_page(selectors.followed_by_agent(user), before=_before(request), green_first=True)
    return render(request, "gov_services/staff/agent.html", {"title": "代办项目", "page": page,
                                                             "NAV_SECTION": "zw-agent"})
