"""Feeding the search kernel (`sunshine.search`, docs/search.md) with what the public may see.

Called inside the publishing / withdrawing transaction. Only public, masked text is passed: the body with
the reviewer's resolutions applied, the masked table, and the text of each public attachment file (an
original with masked/removed findings is never public, see services.gate_problems).
"""

from __future__ import annotations

from django.utils import timezone

KIND = "publication"


def entry_for(publication, *, attachments_text: str | None = None) -> dict:
    if attachments_text is None:
        texts = [a.public_file.extracted_text or "" for a in
                 publication.attachments.select_related("file", "replacement") if a.is_public]
        attachments_text = "\n".join(t for t in texts if t)
    body = publication.display_body
    if publication.table_text:
        body = f"{body}\n{publication.display_table_text.replace(chr(9), ' ')}"
    summary = (publication.summary or "").strip()
    if summary and summary.rstrip("…. ") not in body:  # an excerpt of the body would show twice in snippets
        body = f"{summary}\n{body}"
    return {
        "kind": KIND,
        "object_id": publication.pk,
        "title": publication.title,
        "document_number": publication.document_number,
        "body": body,
        "attachments_text": attachments_text,
        "published_at": publication.published_at,
        "filters": filters_for(publication),
    }


def filters_for(publication) -> dict:
    published = publication.published_at or timezone.now()
    return {
        "department": publication.department_id,
        "level": publication.level or None,
        "category": publication.category.code if publication.category_id else None,
        "genre": publication.genre.code if publication.genre_id else None,
        "year": timezone.localtime(published).year,
        "validity": publication.validity or None,
    }


def index_publication(publication) -> None:
    from sunshine.search import services as search

    search.index_entry(**entry_for(publication))


def unindex_publication(publication) -> None:
    from sunshine.search import services as search

    search.remove_entry(kind=KIND, object_id=publication.pk)


def index_many(entries, *, batch_size: int = 2000) -> int:
    from sunshine.search import services as search

    return search.index_many(entries, batch_size=batch_size)
