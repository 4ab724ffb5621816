"""Publication of licensing grants (行政许可法 §40: 准予行政许可的决定，应当予以公开，公众有权查阅).

A grant (准予许可) is published when it is decided and again when its certificate is issued (the number is added):
the public page `/zw/decisions/` lists the grants, newest first, and the kernel's search finds them (kind
`zw_decision`, filters department and year). Only the public record is published, masked by the kernel's privacy
masker: the item, the department, the decision date, the certificate number, and the applicant — a natural
person's name masked (张三 → 张*) and no identity number; an organisation (统一社会信用代码) by its name. The form
data, the phone and the materials are never published. Refusals (不予受理, 不予许可) are not published (§40 asks
for grants; a refusal of a natural person is personal data).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.core.identity import IdDocumentType
from sunshine.privacy.masking import mask_name, mask_text

KIND = "zw_decision"


def is_natural_person(application) -> bool:
    return application.applicant_id_type != IdDocumentType.CREDIT_CODE


def public_applicant(application) -> str:
    """The applicant as published: a person's masked name; an organisation's name (its text masked too)."""
    if is_natural_person(application):
        return mask_name(application.applicant_name)
    return mask_text(application.applicant_name)


def public_record(application) -> dict:
    """The published facts of a grant (plain data; the page and the search entry use it)."""
    item = application.item_version.item
    return {"tracking_code": application.tracking_code, "item_code": item.code, "item": item.name,
            "item_type": item.get_item_type_display(), "department": application.department.name,
            "applicant": public_applicant(application), "decision": "准予许可",
            "decided_on": application.decided_on, "certificate_number": application.certificate_number}


def entry_for(application) -> dict:
    record = public_record(application)
    decided = record["decided_on"] or timezone.localdate()
    body = (f"{record['department']}准予{record['applicant']}{record['item']}（{record['item_type']}）。"
            f"决定日期：{decided:%Y年%-m月%-d日}。"
            + (f"证件编号：{record['certificate_number']}。" if record["certificate_number"] else ""))
    published_at = timezone.make_aware(dt.datetime.combine(decided, dt.time(12, 0)))
    return {"kind": KIND, "object_id": application.pk, "title": f"准予许可：{record['item']}（{record['applicant']}）",
            "document_number": record["certificate_number"], "body": mask_text(body, names=[
                application.applicant_name] if is_natural_person(application) else []),
            "attachments_text": "", "published_at": published_at,
            "filters": {"department": application.department_id, "year": decided.year}}


def publish_grant(application) -> None:
    """Index a grant (inside the deciding or certifying transaction); anything else is left out (and removed)."""
    from sunshine.search import services as search

    if application.decision != "granted":
        search.remove_entry(kind=KIND, object_id=application.pk)
        return
    search.index_entry(**entry_for(application))


def published_grants():
    """Every published grant, newest decision first (the page's queryset)."""
    from .models import Application

    return (Application.objects.filter(decision="granted", decided_on__isnull=False)
            .select_related("item_version__item", "department").order_by("-decided_on", "-id"))


def search_grants(query: str, *, department_id: int | None = None, page: int = 1, page_size: int = 20):
    """The kernel's search over the published grants (SearchQueryError in Chinese for an unusable query)."""
    from sunshine.search import services as search

    filters = {"department": [department_id]} if department_id else None
    return search.search(kind=KIND, query=query, filters=filters, order="date", page=page, page_size=page_size)
