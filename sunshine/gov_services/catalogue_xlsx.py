"""The catalogue as an Excel workbook (事项目录 .xlsx): export and import.

One workbook, one sheet per kind of row: 事项 (one row per item: its facts and the guide's elements), 申请材料,
办理环节, 特别程序, 申请表字段 (rows naming their item by 事项编码), and 填表说明 (read by people, ignored on import).

Import checks every row first and reports every error with its row ("第 12 行 申请材料：材料形式应为…"); with any
error nothing is written. Then, in one transaction: a new code makes a new item with a draft; an item whose content
differs from its published guide gets a new draft (or its open draft is updated); an identical item is left alone.
Drafts go through review (`catalogue.guide_submit` / `guide_approve`); nothing imported is public before that.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db import transaction

from sunshine.core.errors import DomainError

from . import catalogue
from .models import OPEN_VERSION_STATES, Audience, ItemType, Material, ServiceItem, VersionStatus
from .validation import FIELD_TYPES, STEP_CODES

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000
YES, NO = "是", "否"

ITEM_SHEET, MATERIAL_SHEET, STEP_SHEET, SPECIAL_SHEET, FIELD_SHEET, HELP_SHEET = (
    "事项", "申请材料", "办理环节", "特别程序", "申请表字段", "填表说明")

# (header, key) per sheet; the item code comes first everywhere
ITEM_COLUMNS = [
    ("事项编码", "code"), ("事项名称", "name"), ("事项类型", "item_type"), ("实施部门编码", "department"),
    ("办理窗口", "window"), ("服务对象", "audience"), ("主题和人生事件", "themes"), ("法律依据", "legal_basis"),
    ("前置条件", "preconditions"), ("受理条件", "acceptance_conditions"), ("审批流程", "process_description"),
    ("收费依据", "fee_basis"), ("收费标准", "fee_standard"), ("当场办结", "on_the_spot"),
    ("法定办结时限（工作日）", "statutory_limit_days"), ("承诺办结时限（工作日）", "promised_limit_days"),
    ("法定时限依据", "statutory_limit_basis"), ("容缺材料后补期限（工作日）", "deferred_period_days"),
    ("办理地点", "place"), ("办理时间", "hours"), ("咨询电话", "phone"), ("投诉电话", "complaint_phone"),
    ("到现场次数", "visits"), ("网办深度", "online_depth"), ("常见问题", "faq"),
]
MATERIAL_COLUMNS = [("事项编码", "code"), ("序号", "position"), ("材料名称", "name"), ("材料形式", "form"),
                    ("份数", "copies"), ("必需", "required"), ("可容缺", "deferrable"), ("说明", "note")]
STEP_COLUMNS = [("事项编码", "code"), ("序号", "position"), ("环节", "step"), ("环节名称", "name"),
                ("岗位", "role"), ("时限（工作日）", "limit_days")]
SPECIAL_COLUMNS = [("事项编码", "code"), ("程序名称", "name"), ("时限（工作日）", "limit_days"),
                   ("计入办理时限", "counted"), ("依据", "basis")]
FIELD_COLUMNS = [("事项编码", "code"), ("序号", "position"), ("字段名", "name"), ("标题", "label"),
                 ("类型", "type"), ("必填", "required"), ("填写说明", "help"), ("选项", "options")]
SHEETS = {ITEM_SHEET: ITEM_COLUMNS, MATERIAL_SHEET: MATERIAL_COLUMNS, STEP_SHEET: STEP_COLUMNS,
          SPECIAL_SHEET: SPECIAL_COLUMNS, FIELD_SHEET: FIELD_COLUMNS}
# what the header of each column must hold and what a cell may be, for the 填表说明 sheet
HELP = [
    ("事项类型", "、".join(ItemType.labels)),
    ("服务对象", "、".join(Audience.labels)),
    ("材料形式", "、".join(Material.Form.labels)),
    ("环节", "、".join(STEP_CODES.values()) + "（依次排列，从审查开始）"),
    ("申请表字段类型", "、".join(FIELD_TYPES.values())),
    ("是/否列", "填“是”或“否”"),
    ("时限", "工作日，整数；当场办结的事项法定、承诺时限填0"),
    ("选项", "以“|”分隔"),
    ("主题和人生事件", "填编码，以“、”分隔"),
    ("导入", "新编码新增事项；内容有变化的事项生成新版本草稿，经审核发布后才对外公开"),
]
TYPE_BY_LABEL = {label: value for value, label in ItemType.choices}
AUDIENCE_BY_LABEL = {label: value for value, label in Audience.choices}
FORM_BY_LABEL = {label: value for value, label in Material.Form.choices}
STEP_BY_LABEL = {label: code for code, label in STEP_CODES.items()}
FIELD_TYPE_BY_LABEL = {label: kind for kind, label in FIELD_TYPES.items()}
FIELD_LABELS = {
    "legal_basis": "法律依据", "statutory_limit_days": "时限", "deferred_period_days": "容缺材料后补期限",
    "visits": "到现场次数", "steps": "办理环节", "special_procedures": "特别程序", "form_fields": "申请表字段",
    "materials": "申请材料", "name": "事项名称", "item_type": "事项类型", "audience": "服务对象", "window": "办理窗口",
    "themes": "主题和人生事件", "code": "事项编码",
}


class CatalogueImportError(DomainError):
    """The workbook was refused; `errors` lists every row's error in Chinese. Nothing was written."""

    code = "catalogue_import"

    def __init__(self, errors: list[str]):
        super().__init__(f"导入失败，共{len(errors)}处错误，未导入任何内容。", code=self.code)
        self.errors = errors


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)  # new items (drafts)
    drafted: list[str] = field(default_factory=list)  # new drafts of published items, or open drafts updated
    unchanged: list[str] = field(default_factory=list)
    versions: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"新增事项{len(self.created)}个，生成或更新草稿{len(self.drafted)}个，未变化{len(self.unchanged)}个；"
                "草稿须提交审核、审核发布后才对外公开。")


