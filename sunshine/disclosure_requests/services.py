"""Every write to a disclosure request (依申请公开). The only module that sets `DisclosureRequest.status`.

Each transition: locks the row, checks the capability and the transition table (`workflow.TRANSITIONS`),
applies the statutory clock operation (`sunshine.clocks.services`), writes an audit event, issues the letter
(`letters.issue`: its text is fixed in the transaction, its .docx is built after commit by a task) and notifies
the applicant after commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from sunshine.accounts.scoping import department_scope, has_capability
from sunshine.audit.services import record
from sunshine.clocks import services as clocks
from sunshine.core import identity
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.core.text import fold_full_width, has_visible_text
from sunshine.orgs.models import Department
from sunshine.tracking import services as tracking

from . import deadlines, fees, letters
from .models import Consultation, DisclosureRequest, RequestDocument
from .outcomes import ApplicantType, Outcome
from .workflow import TRANSITIONS, Status, ensure_transition

logger = logging.getLogger(__name__)

REPLY_CLOCK = "disclosure_request.reply"
SUPPLEMENT_CLOCK = "disclosure_request.supplement"
DEFAULT_DEPARTMENT_CODE = "zfb"  # 县人民政府办公室 (houses the disclosure office)


# --- secrets and codes (the kernel's, sunshine.tracking, in namespace "ysq"; kept importable from here) ---------

SECRET_NAMESPACE = "ysq"  # stored hashes are HMAC("ysq-secret:…"), derived secrets HMAC("ysq-idem:…")
normalize_code = tracking.normalize_code
new_secret = tracking.new_secret


def hash_secret(secret: str) -> str:
    return tracking.hash_secret(secret, namespace=SECRET_NAMESPACE)


def check_secret(request: DisclosureRequest, secret: str) -> bool:
    return tracking.check_secret(request.verification_secret_hash, secret, namespace=SECRET_NAMESPACE)


def derived_secret(idempotency_key: str) -> str:
    """The secret of a submission with an idempotency key: derived, so a replay can return the same body."""
    return tracking.derived_secret(idempotency_key, namespace=SECRET_NAMESPACE)


def new_tracking_code(year: int) -> str:
    """查询码: YSQ<year>-<8 random characters> (not sequential, so codes cannot be enumerated)."""
    return tracking.new_tracking_code("YSQ", year)


def fingerprint(data: dict) -> str:
    """A digest of a submission's fields, to tell a replay from a different application under the same key."""
    keys = ["department", "applicant_name", "applicant_type", "id_number", "phone", "address", "email", "description",
            "form", "delivery"]
    text = "\x1f".join(str(data.get(k, "")) for k in keys)
    return hashlib.sha256(text.encode()).hexdigest()


# --- validation shared by the form, the API and the clerk's entry -------------------------------------------------

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


def default_department() -> Department | None:
    return Department.objects.filter(code=DEFAULT_DEPARTMENT_CODE, is_active=True).first()


# --- side effects -----------------------------------------------------------------------------------------------

def issue_letter(request: DisclosureRequest, kind: str, *, actor=None, **context) -> RequestDocument:
    """Issue the letter of `kind` for the case: its printable HTML now, in this transaction; its .docx after commit
    (`letters.issue`, `letters.complete`)."""
    return letters.issue(request, kind, actor=actor, **context)


def _notify_applicant(request: DisclosureRequest, body: str, *, subject: str = "") -> None:
    from sunshine.notify.services import notify

    text = f"{body}（查询码 {request.tracking_code}）"
    if request.phone and identity.MOBILE_RE.match(request.phone):  # a landline gets the letter, not an SMS
        notify(channel="sms", phone=request.phone, body=text, related=request)
    if request.citizen_id:
        notify(channel="inbox", user=request.citizen, subject=subject or "政府信息公开申请", body=text,
               related=request)
    if request.email and request.delivery == DisclosureRequest.Delivery.EMAIL:
        notify(channel="email", email=request.email, subject=subject or "政府信息公开申请", body=text,
               related=request)


# --- helpers ----------------------------------------------------------------------------------------------------

def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _action_day(on: dt.date | None, request: DisclosureRequest, *floors: dt.date | None) -> dt.date:
    """The day of a staff action: `on` when given; otherwise today, but never before the receipt date (an online
    application that arrived on a holiday is received on the next working day, Art. 31) or the given floors."""
    if on is not None:
        return on
    days = [timezone.localdate(), request.received_on, *(f for f in floors if f is not None)]
    return max(days)


