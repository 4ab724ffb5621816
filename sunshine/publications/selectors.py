"""Every read of proactive disclosure: the public catalogue and the staff's scoped lists."""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sunshine.core.replicas import replica_read
from sunshine.publications.models import Category, DisclosureGuide, Finding, Genre, Publication
from sunshine.publications.permissions import POLICY
from sunshine.publications.workflow import PUBLIC_URL, Status

LIST_FIELDS = ("pk", "index_number", "title", "document_number", "published_at", "validity", "created_on",
               "department__name", "department__code", "category__name", "genre__name", "status")


def public_publications() -> QuerySet[Publication]:
    """What the public may see in lists: published, and its publication time has come."""
    return Publication.objects.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


def _public_filtered(*, category=None, department=None, genre=None, year: int | None = None,
                     level: str = "") -> QuerySet[Publication]:
    qs = public_publications()
    if category is not None:
        qs = qs.filter(category=category)
    if department is not None:
        qs = qs.filter(department=department)
    if genre is not None:
        qs = qs.filter(genre=genre)
    if year:
        qs = qs.filter(published_at__year=year)
    if level:
        qs = qs.filter(level=level)
    return qs


def _list_columns(qs: QuerySet[Publication]) -> QuerySet[Publication]:
    return (qs.select_related("department", "category", "genre")
            .only("pk", "index_number", "title", "document_number", "published_at", "validity", "created_on",
                  "level", "department__name", "department__code", "category__name", "category__code",
                  "genre__name", "genre__code")
            .order_by("-published_at", "-id"))


@replica_read  # a read replica when configured (core.replicas)
def public_list(*, category: Category | None = None, department=None, genre: Genre | None = None,
                year: int | None = None, level: str = "") -> QuerySet[Publication]:
    """Catalogue rows, newest first (no N+1: joined columns only). Page with `public_list_rows`, count with
    `public_count`: never `.count()` on it, which counts every matching item."""
    return _list_columns(_public_filtered(category=category, department=department, genre=genre, year=year,
                                          level=level))


@replica_read  # a read replica when configured (core.replicas)
def public_list_rows(*, offset: int, limit: int, **filters) -> list[Publication]:
    """Rows `offset` … `offset + limit - 1` of `public_list(**filters)`, in one query.

    The offset is walked in a subquery that reads only ids along the catalogue index (status or category or
    department, then `-published_at, -id`); the outer query joins department, category and genre for the
    `limit` rows it keeps (a "deferred join"), so a deep page does not join every row it skips.
    """
    if offset <= 0:
        return list(public_list(**filters)[:limit])
    ids = _public_filtered(**filters).order_by("-published_at", "-id").values("pk")[offset: offset + limit]
    return list(_list_columns(Publication.objects.filter(pk__in=ids)))


def public_count(**filters) -> int:
    """How many rows `public_list(**filters)` has, exactly, from the tally (`tally.py`): no COUNT over the
    catalogue. A filter the tally does not hold (e.g. full text) must be counted by its own engine."""
    from sunshine.publications import tally

    return tally.public_count(**filters)


def public_years(**filters) -> list[int]:
    """The years that have public items for these filters, newest first (from the tally)."""
    from sunshine.publications import tally

    return tally.years(**filters)


@replica_read  # a read replica when configured (core.replicas)
def public_item(pk: int) -> Publication | None:
    """An item whose public URL answers: published (time has come), withdrawn or superseded."""
    qs = (Publication.objects.filter(pk=pk, status__in=PUBLIC_URL)
          .select_related("department", "department__division", "category", "genre", "superseded_by"))
    item = qs.first()
    if item is None:
        return None
    if item.status == Status.PUBLISHED and (item.published_at is None or item.published_at > timezone.now()):
        return None
    if item.status != Status.PUBLISHED and item.published_at is None:
        return None
    return item


@replica_read  # a read replica when configured (core.replicas)
def public_item_by_index(index_number: str) -> Publication | None:
    """The item of an index number as typed or pasted: full-width "／" "－" and digits folded (NFKC), spaces dropped."""
    index_number = "".join(unicodedata.normalize("NFKC", index_number or "").split())
    pk = Publication.objects.filter(index_number=index_number).values_list("pk", flat=True).first()
    return public_item(pk) if pk else None


# a document number typed with other brackets: 随政办发[2025]3号, 随政办发（2025）3号, 随政办发【2025】3号
_DOCUMENT_NUMBER_RE = re.compile(r"^(?P<head>\S+?)[\[【(〔]\s*(?P<year>\d{4})\s*[\]】)〕]\s*(?P<no>\d+)\s*号?$")


