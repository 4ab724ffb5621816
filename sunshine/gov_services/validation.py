"""Validation of applications (办件校验): the applicant, and the item's form declared as data (申请表)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from sunshine.core.identity import IdDocumentType, normalize_id_document, normalize_mobile
from sunshine.core.text import has_visible_text

IDEMPOTENCY_KEY_MAX = 120
FIELD_TYPES = {"text": "单行文本", "textarea": "多行文本", "integer": "整数", "date": "日期", "choice": "选项"}
TEXT_MAX = 2000


def validate_idempotency_key(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > IDEMPOTENCY_KEY_MAX:
        raise ValidationError(f"幂等键（Idempotency-Key）不能超过{IDEMPOTENCY_KEY_MAX}个字符。")
    if not value.isprintable():
        raise ValidationError("幂等键（Idempotency-Key）含有控制字符。")
    return value


def clean_applicant(data: dict) -> dict:
    """applicant_name, applicant_id_type, applicant_id_number, applicant_phone → the stored forms, or a
    ValidationError per field in Chinese."""
    errors: dict[str, str] = {}
    name = str(data.get("applicant_name") or "").strip()
    if not has_visible_text(name):
        errors["applicant_name"] = "请填写申请人姓名或名称。"
    elif len(name) > 200:
        errors["applicant_name"] = "申请人姓名或名称不能超过200个字符。"
    id_type = str(data.get("applicant_id_type") or IdDocumentType.RESIDENT_ID)
    if id_type not in IdDocumentType.values:
        errors["applicant_id_type"] = "证件类型无效。"
        id_number = ""
    else:
        try:
            id_number = normalize_id_document(id_type, str(data.get("applicant_id_number") or ""))
        except ValidationError as exc:
            errors["applicant_id_number"] = exc.messages[0]
            id_number = ""
    try:
        phone = normalize_mobile(str(data.get("applicant_phone") or ""))
    except ValidationError as exc:
        errors["applicant_phone"] = exc.messages[0]
        phone = ""
    if errors:
        raise ValidationError(errors)
    return {"applicant_name": name, "applicant_id_type": id_type, "applicant_id_number": id_number,
            "applicant_phone": phone}


def clean_form(fields: list[dict], data: dict) -> dict:
    """The item's form (declared as data on the guide version): each field by its type; required ones present;
    unknown keys dropped. A ValidationError per field in Chinese."""
    data = data if isinstance(data, dict) else {}
    cleaned: dict = {}
    errors: dict[str, str] = {}
    for field in fields:
        name, label, kind = field["name"], field.get("label", field["name"]), field.get("type", "text")
        raw = data.get(name)
        value = "" if raw is None else str(raw).strip()
        if not has_visible_text(value):
            if field.get("required"):
                errors[name] = f"请填写“{label}”。"
            continue
        if len(value) > TEXT_MAX:
            errors[name] = f"“{label}”不能超过{TEXT_MAX}个字符。"
        elif kind == "integer":
            if not value.isascii() or not value.lstrip("-").isdigit():
                errors[name] = f"“{label}”应为整数。"
            else:
                cleaned[name] = int(value)
        elif kind == "date":
            try:
                cleaned[name] = dt.date.fromisoformat(value).isoformat()
            except ValueError:
                errors[name] = f"“{label}”应为日期（如 2026-09-30）。"
        elif kind == "choice":
            if value not in field.get("options", []):
                errors[name] = f"“{label}”的选项无效。"
            else:
                cleaned[name] = value
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def validate_form_declaration(fields) -> None:
    """An item's form declaration itself (admin, import): names unique, types known, choices with options."""
    if not isinstance(fields, list):
        raise ValidationError("申请表字段应为列表。")
    seen = set()
    for i, field in enumerate(fields, 1):
        if not isinstance(field, dict) or not field.get("name") or not field.get("label"):
            raise ValidationError(f"第{i}个字段缺少名称或标题。")
        if field["name"] in seen:
            raise ValidationError(f"字段名“{field['name']}”重复。")
        seen.add(field["name"])
        if field.get("type", "text") not in FIELD_TYPES:
            raise ValidationError(f"字段“{field['label']}”的类型无效。")
        if field.get("type") == "choice" and not field.get("options"):
            raise ValidationError(f"字段“{field['label']}”是选项类型，但没有选项。")