def _lock(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def _authorize(action: str, request: DisclosureRequest, actor) -> str:
    """Check the transition and the actor's capability; returns the target status."""
    transition = ensure_transition(action, request.status)
    if transition.capability is not None:
        _check_staff(request, actor, transition.capability)
    return transition.target or request.status


def _check_staff(request: DisclosureRequest, actor, capability: str) -> None:
    if not has_capability(actor, capability):
        if capability.endswith("approve_extension"):
            raise CapabilityRequired("延期答复须经政府信息公开工作机构负责人批准。")
        raise CapabilityRequired("没有办理依申请公开的权限。")
    if not department_scope(actor, DisclosureRequest.objects.filter(pk=request.pk)).exists():
        raise CapabilityRequired("该申请不属于您所在的部门。")


def _snapshot(request: DisclosureRequest) -> dict:
    return {"status": request.status, "outcome": request.outcome, "department": request.department_id,
            "received_on": request.received_on, "decided_on": request.decided_on}


def _set(request: DisclosureRequest, fields: dict) -> None:
    for name, value in fields.items():
        setattr(request, name, value)
    request.save(update_fields=[*fields, "updated_at"])


def _text(value: str) -> str:
    """Free text of a staff action, stripped; invisible characters only ("\u200b") are no text."""
    value = (value or "").strip()
    return value if has_visible_text(value) else ""


def _reason_required(reason: str, what: str) -> str:
    reason = _text(reason)
    if not reason:
        raise DomainError(f"请填写{what}。", code="reason_required", field="reason")
    return reason


def _stop_clock(clock, *, on: dt.date, actor, reason: str) -> None:
    if clock is not None and clock.state != clock.State.STOPPED:
        clocks.clock_stop(clock, on=max(on, clock.started_on), actor=actor, reason=reason)


# --- submission (Art. 29, 31) -----------------------------------------------------------------------------------

@dataclass
class Submission:
    request: DisclosureRequest
    secret: str
    created: bool


def request_submit(*, data: dict, department: Department, channel: str = DisclosureRequest.Channel.ONLINE,
                   citizen=None, entered_by=None, received_on: dt.date | None = None,
                   idempotency_key: str | None = None, submitted_at: dt.datetime | None = None) -> Submission:
    """Register an application (登记申请). `data` holds validated fields (applicant_name, applicant_type, id_number,
    phone, address, email, description, form, delivery).

    With an idempotency key, a second call (even concurrent) returns the first request (`created=False`) and the
    same secret; a different application under the same key is refused.
    """
    try:
        key = validate_idempotency_key(idempotency_key)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_idempotency_key") from exc
    try:
        data = clean_application(data)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], code="invalid", field=field) from exc
    digest = fingerprint({**data, "department": department.code})
    for attempt in range(6):
        if key:
            existing = _find_by_key(key)
            if existing is not None:
                return _replay(existing, key, digest)
        try:
            return _submit(data=data, department=department, channel=channel, citizen=citizen, entered_by=entered_by,
                           received_on=received_on, key=key, digest=digest, submitted_at=submitted_at)
        except IntegrityError:
            if key and DisclosureRequest.objects.filter(idempotency_key=key).exists():
                continue  # a concurrent submission with the same key won: return it on the next pass
            if attempt >= 3:
                raise
        except OperationalError as exc:  # SQLite under heavy concurrency: "database is locked"
            if "locked" not in str(exc) or transaction.get_connection().in_atomic_block or attempt >= 5:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise DomainError("系统繁忙，请稍后重试。", code="busy")  # pragma: no cover


def _find_by_key(key: str) -> DisclosureRequest | None:
    return DisclosureRequest.objects.filter(idempotency_key=key).first()


def request_by_idempotency_key(key: str) -> DisclosureRequest | None:
    """The request registered under `key` (a page's "form:<token>"): for the page that answers a resubmission."""
    return _find_by_key(key) if key else None


def _replay(existing: DisclosureRequest, key: str, digest: str) -> Submission:
    if existing.idempotency_fingerprint and existing.idempotency_fingerprint != digest:
        raise DomainError("该幂等键（Idempotency-Key）已用于另一份不同的申请。", code="idempotency_conflict")
    return Submission(request=existing, secret=derived_secret(key), created=False)


@transaction.atomic
def _submit(*, data, department, channel, citizen, entered_by, received_on, key, digest, submitted_at) -> Submission:
    submitted_at = submitted_at or timezone.now()
    submitted_on = timezone.localdate(submitted_at)
    if received_on is None:
        received_on = deadlines.receipt_date(channel=channel, submitted_on=submitted_on)
    id_type, id_number = validate_applicant(applicant_type=data["applicant_type"], id_number=data["id_number"])
    secret = derived_secret(key) if key else new_secret()
    request = DisclosureRequest(
        tracking_code=new_tracking_code(received_on.year),
        verification_secret_hash=hash_secret(secret),
        department=department,
        applicant_name=data["applicant_name"].strip(),
        applicant_type=data["applicant_type"],
        id_type=id_type,
        id_number=id_number,
        phone=data["phone"],
        address=data["address"].strip(),
        email=data.get("email") or "",
        description=data["description"].strip(),
        form=data["form"],
        delivery=data["delivery"],
        channel=channel,
        citizen=citizen if (citizen is not None and getattr(citizen, "is_authenticated", False)) else None,
        entered_by=entered_by,
        submitted_at=submitted_at,
        received_on=received_on,
        status=Status.PROCESSING,
        idempotency_key=key,
        idempotency_fingerprint=digest if key else "",
    )
    request.save()
    request.reply_clock = clocks.clock_start(
        kind=REPLY_CLOCK, subject=request, department=department, started_on=received_on,
        limit_days=deadlines.REPLY_LIMIT_DAYS, actor=entered_by, label=f"依申请公开答复 {request.tracking_code}",
        reason="收到申请（条例第三十三条：20个工作日）")
    request.save(update_fields=["reply_clock"])
    record(action="disclosure_request.submit", target=request, actor=entered_by or citizen, department=department,
           after=_snapshot(request) | {"channel": channel})
    issue_letter(request, RequestDocument.Kind.RECEIPT, actor=entered_by)
    due = request.reply_clock.due_date
    _notify_applicant(request, f"您的政府信息公开申请已于{received_on:%Y年%m月%d日}收到，"
                               f"答复期限{due:%Y年%m月%d日}")
    return Submission(request=request, secret=secret, created=True)