# --- export ----------------------------------------------------------------------------------------------------------
def _yn(value: bool) -> str:
    return YES if value else NO


def export_rows(items) -> dict[str, list[list]]:
    """{sheet: rows (without the header)} of `items`' published guides."""
    rows: dict[str, list[list]] = {name: [] for name in SHEETS}
    for item in items:
        v = item.current_version
        if v is None:
            continue
        facts = catalogue.item_facts_of(item)
        content = catalogue.guide_content(v)
        values = {**content, **facts, "code": item.code, "department": item.department.code,
                  "item_type": ItemType(item.item_type).label, "audience": Audience(item.audience).label,
                  "themes": "、".join(facts["themes"]), "on_the_spot": _yn(v.on_the_spot)}
        rows[ITEM_SHEET].append([values[key] for _h, key in ITEM_COLUMNS])
        for i, m in enumerate(content["materials"], 1):
            rows[MATERIAL_SHEET].append([item.code, i, m["name"], Material.Form(m["form"]).label, m["copies"],
                                         _yn(m["required"]), _yn(m["deferrable"]), m["note"]])
        for i, s in enumerate(content["steps"], 1):
            rows[STEP_SHEET].append([item.code, i, STEP_CODES[s["code"]], s["name"], s.get("role", ""),
                                     s["limit_days"]])
        for p in content["special_procedures"]:
            rows[SPECIAL_SHEET].append([item.code, p["name"], p["limit_days"], _yn(p.get("counted")),
                                        p.get("basis", "")])
        for i, f in enumerate(content["form_fields"], 1):
            rows[FIELD_SHEET].append([item.code, i, f["name"], f["label"], FIELD_TYPES[f.get("type", "text")],
                                      _yn(f.get("required")), f.get("help", ""), "|".join(f.get("options") or [])])
    return rows


def exportable_items(department=None):
    qs = (ServiceItem.objects.filter(is_active=True, current_version__isnull=False)
          .select_related("department", "window", "current_version").prefetch_related(
              "themes", "current_version__materials").order_by("department__code", "code"))
    return qs.filter(department=department) if department is not None else qs


