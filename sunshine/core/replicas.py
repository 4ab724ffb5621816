"""Read replicas (只读副本): read-only selectors read from a streaming replica when `DATABASE_REPLICA_URLS` is set.

Nothing reads from a replica unless it asks to: a selector decorated with `@replica_read` (public catalogue pages,
the echo wall …), or code inside `with replica_reads():`. Everything else — every write, every read that feeds a
write, workflow transitions, tasks — uses the primary (`default`). Without replicas all of this is a no-op.

Read-your-writes: a replica lags behind the primary (usually milliseconds, seconds under load). So

- inside a request (or task) that has written, or inside a transaction on the primary, reads stay on the primary;
- a client that has just written (a POST, or any request that saved something) gets the cookie `sunshine_primary`
  for `DATABASE_REPLICA_PIN_SECONDS` (default 10): its following requests read from the primary, so a citizen who
  has just applied sees the application on the next page. The cookie carries no data; a client that forges it only
  reads from the primary.

Replicas are chosen at random per query set. `ReplicaRouter` never migrates them (they are read-only copies).
"""

from __future__ import annotations

import contextvars
import functools
import random
from contextlib import contextmanager

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

PIN_COOKIE = "sunshine_primary"
_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_wanted", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_pinned", default=False)
_wrote: contextvars.ContextVar[list | None] = contextvars.ContextVar("replica_wrote", default=None)


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def read_db() -> str:
    """The database alias a read-only query should use now."""
    replicas = replica_aliases()
    if not replicas or _pinned.get() or connections["default"].in_atomic_block:
        return "default"
    wrote = _wrote.get()
    if wrote:
        return "default"
    return random.choice(replicas)


@contextmanager
def replica_reads():
    """Queries of the block may read from a replica (unless pinned to the primary)."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def replica_read(fn):
    """A read-only selector: its queries read from a replica; a QuerySet it returns is bound to that replica (a
    QuerySet runs later, in the template, outside the selector)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if not replica_aliases():
            return fn(*args, **kwargs)
        with replica_reads():
            result = fn(*args, **kwargs)
        if isinstance(result, QuerySet) and result._db is None:
            result = result.using(read_db())
        return result

    return wrapper


def note_write() -> None:
    wrote = _wrote.get()
    if wrote is not None:
        wrote.append(True)


class ReplicaRouter:
    """DATABASE_ROUTERS entry when replicas are configured (settings)."""

    def db_for_read(self, model, **hints):
        if _wanted.get():
            return read_db()
        return None  # the primary, or the database of the instance the query starts from

    def db_for_write(self, model, **hints):
        note_write()
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaPinMiddleware:
    """Read-your-writes across requests: pins a client that has just written to the primary for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = _pinned.set(request.COOKIES.get(PIN_COOKIE) == "1")
        wrote = _wrote.set([])
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in ("GET", "HEAD", "OPTIONS"):
                response.set_cookie(PIN_COOKIE, "1", max_age=settings.DATABASE_REPLICA_PIN_SECONDS, httponly=True,
                                    samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
            return response
        finally:
            _wrote.reset(wrote)
            _pinned.reset(pinned)