# --- receipt date (Art. 31) -------------------------------------------------------------------------------------

@transaction.atomic
def request_correct_receipt(*, request: DisclosureRequest, received_on: dt.date, reason: str,
                            actor) -> DisclosureRequest:
    """更正收到申请日期: the reply clock is counted afresh from the corrected date (audited with the reason)."""
    request = _lock(request)
    _authorize("correct_receipt", request, actor)
    reason = _reason_required(reason, "更正理由")
    if received_on > timezone.localdate() + dt.timedelta(days=31):
        raise DomainError("收到申请日期不能晚于今天一个月以上。", code="invalid_date", field="received_on")
    if received_on < timezone.localdate(request.submitted_at) - dt.timedelta(days=31):
        raise DomainError("收到申请日期不能早于提交日期一个月以上。", code="invalid_date", field="received_on")
    before = _snapshot(request)
    clock = request.reply_clock
    if clock is not None and received_on >= clock.started_on:
        clocks.clock_restart(clock, on=received_on, limit_days=deadlines.REPLY_LIMIT_DAYS, actor=actor,
                             reason=f"更正收到申请日期：{reason}")
    else:
        _stop_clock(clock, on=timezone.localdate(), actor=actor, reason=f"更正收到申请日期，另行计时：{reason}")
        request.reply_clock = clocks.clock_start(
            kind=REPLY_CLOCK, subject=request, department=request.department, started_on=received_on,
            limit_days=deadlines.REPLY_LIMIT_DAYS, actor=actor, label=f"依申请公开答复 {request.tracking_code}",
            reason=f"更正收到申请日期：{reason}")
    _set(request, {"received_on": received_on, "reply_clock": request.reply_clock})
    record(action="disclosure_request.correct_receipt", target=request, actor=actor, before=before,
           after=_snapshot(request), reason=reason, department=request.department)
    return request


# --- supplement (Art. 30) ---------------------------------------------------------------------------------------

@transaction.atomic
def request_ask_supplement(*, request: DisclosureRequest, items: str, period_days: int, actor,
                           on: dt.date | None = None, late_reason: str = "") -> DisclosureRequest:
    """一次性告知补正: once, within 7 working days of receipt (later only with a recorded reason); the reply clock
    is paused until the supplement arrives and then counted afresh."""
    request = _lock(request)
    target = _authorize("request_supplement", request, actor)
    on = _action_day(on, request)
    items = _text(items)
    late_reason = _text(late_reason)
    if not items:
        raise DomainError("请逐项列明需要补正的事项。", code="items_required", field="items")
    if request.supplement_requested_on is not None:
        raise DomainError("补正只能一次性告知，本申请已告知过补正。", code="supplement_once")
    if not 1 <= int(period_days) <= 30:
        raise DomainError("补正期限应为 1 至 30 个工作日。", code="invalid_period", field="period_days")
    if on < request.received_on:
        raise DomainError("告知补正日期不能早于收到申请日期。", code="invalid_date", field="on")
    notice_deadline = deadlines.supplement_notice_deadline(request.received_on).date
    if on > notice_deadline and not late_reason:
        raise DomainError(
            f"条例第三十条要求自收到申请之日起7个工作日内（即{notice_deadline:%Y年%m月%d日}前）一次性告知补正，"
            "已超过该期限；如确需告知，请填写逾期告知的理由。", code="supplement_notice_late", field="late_reason")
    before = _snapshot(request)
    due = deadlines.supplement_due(on, int(period_days)).date
    clocks.clock_pause(request.reply_clock, on=on, actor=actor, reason="告知补正，等待申请人补正")
    supplement_clock = clocks.clock_start(
        kind=SUPPLEMENT_CLOCK, subject=request, department=request.department, started_on=on,
        limit_days=int(period_days), actor=actor, label=f"依申请公开补正期限 {request.tracking_code}",
        reason="告知补正（条例第三十条）")
    _set(request, {"status": target, "supplement_items": items, "supplement_requested_on": on,
                   "supplement_due_on": due, "supplement_clock": supplement_clock})
    record(action="disclosure_request.request_supplement", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"items": items, "due_on": due, "late_reason": late_reason},
           reason=late_reason, department=request.department)
    issue_letter(request, RequestDocument.Kind.SUPPLEMENT_NOTICE, actor=actor)
    _notify_applicant(request, f"您的政府信息公开申请需要补正，请于{due:%Y年%m月%d日}前补正：{items[:60]}",
                      subject="补正告知")
    return request


