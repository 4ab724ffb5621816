"""Staff pages of the catalogue (事项目录管理): the list of the department's items with their guide versions, a new
item, the editor of a draft version (the guide, materials, steps, special procedures, form fields), submit, approve
or return, the .xlsx export and import. Thin: `catalogue.py` and `catalogue_xlsx.py` do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sunshine.core.errors import DomainError
from sunshine.orgs.models import Department

from . import catalogue, catalogue_xlsx
from .catalogue_workflow import GUIDE_WORKFLOW
from .guide_forms import (
    SECTION_TITLES,
    GuideForm,
    ImportForm,
    MaterialFileForm,
    NewItemForm,
    ReturnForm,
    formsets_for,
    guide_initial,
    rows_of,
)
from .models import OPEN_VERSION_STATES, ServiceItem, ServiceItemVersion, VersionStatus
from .permissions import APPROVE_GUIDE, DRAFT_GUIDE, GUIDE_POLICY

NAV = "zw-guides"
FILTERS = [("", "全部"), ("draft", "草稿"), ("returned", "退回修改"), ("submitted", "待审核"), ("none", "无草稿")]


def _staff(request):
    if not GUIDE_POLICY.opens_pages(request.user):
        raise PermissionDenied("仅限有办事指南起草或审核权限的工作人员。")
    return request.user


def _items(user):
    qs = ServiceItem.objects.select_related("department", "current_version").prefetch_related(Prefetch(
        "versions", queryset=ServiceItemVersion.objects.filter(status__in=OPEN_VERSION_STATES).select_related(
            "drafted_by"), to_attr="open_versions"))
    if GUIDE_POLICY.sees_all(user):
        return qs
    return qs.filter(department_id=user.department_id)


def _version(user, pk: int) -> ServiceItemVersion:
    qs = ServiceItemVersion.objects.select_related("item__department", "item__window", "drafted_by", "reviewed_by")
    return GUIDE_POLICY.get_visible(user, qs, pk=pk)


def _departments(user):
    qs = Department.objects.filter(is_active=True).order_by("sort_order", "code")
    return qs if GUIDE_POLICY.sees_all(user) else qs.filter(pk=user.department_id)


@login_required
@require_GET
def guide_list(request):
    """事项目录管理: the items of the user's department (every department for the office) with their versions."""
    user = _staff(request)
    q, state = request.GET.get("q", "")[:100].strip(), request.GET.get("state", "")
    qs = _items(user)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if state == "none":
        qs = qs.exclude(versions__status__in=OPEN_VERSION_STATES)
    elif state in VersionStatus.values:
        qs = qs.filter(versions__status=state)
    page = Paginator(qs.order_by("department__sort_order", "code"), 50).get_page(request.GET.get("page"))
    rows = [{"item": item, "open": item.open_versions[0] if item.open_versions else None} for item in page]
    return render(request, "gov_services/staff/guides.html", {
        "page": page, "rows": rows, "q": q, "state": state, "filters": FILTERS, "import_form": ImportForm(),
        "may_draft": user.has_perm(DRAFT_GUIDE), "may_approve": user.has_perm(APPROVE_GUIDE), "NAV_SECTION": NAV})


@login_required
@require_POST
def guide_draft(request, code: str):
    """起草新版本 (a copy of the published guide)."""
    user = _staff(request)
    item = get_object_or_404(_items(user), code=code[:40])
    try:
        version = catalogue.guide_draft(item=item, actor=user)
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return redirect("gov_services:staff-guides")
    messages.success(request, f"已起草第{version.version}版，现行版本在审核发布前继续有效。")
    return redirect("gov_services:staff-guide", pk=version.pk)


@login_required
@require_http_methods(["GET", "POST"])
def guide_new(request):
    """新增事项: the code, department and essentials; the rest in the editor."""
    user = _staff(request)
    if not user.has_perm(DRAFT_GUIDE):
        raise PermissionDenied("您没有起草办事指南的权限。")
    form = NewItemForm(request.POST or None, departments=_departments(user),
                       initial={"department": user.department_id})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            version = catalogue.item_create(
                code=d["code"], department=d["department"], actor=user,
                facts={"name": d["name"], "item_type": d["item_type"], "audience": d["audience"]},
                content={"legal_basis": d["legal_basis"], "statutory_limit_days": 20, "promised_limit_days": 20})
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已新增事项（草稿），请补充办事指南后提交审核。")
            return redirect("gov_services:staff-guide", pk=version.pk)
    return render(request, "gov_services/staff/guide_new.html", {"form": form, "NAV_SECTION": NAV},
                  status=400 if request.method == "POST" else 200)


def _changes(version: ServiceItemVersion) -> list[str]:
    """The labels of what differs from the published version (for the reviewer)."""
    current = version.item.current_version
    if current is None or current.pk == version.pk:
        return []
    old, new = catalogue.guide_content(current), catalogue.guide_content(version)
    labels = []
    for key in new:
        if old.get(key) != new[key]:
            labels.append(SECTION_TITLES.get(key) or str(ServiceItemVersion._meta.get_field(key).verbose_name))
    facts = catalogue.item_facts_of(version.item)
    labels += [GuideForm.base_fields[k].label for k in facts if version.item_facts and
               version.item_facts.get(k) != facts[k]]
    return labels


