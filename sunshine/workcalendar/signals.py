"""Changes to the override table: rebuild the working-day index and tell the layers above (节假日变更通知).

`calendar_days_changed` is sent after a `CalendarDay` or `CalendarYear` row is saved or deleted (the admin, the
import, a shell), inside the same transaction, with the range of dates whose working-day status may have changed:

    calendar_days_changed.send(sender=CalendarDay, date_from=date, date_to=date, actor=user_or_None, reason=str)

Receivers run synchronously in the editing transaction: what they write commits or rolls back with the edit (the
clocks app recomputes the due dates it affects, `sunshine.clocks.apps`). A receiver returns an int (how many objects
it changed) or None. The workcalendar app is below the clocks and never imports them: this signal is the only link.

Bulk changes (the import replaces a year; the admin's bulk delete) wrap their writes in `coalesce_changes()`: the
rows' signals are gathered and one `calendar_days_changed` is sent at the end for the whole range, so the clocks are
replayed once. The admin puts the acting user on the instance (`instance._calendar_actor`) so the recompute's ledger
rows and audit events name them.
"""

from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver

from .cache import invalidate
from .models import CalendarDay, CalendarYear

calendar_days_changed = Signal()

_local = threading.local()


class _Pending:
    def __init__(self) -> None:
        self.date_from: dt.date | None = None
        self.date_to: dt.date | None = None
        self.actor = None

    def add(self, date_from: dt.date, date_to: dt.date, actor) -> None:
        self.date_from = date_from if self.date_from is None else min(self.date_from, date_from)
        self.date_to = date_to if self.date_to is None else max(self.date_to, date_to)
        self.actor = self.actor or actor


def send_changed(*, date_from: dt.date, date_to: dt.date, actor=None, reason: str = "", sender=CalendarDay) -> int:
    """Announce that the working-day status of [date_from, date_to] may have changed; returns the receivers' total
    (e.g. how many clocks were recomputed). Inside `coalesce_changes()` the range is only remembered."""
    invalidate()
    pending: _Pending | None = getattr(_local, "pending", None)
    if pending is not None:
        pending.add(date_from, date_to, actor)
        return 0
    responses = calendar_days_changed.send(sender=sender, date_from=date_from, date_to=date_to, actor=actor,
                                           reason=reason)
    return sum(result for _receiver, result in responses if isinstance(result, int))


@contextmanager
def coalesce_changes(*, actor=None, reason: str = ""):
    """Gather the changes made inside the block and send one `calendar_days_changed` at its end (not on error).

    Yields a dict whose "changed" key holds the receivers' total after the block."""
    outer = getattr(_local, "pending", None)
    result = {"changed": 0}
    if outer is not None:  # nested: the outermost block sends
        yield result
        return
    pending = _Pending()
    _local.pending = pending
    try:
        yield result
    finally:
        _local.pending = None
    if pending.date_from is not None:
        result["changed"] = send_changed(date_from=pending.date_from, date_to=pending.date_to,
                                         actor=actor or pending.actor, reason=reason)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@receiver(pre_save, sender=CalendarDay)
def _remember_old_date(sender, instance: CalendarDay, raw=False, **kwargs) -> None:
    """A changed row may move a holiday from one date to another: both dates are affected."""
    old = None
    if instance.pk is not None and not raw:
        old = CalendarDay.objects.filter(pk=instance.pk).values_list("date", flat=True).first()
    instance._calendar_old_date = old


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def _day_changed(sender, instance: CalendarDay, raw=False, **kwargs) -> None:
    if raw:  # loaddata: no clocks to recompute from fixtures
        invalidate()
        return
    dates = [d for d in (instance.date, getattr(instance, "_calendar_old_date", None)) if d is not None]
    send_changed(date_from=min(dates), date_to=max(dates), actor=getattr(instance, "_calendar_actor", None),
                 reason=f"节假日调整变更（{instance.date:%Y-%m-%d}），重新计算期限")


@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def _year_changed(sender, instance: CalendarYear, raw=False, **kwargs) -> None:
    if raw:
        invalidate()
        return
    date_from, date_to = _year_range(instance.year)
    send_changed(date_from=date_from, date_to=date_to, actor=getattr(instance, "_calendar_actor", None),
                 reason=f"{instance.year}年节假日安排的导入状态变更，重新计算期限", sender=CalendarYear)
