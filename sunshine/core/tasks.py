"""The task layer: every background job goes through `enqueue`, after the current transaction commits.

With REDIS_URL set, Celery workers (`sunshine worker`) run the task; without it, the task runs in
this process right after commit (Celery's eager mode), so the embedded default needs no broker.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> None:
    """Run the Celery `task` with these arguments once the surrounding transaction commits."""

    def _send():
        try:
            task.delay(*args, **kwargs)
        except Exception:  # a broken broker must not break the request that already committed
            logger.exception("could not enqueue task %s", getattr(task, "name", task))

    transaction.on_commit(_send)
