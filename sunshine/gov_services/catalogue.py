"""Services of the catalogue (事项目录): guide versions drafted, edited, submitted, approved or returned
(`catalogue_workflow.GUIDE_WORKFLOW`), each change in one transaction with its audit event.

- `item_create` makes a new item with its first draft (not public until approved);
- `guide_draft` starts a new version of a published item as a copy of the published one, which stays public;
- `guide_update` replaces a draft's content (guide fields, limits, steps, special procedures, form fields,
  materials) after checking it;
- `guide_submit`, `guide_approve` (the version becomes `current_version`; the one it replaces is superseded),
  `guide_return` (a reason is required), `guide_discard`.
The content of a version as plain data (`guide_content`) is what the .xlsx import and export read and write.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.cases.workflow import SYSTEM
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.core.text import has_visible_text

from .catalogue_workflow import GUIDE_WORKFLOW
from .models import (
    OPEN_VERSION_STATES,
    Audience,
    CombinedComponent,
    ItemType,
    Material,
    ServiceItem,
    ServiceItemVersion,
    Theme,
    VersionStatus,
)
from .permissions import GUIDE_POLICY
from .validation import clean_limits, clean_special_procedures, clean_steps, validate_form_declaration

# the guide's own fields of a version, copied into a new draft and compared on import
TEXT_FIELDS = ("legal_basis", "preconditions", "acceptance_conditions", "process_description", "fee_basis",
               "fee_standard", "statutory_limit_basis", "place", "hours", "phone", "complaint_phone",
               "online_depth", "faq")
NUMBER_FIELDS = ("statutory_limit_days", "promised_limit_days", "deferred_period_days", "visits")
GUIDE_FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, "on_the_spot")
LIST_FIELDS = ("special_procedures", "steps", "form_fields")
MATERIAL_FIELDS = ("name", "form", "copies", "required", "deferrable", "note")
ITEM_FACTS = ("name", "item_type", "window", "audience", "themes")
TEXT_MAX = {"statutory_limit_basis": 200, "place": 200, "hours": 200, "phone": 40, "complaint_phone": 40,
            "online_depth": 40}
LONG_TEXT_MAX = 5000


def _invalid(exc: ValidationError, field: str | None = None) -> DomainError:
    return DomainError("；".join(exc.messages), code="invalid", field=field)


# --- the content as data ---------------------------------------------------------------------------------------------
def item_facts_of(item: ServiceItem) -> dict:
    return {"name": item.name, "item_type": item.item_type, "window": item.window.number if item.window else "",
            "audience": item.audience, "themes": sorted(t.code for t in item.themes.all())}


def guide_content(version: ServiceItemVersion, *, materials=None) -> dict:
    """The version's content as plain data (guide fields, lists, materials), comparable and exportable."""
    data = {f: getattr(version, f) for f in GUIDE_FIELDS}
    for f in LIST_FIELDS:
        data[f] = list(getattr(version, f) or [])
    rows = materials if materials is not None else version.materials.all()
    data["materials"] = [{f: getattr(m, f) for f in MATERIAL_FIELDS} for m in rows]
    return data


