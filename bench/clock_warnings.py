#!/usr/bin/env python
"""Benchmark: yellow/red counts per department over N clocks (20 % running), the supervision query.

    .venv/bin/python bench/clock_warnings.py [--clocks 1000000] [--repeat 15] [--reuse] [--keep] [--db-name NAME]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/clock_warnings.py

Uses a dedicated database: SQLite var/bench/<db-name>.sqlite3 (default clocks.sqlite3), or on PostgreSQL (the
server DATABASE_URL points at) a database named --db-name (default sunshine_bench_clocks), created here and dropped
at the end (unless --keep). The clocks are a mix of units (working days, natural days, hours) and obligors (the
applicant's periods are ~10 %, never counted). The count is the live one (`warning_counts_by_department()`, red
for hour clocks precise to now). Goal: ≤ 300 ms per count, in a fixed number of queries (1), on the partial index.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "sunshine_bench_clocks"


def prepare_database(*, reuse: bool, db_name: str = BENCH_DB, sqlite_name: str = "clocks") -> tuple[str, callable]:
    """Point DATABASE_URL at the benchmark database; return (description, cleanup)."""
    BENCH_DB = db_name
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        import environ
        import psycopg

        cfg = environ.Env.db_url_config(url)
        conninfo = {"host": cfg.get("HOST") or "127.0.0.1", "port": cfg.get("PORT") or 5432,
                    "user": cfg.get("USER") or "postgres", "password": cfg.get("PASSWORD") or None,
                    "dbname": "postgres"}
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
            if exists and not reuse:
                conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            if not exists or not reuse:
                conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        base = url.rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{base}/{BENCH_DB}"

        def cleanup():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(**conninfo, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
            print(f"已删除数据库 {BENCH_DB}")

        return f"PostgreSQL {BENCH_DB}", cleanup
    path = ROOT / "var" / "bench" / f"{sqlite_name}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return f"SQLite {path.relative_to(ROOT)}", lambda: None


class EveryNth:
    def __init__(self, n: int):
        self.n, self.i = n, 0

    def write(self, text: str) -> None:
        self.i += 1
        if self.i % self.n == 0 or "合成部门" in text:
            print(text, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database with the same size")
    parser.add_argument("--keep", action="store_true", help="do not drop the PostgreSQL database at the end")
    parser.add_argument("--db-name", default=BENCH_DB,
                        help="PostgreSQL database (SQLite: var/bench/<name>.sqlite3 unless the default)")
    args = parser.parse_args()

    sqlite_name = "clocks" if args.db_name == BENCH_DB else args.db_name
    where, cleanup = prepare_database(reuse=args.reuse, db_name=args.db_name, sqlite_name=sqlite_name)
    os.environ.setdefault("SUNSHINE_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    os.environ.setdefault("SUNSHINE_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sunshine.clocks import seed, selectors
    from sunshine.clocks.models import Clock

    print(f"数据库：{where}")
    try:
        call_command("migrate", verbosity=0)
        existing = Clock.objects.count()
        if existing != args.clocks:
            if existing:
                Clock.objects.all().delete()
            t0 = time.perf_counter()
            seed.run(args.clocks, stdout=EveryNth(max(1, args.clocks // args.batch_size // 10)),
                      batch_size=args.batch_size)
            print(f"生成 {args.clocks:,} 个时限：{time.perf_counter() - t0:.1f} 秒")
            with connection.cursor() as cursor:
                # what autovacuum does on a live database: planner statistics, and on PostgreSQL the
                # visibility map that lets the warning count read the covering index alone
                cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE clocks_clock")
        from django.db.models import Count

        running = Clock.objects.filter(state="running").count()
        departments = Clock.objects.values("department").distinct().count()
        print(f"时限总数 {Clock.objects.count():,}，计时中 {running:,}，部门 {departments}")
        mix = (Clock.objects.filter(state="running").values("unit", "obligor").annotate(n=Count("id"))
               .order_by("unit", "obligor"))
        print("计时中的构成：" + "，".join(f"{m['unit']}/{m['obligor']} {m['n']:,}" for m in mix))

        today = timezone.localdate()
        selectors.warning_counts_by_department()  # warm up caches
        timings = []
        with CaptureQueriesContext(connection) as ctx:
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                rows = selectors.warning_counts_by_department()
                timings.append((time.perf_counter() - t0) * 1000)
        queries = len(ctx.captured_queries) // args.repeat
        yellow, red = sum(r["yellow"] for r in rows), sum(r["red"] for r in rows)
        # the truth by a plain scan: the agency's running clocks only, red by the moment for hour clocks
        now = timezone.now()
        truth_red = truth_yellow = 0
        for c in Clock.objects.filter(state="running", obligor="agency").values_list(
                "due_date", "due_at", "yellow_from").iterator(chunk_size=20000):
            due_date, due_at, yellow_from = c
            if due_date < today or (due_at is not None and due_at < now and due_date == today):
                truth_red += 1
            elif yellow_from is not None and yellow_from <= today:
                truth_yellow += 1
        print(f"预警统计（{today}）：{len(rows)} 个部门，黄牌 {yellow:,}，红牌 {red:,}"
              f"（逐行核对：黄牌 {truth_yellow:,}，红牌 {truth_red:,}）")
        applicant = Clock.objects.filter(state="running", obligor="applicant", due_date__lt=today).count()
        print(f"申请人期限已逾期但未计入红牌：{applicant:,}")
        print(f"每次查询数：{queries}")
        print(f"耗时（{args.repeat} 次）：中位数 {statistics.median(timings):.1f} ms，最小 {min(timings):.1f} ms，"
              f"最大 {max(timings):.1f} ms（目标 ≤ 300 ms）")
        sql = ctx.captured_queries[-1]["sql"]
        with connection.cursor() as cursor:
            cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) ")
                           + sql)
            print("查询计划：")
            for line in cursor.fetchall():
                print("   ", line[-1])
    finally:
        if not args.keep:
            cleanup()


if __name__ == "__main__":
    main()