def document_number_forms(text: str) -> list[str]:
    """The document number as typed (NFKC, spaces dropped) and in the standard form 〔year〕n号 (GB/T 9704)."""
    typed = "".join(unicodedata.normalize("NFKC", text or "").split())
    if not typed:
        return []
    forms = [typed]
    m = _DOCUMENT_NUMBER_RE.match(typed)
    if m:
        standard = f"{m['head']}〔{m['year']}〕{m['no']}号"
        if standard != typed:
            forms.append(standard)
    return forms


def public_items_by_number(text: str, *, limit: int = 5) -> list[Publication]:
    """Published items whose index number (索引号) or document number (文号) is exactly `text` as typed or pasted
    (full-width forms folded, any bracket around the year): the search page puts them first. Two indexed lookups."""
    found = []
    by_index = public_item_by_index(text)
    if by_index is not None and by_index.status == Status.PUBLISHED:
        found.append(by_index)
    forms = document_number_forms(text)
    if forms:
        found += [p for p in (public_publications().filter(document_number__in=forms)
                              .select_related("department", "category", "genre").order_by("-published_at")[:limit])
                  if p not in found]
    return found[:limit]


def public_attachments(item: Publication):
    return [a for a in item.attachments.select_related("file", "replacement") if a.is_public]


def public_interpretations(item: Publication):
    """(its interpretations, the documents it interprets), published only, in one query.

    The query starts from the link table (indexed on both columns), never from the catalogue.
    """
    through = Publication.interprets.through
    links = (through.objects.filter(Q(to_publication_id=item.pk) | Q(from_publication_id=item.pk))
             .select_related("from_publication__department", "to_publication__department"))
    now = timezone.now()
    interpretations, interprets = [], []
    for link in links:
        if link.to_publication_id == item.pk:
            other, bucket = link.from_publication, interpretations
        else:
            other, bucket = link.to_publication, interprets
        if other.status == Status.PUBLISHED and other.published_at and other.published_at <= now:
            bucket.append(other)
    key = lambda p: p.published_at  # noqa: E731
    return sorted(interpretations, key=key, reverse=True), sorted(interprets, key=key, reverse=True)


def category_counts() -> list[Category]:
    """Active categories with their public count `n` (one query over the tally's category roll-up)."""
    from sunshine.publications import tally

    return list(Category.objects.filter(is_active=True).annotate(n=tally.counts_annotation("category")))


def departments_with_counts():
    """Active departments that have public items, with their count `n` (one query over the tally)."""
    from sunshine.orgs.models import Department
    from sunshine.publications import tally

    rows = Department.objects.filter(is_active=True).select_related("division").annotate(
        n=tally.counts_annotation("department")).order_by("division__code", "sort_order", "code")
    return [d for d in rows if d.n > 0]  # filtered here: in SQL the WHERE would run both subqueries again


@replica_read  # a read replica when configured (core.replicas)
def guides() -> QuerySet[DisclosureGuide]:
    return DisclosureGuide.objects.select_related("department").order_by("department__sort_order",
                                                                         "department__code")


# --- staff ---------------------------------------------------------------------------------------

def staff_publications(user) -> QuerySet[Publication]:
    """Items the staff user may see (`permissions.POLICY`): own department, or all with `orgs.view_all_departments`."""
    return POLICY.visible_to(user, Publication.objects.all())


def staff_list(user, *, status: str = "", q: str = "") -> QuerySet[Publication]:
    qs = staff_publications(user).select_related("department", "category", "genre")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(index_number=q) | Q(document_number=q))
    return qs.annotate(open_findings=Count("findings", filter=Q(findings__is_current=True,
                                                                  findings__resolution=""))
                       ).order_by("-updated_at", "-id")


def timeliness_clocks(publications) -> dict[int, object]:
    """{publication pk: its latest timeliness clock} for a page of items, in one query."""
    from django.contrib.contenttypes.models import ContentType

    from sunshine.clocks.models import Clock

    ids = [str(p.pk) for p in publications]
    if not ids:
        return {}
    clocks = Clock.objects.filter(subject_type=ContentType.objects.get_for_model(Publication), subject_id__in=ids,
                                  kind="publication.timeliness").order_by("id")
    return {int(c.subject_id): c for c in clocks}


def current_findings(publication: Publication) -> list[Finding]:
    return list(publication.findings.filter(is_current=True).select_related("attachment", "attachment__file",
                                                                            "file", "resolved_by"))


def finding_context(publication: Publication, finding: Finding, *, width: int = 12) -> tuple[str, str, str]:
    """(before, value, after) around a finding, for the reviewer (staff only)."""
    if finding.source == Finding.Source.BODY:
        text = publication.body
    elif finding.source == Finding.Source.TABLE:
        text = publication.table_text
    else:
        text = finding.file.extracted_text if finding.file_id else ""
    text = text or ""
    return (text[max(0, finding.start - width): finding.start].replace("\t", " "),
            text[finding.start: finding.end],
            text[finding.end: finding.end + width].replace("\t", " "))
