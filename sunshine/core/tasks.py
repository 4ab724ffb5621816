"""The task layer: every background job goes through `enqueue`, after the current transaction commits.

With REDIS_URL set, Celery workers (`sunshine worker`) run the task; without it, the task runs in
this process right after commit (Celery's eager mode), so the embedded default needs no broker.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def registered_task(name: str):
    """The Celery task registered under `name` ("notify.send_notification"), importing the apps' tasks modules
    first if it is not registered yet."""
    from sunshine.celery import app

    try:
        return app.tasks[name]
    except KeyError:
        app.loader.import_default_modules()
        return app.tasks[name]


def enqueue(task, *args, **kwargs) -> None:
    """Run the Celery `task` with these arguments once the surrounding transaction commits. `task` is a task or
    its registered name: a module the tasks module imports (services) names its task, so no cycle is made."""

    def _send():
        try:
            (registered_task(task) if isinstance(task, str) else task).delay(*args, **kwargs)
        except Exception:  # a broken broker must not break the request that already committed
            logger.exception("could not enqueue task %s", getattr(task, "name", task))

    transaction.on_commit(_send)