def _editor(request, version, *, form=None, formsets=None, return_form=None, status=200):
    user = request.user
    editable = GUIDE_WORKFLOW.may(user, "edit", version)
    actions = {t.name for t in GUIDE_WORKFLOW.allowed_actions(user, version)}
    if version.drafted_by_id == user.pk:
        actions.discard("approve")
    return render(request, "gov_services/staff/guide_edit.html", {
        "version": version, "item": version.item, "editable": editable, "actions": actions,
        "form": form or GuideForm(initial=guide_initial(version)),
        "formsets": [(SECTION_TITLES[k], k, fs) for k, fs in (formsets or formsets_for(version)).items()],
        "return_form": return_form or ReturnForm(), "changes": _changes(version),
        "materials": version.materials.select_related("template_file", "sample_file"),
        "file_kinds": [(k, label) for k, (_f, label) in catalogue.MATERIAL_FILE_KINDS.items()],
        "NAV_SECTION": NAV}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request, pk: int):
    """The editor of a draft (草稿、退回修改) or the read-only view of any version."""
    user = _staff(request)
    version = _version(user, pk)
    if request.method == "GET":
        return _editor(request, version)
    form, formsets = GuideForm(request.POST), formsets_for(version, request.POST)
    if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        content = {**form.content(), **{k: rows_of(fs) for k, fs in formsets.items()}}
        try:
            version = catalogue.guide_update(version=version, content=content, facts=form.facts(), actor=user,
                                             change_note=form.cleaned_data["change_note"])
            if request.POST.get("then") == "submit":
                version = catalogue.guide_submit(version=version, actor=user)
        except DomainError as exc:
            if exc.status_code == 403:
                raise PermissionDenied(exc.message) from exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存并提交审核。" if version.status == VersionStatus.SUBMITTED else "已保存。")
            return redirect("gov_services:staff-guide", pk=version.pk)
    else:
        form.add_error(None, "请修改下面标出的错误后再保存。")
    return _editor(request, version, form=form, formsets=formsets, status=400)


@login_required
@require_POST
def guide_action(request, pk: int, action: str):
    """提交审核, 审核发布, 退回修改 (with a reason), 废弃草稿."""
    user = _staff(request)
    version = _version(user, pk)
    return_form = ReturnForm(request.POST) if action == "return" else None
    try:
        if action == "submit":
            catalogue.guide_submit(version=version, actor=user)
            done = "已提交审核。"
        elif action == "approve":
            catalogue.guide_approve(version=version, actor=user, on=timezone.localdate())
            done = "已审核发布，新申请按此版本办理。"
        elif action == "discard":
            catalogue.guide_discard(version=version, actor=user)
            done = "已废弃该草稿。"
        elif action == "return":
            if not return_form.is_valid():
                return _editor(request, version, return_form=return_form, status=400)
            catalogue.guide_return(version=version, actor=user, reason=return_form.cleaned_data["reason"])
            done = "已退回修改。"
        else:
            raise Http404
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("gov_services:staff-guide", pk=version.pk)


@login_required
@require_GET
def guide_export(request):
    """导出Excel: the published catalogue of the user's department (every department for the office)."""
    user = _staff(request)
    department = None if GUIDE_POLICY.sees_all(user) else user.department
    data = catalogue_xlsx.export_workbook(catalogue_xlsx.exportable_items(department))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = ("attachment; filename=\"catalogue.xlsx\"; "
                                       "filename*=UTF-8''%E4%BA%8B%E9%A1%B9%E7%9B%AE%E5%BD%95.xlsx")
    return response


@login_required
@require_POST
def guide_import(request):
    """导入Excel: all or nothing; every row's error listed."""
    user = _staff(request)
    if not user.has_perm(DRAFT_GUIDE):
        raise PermissionDenied("您没有起草办事指南的权限。")
    form = ImportForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > catalogue_xlsx.MAX_BYTES:
            errors = [f"文件超过{catalogue_xlsx.MAX_BYTES // 1024 // 1024}MB。"]
        else:
            try:
                result = catalogue_xlsx.import_workbook(upload.read(), actor=user)
            except catalogue_xlsx.CatalogueImportError as exc:
                errors = exc.errors
            else:
                messages.success(request, result.summary)
                return redirect(f"{reverse('gov_services:staff-guides')}?state=draft")
    return render(request, "gov_services/staff/guide_import.html", {
        "form": form, "errors": errors, "NAV_SECTION": NAV}, status=400)


@login_required
@require_POST
def material_file(request, pk: int, material_id: int, kind: str):
    """上传空白模板 / 示例样本 for a material of a draft."""
    user = _staff(request)
    version = _version(user, pk)
    if kind not in catalogue.MATERIAL_FILE_KINDS:
        raise Http404
    form = MaterialFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("gov_services:staff-guide", pk=version.pk)
    try:
        material = catalogue.material_attach(version=version, material_id=material_id, kind=kind,
                                             uploaded_file=form.cleaned_data["file"], actor=user)
    except DomainError as exc:
        if exc.status_code == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已上传“{material.name}”的{catalogue.MATERIAL_FILE_KINDS[kind][1]}。")
    return redirect("gov_services:staff-guide", pk=version.pk)