def clean_content(data: dict) -> dict:
    """Check a version's content (a form's or an imported row's); a ValidationError per field in Chinese."""
    errors: dict[str, str] = {}
    out = {}
    for f in TEXT_FIELDS:
        value = str(data.get(f) or "").strip()
        limit = TEXT_MAX.get(f, LONG_TEXT_MAX)
        if len(value) > limit:
            errors[f] = f"“{ServiceItemVersion._meta.get_field(f).verbose_name}”不能超过{limit}个字符。"
        out[f] = value
    if not has_visible_text(out["legal_basis"]):
        errors["legal_basis"] = "请填写法律依据。"
    out["fee_standard"] = out["fee_standard"] or "不收费"
    out["on_the_spot"] = bool(data.get("on_the_spot"))
    try:
        out["statutory_limit_days"], out["promised_limit_days"] = clean_limits(
            statutory=data.get("statutory_limit_days"), promised=data.get("promised_limit_days"),
            on_the_spot=out["on_the_spot"])
    except ValidationError as exc:
        errors["statutory_limit_days"] = exc.messages[0]
    for f, label, default in (("deferred_period_days", "容缺材料后补期限", 10), ("visits", "到现场次数", 1)):
        raw = data.get(f)
        raw = default if raw in (None, "") else raw
        try:
            value = int(str(raw).strip())
            if not 0 <= value <= 365:
                raise ValueError
            out[f] = value
        except ValueError:
            errors[f] = f"“{label}”应为0到365之间的整数。"
    for f, clean in (("steps", clean_steps), ("special_procedures", clean_special_procedures)):
        try:
            out[f] = clean(data.get(f) or [])
        except ValidationError as exc:
            errors[f] = exc.messages[0]
    if out.get("on_the_spot") and out.get("steps"):
        errors["steps"] = "当场办结的事项不设办理环节。"
    fields = data.get("form_fields") or []
    try:
        validate_form_declaration(fields)
        out["form_fields"] = [_clean_field(f) for f in fields]
    except ValidationError as exc:
        errors["form_fields"] = exc.messages[0]
    materials = data.get("materials") or []
    out["materials"] = []
    names = set()
    for i, m in enumerate(materials, 1):
        name = str(m.get("name") or "").strip()
        if not name or len(name) > 200:
            errors["materials"] = f"第{i}项材料缺少名称或名称超过200个字符。"
            break
        if name in names:
            errors["materials"] = f"材料“{name}”重复。"
            break
        names.add(name)
        if m.get("form") not in Material.Form.values:
            errors["materials"] = f"材料“{name}”的形式无效。"
            break
        try:
            copies = int(m.get("copies") if m.get("copies") not in (None, "") else 1)
            if not 1 <= copies <= 99:
                raise ValueError
        except (TypeError, ValueError):
            errors["materials"] = f"材料“{name}”的份数应为1到99之间的整数。"
            break
        out["materials"].append({"name": name, "form": m["form"], "copies": copies,
                                 "required": bool(m.get("required")), "deferrable": bool(m.get("deferrable")),
                                 "note": str(m.get("note") or "").strip()[:300]})
    if errors:
        raise ValidationError(errors)
    return out


def _clean_field(field: dict) -> dict:
    out = {"name": str(field["name"]).strip(), "label": str(field["label"]).strip(),
           "type": field.get("type") or "text", "required": bool(field.get("required")),
           "help": str(field.get("help") or "").strip()}
    if out["type"] == "choice":
        out["options"] = [str(o).strip() for o in field.get("options") or [] if str(o).strip()]
    if not out["name"].isidentifier() or not out["name"].isascii():
        raise ValidationError(f"字段名“{out['name']}”只能用英文字母、数字和下划线，且不以数字开头。")
    return out


def clean_item_facts(data: dict, *, department) -> dict:
    """The item's facts (name, type, window number, audience, theme codes) of a draft."""
    from sunshine.orgs.models import Window

    errors = {}
    name = str(data.get("name") or "").strip()
    if not has_visible_text(name) or len(name) > 200:
        errors["name"] = "请填写事项名称（不超过200个字符）。"
    if data.get("item_type") not in ItemType.values:
        errors["item_type"] = "事项类型无效。"
    audience = data.get("audience") or Audience.BOTH
    if audience not in Audience.values:
        errors["audience"] = "服务对象无效（个人办事、法人办事或个人和法人）。"
    window = str(data.get("window") or "").strip()
    if window and not Window.objects.filter(division=department.division_id, number=window,
                                            department=department).exists():
        errors["window"] = f"{department.name}没有{window}号窗口。"
    themes = sorted({str(t).strip() for t in data.get("themes") or [] if str(t).strip()})
    unknown = set(themes) - set(Theme.objects.filter(code__in=themes).values_list("code", flat=True))
    if unknown:
        errors["themes"] = f"没有这些主题或人生事件：{'、'.join(sorted(unknown))}。"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "item_type": data["item_type"], "window": window, "audience": audience, "themes": themes}


# --- changes ----------------------------------------------------------------------------------------------------------
def _ensure_may_draft(actor, department) -> None:
    if not GUIDE_POLICY.may_draft_for(actor, department):
        raise CapabilityRequired(f"您没有为“{department.name}”起草办事指南的权限。")


def _write_content(version: ServiceItemVersion, content: dict) -> None:
    for f in (*GUIDE_FIELDS, *LIST_FIELDS):
        setattr(version, f, content[f])
    version.save()
    version.materials.all().delete()
    Material.objects.bulk_create([Material(version=version, position=i, **m)
                                  for i, m in enumerate(content["materials"], 1)])


