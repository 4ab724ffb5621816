"""Tasks of documents: the .docx of an issued document (after commit), and the sweep (Celery beat; see settings)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


def retry_countdown(retries: int) -> int:
    """Seconds before retry number `retries + 1` of a document: 30, 60, 120 by default (LETTER_RETRY_SECONDS)."""
    return max(0, settings.LETTER_RETRY_SECONDS) * 2 ** retries


@shared_task(name="documents.complete", bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def complete_document_task(self, document_id: int, actor_id: int | None = None) -> str:
    """Build and attach the .docx of one issued document (`services.complete`; idempotent, so a retried or
    duplicated delivery never makes a second file or event). With a broker a failure is retried with a growing
    countdown; without one (in-process, right after the case's commit) it is logged and left to the sweep."""
    from .services import complete

    try:
        document = complete(document_id, actor_id=actor_id)
    except Exception as exc:
        if not settings.CELERY_TASK_ALWAYS_EAGER and self.request.retries < MAX_RETRIES:
            raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
        logger.exception("could not build the document %s; it stays pending for the sweep", document_id)
        return "failed"
    return "missing" if document is None else "done"


@shared_task(name="documents.complete_pending")
def complete_pending_task() -> int:
    """The safety net: documents whose task was lost (broker down at commit, worker killed) are completed here."""
    from .services import complete_pending

    return complete_pending()
