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