@transaction.atomic
def request_receive_supplement(*, request: DisclosureRequest, text: str, actor=None,
                               on: dt.date | None = None) -> DisclosureRequest:
    """收到补正: the reply limit (20 working days) is counted afresh from this day (Art. 30)."""
    request = _lock(request)
    target = ensure_transition("receive_supplement", request.status).target
    if actor is not None and getattr(actor, "kind", "") == "staff":
        _check_staff(request, actor, "disclosure_requests.handle_request")  # a supplement received on paper
    on = _action_day(on, request, request.supplement_requested_on)
    text = _text(text)
    if not text:
        raise DomainError("请填写补正内容。", code="text_required", field="text")
    if on < request.supplement_requested_on:
        raise DomainError("补正日期不能早于告知补正日期。", code="invalid_date", field="on")
    before = _snapshot(request)
    _stop_clock(request.supplement_clock, on=on, actor=actor, reason="申请人已补正")
    clocks.clock_restart(request.reply_clock, on=on, limit_days=deadlines.REPLY_LIMIT_DAYS, actor=actor,
                         reason="收到补正，答复期限自收到补正之日起重新计算（条例第三十条）")
    _set(request, {"status": target, "supplement_received_on": on, "supplement_text": text})
    record(action="disclosure_request.receive_supplement", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"supplement_received_on": on}, department=request.department)
    due = request.reply_clock.due_date
    _notify_applicant(request, f"已收到您的补正，答复期限重新计算为{due:%Y年%m月%d日}")
    return request


def _close(request: DisclosureRequest, *, outcome: str, on: dt.date, actor, action: str, reason: str = "",
           extra: dict | None = None) -> DisclosureRequest:
    before = _snapshot(request)
    _stop_clock(request.supplement_clock, on=on, actor=actor, reason=reason or "办结")
    _stop_clock(request.reply_clock, on=on, actor=actor, reason=reason or "办结")
    _set(request, {"status": Status.CLOSED, "outcome": outcome, "decided_on": on, **(extra or {})})
    record(action=action, target=request, actor=actor, before=before, after=_snapshot(request), reason=reason,
           department=request.department)
    return request


@transaction.atomic
def request_abandon_supplement(*, request: DisclosureRequest, actor=None, on: dt.date | None = None,
                               check_capability: bool = True) -> DisclosureRequest:
    """逾期未补正，视为放弃申请 (Art. 30): only after the supplement period has ended."""
    request = _lock(request)
    if check_capability:
        _authorize("abandon_supplement", request, actor)
    else:
        ensure_transition("abandon_supplement", request.status)
    on = _today(on)
    if request.supplement_due_on is None or on <= request.supplement_due_on:
        raise DomainError(f"补正期限（{request.supplement_due_on:%Y年%m月%d日}）尚未届满，不能视为放弃申请。",
                          code="supplement_period_running")
    _close(request, outcome=Outcome.SUPPLEMENT_NOT_PROVIDED, on=on, actor=actor,
           action="disclosure_request.abandon_supplement", reason="申请人逾期未补正，视为放弃申请（条例第三十条）")
    _notify_applicant(request, "您未在补正期限内补正，视为放弃申请，本机关不再处理该申请")
    return request


def close_expired_supplements(*, today: dt.date | None = None) -> int:
    """Close every request whose supplement period ended before `today` (periodic task / management command)."""
    today = _today(today)
    count = 0
    ids = DisclosureRequest.objects.filter(status=Status.AWAITING_SUPPLEMENT, supplement_due_on__lt=today
                                           ).values_list("pk", flat=True)
    for pk in list(ids):
        request_abandon_supplement(request=DisclosureRequest(pk=pk), on=today, check_capability=False)
        count += 1
    return count


# --- routing: forward within the county, split (一事一申请) ---------------------------------------------------------

@transaction.atomic
def request_forward(*, request: DisclosureRequest, to_department: Department, reason: str,
                    actor) -> DisclosureRequest:
    """转至本县负责机关办理: the request moves to `to_department`; its reply limit is unchanged (the applicant does
    not bear the internal routing), the clock now belongs to the receiving department."""
    request = _lock(request)
    _authorize("forward", request, actor)
    reason = _reason_required(reason, "转办理由")
    if to_department.pk == request.department_id:
        raise DomainError("请选择其他机关。", code="same_department", field="to_department")
    if request.consultations.exists() or request.extension_days or request.delay_days:
        raise DomainError("已征求意见或已延期的申请不能再转办，请以“非本机关负责公开”答复。", code="forward_too_late")
    before = _snapshot(request)
    old_clock = request.reply_clock
    started_on = request.supplement_received_on or request.received_on
    _stop_clock(old_clock, on=max(timezone.localdate(), started_on), actor=actor,
                reason=f"转至{to_department.name}办理")
    new_clock = clocks.clock_start(
        kind=REPLY_CLOCK, subject=request, department=to_department, started_on=started_on,
        limit_days=deadlines.REPLY_LIMIT_DAYS, actor=actor, label=f"依申请公开答复 {request.tracking_code}",
        reason=f"由{request.department.name}转来，期限不变")
    _set(request, {"forwarded_from": request.department, "department": to_department, "forwarded_to": to_department,
                   "reply_clock": new_clock})
    record(action="disclosure_request.forward", target=request, actor=actor, before=before, after=_snapshot(request),
           reason=reason, department=to_department)
    _notify_applicant(request, f"您的政府信息公开申请已转至{to_department.name}办理")
    return request


