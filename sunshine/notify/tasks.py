"""Celery task: deliver one notification, with bounded retries.

With a broker (REDIS_URL set), a failed attempt re-enqueues the task with a growing countdown
(NOTIFY_RETRY_SECONDS, doubled after each failure: 1, 2, 4 … minutes by default). Without one (tasks run
eagerly right after commit, in the request's process), the attempts are made one after another at once;
either way at most NOTIFY_MAX_ATTEMPTS are made, every one is recorded, and nothing is raised into the request.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from .models import Notification
from .services import attempt_delivery


def broker_configured() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER


def retry_countdown(attempts: int) -> int:
    """Seconds before the attempt after failed attempt number `attempts`: 60, 120, 240 … by default."""
    return max(0, settings.NOTIFY_RETRY_SECONDS) * 2 ** max(0, attempts - 1)


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


@shared_task(name="notify.resend_stale")
def resend_stale_task() -> int:
    """The safety net: notifications whose delivery task was lost are sent (or marked failed) here."""
    from .services import resend_stale

    return resend_stale()
