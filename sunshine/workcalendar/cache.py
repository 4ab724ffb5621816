"""The process-level working-day calendar, rebuilt when the override table changes.

`current_calendar()` is on the hot path of every due-date computation, so it checks the shared
revision (a counter in Django's cache) at most once per `CHECK_INTERVAL` seconds, and rebuilds at
least every `MAX_AGE` seconds anyway (the cache may be per-process locmem, or evicted).

Invalidation (`invalidate()`, called on save/delete of override rows and by the import) bumps the
revision immediately *and* again after the transaction commits, so another process that rebuilt
from not-yet-committed data rebuilds once more. Inside the transaction that changed the rows this
process uses a calendar built from those rows (so an import can recompute clocks with the new
schedule); if that transaction rolls back, the calendar is dropped when the transaction is gone.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import cache
from django.db import connection, transaction

from .calc import WorkCalendar

REVISION_KEY = "sunshine:workcalendar:revision"
CHECK_INTERVAL = 1.0
MAX_AGE = 300.0

_lock = threading.Lock()


class _State:
    calendar: WorkCalendar | None = None
    revision: object = None
    next_check: float = 0.0
    built_at: float = 0.0
    # the outermost atomic block of a transaction that changed overrides and has not committed yet
    uncommitted_owner: object = None


_state = _State()


def build_calendar(*, revision: object = None) -> WorkCalendar:
    """Read the override table (two queries) and build the index."""
    from .models import CalendarDay, CalendarYear

    overrides = dict(CalendarDay.objects.values_list("date", "kind"))
    loaded = list(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(overrides=overrides, loaded_years=loaded, revision=revision)


def current_calendar() -> WorkCalendar:
    state = _state
    calendar = state.calendar
    if calendar is not None and state.uncommitted_owner is None and time.monotonic() < state.next_check:
        return calendar
    return _refresh()


def _outermost_block():
    blocks = connection.atomic_blocks
    return blocks[0] if blocks else None


def _refresh() -> WorkCalendar:
    with _lock:
        state = _state
        now = time.monotonic()
        if state.uncommitted_owner is not None:
            if _outermost_block() is state.uncommitted_owner:
                # still inside the transaction that changed the overrides: use (or build) its view
                if state.calendar is None:
                    state.calendar = build_calendar(revision=None)
                return state.calendar
            # that transaction is gone without commit (rollback): forget what it built
            state.uncommitted_owner = None
            state.calendar = None
        revision = cache.get(REVISION_KEY)
        if (state.calendar is None or revision != state.revision or now - state.built_at > MAX_AGE):
            state.calendar = build_calendar(revision=revision)
            state.revision = revision
            state.built_at = now
        state.next_check = now + CHECK_INTERVAL
        return state.calendar


def _bump() -> None:
    try:
        cache.incr(REVISION_KEY)
    except ValueError:
        cache.set(REVISION_KEY, int(time.time() * 1000), timeout=None)


def _after_commit() -> None:
    with _lock:
        _state.uncommitted_owner = None
        _state.calendar = None
    _bump()


def invalidate() -> None:
    """The override table changed: rebuild here now, and everywhere once the transaction commits."""
    with _lock:
        _state.calendar = None
        _state.next_check = 0.0
        _state.uncommitted_owner = _outermost_block()
    _bump()
    transaction.on_commit(_after_commit)


def reset() -> None:
    """Forget the process-level calendar (tests)."""
    with _lock:
        _state.calendar = None
        _state.revision = None
        _state.next_check = 0.0
        _state.uncommitted_owner = None