@transaction.atomic
def request_split(*, request: DisclosureRequest, items: Sequence[str], actor,
                  reason: str = "") -> list[DisclosureRequest]:
    """拆分申请（一事一申请）: one child request per item, each with its own reply clock from the same receipt date.

    The parent becomes `split` with no outcome, so the annual table counts only the children.
    """
    request = _lock(request)
    target = _authorize("split", request, actor)
    items = [text for text in map(_text, items) if text]
    if len(items) < 2:
        raise DomainError("拆分至少需要两项内容，每行一项。", code="split_items", field="items")
    if len(items) > 50:
        raise DomainError("一次最多拆分为50件。", code="split_items", field="items")
    before = _snapshot(request)
    started_on = request.supplement_received_on or request.received_on
    children = []
    for number, item in enumerate(items, start=1):
        child = DisclosureRequest.objects.create(
            tracking_code=f"{request.tracking_code}-{number}",
            verification_secret_hash=request.verification_secret_hash,
            department=request.department, applicant_name=request.applicant_name,
            applicant_type=request.applicant_type, id_type=request.id_type, id_number=request.id_number,
            phone=request.phone, address=request.address, email=request.email, description=item, form=request.form,
            delivery=request.delivery, channel=request.channel, citizen=request.citizen, entered_by=actor,
            submitted_at=request.submitted_at, received_on=request.received_on, status=Status.PROCESSING,
            parent=request, supplement_received_on=request.supplement_received_on)
        child.reply_clock = clocks.clock_start(
            kind=REPLY_CLOCK, subject=child, department=child.department, started_on=started_on,
            limit_days=deadlines.REPLY_LIMIT_DAYS, actor=actor, label=f"依申请公开答复 {child.tracking_code}",
            reason=f"由申请 {request.tracking_code} 拆分（一事一申请）")
        child.save(update_fields=["reply_clock"])
        record(action="disclosure_request.split_child", target=child, actor=actor, department=child.department,
               after=_snapshot(child) | {"parent": request.tracking_code})
        children.append(child)
    _stop_clock(request.reply_clock, on=max(timezone.localdate(), started_on), actor=actor,
                reason="已拆分为多件申请")
    _set(request, {"status": target})
    record(action="disclosure_request.split", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"children": [c.tracking_code for c in children]}, reason=reason,
           department=request.department)
    codes = "、".join(c.tracking_code for c in children)
    _notify_applicant(request, f"您的申请包含多项内容，已按一事一申请拆分为{len(children)}件分别办理：{codes}")
    return children


# --- consultation (Art. 32, 34) ---------------------------------------------------------------------------------

@transaction.atomic
def consultation_start(*, request: DisclosureRequest, kind: str, party_name: str, actor,
                       on: dt.date | None = None) -> Consultation:
    """征求意见: 15 working days for the consulted party; the reply clock is paused meanwhile (Art. 33 ¶3)."""
    request = _lock(request)
    target = _authorize("start_consultation", request, actor)
    on = _action_day(on, request, request.supplement_received_on)
    party_name = _text(party_name)
    if not party_name:
        raise DomainError("请填写被征求意见的第三方或机关名称。", code="party_required", field="party_name")
    if len(party_name) > PARTY_NAME_MAX:
        raise DomainError(f"被征求意见方不能超过{PARTY_NAME_MAX}个字。", code="too_long", field="party_name")
    if kind not in Consultation.Kind.values:
        raise DomainError("请选择征求意见对象类型。", code="invalid_kind", field="kind")
    if on < request.received_on:
        raise DomainError("征求意见日期不能早于收到申请日期。", code="invalid_date", field="on")
    before = _snapshot(request)
    consultation = Consultation.objects.create(request=request, kind=kind, party_name=party_name, started_on=on,
                                               due_on=deadlines.consultation_due(on).date)
    if request.reply_clock.state == request.reply_clock.State.RUNNING:
        clocks.clock_pause(request.reply_clock, on=on, actor=actor,
                           reason=f"征求{party_name}意见，所需时间不计入答复期限（条例第三十三条）")
    _set(request, {"status": target})
    record(action="disclosure_request.start_consultation", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"party": party_name, "kind": kind, "due_on": consultation.due_on},
           department=request.department)
    issue_letter(request, RequestDocument.Kind.CONSULTATION_LETTER, actor=actor, consultation=consultation)
    _notify_applicant(request, "您申请的信息涉及第三方或其他机关，正在征求意见，征求意见时间不计入答复期限")
    return consultation


