"""Periodic jobs of government services (Celery beat, from the manifest)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="gov_services.accept_late_notices")
def accept_late_notices_task() -> int:
    from .services import accept_late_notices

    return accept_late_notices()


@shared_task(name="gov_services.integrity_flags")
def integrity_flags_task() -> int:
    from .integrity import sweep_integrity

    return sweep_integrity()


@shared_task(name="gov_services.terminate_lapsed_deferred")
def terminate_lapsed_deferred_task() -> int:
    from .deferred import terminate_lapsed_deferred

    return terminate_lapsed_deferred()