@transaction.atomic
def item_create(*, code: str, department, facts: dict, content: dict, actor,
                change_note: str = "") -> ServiceItemVersion:
    """A new item (新增事项) with its first version as a draft; public only once approved."""
    _ensure_may_draft(actor, department)
    code = (code or "").strip()
    if not code or len(code) > 40 or not code.isprintable() or "/" in code:
        raise DomainError("事项编码不能为空，不超过40个字符，不含“/”。", code="invalid", field="code")
    if ServiceItem.objects.filter(code=code).exists():
        raise DomainError(f"事项编码“{code}”已存在。", code="duplicate", field="code")
    try:
        facts = clean_item_facts(facts, department=department)
        content = clean_content(content)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    item = ServiceItem.objects.create(code=code, name=facts["name"], item_type=facts["item_type"],
                                      department=department, audience=facts["audience"])
    version = ServiceItemVersion(item=item, version=1, status=VersionStatus.DRAFT, drafted_by=actor,
                                 item_facts=facts, change_note=change_note[:300])
    _write_content(version, content)
    record(action="gov_services.guide.create", target=version, actor=actor, department=department,
           after={"code": code, "name": facts["name"], "version": 1}, to_status=VersionStatus.DRAFT)
    return version


@transaction.atomic
def guide_draft(*, item: ServiceItem, actor, change_note: str = "") -> ServiceItemVersion:
    """A new version of `item` as a copy of its published guide (起草新版本); the published one stays public."""
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    _ensure_may_draft(actor, item.department)
    open_version = item.versions.filter(status__in=OPEN_VERSION_STATES).first()
    if open_version is not None:
        raise DomainError(f"该事项已有未发布的第{open_version.version}版（{open_version.get_status_display()}），"
                          "请在该版本上修改。", code="open_version")
    source = item.current_version or item.versions.order_by("-version").first()
    number = (item.versions.aggregate(n=Max("version"))["n"] or 0) + 1
    version = ServiceItemVersion(item=item, version=number, status=VersionStatus.DRAFT, drafted_by=actor,
                                 item_facts=item_facts_of(item), change_note=change_note[:300])
    if source is None:
        raise DomainError("该事项没有可复制的版本。", code="no_version")
    version.fee_schedule = source.fee_schedule  # the fee standard as data (fees.py) goes with the guide
    _write_content(version, {**guide_content(source), "materials": []})
    # a combined matter (并联审批) keeps its component items (CombinedComponent) in the new version
    CombinedComponent.objects.bulk_create([
        CombinedComponent(version=version, item_id=c.item_id, position=c.position) for c in source.components.all()])
    Material.objects.bulk_create([
        Material(version=version, position=m.position, name=m.name, form=m.form, copies=m.copies,
                 required=m.required, deferrable=m.deferrable, note=m.note, template_file_id=m.template_file_id,
                 sample_file_id=m.sample_file_id) for m in source.materials.all()])
    record(action="gov_services.guide.draft", target=version, actor=actor, department=item.department,
           after={"version": number, "from_version": source.version}, to_status=VersionStatus.DRAFT)
    return version


def guide_update(*, version: ServiceItemVersion, content: dict, actor, facts: dict | None = None,
                 change_note: str | None = None) -> ServiceItemVersion:
    """Replace a draft's content (修改草稿): checked first; nothing is saved when anything is wrong."""
    item = version.item
    try:
        cleaned = clean_content(content)
        cleaned_facts = clean_item_facts(facts, department=item.department) if facts is not None else None
    except ValidationError as exc:
        raise _invalid(exc) from exc
    with GUIDE_WORKFLOW.step(version, "edit", actor=actor, department=item.department) as step:
        v = step.obj
        before = guide_content(v)
        old = {m.name: (m.template_file_id, m.sample_file_id) for m in v.materials.all()}
        _write_content(v, cleaned)
        for m in v.materials.all():  # a material kept by name keeps its template and sample files
            if m.name in old and any(old[m.name]):
                m.template_file_id, m.sample_file_id = old[m.name]
                m.save(update_fields=["template_file", "sample_file"])
        fields = {}
        if cleaned_facts is not None:
            fields["item_facts"] = cleaned_facts
        if change_note is not None:
            fields["change_note"] = change_note[:300]
        step.set(**fields)
        changed = sorted(k for k in cleaned if before.get(k) != cleaned[k])
        step.audit(after={"changed": changed})
    return step.obj


def guide_submit(*, version: ServiceItemVersion, actor) -> ServiceItemVersion:
    with GUIDE_WORKFLOW.step(version, "submit", actor=actor, department=version.item.department) as step:
        step.set(return_reason="")
        step.audit(after={"version": step.obj.version})
    return step.obj