@transaction.atomic
def consultation_answer(*, consultation: Consultation, answer: str, text: str = "", actor=None,
                        on: dt.date | None = None, check_capability: bool = True) -> Consultation:
    """登记意见 (consent / objection / silent at the end of the period). When every consultation of the request is
    answered the reply clock resumes from the day of the last answer."""
    request = _lock(consultation.request)
    if check_capability:
        _authorize("answer_consultation", request, actor)
    else:
        ensure_transition("answer_consultation", request.status)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    on = on or max(timezone.localdate(), consultation.started_on)
    if consultation.answer:
        raise DomainError("该征求意见已登记答复。", code="already_answered")
    if answer not in {Consultation.Answer.CONSENT, Consultation.Answer.OBJECTION, Consultation.Answer.SILENT}:
        raise DomainError("请选择意见。", code="invalid_answer", field="answer")
    if answer == Consultation.Answer.SILENT:
        if on <= consultation.due_on:
            raise DomainError(f"征求意见期限（{consultation.due_on:%Y年%m月%d日}）尚未届满，不能登记为逾期未提出意见。",
                              code="consultation_running", field="answer")
        on = consultation.due_on  # the period ended on its last day: the clock resumes from there
    if on < consultation.started_on:
        raise DomainError("答复日期不能早于征求意见日期。", code="invalid_date", field="on")
    consultation.answer, consultation.answered_on, consultation.answer_text = answer, on, _text(text)
    consultation.save(update_fields=["answer", "answered_on", "answer_text"])
    record(action="disclosure_request.answer_consultation", target=request, actor=actor,
           after={"party": consultation.party_name, "answer": answer, "answered_on": on,
                  "deemed_consent": consultation.deemed_consent}, department=request.department)
    pending = request.consultations.filter(answer="").exists()
    if not pending:
        resume_on = request.consultations.aggregate(last=Max("answered_on"))["last"]
        clock = request.reply_clock
        if clock.state == clock.State.PAUSED:
            clocks.clock_resume(clock, on=max(resume_on, clock.paused_on), actor=actor,
                                reason="征求意见结束，恢复计时")
        before = _snapshot(request)
        _set(request, {"status": Status.PROCESSING})
        record(action="disclosure_request.consultation_finished", target=request, actor=actor, before=before,
               after=_snapshot(request), department=request.department)
    return consultation


def close_expired_consultations(*, today: dt.date | None = None) -> int:
    """Record silence for every consultation whose 15 working days ended before `today` (Art. 32, 34)."""
    today = _today(today)
    count = 0
    for consultation in list(Consultation.objects.filter(answer="", due_on__lt=today,
                                                         request__status=Status.CONSULTING)):
        consultation_answer(consultation=consultation, answer=Consultation.Answer.SILENT, on=today,
                            check_capability=False)
        count += 1
    return count


# --- extension (Art. 33) and reasonable delay (Art. 35) ---------------------------------------------------------

@transaction.atomic
def request_approve_extension(*, request: DisclosureRequest, days: int, reason: str, actor) -> DisclosureRequest:
    """延期答复: at most 20 working days, once, approved by the head of the disclosure office, with a notice."""
    request = _lock(request)
    _authorize("approve_extension", request, actor)
    reason = _reason_required(reason, "延期理由")
    days = int(days)
    if request.extension_days:
        raise DomainError("答复期限只能延长一次。", code="extension_once")
    if not 1 <= days <= deadlines.EXTENSION_MAX_DAYS:
        raise DomainError("延长的期限最长不得超过20个工作日。", code="extension_max", field="days")
    before = _snapshot(request)
    clocks.clock_extend(request.reply_clock, days=days, approver=actor, reason=f"延期答复（条例第三十三条）：{reason}",
                        actor=actor, check_capability=False)
    _set(request, {"extension_days": days, "extension_approved_by": actor})
    record(action="disclosure_request.approve_extension", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"days": days, "due_date": request.reply_clock.due_date}, reason=reason,
           department=request.department)
    issue_letter(request, RequestDocument.Kind.EXTENSION_NOTICE, actor=actor)
    _notify_applicant(request, f"经批准，答复期限延长{days}个工作日，延长后的答复期限为"
                               f"{request.reply_clock.due_date:%Y年%m月%d日}", subject="延期答复告知")
    return request


@transaction.atomic
def request_reasonable_delay(*, request: DisclosureRequest, days: int, reason: str, actor) -> DisclosureRequest:
    """延迟答复的合理期限 (Art. 35): for an application whose volume or frequency clearly exceeds a reasonable range
    and whose reasons the agency accepts; recorded and notified. Once per request."""
    request = _lock(request)
    _authorize("reasonable_delay", request, actor)
    reason = _reason_required(reason, "延迟答复的理由")
    days = int(days)
    if request.delay_days:
        raise DomainError("本申请已确定过延迟答复期限。", code="delay_once")
    if not 1 <= days <= 60:
        raise DomainError("延迟答复期限应为 1 至 60 个工作日。", code="delay_range", field="days")
    before = _snapshot(request)
    clocks.clock_extend(request.reply_clock, days=days, approver=actor,
                        reason=f"申请数量、频次明显超过合理范围，确定延迟答复的合理期限（条例第三十五条）：{reason}",
                        actor=actor, check_capability=False)
    _set(request, {"delay_days": days, "delay_reason": reason})
    record(action="disclosure_request.reasonable_delay", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"days": days, "due_date": request.reply_clock.due_date}, reason=reason,
           department=request.department)
    issue_letter(request, RequestDocument.Kind.OTHER, actor=actor, title="延迟答复告知书")
    _notify_applicant(request, f"因申请数量明显超过合理范围，答复期限延迟至{request.reply_clock.due_date:%Y年%m月%d日}")
    return request


# --- fees (Art. 42, 国办函〔2020〕109号) ----------------------------------------------------------------------------

def rank_in_month(request: DisclosureRequest) -> int:
    """This application's rank among the applicant's applications to the same agency in its calendar month."""
    first = request.received_on.replace(day=1)
    return DisclosureRequest.objects.filter(
        Q(received_on__lt=request.received_on) | Q(received_on=request.received_on, pk__lte=request.pk),
        id_number=request.id_number, department_id=request.department_id, received_on__gte=first,
    ).exclude(status=Status.SPLIT).count()


