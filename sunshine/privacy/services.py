"""Privacy services: record a reviewer's decision on a finding; list what is still unresolved."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from sunshine.accounts.scoping import has_capability
from sunshine.audit.services import record
from sunshine.core.errors import CapabilityRequired, DomainError

from .models import MaskingDecision
from .scanner import Finding

USE_SCANNER = "privacy.use_scanner"
MAX_SCAN_CHARS = 2 * 1024 * 1024  # what the scan page and API accept (2 MB of text)


def value_digest(finding: Finding) -> str:
    """Keyed digest of a finding's value (never the value itself), stable across edits of the surrounding text."""
    normalized = "".join(ch for ch in finding.value if ch.isalnum() or ch in "@.★☆").upper()
    message = f"{finding.kind}:{normalized}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def decide(*, target: models.Model, finding: Finding, decision: str, actor, reason: str = "") -> MaskingDecision:
    """Record (or replace) the decision on `finding` in `target`: mask, remove, or keep with a reason."""
    if not has_capability(actor, USE_SCANNER):
        raise CapabilityRequired("没有处理敏感信息扫描结果的权限。")
    if decision not in MaskingDecision.Decision.values:
        raise DomainError("处理决定无效。", field="decision")
    reason = (reason or "").strip()
    if decision == MaskingDecision.Decision.JUSTIFY and not reason:
        raise DomainError("选择保留时必须说明理由。", field="reason")
    content_type = ContentType.objects.get_for_model(target)
    digest = value_digest(finding)
    existing = MaskingDecision.objects.select_for_update().filter(
        target_type=content_type, target_id=str(target.pk), kind=finding.kind, value_digest=digest).first()
    before = {"decision": existing.decision, "reason": existing.reason} if existing else None
    obj = existing or MaskingDecision(target_type=content_type, target_id=str(target.pk), kind=finding.kind,
                                      value_digest=digest)
    obj.masked = finding.masked[:200]
    obj.decision = decision
    obj.reason = reason
    obj.decided_by = actor
    obj.decided_at = timezone.now()
    obj.save()
    record(action="privacy.decide", target=target, actor=actor, before=before,
           after={"kind": finding.kind, "masked": obj.masked, "decision": decision, "reason": reason})
    return obj


def decisions_for(target: models.Model) -> dict[tuple[str, str], MaskingDecision]:
    content_type = ContentType.objects.get_for_model(target)
    rows = MaskingDecision.objects.filter(target_type=content_type, target_id=str(target.pk))
    return {(d.kind, d.value_digest): d for d in rows}


def unresolved_findings(*, target: models.Model, findings: list[Finding]) -> list[Finding]:
    """The findings of `target` without a decision yet (one query): publication waits until this is empty."""
    decided = decisions_for(target)
    return [f for f in findings if (f.kind, value_digest(f)) not in decided]
