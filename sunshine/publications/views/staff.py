"""Staff pages (/gk/staff/): drafting, review, findings, publication, withdrawal, the 备案表, guides."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sunshine.accounts.decorators import staff_required
from sunshine.audit.services import events_for
from sunshine.core.errors import DomainError
from sunshine.orgs.models import Department
from sunshine.publications import selectors, services, tables
from sunshine.publications.forms import (
    AttachmentPublicForm,
    CommentForm,
    FindingResolveForm,
    GuideForm,
    PublicationForm,
    PublishForm,
    ReasonForm,
    UploadForm,
)
from sunshine.publications.models import DisclosureGuide, Finding, Publication
from sunshine.publications.permissions import GUIDES, POLICY
from sunshine.publications.workflow import EDITABLE, IN_REVIEW, Action, Status

FINDINGS_SHOWN = 200  # findings listed on the staff page; the rest are counted (处理完前 200 处后再显示其余)


def _get(request, pk) -> Publication:
    return get_object_or_404(selectors.staff_publications(request.user).select_related(
        "department", "department__division", "category", "genre", "superseded_by", "table_file",
        "import_run", "import_run__actor"), pk=pk)


def _domain_error(request, exc: DomainError) -> None:
    messages.error(request, exc.message)


def _form_errors(form) -> list[tuple[str, str]]:
    """Every error of a bound, invalid form as (field, "字段名：消息"); errors of the whole form keep their text."""
    return [(name, f"{form.fields[name].label}：{error}" if name in form.fields else error)
            for name, errors in form.errors.items() for error in errors]


def _checked(form):
    """The form's cleaned data, or a DomainError with its first message (a NUL or an overlong comment was dropped
    silently before, and the action went ahead without it)."""
    if form.is_valid():
        return form.cleaned_data
    name, message = _form_errors(form)[0]
    raise DomainError(message, field=name)


@staff_required
@require_GET
def staff_list(request):
    status = request.GET.get("status", "")
    q = (request.GET.get("q") or "").strip()[:50]
    paginator = Paginator(selectors.staff_list(request.user, status=status, q=q), 30)
    page_obj = paginator.get_page(request.GET.get("page"))
    clocks = selectors.timeliness_clocks(page_obj.object_list)
    return render(request, "publications/staff/list.html", {
        "page_obj": page_obj, "rows": [(p, clocks.get(p.pk)) for p in page_obj.object_list],
        "status": status, "q": q, "statuses": Status.choices,
        "can_draft": POLICY.may_draft(request.user),
    })


def _departments_for(user):
    if POLICY.sees_all(user):
        return Department.objects.filter(is_active=True)
    return None


@staff_required
def staff_create(request):
    if not POLICY.may_draft(request.user):
        raise Http404("页面不存在")
    departments = _departments_for(request.user)
    form = PublicationForm(request.POST or None, departments=departments,
                           initial={"created_on": timezone.localdate()})
    attachment_form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            publication = services.publication_create_draft(
                actor=request.user, department=data.get("department"), title=data["title"],
                document_number=data["document_number"], category=data["category"], genre=data["genre"],
                created_on=data["created_on"], validity=data["validity"], summary=data["summary"], body=data["body"],
                interprets=data["interprets_numbers"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            upload = request.FILES.get("file")
            if upload is not None:
                try:
                    services.publication_attach(publication=publication, actor=request.user, uploaded_file=upload)
                except DomainError as exc:
                    messages.error(request, "草稿已保存，但附件未能上传：" + exc.message)
            messages.success(request, f"草稿已保存，索引号 {publication.index_number}。")
            return redirect("publications:staff-detail", publication.pk)
    return render(request, "publications/staff/form.html", {"form": form, "attachment_form": attachment_form,
                                                            "creating": True})


@staff_required
def staff_edit(request, pk: int):
    publication = _get(request, pk)
    if publication.status not in EDITABLE:
        messages.error(request, "只有草稿或退回修改的信息可以修改。")
        return redirect("publications:staff-detail", pk)
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {n: data[n] for n in services.EDITABLE_FIELDS}
        try:
            services.publication_update(publication=Publication.objects.get(pk=pk), actor=request.user,
                                        interprets=data["interprets_numbers"], **fields)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect("publications:staff-detail", pk)
    return render(request, "publications/staff/form.html", {"form": form, "publication": publication})


@staff_required
@require_GET
def staff_detail(request, pk: int):
    return _render_detail(request, _get(request, pk))


def _render_detail(request, publication: Publication, *, posted: dict | None = None, status: int = 200):
    """The detail page. After a refused action (`posted`: the action or finding and what was typed), the page
    comes back with the error message and the typed text in its form, rather than a redirect that loses it."""
    from sunshine.clocks.selectors import clocks_for

    findings = selectors.current_findings(publication)
    posted = posted or {}

    def entered(f):  # what the finding's form shows: what was just typed for it (and its errors), else what is stored
        if posted.get("finding") == f.pk:
            errors = posted.get("errors") or {}
            return {"resolution": posted["data"].get("resolution", ""),
                    "justification": posted["data"].get("justification", ""),
                    "resolution_errors": list(errors.get("resolution", [])),
                    "justification_errors": list(errors.get("justification", []))}
        return {"resolution": f.resolution, "justification": f.justification}

    # The page lists the first FINDINGS_SHOWN findings and says how many more there are (a body full of numbers
    # made a 106 MB page); the gate before publication still counts every one.
    shown = sorted(findings, key=lambda f: bool(f.resolution))[:FINDINGS_SHOWN]  # unresolved first
    rows = [(f, selectors.finding_context(publication, f), entered(f)) for f in shown]
    services.personal_data_viewed(publication=publication, actor=request.user, findings=findings)
    user = request.user
    actions = set(POLICY.allowed_actions(user, publication))  # the transition table, the capability, the scope
    can = {
        "edit": POLICY.may_edit(user, publication),
        "submit": Action.SUBMIT in actions,
        "review": bool(actions & {Action.APPROVE_CONFIDENTIALITY, Action.APPROVE_LEGALITY}),
        "resolve": POLICY.may_resolve(user, publication),
        "publish": Action.PUBLISH in actions,  # the same form schedules (定时发布)
        "return": Action.RETURN in actions,
        "unschedule": Action.UNSCHEDULE in actions,
        "withdraw": Action.WITHDRAW in actions,
        "supersede": Action.SUPERSEDE in actions,
    }
    return render(request, "publications/staff/detail.html", {
        "publication": publication, "findings": rows, "findings_total": len(findings),
        "findings_hidden": max(0, len(findings) - FINDINGS_SHOWN),
        "unresolved": sum(1 for f in findings if not f.resolution),
        "problems": services.gate_problems(publication, findings) if publication.status in IN_REVIEW else [],
        "attachments": list(publication.attachments.select_related("file", "replacement")),
        "table": tables.parse_table_text(publication.table_text),
        "clocks": list(clocks_for(publication)), "can": can, "resolve_form": FindingResolveForm(),
        "comment_form": CommentForm(), "publish_form": PublishForm(), "reason_form": ReasonForm(),
        "upload_form": UploadForm(), "revisions": list(publication.revisions.select_related("actor")[:50]),
        "review_records": list(publication.review_records.all()), "posted": posted,
    }, status=status)


def _refused(request, pk: int, **posted):
    """Re-show the detail page (400) with what the user typed; the error message is already queued."""
    return _render_detail(request, _get(request, pk), posted={**posted, "data": request.POST}, status=400)


@staff_required
@require_GET
def staff_record(request, pk: int):
    """The printable review-and-publication record (信息发布审查备案表)."""
    publication = _get(request, pk)
    return render(request, "publications/staff/record.html", {
        "publication": publication, "records": list(publication.review_records.select_related("actor")),
        "findings": selectors.current_findings(publication), "events": list(events_for(publication)),
    })


@staff_required
@require_POST
def staff_action(request, pk: int, action: str):
    publication = _get(request, pk)
    try:
        if action == "submit":
            findings = services.publication_submit(publication=publication, actor=request.user)
            if findings:
                messages.warning(request, f"已提交审查。扫描发现 {len(findings)} 处敏感信息，"
                                          "须由审核人逐条处理后方可发布。")
            else:
                messages.success(request, "已提交审查，未发现敏感信息。")
        elif action == "approve":
            services.publication_approve(publication=publication, actor=request.user,
                                         comment=_checked(CommentForm(request.POST))["comment"])
            messages.success(request, "审查意见已记录：同意。")
        elif action == "return":
            services.publication_return(publication=publication, actor=request.user,
                                        comment=_checked(CommentForm(request.POST))["comment"])
            messages.success(request, "已退回经办人修改。")
        elif action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                raise DomainError("定时发布时间格式不正确。", field="publish_at")
            at = form.cleaned_data.get("publish_at")
            services.publication_publish(publication=publication, actor=request.user, publish_at=at)
            publication.refresh_from_db(fields=["status"])
            messages.success(request, "已定时发布。" if publication.status == Status.SCHEDULED else "已发布。")
        elif action == "unschedule":
            services.publication_unschedule(publication=publication, actor=request.user)
            messages.success(request, "已取消定时发布。")
        elif action in ("withdraw", "supersede"):
            data = _checked(ReasonForm(request.POST))
            reason = data["reason"]
            if action == "withdraw":
                services.publication_withdraw(publication=publication, actor=request.user, reason=reason)
                messages.success(request, "已撤回，原网址显示撤回说明。")
            else:
                number = data["replacement"].strip()
                replacement = Publication.objects.filter(index_number=number).first()
                if replacement is None:
                    raise DomainError("找不到该索引号的替代文件。", field="replacement")
                services.publication_supersede(publication=publication, actor=request.user, replacement=replacement,
                                               reason=reason)
                messages.success(request, "已标记为被替代，原网址显示替代说明。")
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        _domain_error(request, exc)
        return _refused(request, pk, action=action)
    return redirect("publications:staff-detail", pk)


@staff_required
@require_POST
def finding_resolve(request, pk: int, finding_id: int):
    publication = _get(request, pk)
    finding = get_object_or_404(Finding.objects.select_related("publication"), pk=finding_id, publication=publication)
    form = FindingResolveForm(request.POST)
    if not form.is_valid():
        # the form's own messages (a missing choice, a NUL in the justification …), each with its field's label
        for _name, message in _form_errors(form):
            messages.error(request, message)
        return _refused(request, pk, finding=finding.pk, errors=form.errors)
    try:
        services.finding_resolve(finding=finding, actor=request.user, resolution=form.cleaned_data["resolution"],
                                 justification=form.cleaned_data["justification"])
    except DomainError as exc:
        _domain_error(request, exc)
        return _refused(request, pk, finding=finding.pk, errors={exc.field: [exc.message]} if exc.field else {})
    messages.success(request, f"已处理：{finding.kind_label} {finding.masked}。")
    return redirect(reverse("publications:staff-detail", args=[pk]) + "#findings")


@staff_required
@require_POST
def upload(request, pk: int, what: str, attachment_id: int | None = None):
    publication = _get(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect("publications:staff-detail", pk)
    try:
        if what == "attachment":
            services.publication_attach(publication=publication, actor=request.user,
                                        uploaded_file=request.FILES["file"])
            messages.success(request, "附件已上传。")
        elif what == "table":
            services.publication_set_table(publication=publication, actor=request.user,
                                           uploaded_file=request.FILES["file"])
            messages.success(request, "表格已上传。")
        elif what == "replace":
            attachment = get_object_or_404(publication.attachments, pk=attachment_id)
            services.attachment_replace(attachment=attachment, actor=request.user, uploaded_file=request.FILES["file"])
            messages.success(request, "已上传遮盖后的替换文件。")
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        _domain_error(request, exc)
    return redirect("publications:staff-detail", pk)


@staff_required
@require_POST
def attachment_public(request, pk: int, attachment_id: int):
    publication = _get(request, pk)
    attachment = get_object_or_404(publication.attachments, pk=attachment_id)
    try:
        data = _checked(AttachmentPublicForm(request.POST))
        services.attachment_set_public(attachment=attachment, actor=request.user, is_public=data["is_public"] == "1",
                                       reason=data["reason"])
        messages.success(request, "已更新附件的公开属性。")
    except DomainError as exc:
        _domain_error(request, exc)
    return redirect("publications:staff-detail", pk)


@staff_required
@require_GET
def staff_file(request, pk: int, file_id: int):
    """Staff download of an original or replacement attachment of an item in their scope."""
    from sunshine.files.views import serve_stored_file

    publication = _get(request, pk)
    for a in publication.attachments.select_related("file", "replacement"):
        for f in (a.file, a.replacement):
            if f is not None and f.pk == file_id:
                findings = list(publication.findings.filter(file=f))
                services.personal_data_viewed(publication=publication, actor=request.user, findings=findings,
                                              what=f"file:{f.pk}")
                return serve_stored_file(request, f)
    if publication.table_file_id == file_id:
        return serve_stored_file(request, publication.table_file)
    raise Http404("未找到该文件")


@staff_required
def guide_edit(request, code: str):
    department = get_object_or_404(Department, code=code)
    user = request.user
    if not GUIDES.may_edit(user, department):
        raise Http404("页面不存在")
    guide = DisclosureGuide.objects.filter(department=department).first()
    form = GuideForm(request.POST or None, instance=guide)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_save(department=department, actor=user,
                                **{n: form.cleaned_data[n] for n in services.GUIDE_FIELDS})
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "公开指南已保存。")
            return redirect("publications:guide-department", code)
    return render(request, "publications/staff/guide_form.html", {"form": form, "department": department})
