"""Periodic jobs of government services (Celery beat, from the manifest)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="gov_services.accept_late_notices")
def accept_late_notices_task() -> int:
    from .services import accept_late_notices

    return accept_late_notices()
