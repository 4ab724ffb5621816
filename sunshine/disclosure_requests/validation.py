"""Validation of disclosure requests (校验): the application's fields, shared by the page form, the API's serializer,
the clerk's entry and the service (which checks again whatever its caller did), and the free text of staff actions.

Everything here is pure: it reads no request and writes nothing; a refusal is a Django ValidationError with a
Chinese message (`{field: [中文]}` for the cross-field checks), turned into a DomainError by the services.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from sunshine.core import identity
from sunshine.core.errors import DomainError
from sunshine.core.text import fold_full_width, has_visible_text

from .models import Consultation, DisclosureRequest
from .outcomes import ApplicantType

# --- the application (Art. 29) ------------------------------------------------------------------------------------

def _width(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Column widths, read from the models (a longer value is a DataError on PostgreSQL and silently kept on SQLite).
NAME_MAX, PHONE_MAX, ADDRESS_MAX, EMAIL_MAX, IDEMPOTENCY_KEY_MAX, RIGHT_AGENCY_MAX = (
    _width(DisclosureRequest, name)
    for name in ("applicant_name", "phone", "address", "email", "idempotency_key", "right_agency_name"))
PARTY_NAME_MAX = _width(Consultation, "party_name")
DESCRIPTION_MAX = 4000  # a text column: the application's own limit
FORM_TOKEN_MAX = 64  # the pages' one-time form token, stored as "form:<token>" / "staff:<token>"
DESCRIPTION_MIN = 5
# Free text of the staff actions and the applicant's later texts (TextFields: the limits are the case's own, so that
# a pasted book is a Chinese error, never a page that hangs or a letter of a hundred pages).
REASON_MAX = 500  # a staff action's reason (更正、转办、延期、延迟、撤回、逾期告知的理由)
SUPPLEMENT_ITEMS_MAX = 2000  # 需补正事项
SUPPLEMENT_TEXT_MAX = DESCRIPTION_MAX  # 补正内容 (it completes the description)
REPLY_TEXT_MAX = 5000  # 答复内容
WITHHELD_REASON_MAX = 2000  # 不予公开部分的理由
CONSULTATION_TEXT_MAX = 2000  # 征求意见的意见内容
APPLICANT_REASONS_MAX = DESCRIPTION_MAX  # 申请人说明的理由 (Art. 35)
NOTICE_TEXT_MAX = 2000  # 决定公开的内容、理由 (Art. 32 notice); 说明理由通知的补充说明
PHONE_INVALID = "联系电话无效：请填写11位手机号码或带区号的固定电话。"
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"), "-")


def validate_phone(value: str) -> str:
    """A mobile number (SMS notices: 11 digits, +86 / 0086 accepted) or a landline with its area code
    (0722-1234567, 10 to 12 digits from 0, hyphens kept). Full-width digits and dashes are folded first; any other
    character than ASCII digits, spaces, hyphens and a leading + is refused ("0²22-…", "٣")."""
    compact = re.sub(r"\s", "", fold_full_width(value).translate(_DASHES))
    if not compact.isascii():
        raise ValidationError(PHONE_INVALID, code="invalid_phone")
    try:
        return identity.normalize_mobile(compact)
    except ValidationError:
        pass
    landline = re.sub("-+", "-", compact).strip("-")
    if re.fullmatch(r"0[0-9]{9,11}", landline.replace("-", "")) and len(landline) <= PHONE_MAX:
        return landline
    raise ValidationError(PHONE_INVALID, code="invalid_phone")


def _visible_count(value: str) -> int:
    return sum(1 for ch in value if unicodedata.category(ch)[0] not in "CZ")


def validate_required_text(value: str, *, label: str, max_length: int) -> str:
    """A required free-text field of the application: stripped; invisible characters only ("\u200b\u200b") count
    as empty; longer than its column → a Chinese error (never a database error)."""
    value = (value or "").strip()
    if not has_visible_text(value):
        raise ValidationError(f"请填写{label}。", code="required")
    if len(value) > max_length:
        raise ValidationError(f"{label}不能超过{max_length}个字。", code="max_length")
    return value


def validate_description(value: str) -> str:
    """所需信息的描述: at least 5 visible characters, with a letter or a digit among them ("。。。。。" describes
    nothing)."""
    value = validate_required_text(value, label="所需政府信息的描述", max_length=DESCRIPTION_MAX)
    has_word = any(unicodedata.category(ch)[0] in "LN" for ch in value)
    if _visible_count(value) < DESCRIPTION_MIN or not has_word:
        raise ValidationError("请具体描述所需政府信息的名称、文号或其他特征（至少5个字）。", code="too_short")
    return value


def validate_optional_email(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > EMAIL_MAX:
        raise ValidationError(f"电子邮箱不能超过{EMAIL_MAX}个字符。", code="max_length")
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValidationError("电子邮箱格式无效。", code="invalid") from exc
    return value


def validate_idempotency_key(value: str | None) -> str | None:
    """The `Idempotency-Key` header (or a page's form token with its prefix): at most 120 visible characters, as
    stored; empty → None."""
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > IDEMPOTENCY_KEY_MAX:
        raise ValidationError(f"幂等键（Idempotency-Key）不能超过{IDEMPOTENCY_KEY_MAX}个字符。", code="key_too_long")
    if not value.isprintable():
        raise ValidationError("幂等键（Idempotency-Key）含有控制字符。", code="key_invalid")
    return value


def clean_application(data: dict) -> dict:
    """The application's free-text fields validated and normalised, the identity number checked against the
    applicant type and the delivery against the e-mail address (shared by the service, which checks again
    whatever its caller did). Raises ValidationError({field: [中文]})."""
    cleaners = {
        "applicant_name": lambda v: validate_required_text(v, label="申请人姓名或名称", max_length=NAME_MAX),
        "phone": validate_phone,
        "address": lambda v: validate_required_text(v, label="通信地址", max_length=ADDRESS_MAX),
        "email": validate_optional_email,
        "description": validate_description,
    }
    cleaned, errors = dict(data), {}
    for field, clean in cleaners.items():
        try:
            cleaned[field] = clean(data.get(field) or "")
        except ValidationError as exc:
            errors[field] = exc.messages
    checks = [lambda: validate_applicant(applicant_type=data.get("applicant_type") or "",
                                         id_number=data.get("id_number") or "")]
    if "email" not in errors:
        checks.append(lambda: validate_delivery(delivery=data.get("delivery") or "", email=cleaned["email"]))
    errors.update(collect_errors(*checks))
    if errors:
        raise ValidationError(errors)
    return cleaned


def collect_errors(*checks) -> dict[str, list[str]]:
    """Run every check (a callable raising ValidationError({field: [中文]})); their messages merged by field. The
    application's cross-field checks run this way in the service, the page form and the API alike."""
    errors: dict[str, list[str]] = {}
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    return errors


EMAIL_DELIVERY_NEEDS_ADDRESS = "选择“电子邮件”获取方式时，请填写电子邮箱。"


def validate_delivery(*, delivery: str, email: str) -> None:
    """Delivery by e-mail needs an address to send to (otherwise the reply could not be delivered as asked).

    Raises ValidationError({"email": …}) in Chinese."""
    if delivery == DisclosureRequest.Delivery.EMAIL and not (email or "").strip():
        raise ValidationError({"email": [EMAIL_DELIVERY_NEEDS_ADDRESS]})


def validate_applicant(*, applicant_type: str, id_number: str) -> tuple[str, str]:
    """Natural persons give a resident ID, organisations a unified social credit code (Art. 29(1)).

    Returns (id_type, compact number); raises ValidationError({"id_number": …}) in Chinese.
    """
    try:
        if applicant_type == ApplicantType.NATURAL_PERSON:
            return DisclosureRequest.IdType.RESIDENT_ID, identity.normalize_resident_id(
                (id_number or "").strip().upper())
        return DisclosureRequest.IdType.CREDIT_CODE, identity.normalize_credit_code((id_number or "").strip().upper())
    except ValidationError as exc:
        if applicant_type == ApplicantType.NATURAL_PERSON:
            message = "自然人请填写有效的居民身份证号码（18位，含校验码）。"
        else:
            message = "法人或其他组织请填写有效的统一社会信用代码（18位，含校验码）。"
        raise ValidationError({"id_number": [message]}) from exc


# --- free text of staff actions -----------------------------------------------------------------------------------

def staff_text(value: str) -> str:
    """Free text of a staff action, stripped; invisible characters only ("\u200b") are no text."""
    value = (value or "").strip()
    return value if has_visible_text(value) else ""


def reason_required(reason: str, what: str, *, max_length: int = REASON_MAX) -> str:
    """A required reason of a staff action (`what` names it: "更正理由", "转办理由"…); DomainError on field `reason`
    (missing, or longer than `max_length`)."""
    reason = staff_text(reason)
    if not reason:
        raise DomainError(f"请填写{what}。", code="reason_required", field="reason")
    return limited_text(reason, label=what, max_length=max_length, field="reason")


def too_long_message(label: str, max_length: int) -> str:
    return f"{label}不能超过{max_length}个字。"


def limited_text(value: str, *, label: str, max_length: int, field: str) -> str:
    """Free text of a staff action or the applicant's later text, checked against its limit in the service (the
    forms and the API check the same limit first): DomainError `too_long` on `field` with a Chinese message."""
    value = staff_text(value)
    if len(value) > max_length:
        raise DomainError(too_long_message(label, max_length), code="too_long", field=field)
    return value


__all__ = ["ADDRESS_MAX", "APPLICANT_REASONS_MAX", "CONSULTATION_TEXT_MAX", "DESCRIPTION_MAX", "DESCRIPTION_MIN",
           "EMAIL_DELIVERY_NEEDS_ADDRESS", "EMAIL_MAX", "FORM_TOKEN_MAX", "IDEMPOTENCY_KEY_MAX", "NAME_MAX",
           "NOTICE_TEXT_MAX", "PARTY_NAME_MAX", "PHONE_INVALID", "PHONE_MAX", "REASON_MAX", "REPLY_TEXT_MAX",
           "RIGHT_AGENCY_MAX", "SUPPLEMENT_ITEMS_MAX", "SUPPLEMENT_TEXT_MAX", "WITHHELD_REASON_MAX",
           "clean_application", "collect_errors", "limited_text", "reason_required", "staff_text", "too_long_message",
           "validate_applicant", "validate_delivery", "validate_description", "validate_idempotency_key",
           "validate_optional_email", "validate_phone", "validate_required_text"]
