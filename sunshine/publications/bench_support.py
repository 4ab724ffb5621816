"""Helpers for the benchmarks in bench/publications_*.py: a fresh database of either vendor, set up before Django.

`fresh_database(label)` must run before `django.setup()`: with DATABASE_URL pointing at PostgreSQL it
creates `<dbname>_<label>` on that server (dropped afterwards unless --keep); otherwise a SQLite file in a
temporary data directory. It then migrates and loads the demo organisation (departments and divisions).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def _is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(_with_db(url, "postgres"))
    with psycopg.connect(urlunsplit(("postgresql", parts.netloc, parts.path, "", "")), autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def fresh_database(label: str, *, keep: bool = False, reuse: str = ""):
    """Yield the vendor ("sqlite"/"postgresql") of a fresh, migrated database with the demo organisation.

    `reuse`: a SQLite path or PostgreSQL database name prepared by an earlier run with --keep (migrated to the
    current schema, not seeded again).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    os.environ["SUNSHINE_DEMO"] = "1"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["REDIS_URL"] = ""
    base = os.environ.get("DATABASE_URL", "")
    tmp = tempfile.mkdtemp(prefix=f"sunshine-bench-{label}-")
    os.environ["SUNSHINE_DATA_DIR"] = tmp
    os.environ["SUNSHINE_MEDIA_ROOT"] = str(Path(tmp) / "media")
    pg_name = ""
    fresh = not reuse
    if base and _is_postgres(base):
        pg_name = reuse or f"{urlsplit(base).path.strip('/') or 'sunshine'}_{label}"
        if fresh:
            _admin(base, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
            _admin(base, f'CREATE DATABASE "{pg_name}"')
        os.environ["DATABASE_URL"] = _with_db(base, pg_name)
        vendor = "postgresql"
    else:
        path = reuse or str(Path(tmp) / "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        vendor = "sqlite"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)  # a reused database gets the newer migrations too
    if fresh:
        from sunshine.orgs import demo as orgs_demo

        orgs_demo.load(open(os.devnull, "w"))  # noqa: SIM115
    try:
        yield vendor, (pg_name or os.environ["DATABASE_URL"].removeprefix("sqlite:///"))
    finally:
        from django.db import connections

        connections.close_all()
        if pg_name and not keep:
            _admin(base, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        if not keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
