"""Test helpers: for tests that run the platform in other processes (a live server, a Celery worker) on a fresh,
committed database of its own (a temporary SQLite file, or a new PostgreSQL database on DATABASE_URL's server), and
`has_chinese` for the hostile-input tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"


def has_chinese(text: str) -> bool:
    """Whether a message a user reads has Chinese in it (a hostile-input answer must be explained in Chinese)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql", "postgis")


def with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` on the same server."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def conninfo(url: str) -> str:
    """A PostgreSQL DATABASE_URL (any of its schemes) as a libpq connection URI."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


def pg_admin_execute(url: str, sql: str) -> None:
    """Run `sql` (CREATE/DROP DATABASE) on the server of `url`, connected to its `postgres` database."""
    import psycopg

    with psycopg.connect(conninfo(with_database(url, "postgres")), autocommit=True) as conn:
        conn.execute(sql)


def run_manage(args: list[str], env: dict[str, str], log) -> None:
    """`manage.py ARGS` in a subprocess with `env`, its output appended to the open file `log`."""
    result = subprocess.run([sys.executable, str(MANAGE), *args], env=env, cwd=ROOT, stdout=log,
                            stderr=subprocess.STDOUT, timeout=600, check=False)
    if result.returncode != 0:
        log.flush()
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{Path(log.name).read_text(errors='replace')[-5000:]}")
