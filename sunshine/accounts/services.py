"""Account writes (账户): citizen registration. Every write records an audit event."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sunshine.audit.services import record
from sunshine.core.errors import DomainError
from sunshine.core.identity import normalize_id_number, normalize_mobile

from .models import User


class MobileTaken(DomainError):
    pass


def mobile_registered(mobile: str) -> bool:
    return User.objects.filter(username=mobile).exists() or User.objects.filter(
        kind=User.Kind.CITIZEN, phone=mobile).exists()


@transaction.atomic
def citizen_register(*, mobile: str, password: str, real_name: str, id_number: str = "") -> User:
    """Create a citizen account (公众账户): username = mobile number; an optional resident ID or credit code.

    The mobile number and the ID are validated again here (python-stdnum), so callers other than the
    registration form cannot store an invalid number. Raises `ValidationError` (Chinese) or `MobileTaken`.
    """
    mobile = normalize_mobile(mobile)
    real_name = real_name.strip()
    if not real_name:
        raise ValidationError("请填写姓名或单位名称。", code="required")
    id_type, id_compact = normalize_id_number(id_number) if id_number.strip() else ("", "")
    if mobile_registered(mobile):
        raise MobileTaken("该手机号码已注册，请直接登录。", code="mobile_taken", field="mobile")
    user = User(username=mobile, phone=mobile, kind=User.Kind.CITIZEN, real_name=real_name,
                id_type=id_type, id_number=id_compact)
    password_validation.validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration of the same number
        raise MobileTaken("该手机号码已注册，请直接登录。", code="mobile_taken", field="mobile") from exc
    record(action="account.register", target=user, actor=user,
           after={"kind": user.kind, "id_type": user.id_type})
    return user
