"""Periodic task: scheduled publication (定时发布) through the task layer (Celery beat when Redis is configured)."""

from celery import shared_task


@shared_task(name="publications.publish_due")
def publish_due_task() -> int:
    from sunshine.publications.services import publish_due

    published, _errors = publish_due()
    return published
