"""Cache invalidation only: any change to the override table rebuilds the working-day index."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .cache import invalidate
from .models import CalendarDay, CalendarYear


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def _overrides_changed(sender, **kwargs) -> None:
    invalidate()
