"""The application side of tests/test_read_replicas.py, run in its own process with DATABASE_URL (the primary) and
DATABASE_REPLICA_URLS (one streaming replica). Prints one JSON object with what it observed:

1. the replica is a real standby (pg_is_in_recovery, refuses writes) and the router is installed;
2. with WAL replay paused on the replica, the primary changes a disclosure guide (公开指南): a fresh visitor's
   page (`selectors.guides`, @replica_read) still shows the old text — it was read from the replica;
3. a visitor who has just written (a POST: the pin cookie) sees the new text at once (read-your-writes), and the
   page cache does not serve it the replica's copy;
4. inside one request or task, reads after a write go to the primary;
5. replay resumed, the replica catches up and the fresh visitor sees the new text.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from sunshine.core import replicas  # noqa: E402
from sunshine.orgs.models import Department  # noqa: E402
from sunshine.publications import selectors  # noqa: E402
from sunshine.publications.models import DisclosureGuide  # noqa: E402

OLD, NEW = "县政府办公室政务公开科（旧）", "县政府办公室政务公开科（新）"


def replica_sql(sql: str):
    with connections["replica_1"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone() if cursor.description else None


def wait_replica(office: str, timeout: float = 30) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if DisclosureGuide.objects.using("replica_1").filter(office_name=office).exists():
            return time.monotonic() - start
        time.sleep(0.05)
    raise SystemExit(f"the replica did not receive {office!r} within {timeout}s")


def page(client: Client) -> str:
    response = client.get("/gk/guide/zjj/")
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    return "new" if NEW in text else "old" if OLD in text else "neither"


def main() -> int:
    answer = {"replicas": settings.DATABASE_REPLICAS, "routers": settings.DATABASE_ROUTERS,
              "in_recovery": replica_sql("SELECT pg_is_in_recovery()")[0]}
    try:
        replica_sql("CREATE TABLE should_fail (id int)")
        answer["replica_refuses_writes"] = False
    except Exception as exc:
        answer["replica_refuses_writes"] = "read-only transaction" in str(exc)
        connections["replica_1"].close()

    department = Department.objects.get(code="zjj")
    guide, _ = DisclosureGuide.objects.update_or_create(department=department, defaults={"office_name": OLD})
    answer["first_lag_s"] = round(wait_replica(OLD), 3)

    replica_sql("SELECT pg_wal_replay_pause()")
    try:
        DisclosureGuide.objects.filter(pk=guide.pk).update(office_name=NEW)
        cache.clear()
        fresh = Client(HTTP_HOST="localhost")
        answer["fresh_visitor_while_paused"] = page(fresh)  # from the replica: still the old text
        answer["fresh_visitor_selector_db"] = selectors.guides().db

        writer = Client(HTTP_HOST="localhost")
        posted = writer.post("/api/v1/auth/token", {"username": "nobody", "password": "wrong-password"})
        answer["post_status"] = posted.status_code
        answer["pin_cookie"] = posted.cookies.get(replicas.PIN_COOKIE).value if replicas.PIN_COOKIE in \
            posted.cookies else None
        answer["writer_after_post"] = page(writer)  # pinned to the primary: the new text, not the cached page
        answer["fresh_visitor_again"] = page(fresh)

        # One request or task: a write, then a read-only selector in the same context reads the primary.
        token = replicas._wrote.set([])
        try:
            before = selectors.guides().db
            Department.objects.filter(pk=department.pk).update(short_name="住建局")
            after = selectors.guides().db
        finally:
            replicas._wrote.reset(token)
        answer["same_context_before_write"], answer["same_context_after_write"] = before, after
    finally:
        replica_sql("SELECT pg_wal_replay_resume()")
    answer["catch_up_s"] = round(wait_replica(NEW), 3)
    cache.clear()
    answer["fresh_visitor_after_catch_up"] = page(Client(HTTP_HOST="localhost"))
    print(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
