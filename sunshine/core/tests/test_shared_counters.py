"""Without Redis the throttles and the failed-attempt limiter count in the database (CACHES["shared"]: the table
`sunshine_cache` made by migrate), so every gunicorn worker sees the same counts: separate processes here, each with
its own memory, against the same database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = r"""
import json, os, sys
import django
django.setup()
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory

from sunshine.core.throttling import FailureLimiter, SubmitThrottle

action, count = sys.argv[1], int(sys.argv[2])
out = {"backend": type(caches["shared"]).__name__}
request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
if action == "migrate":
    call_command("createcachetable", verbosity=0)  # what core migration 0001 makes
elif action == "fail":
    limiter = FailureLimiter("track")
    for _ in range(count):
        limiter.fail(request, "ZX-2026-0001")
    out["blocked"] = limiter.blocked(request, "ZX-2026-0001")
elif action == "submit":
    out["allowed"] = [SubmitThrottle().allow_request(request, None) for _ in range(count)]
elif action == "clean":
    FailureLimiter("track").reset(request, "ZX-2026-0001")
    caches["shared"].delete(SubmitThrottle().get_cache_key(request, None))
print(json.dumps(out))
"""


@pytest.fixture
def run(tmp_path, db):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "SUNSHINE_", "DATABASE_URL", "REDIS_URL", "PYTEST", "COV_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "sunshine.settings", "SUNSHINE_DEMO": "1",
                "SUNSHINE_DATA_DIR": str(tmp_path), "SUNSHINE_THROTTLE_SUBMIT": "3/hour",
                "SUNSHINE_TRACK_MAX_FAILURES": "3", "SUNSHINE_TRACK_FAILURE_WINDOW": "900"})
    if connection.vendor == "postgresql":  # the test database: migrate made the table (rows removed at the end)
        s = connection.settings_dict
        env["DATABASE_URL"] = (f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:"
                               f"{s['PORT'] or 5432}/{s['NAME']}")
    else:  # a database file of its own (the test database is in memory)
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shared.sqlite3'}"

    def _run(action: str, count: int = 0) -> dict:
        result = subprocess.run([sys.executable, "-c", SCRIPT, action, str(count)], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    if connection.vendor != "postgresql":
        _run("migrate")
    _run("clean")
    yield _run
    _run("clean")


def test_two_processes_share_the_failure_count_and_the_throttle(run):
    first = run("fail", 2)
    assert first == {"backend": "DatabaseCache", "blocked": False}
    # another process (another gunicorn worker): its third failure reaches the limit of 3
    assert run("fail", 1)["blocked"] is True
    assert run("fail", 0)["blocked"] is True  # and a third process sees it too

    assert run("submit", 2)["allowed"] == [True, True]
    assert run("submit", 2)["allowed"] == [True, False]  # 3/hour in all, not 3 per process


def test_the_migration_made_the_cache_table(db):
    assert "sunshine_cache" in connection.introspection.table_names()
