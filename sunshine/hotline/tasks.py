"""Periodic jobs of the hotline (Celery beat, from the manifest)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="hotline.retrain_suggester")
def retrain_suggester_task() -> int:
    """Retrain the department suggester; returns the new model's id."""
    from .suggester import train

    return train().pk
