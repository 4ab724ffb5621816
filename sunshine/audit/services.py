"""`record` is the only way an audit event is written. Call it inside the transaction of the change."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models
from django.utils import timezone

from sunshine.core.middleware import current_request_id

from .chain import Verdict, verify
from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def record(*, action: str, target: models.Model, actor=None, before: dict | None = None,
           after: dict | None = None, reason: str = "", department=None, from_status: str | None = None,
           to_status: str | None = None) -> AuditEvent:
    """Append one event: `action` is a dotted code ("clock.extend", "publication.publish", …). A workflow
    transition also gives `from_status` and `to_status` (the same state for a step inside a state)."""
    user = actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None
    if department is None and user is not None:
        department = getattr(user, "department", None)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=user,
        actor_name=(user.display_name if user is not None else "系统"),
        actor_roles=",".join(sorted(user.groups.values_list("name", flat=True))) if user is not None else "",
        department=department,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        reason=reason,
        request_id=current_request_id(),
        from_status=from_status,
        to_status=to_status,
    )


def events_for(target: models.Model):
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).order_by(
        "occurred_at", "id")


def verify_chain(using: str = "default") -> Verdict:
    """Check the audit hash chain (chain.py): `sunshine audit verify` and `sunshine restore` call it."""
    return verify(AuditEvent, using=using)
