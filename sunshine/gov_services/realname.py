"""实名认证 for online applications (issue #9: "real-name means an account whose identity number was validated and
confirmed by an SMS code").

An account is real-name (`is_real_name`) when it is a citizen account with a valid identity number (居民身份证 or
统一社会信用代码, checked by `core.identity`) and either
- it verified that number here (`RealNameVerification.verified_at`, the same number and the same mobile as the
  account has now), or
- it registered with that number through the SMS-confirmed registration (`accounts.RegistrationCode` used for its
  mobile).
Otherwise the online application is refused (`REQUIRED`, code `real_name_required`) with the way to verify: the
page `/zw/realname/` sends a 6-digit code by SMS (the kernel's gateway; console backend in the demo) to the
account's mobile, valid `CODE_MINUTES`, `MAX_ATTEMPTS` checks, one per `RESEND_SECONDS`, `PER_DAY` a day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.core.identity import is_valid_id_document, normalize_id_document
from sunshine.core.text import has_visible_text

from .models import RealNameVerification

ID_TYPES = (("resident_id", "居民身份证"), ("credit_code", "统一社会信用代码"))
CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
PER_DAY = 5
REQUIRED = ("网上申请须使用已实名认证的账户（证件号码经校验并通过短信验证码确认）。"
            "请先在“网上办事实名认证”页面（/zw/realname/）填写证件号码并完成短信验证。")


class RealNameRequired(CapabilityRequired):
    code = "real_name_required"


class TooManyCodes(DomainError):
    status_code = 429


def _hash(user_id: int, phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"zw-realname|{user_id}|{phone}|{code}".encode(),
                    hashlib.sha256).hexdigest()


def verify_url() -> str:
    return reverse("gov_services:realname")


def is_real_name(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "kind", "") != "citizen":
        return False
    if user.id_type not in dict(ID_TYPES) or not is_valid_id_document(user.id_type, user.id_number or ""):
        return False
    if RealNameVerification.objects.filter(user=user, verified_at__isnull=False, id_number=user.id_number,
                                           phone=user.phone).exists():
        return True
    from sunshine.accounts.models import RegistrationCode

    joined = user.date_joined  # the code that confirmed this account's registration (used as it was created)
    return bool(user.phone) and RegistrationCode.objects.filter(
        mobile=user.phone, used_at__gte=joined - dt.timedelta(minutes=30),
        used_at__lte=joined + dt.timedelta(minutes=5)).exists()


def require_real_name(user) -> None:
    if not is_real_name(user):
        raise RealNameRequired(REQUIRED)


def _clean(real_name: str, id_type: str, id_number: str) -> tuple[str, str, str]:
    real_name = (real_name or "").strip()
    if not has_visible_text(real_name) or len(real_name) > 100:
        raise DomainError("请填写姓名或名称（不超过100字）。", code="invalid", field="real_name")
    if id_type not in dict(ID_TYPES):
        raise DomainError("请选择证件类型：居民身份证或统一社会信用代码。", code="invalid", field="id_type")
    try:
        id_number = normalize_id_document(id_type, id_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid", field="id_number") from exc
    return real_name, id_type, id_number


@transaction.atomic
def send_code(user, *, real_name: str, id_type: str, id_number: str) -> str:
    """Validate the identity number and send a code to the account's mobile; returns the Chinese confirmation."""
    from sunshine.notify.services import notify
    from sunshine.privacy.value_masks import mask_mobile

    if getattr(user, "kind", "") != "citizen":
        raise CapabilityRequired("实名认证仅适用于个人或法人账户。")
    if not user.phone:
        raise DomainError("账户没有手机号码，无法发送验证码。", code="no_phone")
    real_name, id_type, id_number = _clean(real_name, id_type, id_number)
    now = timezone.now()
    row, _ = RealNameVerification.objects.select_for_update().get_or_create(
        user=user, defaults={"real_name": real_name, "id_type": id_type, "id_number": id_number, "phone": user.phone})
    if row.code_sent_at and now - row.code_sent_at < dt.timedelta(seconds=RESEND_SECONDS):
        raise TooManyCodes(f"验证码已发送，请{RESEND_SECONDS}秒后再试。", code="too_soon")
    sent_today = row.codes_sent if row.code_sent_at and timezone.localdate(row.code_sent_at) == \
        timezone.localdate(now) else 0
    if sent_today >= PER_DAY:
        raise TooManyCodes("今日获取验证码的次数已达上限，请明天再试。", code="too_many")
    code = f"{secrets.randbelow(10 ** 6):06d}"
    row.real_name, row.id_type, row.id_number, row.phone = real_name, id_type, id_number, user.phone
    row.code_hash = _hash(user.pk, user.phone, code)
    row.code_sent_at, row.code_expires_at = now, now + dt.timedelta(minutes=CODE_MINUTES)
    row.codes_sent, row.attempts = sent_today + 1, 0
    row.save()
    notify(channel="sms", user=user, phone=user.phone,
           body=f"您正在进行网上办事实名认证，验证码 {code}，{CODE_MINUTES}分钟内有效。如非本人操作请忽略。")
    return f"验证码已通过短信发送至 {mask_mobile(user.phone)}，{CODE_MINUTES}分钟内有效。"


def confirm(user, *, code: str) -> RealNameVerification:
    """Check the code: the account becomes real-name with the identity it entered (its name and number are set)."""
    from sunshine.accounts.models import User

    code = "".join((code or "").split())
    with transaction.atomic():
        row = RealNameVerification.objects.select_for_update().filter(user=user).first()
        if row is None or not row.code_hash:
            raise DomainError("请先获取短信验证码。", code="no_code", field="code")
        if row.attempts >= MAX_ATTEMPTS or not row.code_expires_at or row.code_expires_at <= timezone.now():
            raise DomainError("验证码已失效，请重新获取。", code="wrong_code", field="code")
        RealNameVerification.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    if not (code.isdigit() and row.phone == user.phone
            and hmac.compare_digest(row.code_hash, _hash(user.pk, user.phone, code))):
        raise DomainError("验证码不正确或已过期，请重新获取。", code="wrong_code", field="code")
    with transaction.atomic():
        now = timezone.now()
        RealNameVerification.objects.filter(pk=row.pk).update(verified_at=now, code_hash="")
        User.objects.filter(pk=user.pk).update(real_name=row.real_name, id_type=row.id_type, id_number=row.id_number)
        user.real_name, user.id_type, user.id_number = row.real_name, row.id_type, row.id_number
        from sunshine.audit.services import record

        record(action="gov_services.real_name.verify", target=row, actor=user,
               after={"id_type": row.id_type, "verified": True})
    row.refresh_from_db()
    return row


def mark_verified(user, *, real_name: str, id_type: str, id_number: str) -> RealNameVerification:
    """For the demo and the benchmarks: an account verified without the SMS round trip."""
    from sunshine.accounts.models import User

    real_name, id_type, id_number = _clean(real_name, id_type, id_number)
    User.objects.filter(pk=user.pk).update(real_name=real_name, id_type=id_type, id_number=id_number)
    user.real_name, user.id_type, user.id_number = real_name, id_type, id_number
    row, _ = RealNameVerification.objects.update_or_create(user=user, defaults={
        "real_name": real_name, "id_type": id_type, "id_number": id_number, "phone": user.phone,
        "verified_at": timezone.now()})
    return row
