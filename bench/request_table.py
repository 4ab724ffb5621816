"""Benchmark: table 3 of the annual report (表三) over N disclosure requests (goal: ≤ 2 s, fixed query count).

Usage (from the repository root):

    .venv/bin/python bench/request_table.py --db sqlite            # var/bench/request_table.sqlite3
    .venv/bin/python bench/request_table.py --db postgres          # database sunshine_bench_requests
    .venv/bin/python bench/request_table.py --db postgres -n 100000 --server postgres://postgres@127.0.0.1:5432/postgres

The benchmark database is created from scratch (SQLite file deleted, PostgreSQL database dropped and
created), migrated, and filled with N requests by the app's `seed.py` (`sunshine seed --disclosure-requests N`,
2024–2026, after the orgs demo) when it exists, else (or with --own-seed) by this script's own bulk insert
(2023–2025). The PostgreSQL database is dropped at the end unless --keep is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_DB = "sunshine_bench_requests"


def prepare_database(kind: str, server: str) -> str:
    if kind == "sqlite":
        path = ROOT / "var" / "bench" / "request_table.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    return server.rsplit("/", 1)[0] + f"/{PG_DB}"


def drop_pg(server: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')


def own_seed(n: int, batch_size: int) -> None:
    """Realistic rows: 16 departments, 70% natural persons, 3 years, 90% decided within 1–40 days (all 25
    outcomes, weighted towards disclosure), 0.5% split parents, the rest open."""
    from django.utils import timezone

    from sunshine.disclosure_requests.models import DisclosureRequest
    from sunshine.disclosure_requests.outcomes import ApplicantType, Outcome
    from sunshine.orgs.models import Department, Division

    county, _ = Division.objects.get_or_create(code="421321", defaults={"name": "随县", "level": "county"})
    departments = [Department.objects.get_or_create(code=f"bench{i:02d}", defaults={
        "name": f"随县测试部门{i:02d}", "division": county})[0] for i in range(16)]
    rng = random.Random(20251121)
    types = [t.value for t in ApplicantType]
    type_weights = [70, 12, 3, 3, 7, 5]
    outcomes = [o.value for o in Outcome]
    outcome_weights = [30, 10, 15] + [2] * 8 + [8, 3, 3, 2] + [2] * 5 + [2, 1, 2, 3, 1]
    start = dt.date(2023, 1, 1)
    now = timezone.now()
    batch = []
    for i in range(n):
        received = start + dt.timedelta(days=rng.randrange(3 * 365))
        roll = rng.random()
        status, outcome, decided = "processing", "", None
        if roll < 0.005:
            status = "split"
        elif roll < 0.905:
            status, outcome = "closed", rng.choices(outcomes, outcome_weights)[0]
            decided = received + dt.timedelta(days=rng.randint(0, 40))
        batch.append(DisclosureRequest(
            tracking_code=f"B{i:09d}", verification_secret_hash="0" * 64, department=rng.choice(departments),
            applicant_name="测试申请人", applicant_type=rng.choices(types, type_weights)[0], id_type="resident_id",
            id_number="11010519491231002X", phone="13800138000", address="随县", description="测试申请内容",
            submitted_at=now, received_on=received, status=status, outcome=outcome, decided_on=decided))
        if len(batch) >= batch_size:
            DisclosureRequest.objects.bulk_create(batch)
            batch = []
    if batch:
        DisclosureRequest.objects.bulk_create(batch)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--server", default=os.environ.get("BENCH_PG_SERVER",
                                                           "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--own-seed", action="store_true", help="use this script's generator even if seed.py exists")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = prepare_database(args.db, args.server)
    os.environ.setdefault("SUNSHINE_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    os.environ.setdefault("SUNSHINE_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sunshine.disclosure_requests.annual_table import request_table
    from sunshine.disclosure_requests.models import DisclosureRequest

    try:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        t1 = time.perf_counter()
        import importlib

        try:
            seed = importlib.import_module("sunshine.disclosure_requests.seed")
        except ModuleNotFoundError as exc:
            if exc.name != "sunshine.disclosure_requests.seed":
                raise
            seed = None
        if seed is not None and not args.own_seed:
            from sunshine.core.manifest import manifest_of

            option = manifest_of("disclosure_requests").seed.option
            source = f"sunshine seed --{option.replace('_', '-')} (after the orgs demo)"
            from sunshine.orgs import demo as orgs_demo

            orgs_demo.load(sys.stdout)
            seed.run(args.n, stdout=sys.stdout, batch_size=args.batch_size)
        else:
            source = "bench/request_table.py own_seed"
            own_seed(args.n, args.batch_size)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        t2 = time.perf_counter()
        total = DisclosureRequest.objects.count()
        print(f"\ndatabase: {connection.vendor} ({connection.settings_dict['NAME']})")
        print(f"rows: {total} requests (seeded by {source}) — migrate {t1 - t0:.1f} s, seed {t2 - t1:.1f} s")
        department = DisclosureRequest.objects.values_list("department", flat=True).first()
        from sunshine.orgs.models import Department

        department = Department.objects.get(pk=department)
        for label, dept in [("county-wide", None), (f"department {department.code}", department)]:
            request_table(year=args.year, department=dept)  # warm-up
            timings = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    table = request_table(year=args.year, department=dept)
                    timings.append(time.perf_counter() - start)
            print(f"table 3 {args.year}, {label}: median {statistics.median(timings) * 1000:.0f} ms, "
                  f"max {max(timings) * 1000:.0f} ms over {args.runs} runs, {len(queries)} queries, "
                  f"一 total={table.value('received')}, checks {'all passed' if table.all_passed else 'FAILED'}")
            if max(timings) > 2.0:
                print("  GOAL MISSED: > 2 s")
    finally:
        if args.db == "postgres" and not args.keep:
            drop_pg(args.server)
            print(f"dropped database {PG_DB}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