@transaction.atomic
def request_issue_fee_notice(*, request: DisclosureRequest, method: str, actor, pages: int = 0,
                             on: dt.date | None = None) -> DisclosureRequest:
    """收费通知: the amount by 109号's bands; 20 working days to pay; the reply clock waits until payment."""
    request = _lock(request)
    target = _authorize("issue_fee_notice", request, actor)
    on = _action_day(on, request, request.supplement_received_on)
    if request.fee_notice_on is not None:
        raise DomainError("本申请已发出过收费通知。", code="fee_once")
    rank = rank_in_month(request)
    if method == fees.PER_ITEM:
        amount = fees.fee_per_item(rank)
    elif method == fees.PER_PAGE:
        if int(pages) < 1:
            raise DomainError("按量计收请填写页数。", code="pages_required", field="pages")
        if int(pages) > fees.MAX_FEE_PAGES:
            raise DomainError(f"页数过多：不能超过{fees.MAX_FEE_PAGES}页。", code="pages_too_many", field="pages")
        amount = fees.fee_per_page(int(pages))
    else:
        raise DomainError("请选择收费方式。", code="invalid_method", field="method")
    if amount <= 0:
        raise DomainError(f"按该方式计算无需收费（本月第{rank}件；按量计收30页以内免费），不能发出收费通知。",
                          code="no_fee", field="method")
    before = _snapshot(request)
    due = deadlines.fee_payment_due(on).date
    clocks.clock_pause(request.reply_clock, on=on, actor=actor,
                       reason="发出收费通知，至申请人缴费之日不计入答复期限（国办函〔2020〕109号）")
    _set(request, {"status": target, "fee_method": method, "fee_pages": int(pages or 0), "fee_rank": rank,
                   "fee_amount": amount, "fee_notice_on": on, "fee_due_on": due})
    record(action="disclosure_request.issue_fee_notice", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"method": method, "amount": amount, "rank": rank, "pages": pages, "due_on": due},
           department=request.department)
    issue_letter(request, RequestDocument.Kind.FEE_NOTICE, actor=actor)
    _notify_applicant(request, f"您的申请需缴纳信息处理费{amount}元，请于{due:%Y年%m月%d日}前缴纳，逾期视为放弃申请",
                      subject="收费通知")
    return request


@transaction.atomic
def request_record_payment(*, request: DisclosureRequest, actor, on: dt.date | None = None) -> DisclosureRequest:
    """登记缴费: the reply clock resumes from the day of payment."""
    request = _lock(request)
    target = _authorize("record_payment", request, actor)
    on = _action_day(on, request, request.fee_notice_on)
    if on < request.fee_notice_on:
        raise DomainError("缴费日期不能早于收费通知日期。", code="invalid_date", field="on")
    if on > request.fee_due_on:
        raise DomainError(f"缴费期限（{request.fee_due_on:%Y年%m月%d日}）已过，应按逾期未缴费处理。",
                          code="fee_period_over", field="on")
    before = _snapshot(request)
    clocks.clock_resume(request.reply_clock, on=on, actor=actor, reason="申请人已缴费，恢复计时")
    _set(request, {"status": target, "fee_paid_on": on})
    record(action="disclosure_request.record_payment", target=request, actor=actor, before=before,
           after=_snapshot(request) | {"paid_on": on, "amount": request.fee_amount}, department=request.department)
    _notify_applicant(request, "已收到您缴纳的信息处理费，我们将继续办理您的申请")
    return request


@transaction.atomic
def request_abandon_fee(*, request: DisclosureRequest, actor=None, on: dt.date | None = None,
                        check_capability: bool = True) -> DisclosureRequest:
    """逾期未缴费，不再处理 (109号): only after the payment period has ended."""
    request = _lock(request)
    if check_capability:
        _authorize("abandon_fee", request, actor)
    else:
        ensure_transition("abandon_fee", request.status)
    on = _today(on)
    if on <= request.fee_due_on:
        raise DomainError(f"缴费期限（{request.fee_due_on:%Y年%m月%d日}）尚未届满。", code="fee_period_running")
    _close(request, outcome=Outcome.FEE_NOT_PAID, on=on, actor=actor, action="disclosure_request.abandon_fee",
           reason="申请人逾期未缴纳信息处理费，不再处理该申请")
    _notify_applicant(request, "您未在期限内缴纳信息处理费，本机关不再处理该申请")
    return request


def close_expired_fees(*, today: dt.date | None = None) -> int:
    today = _today(today)
    ids = list(DisclosureRequest.objects.filter(status=Status.AWAITING_FEE, fee_due_on__lt=today)
               .values_list("pk", flat=True))
    for pk in ids:
        request_abandon_fee(request=DisclosureRequest(pk=pk), on=today, check_capability=False)
    return len(ids)


# --- reply (Art. 36–39) ------------------------------------------------------------------------------------------

REASON_REQUIRED_OUTCOMES = frozenset(o for o in Outcome.values if o.startswith("refused_")) | {
    Outcome.NEEDS_PRODUCTION, Outcome.UNCLEAR_AFTER_SUPPLEMENT, Outcome.PETITION_COMPLAINT, Outcome.REPEATED,
    Outcome.PUBLICATION, Outcome.EXCESSIVE, Outcome.CONFIRM_OR_REISSUE, Outcome.SPECIAL_REGISTRATION, Outcome.OTHER,
    Outcome.NOT_HELD, Outcome.ALREADY_PUBLISHED}