# 行政许可法 §45: the time of these is not counted (the same list as `services.SPECIAL_NOT_COUNTED`, which a test
# keeps equal; services imports this module, so it is spelled here too)
SPECIAL_NOT_COUNTED = ("听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审")
STEP_CODES = {"review": "审查", "decide": "决定", "certify": "制证", "deliver": "送达"}
LIMIT_MAX = 365


def _days(value, label: str) -> int:
    if isinstance(value, bool):
        raise ValidationError(f"{label}应为整数（工作日）。")
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label}应为整数（工作日）。") from None
    if days < 0 or days > LIMIT_MAX:
        raise ValidationError(f"{label}应在0到{LIMIT_MAX}个工作日之间。")
    return days


def clean_steps(steps) -> list[dict]:
    """办理环节 [{"code", "name", "role", "limit_days"[, "min_days"]}]: codes among review/decide/certify/deliver,
    each once, in that order; a name; a limit in working days; the optional 最短用时 `min_days` kept."""
    if not isinstance(steps, list):
        raise ValidationError("办理环节应为列表。")
    cleaned, order = [], list(STEP_CODES)
    last = -1
    for i, step in enumerate(steps, 1):
        if not isinstance(step, dict):
            raise ValidationError(f"第{i}个环节格式不正确。")
        code = str(step.get("code") or "").strip()
        if code not in STEP_CODES:
            raise ValidationError(f"第{i}个环节的类别无效（应为审查、决定、制证或送达）。")
        if order.index(code) <= last:
            raise ValidationError(f"环节“{STEP_CODES[code]}”重复或顺序不对（应依次为审查、决定、制证、送达）。")
        last = order.index(code)
        name = str(step.get("name") or "").strip() or STEP_CODES[code]
        role = str(step.get("role") or "").strip()
        if len(name) > 40 or len(role) > 40:
            raise ValidationError(f"第{i}个环节的名称或岗位过长（不超过40个字符）。")
        row = {"code": code, "name": name, "role": role,
               "limit_days": _days(step.get("limit_days"), f"环节“{name}”的时限")}
        if step.get("min_days") not in (None, "", 0, "0"):  # 最短用时 (体外循环 check, integrity.py), kept if declared
            row["min_days"] = _days(step.get("min_days"), f"环节“{name}”的最短用时")
        cleaned.append(row)
    if cleaned and cleaned[0]["code"] != "review":
        raise ValidationError("办理环节应从“审查”开始。")
    return cleaned


def clean_special_procedures(procedures) -> list[dict]:
    """特别程序 [{"name", "limit_days", "counted", "basis"}]: names unique; §45's are never counted."""
    if not isinstance(procedures, list):
        raise ValidationError("特别程序应为列表。")
    cleaned, seen = [], set()
    for i, proc in enumerate(procedures, 1):
        if not isinstance(proc, dict):
            raise ValidationError(f"第{i}个特别程序格式不正确。")
        name = str(proc.get("name") or "").strip()
        if not name or len(name) > 40:
            raise ValidationError(f"第{i}个特别程序缺少名称或名称过长。")
        if name in seen:
            raise ValidationError(f"特别程序“{name}”重复。")
        seen.add(name)
        counted = bool(proc.get("counted"))
        if counted and name in SPECIAL_NOT_COUNTED:
            raise ValidationError(f"“{name}”属于《行政许可法》第四十五条规定的程序，所需时间不计算在办理时限内。")
        cleaned.append({"name": name, "limit_days": _days(proc.get("limit_days"), f"特别程序“{name}”的时限"),
                        "counted": counted, "basis": str(proc.get("basis") or "").strip()[:200]})
    return cleaned


def clean_limits(*, statutory, promised, on_the_spot: bool) -> tuple[int, int]:
    """法定 and 承诺 limits: 当场办结 both 0; the promised limit never longer than the statutory one."""
    if on_the_spot:
        return 0, 0
    statutory = _days(statutory, "法定办结时限")
    promised = _days(promised, "承诺办结时限")
    if statutory == 0:
        raise ValidationError("法定办结时限应大于0（当场办结的事项请勾选“当场办结”）。")
    if promised > statutory:
        raise ValidationError("承诺办结时限不能长于法定办结时限。")
    return statutory, promised
