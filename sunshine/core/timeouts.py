"""The time a request may spend in the database (请求时限), on both engines.

- **PostgreSQL**: `statement_timeout`. A connection opened while a request is being served gets
  `SUNSHINE_DB_REQUEST_TIMEOUT` seconds per statement; one opened outside a request (management commands, reports
  built by jobs, the Celery worker, backups) gets `SUNSHINE_DB_COMMAND_TIMEOUT` (0: no limit). Persistent
  connections (CONN_MAX_AGE) keep their setting, so a web worker pays the `SET` once per connection; a request that
  finds its connection set otherwise (a process that also ran a command, the test suite) sets it for the request
  and puts it back afterwards.
- **SQLite**: a progress handler on the connection for the duration of the request: SQLite calls it every
  `SQLITE_PROGRESS_STEPS` virtual-machine instructions, and once the request's deadline (its start +
  `SUNSHINE_DB_REQUEST_TIMEOUT`) has passed it interrupts the running statement. So on SQLite the limit is on the
  whole request's database work, on PostgreSQL on each statement; gunicorn's `--timeout`
  (`SUNSHINE_REQUEST_TIMEOUT`, larger) stays the last resort for time spent outside the database.

The interrupted statement raises `OperationalError` (PostgreSQL: SQLSTATE 57014 query_canceled; SQLite:
"interrupted"); `RequestTimeLimitMiddleware` turns it into a 503 with a Chinese page, or a JSON body on /api/ paths,
with `Retry-After`. Nothing half-done is kept: the statement's transaction is rolled back as for any database error.

A view that legitimately needs longer (an export) raises its own limit with `@longer_time_limit(seconds)`.
"""

from __future__ import annotations

import contextvars
import functools
import logging
import time

from django.conf import settings
from django.db import OperationalError, connections
from django.db.backends.signals import connection_created
from django.shortcuts import render

logger = logging.getLogger("sunshine.timeouts")

MESSAGE = "请求处理时间过长，已被中止。请稍后再试，或缩小查询范围。"
SQLITE_PROGRESS_STEPS = 10_000  # VM instructions between two looks at the clock (~0.1–1 ms of work)
RETRY_AFTER_SECONDS = 30

# (seconds, deadline on time.monotonic()) of the limit in force in this context; None outside requests
_current: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("db_time_limit", default=None)


def request_limit() -> float:
    return float(getattr(settings, "SUNSHINE_DB_REQUEST_TIMEOUT", 0) or 0)


def command_limit() -> float:
    return float(getattr(settings, "SUNSHINE_DB_COMMAND_TIMEOUT", 0) or 0)


def _set_pg_timeout(conn, seconds: float) -> None:
    value = f"{max(1, round(seconds * 1000))}ms" if seconds > 0 else "0"
    # on the driver's connection: not a query of the request's (the suite counts queries per page)
    with conn.wrap_database_errors:
        conn.connection.execute("SELECT set_config('statement_timeout', %s, false)", [value])
    # inside a transaction the SET is undone by a rollback: then what the session has is not known
    conn.sunshine_statement_timeout = None if conn.in_atomic_block else seconds


def _sqlite_handler(conn):
    def past_deadline() -> bool:
        deadline = getattr(conn, "sunshine_deadline", None)
        return deadline is not None and time.monotonic() > deadline

    return past_deadline


def _install_sqlite(conn, deadline: float | None) -> None:
    conn.sunshine_deadline = deadline
    if deadline is None:
        conn.connection.set_progress_handler(None, 0)
    else:
        conn.connection.set_progress_handler(_sqlite_handler(conn), SQLITE_PROGRESS_STEPS)


def on_connection_created(sender, connection, **kwargs) -> None:
    """A new connection: the limit in force (a request's), else on PostgreSQL the command limit."""
    current = _current.get()
    if connection.vendor == "postgresql":
        _set_pg_timeout(connection, command_limit() if current is None else current[0])
    elif connection.vendor == "sqlite" and current is not None:
        _install_sqlite(connection, current[1])


def connect_signals() -> None:
    connection_created.connect(on_connection_created, dispatch_uid="sunshine.core.timeouts")


def is_timeout(exc: BaseException) -> bool:
    """Whether `exc` is a statement stopped by the time limit (PostgreSQL query_canceled, SQLite interrupted)."""
    if not isinstance(exc, OperationalError):
        return False
    if getattr(exc.__cause__, "sqlstate", None) == "57014":  # psycopg: query_canceled (statement_timeout)
        return True
    return str(exc) == "interrupted"


class _Limit:
    """Database work inside the `with` block may take `seconds` (0: no limit); nests (the inner one wins)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        deadline = time.monotonic() + self.seconds if self.seconds > 0 else None
        self.token = _current.set((self.seconds, deadline))
        self.saved: dict[str, object] = {}  # alias -> the value to put back
        for conn in connections.all(initialized_only=True):
            if conn.connection is None:  # opened later: on_connection_created applies the limit
                continue
            if conn.vendor == "postgresql":
                previous = getattr(conn, "sunshine_statement_timeout", None)
                if previous != self.seconds or conn.in_atomic_block:
                    self.saved[conn.alias] = previous
                    _set_pg_timeout(conn, self.seconds)
            elif conn.vendor == "sqlite":
                self.saved[conn.alias] = getattr(conn, "sunshine_deadline", None)
                _install_sqlite(conn, deadline)
        return self

    def __exit__(self, *exc):
        _current.reset(self.token)
        outer = _current.get()
        for conn in connections.all(initialized_only=True):
            if conn.connection is None:
                continue
            try:
                if conn.vendor == "sqlite":
                    # a connection opened inside the block had no limit before it
                    _install_sqlite(conn, self.saved.get(conn.alias, outer[1] if outer else None))
                elif conn.vendor == "postgresql" and conn.alias in self.saved:
                    # (a connection opened inside the block keeps the limit: a web worker's next request needs it)
                    previous = self.saved[conn.alias]
                    if previous is None:
                        previous = outer[0] if outer else command_limit()
                    _set_pg_timeout(conn, previous)
            except Exception:  # an aborted transaction (a test's): its rollback undoes our SET anyway
                conn.sunshine_statement_timeout = None
        return False


def time_limit(seconds: float) -> _Limit:
    """`with time_limit(5):` database work inside may take 5 s (see the module docstring)."""
    return _Limit(seconds)


def timeout_response(request):
    from .middleware import is_api_path

    if is_api_path(request.path):
        from django.http import JsonResponse

        response = JsonResponse({"detail": MESSAGE, "code": "timeout"}, status=503,
                                json_dumps_params={"ensure_ascii": False})
    else:  # a page without context processors: no query may run after the one that was stopped
        response = render(None, "503.html", {"message": MESSAGE}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class RequestTimeLimitMiddleware:
    """Every request under the request limit (`SUNSHINE_DB_REQUEST_TIMEOUT`); a statement it stops answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with time_limit(request_limit()):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if is_timeout(exception):
            logger.warning("request stopped by the database time limit: %s %s", request.method, request.path)
            return timeout_response(request)
        return None


def longer_time_limit(seconds: float):
    """Decorate a view that may take up to `seconds` in the database (an export, a report built on demand)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            with time_limit(seconds):
                return view(request, *args, **kwargs)

        return wrapped

    return decorator
