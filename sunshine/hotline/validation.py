"""Validation of a ticket's intake (受理) fields: shared by the web form, the API and the service (which checks
again whatever the caller checked). Errors are `DomainError`s with the field and a Chinese message."""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError

from sunshine.core.errors import DomainError
from sunshine.core.identity import normalize_mobile
from sunshine.core.text import has_visible_text

from .models import Ticket

TITLE_MAX, CONTENT_MIN, CONTENT_MAX = 100, 10, 5000
NAME_MAX, ADDRESS_MAX, TEXT_MAX = 50, 200, 10000
IDEMPOTENCY_KEY_MAX = 120
# 投诉、举报: the reply and the callback need someone to reach (DOMAIN.md §8); 咨询、建议、求助、表扬 may be anonymous.
IDENTITY_REQUIRED = frozenset({Ticket.Kind.COMPLAINT, Ticket.Kind.REPORT})


def _text(value, field: str, label: str, *, required: bool = True, maximum: int = TEXT_MAX, minimum: int = 0) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not has_visible_text(value):
        raise DomainError(f"请填写{label}。", code="required", field=field)
    if "\x00" in value:
        raise DomainError(f"{label}含有不可见的控制字符。", code="invalid", field=field)
    if len(value) > maximum:
        raise DomainError(f"{label}不能超过{maximum}个字。", code="too_long", field=field)
    if value and len(value) < minimum:
        raise DomainError(f"{label}至少{minimum}个字。", code="too_short", field=field)
    return value


def required_text(value, field: str, label: str, maximum: int = TEXT_MAX) -> str:
    return _text(value, field, label, maximum=maximum)


def optional_text(value, field: str, label: str, maximum: int = 2000) -> str:
    return _text(value, field, label, required=False, maximum=maximum)


def clean_intake(data: dict) -> dict:
    """The intake fields, normalised: kind, urgency, title, content, caller name and phone, address, consent."""
    kind = data.get("kind") or ""
    if kind not in Ticket.Kind.values:
        raise DomainError("请选择诉求类型（咨询、求助、投诉、举报、建议、表扬）。", code="invalid", field="kind")
    urgency = data.get("urgency") or Ticket.Urgency.NORMAL
    if urgency not in Ticket.Urgency.values:
        raise DomainError("紧急程度无效。", code="invalid", field="urgency")
    cleaned = {
        "kind": kind, "urgency": urgency,
        "title": _text(data.get("title"), "title", "标题", maximum=TITLE_MAX),
        "content": _text(data.get("content"), "content", "诉求内容", maximum=CONTENT_MAX, minimum=CONTENT_MIN),
        "caller_name": _text(data.get("caller_name"), "caller_name", "姓名", required=False, maximum=NAME_MAX),
        "address": _text(data.get("address"), "address", "详细地址", required=False, maximum=ADDRESS_MAX),
        "consent_publish": bool(data.get("consent_publish")),
    }
    phone = (data.get("caller_phone") or "").strip() if isinstance(data.get("caller_phone"), str) else ""
    if phone:
        try:
            phone = normalize_mobile(phone)
        except ValidationError as exc:
            raise DomainError("联系电话无效：请填写11位中国大陆手机号码。", code="invalid_mobile",
                              field="caller_phone") from exc
    cleaned["caller_phone"] = phone
    if kind in IDENTITY_REQUIRED:
        label = Ticket.Kind(kind).label
        if not cleaned["caller_name"]:
            raise DomainError(f"{label}须留下姓名，以便答复和回访（您的信息不会公开）。", code="identity_required",
                              field="caller_name")
        if not phone:
            raise DomainError(f"{label}须留下联系电话，以便答复和回访（您的信息不会公开）。",
                              code="identity_required", field="caller_phone")
    return cleaned


def validate_idempotency_key(value) -> str | None:
    value = (value or "").strip() if isinstance(value, str) else ""
    if not value:
        return None
    if len(value) > IDEMPOTENCY_KEY_MAX:
        raise DomainError(f"幂等键（Idempotency-Key）不能超过{IDEMPOTENCY_KEY_MAX}个字符。",
                          code="invalid_idempotency_key")
    if not value.isprintable():
        raise DomainError("幂等键（Idempotency-Key）含有控制字符。", code="invalid_idempotency_key")
    return value


def fingerprint(data: dict) -> str:
    """A digest of what was submitted: the same key with other content is a conflict, not a replay."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
