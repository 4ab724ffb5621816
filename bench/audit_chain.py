"""Cost of the audit hash chain (sunshine/audit/chain.py) on insert, and of `sunshine audit verify`.

    .venv/bin/python bench/audit_chain.py [--db sqlite|postgres] [-n 2000] [--threads 4]

Times `audit.services.record` (one event per transaction, as a state change does) with the chain (lock, read of the
last hash, SHA-256, insert) against the same insert without it (`bulk_create(..., _chained=True)` of a prepared
row), sequentially and from `--threads` connections at once; then `verify_chain()` over everything. Uses its own
database: var/bench/audit_chain.sqlite3, or sunshine_bench_audit on the PostgreSQL server (dropped at the end).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_DB = "sunshine_bench_audit"


def prepare_database(kind: str, server: str) -> str:
    if kind == "sqlite":
        path = ROOT / "var" / "bench" / "audit_chain.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    return server.rsplit("/", 1)[0] + f"/{PG_DB}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = prepare_database(args.db, args.server)
    os.environ.setdefault("SUNSHINE_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    os.environ.setdefault("SUNSHINE_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction
    from django.utils import timezone

    from sunshine.audit.models import AuditEvent
    from sunshine.audit.services import record, verify_chain
    from sunshine.orgs.models import Department, Division

    call_command("migrate", verbosity=0)
    division = Division.objects.create(code="421321", name="随县", level="county")
    target = Department.objects.create(code="fgw", name="随县发展和改革局", short_name="发改局", division=division)

    def chained(i):
        with transaction.atomic():
            record(action="bench.chained", target=target, after={"i": i, "note": "办理"}, reason="基准")

    def unchained(i):
        with transaction.atomic():
            AuditEvent.objects.bulk_create([AuditEvent(
                occurred_at=timezone.now(), actor_name="系统", action="bench.plain", target_type="orgs.department",
                target_id=str(target.pk), target_label=str(target), after={"i": i, "note": "办理"}, reason="基准",
                prev_hash="0" * 64, hash="0" * 64)], _chained=True)

    def sequential(fn, n):
        times = []
        for i in range(n):
            t = time.perf_counter()
            fn(i)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        return statistics.mean(times), times[len(times) // 2], times[int(len(times) * 0.95)]

    def parallel(fn, n, threads):
        barrier = threading.Barrier(threads)

        def work():
            barrier.wait()
            for i in range(n // threads):
                fn(i)
            connections.close_all()

        pool = [threading.Thread(target=work) for _ in range(threads)]
        t = time.perf_counter()
        for p in pool:
            p.start()
        for p in pool:
            p.join()
        return (n // threads * threads) / (time.perf_counter() - t)

    print(f"{connection.vendor}, n={args.n}, threads={args.threads}")
    for name, fn in (("without chain", unchained), ("with chain", chained)):
        sequential(fn, 50)  # warm-up
        mean, p50, p95 = sequential(fn, args.n)
        rate = parallel(fn, args.n, args.threads) if connection.vendor == "postgresql" else float("nan")
        print(f"{name:14s} sequential mean {mean:.3f} ms p50 {p50:.3f} ms p95 {p95:.3f} ms; "
              f"{args.threads} threads {rate:.0f} events/s")
    with connection.cursor() as cursor:  # the unchained rows are not links: verify the chained ones only
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute("DELETE FROM audit_auditevent WHERE action = 'bench.plain'")
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_delete")
            cursor.execute("DELETE FROM audit_auditevent WHERE action = 'bench.plain'")
    t = time.perf_counter()
    verdict = verify_chain()
    elapsed = time.perf_counter() - t
    print(f"verify: {verdict.checked} events in {elapsed:.2f} s ({verdict.checked / elapsed:.0f} events/s), "
          f"ok={verdict.ok}")
    if connection.vendor == "postgresql":
        connections.close_all()
        import psycopg

        with psycopg.connect(args.server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