def export_workbook(items=None) -> bytes:
    """The workbook (.xlsx bytes) of `items` (default: every published item)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    items = exportable_items() if items is None else items
    wb = Workbook()
    wb.remove(wb.active)
    for name, data in export_rows(items).items():
        ws = wb.create_sheet(name)
        ws.append([h for h, _k in SHEETS[name]])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in data:
            ws.append(row)
        ws.freeze_panes = "B2"
    ws = wb.create_sheet(HELP_SHEET)
    ws.append(["项目", "说明"])
    for row in HELP:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------------------------------
def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(data: bytes) -> dict[str, list[tuple[int, dict]]]:
    """{sheet: [(row number, {key: text})]}; a file that is not a workbook or lacks a sheet or a column is refused."""
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise CatalogueImportError([f"文件超过{MAX_BYTES // 1024 // 1024}MB。"])
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any unreadable file is the user's error, reported in Chinese
        raise CatalogueImportError(["文件不是有效的Excel工作簿（.xlsx）。"]) from None
    errors, sheets = [], {}
    for name, columns in SHEETS.items():
        if name not in wb.sheetnames:
            if name == ITEM_SHEET:
                errors.append(f"缺少工作表“{name}”。")
            sheets[name] = []
            continue
        rows = wb[name].iter_rows(values_only=True)
        header = [_cell(h) for h in next(rows, ())]
        missing = [h for h, _k in columns if h not in header]
        if missing:
            errors.append(f"工作表“{name}”缺少列：{'、'.join(missing)}。")
            continue
        index = {key: header.index(h) for h, key in columns}
        out = []
        for number, row in enumerate(rows, 2):
            if number > MAX_ROWS:
                errors.append(f"工作表“{name}”超过{MAX_ROWS}行。")
                break
            values = {key: _cell(row[i]) if i < len(row) else "" for key, i in index.items()}
            if any(values.values()):
                out.append((number, values))
        sheets[name] = out
    wb.close()
    if errors:
        raise CatalogueImportError(errors)
    return sheets


class _Rows:
    """Errors collected per row."""

    def __init__(self):
        self.errors: list[str] = []

    def error(self, sheet: str, number: int, message: str) -> None:
        self.errors.append(f"第 {number} 行 {sheet}：{message}")


def _bool(value: str, label: str, default: bool = False) -> bool:
    if value == "":
        return default
    if value in (YES, NO):
        return value == YES
    raise ValueError(f"“{label}”应填“是”或“否”。")


def _int(value: str, label: str, *, default=None, low=0, high=365) -> int:
    if value == "" and default is not None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"“{label}”应为整数。") from None
    if not low <= number <= high:
        raise ValueError(f"“{label}”应在{low}到{high}之间。")
    return number


def parse(sheets) -> tuple[list[dict], list[str]]:
    """The items of the workbook as {"row", "code", "department", "facts", "content"}, and the row errors."""
    from sunshine.orgs.models import Department

    rows = _Rows()
    items: dict[str, dict] = {}
    departments = {d.code: d for d in Department.objects.filter(
        code__in={r["department"] for _n, r in sheets[ITEM_SHEET]})}
    for number, r in sheets[ITEM_SHEET]:
        code = r["code"]
        if not code:
            rows.error(ITEM_SHEET, number, "缺少事项编码。")
            continue
        if code in items:
            rows.error(ITEM_SHEET, number, f"事项编码“{code}”重复（第 {items[code]['row']} 行已有）。")
            continue
        item = {"row": number, "code": code, "department": departments.get(r["department"]), "materials": [],
                "steps": [], "special_procedures": [], "form_fields": [], "row_ok": True}
        items[code] = item
        if item["department"] is None:
            rows.error(ITEM_SHEET, number, f"没有编码为“{r['department']}”的部门。")
            item["row_ok"] = False
        if r["item_type"] not in TYPE_BY_LABEL:
            rows.error(ITEM_SHEET, number, f"事项类型“{r['item_type']}”无效，应为：{'、'.join(ItemType.labels)}。")
            item["row_ok"] = False
        if r["audience"] and r["audience"] not in AUDIENCE_BY_LABEL:
            rows.error(ITEM_SHEET, number, f"服务对象“{r['audience']}”无效，应为：{'、'.join(Audience.labels)}。")
            item["row_ok"] = False
        try:
            on_the_spot = _bool(r["on_the_spot"], "当场办结")
        except ValueError as exc:
            rows.error(ITEM_SHEET, number, str(exc))
            item["row_ok"], on_the_spot = False, False
        item["facts"] = {"name": r["name"], "item_type": TYPE_BY_LABEL.get(r["item_type"]), "window": r["window"],
                         "audience": AUDIENCE_BY_LABEL.get(r["audience"], Audience.BOTH),
                         "themes": [t for t in r["themes"].replace(",", "、").replace("，", "、").split("、") if t]}
        item["content"] = {**{k: r[k] for k in catalogue.TEXT_FIELDS}, "on_the_spot": on_the_spot,
                           **{k: r[k] for k in catalogue.NUMBER_FIELDS}}

    def owner(sheet, number, r):
        item = items.get(r["code"])
        if item is None:
            rows.error(sheet, number, f"事项编码“{r['code']}”不在“事项”工作表中。" if r["code"] else "缺少事项编码。")
        return item

    for number, r in sheets[MATERIAL_SHEET]:
        item = owner(MATERIAL_SHEET, number, r)
        if item is None:
            continue
        try:
            if not r["name"]:
                raise ValueError("缺少材料名称。")
            if len(r["name"]) > 200:
                raise ValueError("材料名称不能超过200个字符。")
            if r["form"] not in FORM_BY_LABEL:
                raise ValueError(f"材料形式“{r['form']}”无效，应为：{'、'.join(Material.Form.labels)}。")
            if any(m["name"] == r["name"] for m in item["materials"]):
                raise ValueError(f"材料“{r['name']}”在该事项中重复。")
            material = {"name": r["name"], "form": FORM_BY_LABEL[r["form"]],
                        "copies": _int(r["copies"], "份数", default=1, low=1, high=99),
                        "required": _bool(r["required"], "必需", True),
                        "deferrable": _bool(r["deferrable"], "可容缺"), "note": r["note"][:300],
                        "position": _int(r["position"], "序号", default=len(item["materials"]) + 1, high=999)}
        except ValueError as exc:
            rows.error(MATERIAL_SHEET, number, str(exc))
            continue
        item["materials"].append(material)
    for number, r in sheets[STEP_SHEET]:
        item = owner(STEP_SHEET, number, r)
        if item is None:
            continue
        try:
            if r["step"] not in STEP_BY_LABEL:
                raise ValueError(f"环节“{r['step']}”无效，应为：{'、'.join(STEP_CODES.values())}。")
            item["steps"].append({"code": STEP_BY_LABEL[r["step"]], "name": r["name"] or r["step"], "role": r["role"],
                                  "limit_days": _int(r["limit_days"], "时限"),
                                  "position": _int(r["position"], "序号", default=len(item["steps"]) + 1, high=99)})
        except ValueError as exc:
            rows.error(STEP_SHEET, number, str(exc))
    for number, r in sheets[SPECIAL_SHEET]:
        item = owner(SPECIAL_SHEET, number, r)
        if item is None:
            continue
        try:
            item["special_procedures"].append({"name": r["name"], "limit_days": _int(r["limit_days"], "时限"),
                                               "counted": _bool(r["counted"], "计入办理时限"), "basis": r["basis"]})
        except ValueError as exc:
            rows.error(SPECIAL_SHEET, number, str(exc))
    for number, r in sheets[FIELD_SHEET]:
        item = owner(FIELD_SHEET, number, r)
        if item is None:
            continue
        try:
            if r["type"] not in FIELD_TYPE_BY_LABEL:
                raise ValueError(f"类型“{r['type']}”无效，应为：{'、'.join(FIELD_TYPES.values())}。")
            entry = {"name": r["name"], "label": r["label"], "type": FIELD_TYPE_BY_LABEL[r["type"]],
                     "required": _bool(r["required"], "必填"), "help": r["help"],
                     "position": _int(r["position"], "序号", default=len(item["form_fields"]) + 1, high=999)}
            if entry["type"] == "choice":
                entry["options"] = [o.strip() for o in r["options"].replace("｜", "|").split("|") if o.strip()]
            item["form_fields"].append(entry)
        except ValueError as exc:
            rows.error(FIELD_SHEET, number, str(exc))

    parsed = []
    for item in items.values():
        for key in ("materials", "steps", "form_fields"):
            item[key].sort(key=lambda e: e.pop("position") if "position" in e else 0)
        item["content"].update({k: item[k] for k in ("materials", "steps", "special_procedures", "form_fields")})
        parsed.append(item)
    return parsed, rows.errors


def _check(item, rows: _Rows, actor) -> None:
    """The item as a whole (the rules of `catalogue.clean_*`, the drafter's scope), errors on its 事项 row."""
    from django.core.exceptions import ValidationError

    from .permissions import GUIDE_POLICY

    if not item["row_ok"]:
        return
    department = item["department"]
    if actor is not None and not GUIDE_POLICY.may_draft_for(actor, department):
        rows.error(ITEM_SHEET, item["row"], f"您没有为“{department.name}”起草办事指南的权限。")
        item["row_ok"] = False
        return
    existing = ServiceItem.objects.filter(code=item["code"]).first()
    if existing is not None and existing.department_id != department.pk:
        rows.error(ITEM_SHEET, item["row"],
                   f"事项编码“{item['code']}”已属于{existing.department.name}，不能改变实施部门。")
        item["row_ok"] = False
    for cleaner, key in ((lambda: catalogue.clean_item_facts(item["facts"], department=department), "facts"),
                         (lambda: catalogue.clean_content(item["content"]), "content")):
        try:
            item[key] = cleaner()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = FIELD_LABELS.get(name, "")
                for message in messages:
                    rows.error(ITEM_SHEET, item["row"], f"{label}：{message}" if label else message)
            item["row_ok"] = False


def import_workbook(data: bytes, *, actor) -> ImportResult:
    """Import the workbook (bytes) as drafts, all or nothing (`CatalogueImportError` with every row's error)."""
    sheets = read_workbook(data)
    items, errors = parse(sheets)
    rows = _Rows()
    rows.errors = errors
    for item in items:
        _check(item, rows, actor)
    if rows.errors:
        raise CatalogueImportError(sorted(rows.errors, key=_order))
    result = ImportResult()
    with transaction.atomic():
        for item in items:
            try:
                _write(item, actor, result)
            except DomainError as exc:
                rows.error(ITEM_SHEET, item["row"], exc.message)
        if rows.errors:
            transaction.set_rollback(True)
    if rows.errors:
        raise CatalogueImportError(rows.errors)
    return result


def _order(message: str):
    sheet_rank = {name: i for i, name in enumerate(SHEETS)}
    try:
        number = int(message.split(" ")[1])
        sheet = message.split(" ")[2].split("：")[0]
    except (IndexError, ValueError):
        return (-1, 0, message)
    return (sheet_rank.get(sheet, 9), number, message)


def _write(item, actor, result: ImportResult) -> None:
    code, facts, content = item["code"], item["facts"], item["content"]
    existing = ServiceItem.objects.filter(code=code).select_related("current_version").first()
    if existing is None:
        result.versions.append(catalogue.item_create(code=code, department=item["department"], facts=facts,
                                                     content=content, actor=actor, change_note="Excel导入"))
        result.created.append(code)
        return
    open_version = existing.versions.filter(status__in=OPEN_VERSION_STATES).first()
    if open_version is not None and open_version.status == VersionStatus.SUBMITTED:
        raise DomainError(f"事项“{code}”的第{open_version.version}版正在审核，审核完成前不能导入新内容。")
    published = existing.current_version
    if open_version is None and published is not None and _same(published, existing, facts, content):
        result.unchanged.append(code)
        return
    version = open_version or catalogue.guide_draft(item=existing, actor=actor, change_note="Excel导入")
    result.versions.append(catalogue.guide_update(version=version, content=content, facts=facts, actor=actor,
                                                  change_note="Excel导入"))
    result.drafted.append(code)


def _same(version, item, facts, content) -> bool:
    current = catalogue.guide_content(version)
    return current == content and catalogue.item_facts_of(item) == facts


__all__ = ["CatalogueImportError", "ImportResult", "export_rows", "export_workbook", "import_workbook", "parse",
           "read_workbook"]
