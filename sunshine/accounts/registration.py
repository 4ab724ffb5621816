"""Registration confirmed by an SMS code (注册短信验证), sent through the kernel's SMS gateway (`notify`).

No enumeration of registered numbers: `request_code` answers the same whether the number is registered or
not. An unregistered number gets a 6-digit code (valid `CODE_MINUTES` minutes, `MAX_ATTEMPTS` checks); a
registered one gets a notice that it is registered (only its owner learns it). Throttled in the database (every
worker sees the same counts): one code per number per `RESEND_SECONDS`, `PER_NUMBER_PER_DAY` per number a day,
`SUNSHINE_REGISTER_CODES_PER_HOUR` per client address an hour.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sunshine.core.errors import DomainError
from sunshine.core.identity import normalize_mobile

from .models import RegistrationCode
from .services import mobile_registered

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
PER_NUMBER_PER_DAY = 5
SENT = "如该号码可以注册，验证码已通过短信发送至 {masked}，{minutes}分钟内有效。"
WRONG_CODE = "验证码不正确或已过期，请重新获取。"


class TooManyCodes(DomainError):
    status_code = 429


class WrongCode(DomainError):
    code = "wrong_code"


def _hash(mobile: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"register|{mobile}|{code}".encode(), hashlib.sha256).hexdigest()


def per_hour_per_address() -> int:
    return int(getattr(settings, "SUNSHINE_REGISTER_CODES_PER_HOUR", 5))


@transaction.atomic
def request_code(*, mobile: str, client_address: str) -> str:
    """Send a code (or, for a registered number, a notice) and return the Chinese confirmation, identical in both
    cases. Raises ValidationError for a malformed number, TooManyCodes over a limit."""
    from sunshine.notify.services import notify

    mobile = normalize_mobile(mobile)
    now = timezone.now()
    recent = RegistrationCode.objects.filter(mobile=mobile, created_at__gt=now - dt.timedelta(days=1))
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and (now - last).total_seconds() < RESEND_SECONDS:
        raise TooManyCodes(f"验证码已发送，请{RESEND_SECONDS}秒后再重新获取。", code="throttled", field="mobile")
    limit = per_hour_per_address()
    if recent.count() >= PER_NUMBER_PER_DAY or (limit and RegistrationCode.objects.filter(
            client_address=client_address, created_at__gt=now - dt.timedelta(hours=1)).count() >= limit):
        raise TooManyCodes("获取验证码过于频繁，请稍后再试。", code="throttled", field="mobile")
    row = RegistrationCode(mobile=mobile, client_address=client_address[:64], created_at=now,
                           expires_at=now + dt.timedelta(minutes=CODE_MINUTES))
    if mobile_registered(mobile):
        body = "您的手机号码已注册阳光政务账户，可直接登录；如忘记密码请联系政务公开办。如非本人操作，请忽略本短信。"
    else:
        code = f"{secrets.randbelow(10**6):06d}"
        row.code_hash = _hash(mobile, code)
        body = f"您正在注册阳光政务账户，验证码 {code}，{CODE_MINUTES}分钟内有效。请勿告诉他人。"
    row.save()
    notify(channel="sms", phone=mobile, body=body, related=row)
    return SENT.format(masked=f"{mobile[:3]}****{mobile[-4:]}", minutes=CODE_MINUTES)


def check_code(*, mobile: str, code: str) -> RegistrationCode | None:
    """The unused, unexpired code row for `mobile` that `code` matches (counting the check), or None."""
    code = "".join((code or "").split())
    row = (RegistrationCode.objects.filter(mobile=mobile, used_at__isnull=True, expires_at__gt=timezone.now(),
                                           attempts__lt=MAX_ATTEMPTS)
           .exclude(code_hash="").order_by("-created_at").first())
    if row is None:
        return None
    RegistrationCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    if not (code.isdigit() and hmac.compare_digest(row.code_hash, _hash(mobile, code))):
        return None
    return row


def mark_used(row: RegistrationCode) -> None:
    RegistrationCode.objects.filter(pk=row.pk).update(used_at=timezone.now())