# Outcomes reached by their own transitions, never by a reply.
NOT_BY_REPLY = frozenset({Outcome.SUPPLEMENT_NOT_PROVIDED, Outcome.FEE_NOT_PAID, Outcome.WITHDRAWN})


@transaction.atomic
def request_reply(*, request: DisclosureRequest, outcome: str, reply_text: str, actor, withheld_reason: str = "",
                  right_agency_name: str = "", files: Iterable = (), on: dt.date | None = None) -> DisclosureRequest:
    """作出答复 with exactly one outcome; the reply clock stops (on time or late), `decided_on` is the reply date."""
    request = _lock(request)
    _authorize("reply", request, actor)
    on = _action_day(on, request, request.supplement_received_on)
    files = list(files)
    reply_text, withheld_reason, right_agency_name = _text(reply_text), _text(withheld_reason), _text(right_agency_name)
    if outcome not in Outcome.values or outcome in NOT_BY_REPLY:
        raise DomainError("请选择答复结果。", code="invalid_outcome", field="outcome")
    if outcome in REASON_REQUIRED_OUTCOMES and not reply_text:
        raise DomainError("请填写答复内容（理由、依据或获取方式）。", code="text_required", field="reply_text")
    if outcome == Outcome.UNCLEAR_AFTER_SUPPLEMENT and request.supplement_received_on is None:
        raise DomainError("只有补正后仍不明确的申请才能选择该结果。", code="no_supplement", field="outcome")
    if outcome == Outcome.NOT_THIS_AGENCY and not right_agency_name:
        raise DomainError("请写明负责公开该信息的机关名称及联系方式（条例第三十六条第五项）。", code="agency_required",
                          field="right_agency_name")
    if outcome == Outcome.PARTIALLY_DISCLOSED:
        if not files:
            raise DomainError("部分公开须附上可以公开的信息内容（条例第三十七条）。", code="files_required",
                              field="files")
        if not withheld_reason:
            raise DomainError("部分公开须说明不予公开部分的理由（条例第三十七条）。", code="reason_required",
                              field="withheld_reason")
    if len(right_agency_name) > RIGHT_AGENCY_MAX:
        raise DomainError(f"负责公开的机关名称及联系方式不能超过{RIGHT_AGENCY_MAX}个字。", code="too_long",
                          field="right_agency_name")
    if on < request.received_on:
        raise DomainError("答复日期不能早于收到申请日期。", code="invalid_date", field="on")
    if files:
        request.reply_files.add(*files)
    _close(request, outcome=outcome, on=on, actor=actor, action="disclosure_request.reply",
           extra={"reply_text": reply_text, "withheld_reason": withheld_reason,
                  "right_agency_name": right_agency_name})
    issue_letter(request, RequestDocument.Kind.REPLY, actor=actor)
    _notify_applicant(request, f"您的政府信息公开申请已答复（{Outcome(outcome).label}），请查看答复书", subject="答复")
    return request


@transaction.atomic
def request_withdraw(*, request: DisclosureRequest, reason: str, actor, on: dt.date | None = None) -> DisclosureRequest:
    """申请人撤回申请 (recorded by a clerk at the applicant's request)."""
    request = _lock(request)
    _authorize("withdraw", request, actor)
    reason = _reason_required(reason, "撤回说明")
    _close(request, outcome=Outcome.WITHDRAWN, on=_action_day(on, request, request.supplement_received_on),
           actor=actor, action="disclosure_request.withdraw",
           reason=reason)
    _notify_applicant(request, "您的政府信息公开申请已撤回")
    return request


def reveal_identity(*, request: DisclosureRequest, actor) -> str:
    """The full identity number, for staff who need it; every view is audited (DOMAIN.md §12)."""
    if not has_capability(actor, "disclosure_requests.handle_request"):
        raise CapabilityRequired("没有查看完整证件号码的权限。")
    with transaction.atomic():
        record(action="disclosure_request.view_identity", target=request, actor=actor, department=request.department,
               reason="查看申请人完整证件号码")
    return request.id_number


def close_expired(*, today: dt.date | None = None) -> dict[str, int]:
    """The periodic sweep: silent consultations, expired supplement periods, unpaid fees."""
    return {"consultations": close_expired_consultations(today=today),
            "supplements": close_expired_supplements(today=today),
            "fees": close_expired_fees(today=today)}


def allowed_actions_for(request: DisclosureRequest, user) -> list[str]:
    """The actions `user` may take on `request` now (for the case page)."""
    result = []
    for name, transition in TRANSITIONS.items():
        if request.status not in transition.sources or transition.capability is None:
            continue
        if not has_capability(user, transition.capability):
            continue
        result.append(name)
    return result


__all__ = ["DEFAULT_DEPARTMENT_CODE", "Submission", "allowed_actions_for", "check_secret", "close_expired",
           "consultation_answer", "consultation_start", "issue_letter", "request_abandon_fee",
           "request_abandon_supplement", "request_approve_extension", "request_ask_supplement",
           "request_correct_receipt", "request_forward", "request_issue_fee_notice", "request_reasonable_delay",
           "request_receive_supplement", "request_record_payment", "request_reply", "request_split", "request_submit",
           "request_withdraw", "reveal_identity", "validate_applicant"]
