"""Writing and reading case links (案件关联). Domain services call `link_cases` inside the transaction of the step
that merges, converts, splits or forwards a case (their own capability checks come first); pages call `links_of`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q

from sunshine.audit.services import record
from sunshine.core.errors import DomainError

from .models import CaseLink

# Links that cannot also run the other way: a case cannot be merged into one that was merged into it.
ONE_WAY = {CaseLink.Kind.MERGED_INTO, CaseLink.Kind.SPLIT_FROM}


def case_key(obj: models.Model) -> str:
    """"app_label.model:pk", as the clocks and documents name a case."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _department(obj):
    department = getattr(obj, "department", None)
    return department if isinstance(department, models.Model) else None


@dataclass(frozen=True)
class LinkView:
    """One link as seen from one of its cases: `outgoing` when that case is the link's `from` end."""

    link: CaseLink
    outgoing: bool
    other_type: ContentType
    other_id: str
    label: str  # 并入 / 合并了 …

    @property
    def other_key(self) -> str:
        return f"{self.other_type.app_label}.{self.other_type.model}:{self.other_id}"

    def phrase(self, other_name: str) -> str:
        """The link in a sentence about this case: "并入 RX2026-…", "由 YSQ2026-… 转换而来"."""
        if "…" in self.label:
            return self.label.replace("…", f" {other_name} ")
        return f"{self.label} {other_name}"


@transaction.atomic
def link_cases(source: models.Model, target: models.Model, kind: str, *, actor, reason: str = "") -> CaseLink:
    """Record that `source` was merged into / converted to / split from / forwarded to `target`, with an audit
    event on each case (`caselinks.<kind>` on the source, `caselinks.<kind>.inverse` on the target). Recording the
    same link again returns the existing one and writes nothing."""
    try:
        kind = CaseLink.Kind(kind)
    except ValueError:
        raise DomainError("未知的案件关联方式。", code="unknown_link_kind") from None
    if source.pk is None or target.pk is None:
        raise DomainError("案件尚未保存，不能关联。", code="unsaved_case")
    source_type = ContentType.objects.get_for_model(source)
    target_type = ContentType.objects.get_for_model(target)
    if source_type == target_type and str(source.pk) == str(target.pk):
        raise DomainError("案件不能与自身关联。", code="link_to_itself")
    fields = {"from_type": source_type, "from_id": str(source.pk), "to_type": target_type, "to_id": str(target.pk),
              "kind": kind}
    existing = CaseLink.objects.filter(**fields).first()
    if existing is not None:
        return existing
    if kind in ONE_WAY and CaseLink.objects.filter(
            from_type=target_type, from_id=str(target.pk), to_type=source_type, to_id=str(source.pk),
            kind=kind).exists():
        raise DomainError(f"两件案件不能互相“{kind.label}”。", code="link_cycle")
    user = actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None
    try:
        with transaction.atomic():
            link = CaseLink.objects.create(**fields, actor=user, reason=reason)
    except IntegrityError:  # the same link, recorded at the same moment by another request
        return CaseLink.objects.get(**fields)
    after = {"link": link.pk, "kind": kind.value, "label": kind.label}
    record(action=f"caselinks.{kind.value}", target=source, actor=actor, reason=reason,
           after={**after, "to": case_key(target)}, department=_department(source))
    record(action=f"caselinks.{kind.value}.inverse", target=target, actor=actor, reason=reason,
           after={**after, "label": link.inverse_label, "from": case_key(source)}, department=_department(target))
    return link


def links_of(obj: models.Model) -> list[LinkView]:
    """Every link of `obj` in either direction, oldest first, each with its label as seen from `obj`. One query
    (both directions are indexed: the unique constraint from the `from` end, `caselink_to_idx` from the `to` end;
    content types come from Django's cache)."""
    content_type = ContentType.objects.get_for_model(obj)
    key = str(obj.pk)
    rows = (CaseLink.objects.filter(Q(from_type=content_type, from_id=key) | Q(to_type=content_type, to_id=key))
            .select_related("actor").order_by("created_at", "id"))
    views = []
    for link in rows:
        outgoing = link.from_type_id == content_type.pk and link.from_id == key
        other_type_id, other_id = (link.to_type_id, link.to_id) if outgoing else (link.from_type_id, link.from_id)
        views.append(LinkView(link=link, outgoing=outgoing,
                              other_type=ContentType.objects.get_for_id(other_type_id), other_id=other_id,
                              label=link.get_kind_display() if outgoing else link.inverse_label))
    return views
