"""Celery task: deliver one notification, with bounded retries.

With a broker (REDIS_URL set), a failed attempt re-enqueues the task with a growing countdown
(1, 2, 4 … minutes). Without one (tasks run eagerly right after commit, in the request's process),
the attempts are made one after another at once; either way at most NOTIFY_MAX_ATTEMPTS are made,
every one is recorded, and nothing is raised into the request.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from .models import Notification
from .services import attempt_delivery


def broker_configured() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER


def retry_countdown(attempts: int) -> int:
    return 60 * 2 ** max(0, attempts - 1)


@shared_task(name="notify.send_notification", bind=True, ignore_result=True)
def send_notification(self, notification_id: int) -> str:
    for _ in range(max(1, settings.NOTIFY_MAX_ATTEMPTS) + 1):  # bounded even if attempts were reset meanwhile
        notification = attempt_delivery(notification_id=notification_id)
        if notification is None:
            return "missing"
        if notification.status != Notification.Status.QUEUED:
            return notification.status
        if broker_configured():
            self.apply_async(args=[notification_id], countdown=retry_countdown(notification.attempts))
            return "retry"
    return Notification.Status.QUEUED
