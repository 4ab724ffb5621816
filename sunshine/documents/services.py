"""Issuing documents (文书) of any case app, in two steps.

1. `issue` renders the document inside the transaction of the case's step (the case as it stands at that step) and
   stores it with `file_pending`; it schedules `complete` after commit through the task layer.
2. `complete` (the task `documents.complete`) builds the .docx from the stored HTML, outside any transaction, then
   claims the row (a conditional UPDATE), stores the file and records the kind's audit event on the case, all in one
   transaction: a retried or duplicated task never attaches a second file or records a second event.
   `complete_pending` is the sweep for documents whose task was lost.

The PDF is built from the same stored HTML on the first download (`pdf_file`) and kept."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sunshine.audit.services import record

from . import registry, rendering
from .models import Document

logger = logging.getLogger(__name__)

SWEEP_BATCH = 1000


def case_key_of(obj: models.Model) -> str:
    """"app_label.model:pk", as the clocks name a case."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def _department_of(subject):
    department = getattr(subject, "department", None)
    return department if isinstance(department, models.Model) else None


def _user_id(actor) -> int | None:
    return actor.pk if (actor is not None and getattr(actor, "is_authenticated", False)) else None


def issue(subject: models.Model, kind: str, *, context: dict, actor=None, title: str = "", variant: str = "",
          visible_to_applicant: bool = True, idempotency_key: str = "", number: str = "", department=None,
          case_key: str = "", file_stem: str = "") -> Document:
    """Issue a document of `kind` (a registered code) about `subject` inside the caller's transaction: render it now
    from `context` (`rendering.render`), store it with `file_pending`, and have its .docx built after commit.

    `department` (default: the subject's `department`) picks the office's template and owns the document; `number`
    is its 文号; `file_stem` names its files ("<stem>.docx"); `case_key` defaults to the subject's. With an
    `idempotency_key`, issuing again for the same subject returns the document issued first."""
    from sunshine.core.tasks import enqueue


    if subject.pk is None:
        raise ValueError("a document is issued about a saved case")
    subject_type = ContentType.objects.get_for_model(subject)
    same_key = {"subject_type": subject_type, "subject_id": str(subject.pk), "idempotency_key": idempotency_key}
    if idempotency_key and (existing := Document.objects.filter(**same_key).first()) is not None:
        return existing
    if department is None:
        department = _department_of(subject)
    rendered = rendering.render(kind, context, variant=variant, department=department, title=title, number=number)
    fields = {"case_key": case_key or case_key_of(subject), "kind": kind, "variant": variant,
              "title": rendered.title[:200], "number": rendered.number[:100], "html": rendered.html,
              "file_pending": True,
              "file_stem": file_stem[:100], "visible_to_applicant": visible_to_applicant, "department": department,
              "issued_by_id": _user_id(actor)}
    if not idempotency_key:
        document = Document.objects.create(**same_key, **fields)
    else:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives a duplicate
                document = Document.objects.create(**same_key, **fields)
        except IntegrityError:
            return Document.objects.get(**same_key)  # issued at the same moment by another request
    enqueue("documents.complete", document.pk, actor_id=_user_id(actor))
    return document


def render_html(document: Document) -> str:
    """The printable HTML, as fixed when the document was issued."""
    return document.html


def _rendering(document: Document) -> rendering.Rendering:
    return rendering.Rendering(kind=document.kind, title=document.title, number=document.number, html=document.html,
                               blocks=rendering.html_blocks(document.html))


def docx_bytes(document: Document) -> bytes:
    return rendering.docx_bytes(_rendering(document))


def pdf_bytes(document: Document) -> bytes:
    """Raises `rendering.PdfUnavailable` (a DomainError) where the server cannot make PDFs."""
    return rendering.pdf_bytes_from_html(document.html)


def complete(document_id: int, *, actor_id: int | None = None) -> Document | None:
    """Build and attach the .docx of an issued document, with the kind's audit event on its case. Idempotent: a
    completed document is left as it is, and of two runs at once only the one that claims the row stores a file.
    Returns the document (None if it no longer exists)."""
    from sunshine.files.services import store_bytes

    document = Document.objects.select_related("department").filter(pk=document_id).first()
    if document is None or not document.file_pending:
        return document
    data = rendering.docx_bytes(_rendering(document))  # outside any transaction
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    kind = registry.get(document.kind)
    with transaction.atomic():
        if not Document.objects.filter(pk=document.pk, file_pending=True).update(file_pending=False):
            document.refresh_from_db()
            return document  # another run completed it meanwhile
        stored = store_bytes(data=data, name=document.file_name("docx"), actor=actor,
                             purpose=f"document:{document.kind}")
        Document.objects.filter(pk=document.pk).update(docx_file=stored)
        document.docx_file, document.file_pending = stored, False
        after = {"document": document.pk, "kind": document.kind, "title": document.title, "number": document.number,
                 "file": stored.pk}
        if kind is not None and kind.on_complete is not None:
            after.update(kind.on_complete(document) or {})
        target = document.subject or document  # the case (or, if it was deleted, the document itself)
        record(action=kind.audit_action if kind else "documents.generate", target=target, actor=actor, after=after,
               department=document.department)
    return document


def complete_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=10), kinds=None) -> int:
    """Complete the documents (of `kinds`, default all) still pending after `older_than`: their task was lost
    (broker down at commit, worker killed, or every attempt failed). Run by Celery beat (`documents.complete_pending`,
    every 10 minutes) or `sunshine documents_sweep`. Returns the number completed; a document that fails again stays
    pending and is logged."""
    cutoff = timezone.now() - older_than
    pending = Document.objects.filter(file_pending=True, created_at__lt=cutoff)
    if kinds is not None:
        pending = pending.filter(kind__in=list(kinds))
    done = 0
    for pk in list(pending.order_by("created_at", "id").values_list("pk", flat=True)[:SWEEP_BATCH]):
        try:
            document = complete(pk)
        except Exception:
            logger.exception("could not complete document %s", pk)
            continue
        done += document is not None and not document.file_pending
    return done


class _LostRace(Exception):
    pass


def pdf_file(document: Document, *, actor=None):
    """The document's PDF as a StoredFile: built on the first request (outside any transaction), then kept on the
    document; of two first requests at once one file is kept. Raises `rendering.PdfUnavailable`."""
    from sunshine.files.services import store_bytes

    if document.pdf_file_id:
        return document.pdf_file
    data = pdf_bytes(document)
    try:
        with transaction.atomic():
            stored = store_bytes(data=data, name=document.file_name("pdf"), actor=actor,
                                 purpose=f"document:{document.kind}")
            if not Document.objects.filter(pk=document.pk, pdf_file__isnull=True).update(pdf_file=stored):
                raise _LostRace
    except _LostRace:
        document.refresh_from_db(fields=["pdf_file"])
        return document.pdf_file
    document.pdf_file = stored
    return stored


def documents_of(subject: models.Model, *, visible_to_applicant: bool | None = None):
    """The documents of a case, oldest first (indexed by subject)."""
    queryset = Document.objects.filter(subject_type=ContentType.objects.get_for_model(subject),
                                       subject_id=str(subject.pk))
    if visible_to_applicant is not None:
        queryset = queryset.filter(visible_to_applicant=visible_to_applicant)
    return queryset.select_related("docx_file", "pdf_file").order_by("created_at", "id")


def can_view(user, document: Document) -> bool:
    """Whether a staff user may download `document`: the kind's `can_view`, else superusers only."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    kind = registry.get(document.kind)
    if kind is not None and kind.can_view is not None:
        return bool(kind.can_view(user, document))
    return bool(user.is_superuser)
