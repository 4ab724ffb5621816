"""Tasks of disclosure requests: the periodic jobs (Celery beat; see settings). A letter's .docx is built by the
kernel's task `documents.complete`; the two letter tasks below stay for messages queued before the move (and take
a `RequestDocument` id)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from sunshine.documents.tasks import MAX_RETRIES, retry_countdown

logger = logging.getLogger(__name__)

LETTER_MAX_RETRIES = MAX_RETRIES


@shared_task(name="disclosure_requests.complete_letter", bind=True, ignore_result=True,
             max_retries=LETTER_MAX_RETRIES)
def complete_letter_task(self, document_id: int, actor_id: int | None = None) -> str:
    """Build and attach the .docx of one issued letter (`letters.complete`; idempotent, so a retried or duplicated
    delivery never makes a second file or event). With a broker a failure is retried with a growing countdown;
    without one (in-process, right after the request's commit) it is logged and left to the periodic sweep."""
    from .letters import complete

    try:
        document = complete(document_id, actor_id=actor_id)
    except Exception as exc:
        if not settings.CELERY_TASK_ALWAYS_EAGER and self.request.retries < LETTER_MAX_RETRIES:
            raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
        logger.exception("could not build the letter %s; it stays pending for the sweep", document_id)
        return "failed"
    return "missing" if document is None else "done"


@shared_task(name="disclosure_requests.complete_pending_letters")
def complete_pending_letters_task() -> int:
    """The safety net for this app's letters (beat now runs the kernel's `documents.complete_pending` for all)."""
    from .letters import complete_pending

    return complete_pending()


@shared_task(name="disclosure_requests.close_expired")
def close_expired_task() -> dict:
    from sunshine.disclosure_requests.sweeps import close_expired

    return close_expired()