def guide_return(*, version: ServiceItemVersion, actor, reason: str) -> ServiceItemVersion:
    reason = (reason or "").strip()
    if not has_visible_text(reason):
        raise DomainError("退回须写明理由。", code="reason_required", field="reason")
    with GUIDE_WORKFLOW.step(version, "return", actor=actor, reason=reason,
                             department=version.item.department) as step:
        step.set(return_reason=reason[:2000], reviewed_by=actor)
    return step.obj


def guide_discard(*, version: ServiceItemVersion, actor) -> ServiceItemVersion:
    with GUIDE_WORKFLOW.step(version, "discard", actor=actor, department=version.item.department) as step:
        pass
    return step.obj


@transaction.atomic
def guide_approve(*, version: ServiceItemVersion, actor, on=None) -> ServiceItemVersion:
    """审核发布: the version becomes the item's current one (public, used by new applications); the version it
    replaces is superseded; the item's drafted facts (name, type, window, audience, themes) take effect. A running
    case keeps the version it was registered under."""
    from sunshine.orgs.models import Window

    item = version.item
    with GUIDE_WORKFLOW.step(version, "approve", actor=actor, department=item.department) as step:
        v = step.obj
        if v.drafted_by_id is not None and actor is not None and v.drafted_by_id == actor.pk:
            raise CapabilityRequired("不能审核自己起草的版本，请由本部门其他审核人审核。")
        item = ServiceItem.objects.select_for_update().get(pk=v.item_id)
        previous = item.versions.filter(status=VersionStatus.PUBLISHED).first()
        if previous is not None:
            GUIDE_WORKFLOW.transition(previous, "supersede", actor=actor, performed_by=SYSTEM,
                                      department=item.department, audit_after={"by_version": v.version})
        step.set(published_on=on or timezone.localdate(), reviewed_by=actor, return_reason="")
        facts = v.item_facts or {}
        update = ["current_version"]
        item.current_version = v
        if facts:
            item.name, item.item_type, item.audience = facts["name"], facts["item_type"], facts["audience"]
            item.window = (Window.objects.filter(division=item.department.division_id, number=facts["window"],
                                                 department=item.department).first()
                           if facts.get("window") else None)
            update += ["name", "item_type", "audience", "window"]
            item.themes.set(Theme.objects.filter(code__in=facts.get("themes") or []))
        item.save(update_fields=update)
        if v.components.exists():  # 联办事项: its limits are the components' (45 joint, the longest promise)
            from .parallel import overall_limits

            statutory, promised = overall_limits(v)
            step.set(statutory_limit_days=statutory, promised_limit_days=promised, on_the_spot=False)
        step.audit(after={"version": v.version, "replaces": previous.version if previous else None})
    return step.obj


MATERIAL_FILE_KINDS = {"template": ("template_file", "空白模板"), "sample": ("sample_file", "示例样本")}


def material_attach(*, version: ServiceItemVersion, material_id: int, kind: str, uploaded_file,
                    actor) -> Material:
    """Attach a blank template (空白模板) or a filled-in sample (示例样本) to a material of a draft; the file goes
    through the kernel's checks (type sniffed, size-limited) and is public once the version is published."""
    from sunshine.files.services import store_upload

    if kind not in MATERIAL_FILE_KINDS:
        raise DomainError("文件类别无效。", code="invalid", field="kind")
    field, label = MATERIAL_FILE_KINDS[kind]
    with GUIDE_WORKFLOW.step(version, "edit", actor=actor, department=version.item.department) as step:
        material = step.obj.materials.filter(pk=material_id).first()
        if material is None:
            raise DomainError("该材料不在这个版本中，请刷新页面后重试。", code="not_found")
        stored = store_upload(uploaded_file=uploaded_file, actor=actor, purpose=f"gov_services.material_{kind}")
        setattr(material, field, stored)
        material.save(update_fields=[field])
        step.audit(after={"material": material.name, "file": label, "name": stored.original_name})
    return material


def versions_for_review(user):
    """The versions waiting in `user`'s scope (drafts, submitted, returned), newest first."""
    return (GUIDE_POLICY.visible_to(user, ServiceItemVersion.objects.select_related(
        "item__department", "drafted_by")).filter(status__in=OPEN_VERSION_STATES).order_by("-created_at", "-id"))


__all__ = ["GUIDE_FIELDS", "LIST_FIELDS", "MATERIAL_FIELDS", "clean_content", "clean_item_facts", "guide_approve",
           "guide_content", "guide_discard", "guide_draft", "guide_return", "guide_submit", "guide_update",
           "item_create", "item_facts_of", "versions_for_review"]
