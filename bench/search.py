#!/usr/bin/env python
"""Search benchmark (全文检索基准): index N synthetic items through `index_many`, then time `search()`.

    .venv/bin/python bench/search.py --items 100000 --queries 200            # SQLite: var/bench/search.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/search.py --items 100000
                                                            # PostgreSQL: database sunshine_bench_search (created)
    --reuse: keep an index of the same size from a previous run and only run the queries.
    --busy-core: a second process keeps one CPU core busy (a tight loop) for the whole query phase, as other work
    on the server would (the goal is p95 <= 100 ms and max <= 300 ms at 1,000,000 items under that load).
    --repeat N: time every query N times per order (the percentiles are over all the timings).
    --db-name NAME (PostgreSQL) or DATABASE_URL=sqlite:///path: another database, e.g. to measure indexing on a
    small index without replacing the 1M one: --items 20000 --db-name sunshine_bench_search_20k

Prints indexing items/s; per order (date, relevance): p50/p95/max of `search()` (count + page + rows + snippets),
p95 of the raw engine queries that produce the same page (the bare FTS5 / tsvector SQL: the count, or on
PostgreSQL the capped id fetch, and the newest-ids queries, without rows, scoring or snippets), the ratio;
recall and precision against substring truth (a full scan with instr/strpos over the stored text) on a sample.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMON = ["工作", "政府", "公开", "信息", "政务", "服务", "建设", "管理"]
MEDIUM = ["森林防火", "乡村振兴", "河长制", "最低生活保障", "三公经费", "政府采购", "厉山镇", "随政办发", "2019"]
BOUNDARY = ["息公", "开工", "务公开", "府信息", "作要点", "公开工作", "政公开", "务服"]


def configure_database(name: str = "sunshine_bench_search") -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _, _ = url.rpartition("/")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = f"{base}/{name}"
    elif url.startswith("sqlite:///"):  # an explicit SQLite file (e.g. a small index beside the 1M one)
        pass
    else:
        path = ROOT / "var" / "bench" / "search.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    os.environ.setdefault("SUNSHINE_DEMO", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # all apps: their post_migrate hooks expect their tables
    return os.environ["DATABASE_URL"]


def _spin(stop) -> None:
    """A busy core: a tight loop until `stop` is set (a separate process, so it owns a whole core)."""
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x += 1


class BusyCore:
    """`with BusyCore(on):` a second process spinning one core for the duration (nothing when `on` is false)."""

    def __init__(self, on: bool):
        self.on, self.proc, self.stop = on, None, None

    def __enter__(self):
        if self.on:
            import multiprocessing

            ctx = multiprocessing.get_context("spawn")
            self.stop = ctx.Event()
            self.proc = ctx.Process(target=_spin, args=(self.stop,), daemon=True)
            self.proc.start()
            time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            self.stop.set()
            self.proc.join(5)
            if self.proc.is_alive():
                self.proc.terminate()


def loadavg() -> str:
    return "load average " + " / ".join(f"{x:.2f}" for x in os.getloadavg())


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def index_items(n: int, batch: int) -> None:
    from sunshine.search import services, synth
    from sunshine.search.backends import get_backend

    get_backend().clear()
    dept_ids = {code: i + 1 for i, (code, *_rest) in enumerate(synth.DEPARTMENTS)}

    def entries():
        for i, item in enumerate(synth.make_items(n, seed=42), start=1):
            yield {
                "kind": "publication", "object_id": i, "title": item.title, "document_number": item.document_number,
                "body": item.body, "attachments_text": item.attachments_text, "published_at": item.published_at,
                "filters": {"department": dept_ids[item.department_code], "level": item.level,
                            "category": item.category, "genre": item.genre, "validity": item.validity},
            }

    started, cpu_started = time.perf_counter(), time.process_time()
    done = 0
    it = entries()
    while done < n:
        chunk = [e for _, e in zip(range(min(20000, n - done)), it, strict=False)]
        done += services.index_many(chunk, batch_size=batch)
        rate = done / (time.perf_counter() - started)
        print(f"  indexed {done:>9,} items  {rate:,.0f} items/s", flush=True)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"indexing: {n:,} items in {elapsed:.1f} s = {n / elapsed:,.0f} items/s (segmentation included); "
          f"this process used {cpu:.1f} CPU s = {n / cpu:,.0f} items per CPU second "
          f"(SQLite runs in-process; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


def build_queries(count: int) -> list[str]:
    from sunshine.search.models import SearchEntry
    from sunshine.search.tokenize import RUN_RE, normalize

    rnd = random.Random(7)
    queries = COMMON + MEDIUM + BOUNDARY
    max_id = SearchEntry.objects.order_by("-id").values_list("id", flat=True).first()
    min_id = SearchEntry.objects.order_by("id").values_list("id", flat=True).first()
    while len(queries) < count:
        probe = rnd.randint(min_id, max_id)
        row = SearchEntry.objects.filter(id__gte=probe).order_by("id").values("title", "text").first()
        source = normalize(rnd.choice([row["title"], row["text"]]))
        runs = [m.group(1) for m in RUN_RE.finditer(source) if m.group(1) and len(m.group(1)) >= 2]
        if not runs:
            continue
        run = rnd.choice(runs)
        k = rnd.randint(2, min(4, len(run)))
        start = rnd.randint(0, len(run) - k)
        queries.append(run[start:start + k])
    return queries[:count]


def raw_engine(query: str, order: str) -> float:
    """The bare engine queries behind one result page, timed without any Python work around them."""
    from sunshine.search import services
    from sunshine.search.backends import get_backend
    from sunshine.search.tokenize import parse_query

    backend = get_backend()
    terms = parse_query(query)
    started = time.perf_counter()
    want = 20 if order == "date" else services.RELEVANCE_POOL  # the same plan hint as search()
    matches = backend.matches("publication", terms, {}, want=want)  # SQLite: exact count; PostgreSQL: capped
    if order == "date":
        matches.newest_ids(limit=20)
    else:
        newest = matches.newest_ids(limit=services.RELEVANCE_POOL)
        if not matches.exact or matches.total > len(newest):
            matches.newest_ids(limit=services.RELEVANCE_POOL, title_only=True)
    return (time.perf_counter() - started) * 1000


def engine_ids(query: str) -> set[int]:
    from django.db import connection

    from sunshine.search.backends import get_backend
    from sunshine.search.tokenize import parse_query

    backend = get_backend()
    terms = parse_query(query)
    with connection.cursor() as cur:
        if backend.vendor == "postgresql":
            cur.execute("SELECT object_id FROM search_searchentry WHERE kind = 'publication' "
                        "AND tsv @@ to_tsquery('simple', %s)",
                        [backend.tsquery(terms)])
        else:
            cur.execute("SELECT e.object_id FROM search_fts f JOIN search_searchentry e ON e.id = f.rowid "
                        "WHERE search_fts MATCH %s", [backend.match_expression("publication", terms, {})])
        return {r[0] for r in cur.fetchall()}


def truth_ids(query: str) -> set[int]:
    from django.db import connection

    fn = "strpos" if connection.vendor == "postgresql" else "instr"
    with connection.cursor() as cur:
        cur.execute(f"SELECT object_id FROM search_searchentry WHERE kind = 'publication' AND "
                    f"({fn}(title, %s) > 0 OR {fn}(document_number, %s) > 0 OR {fn}(text, %s) > 0)",
                    [query, query, query])
        return {r[0] for r in cur.fetchall()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--recall-sample", type=int, default=15)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--reuse", action="store_true", help="keep an existing index of the same size")
    parser.add_argument("--busy-core", action="store_true",
                        help="a second process keeps one core busy during the queries")
    parser.add_argument("--repeat", type=int, default=1, help="timings per query and order")
    parser.add_argument("--db-name", default="sunshine_bench_search",
                        help="PostgreSQL database (created if missing; its index is replaced unless --reuse)")
    args = parser.parse_args()

    url = configure_database(args.db_name)
    import sqlite3

    from django.db import connection

    from sunshine.search import services
    from sunshine.search.models import SearchEntry

    print(f"database: {connection.vendor} ({url}); sqlite library {sqlite3.sqlite_version}")
    if args.reuse and SearchEntry.objects.count() == args.items:
        print(f"reusing the existing index of {args.items:,} items")
    else:
        index_items(args.items, args.batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE search_searchentry")
    queries = build_queries(args.queries)
    print(f"queries: {len(queries)} ({', '.join(queries[:30])} …)")

    for q in queries:  # warm the caches once, as a running server would be (relevance loads the segmenter)
        for order in ("date", "relevance"):
            services.search(kind="publication", query=q, order=order)
    print(f"before the queries: {loadavg()} on {os.cpu_count()} CPUs; busy core: {'yes' if args.busy_core else 'no'}")
    with BusyCore(args.busy_core):
        for order in ("date", "relevance"):
            times, raws, slow = [], [], []
            for _ in range(args.repeat):
                for q in queries:
                    raws.append(raw_engine(q, order))
                    page = services.search(kind="publication", query=q, order=order)
                    times.append(page.elapsed_ms)
                    slow.append((page.elapsed_ms, q, page.total))
            p95, raw95 = pct(times, 95), pct(raws, 95)
            print(f"order={order:9} search p50 {pct(times, 50):7.1f} ms  p95 {p95:7.1f} ms  max {max(times):7.1f} ms"
                  f" | raw engine p50 {pct(raws, 50):7.1f} ms  p95 {raw95:7.1f} ms | ratio p95 "
                  f"{p95 / max(raw95, 1e-6):.2f} | {loadavg()}")
            print("  slowest: " + "; ".join(f"{q} {ms:.0f} ms ({total:,} hits)" for ms, q, total in sorted(slow)[-8:]))
    print(f"after the queries: {loadavg()}")

    sample = COMMON[:2] + BOUNDARY[:3] + queries[len(COMMON) + len(MEDIUM) + len(BOUNDARY):][: args.recall_sample]
    tp = fp = fn = 0
    for q in sample:
        got, truth = engine_ids(q), truth_ids(q)
        tp += len(got & truth)
        fp += len(got - truth)
        fn += len(truth - got)
        if got != truth:
            print(f"  mismatch {q}: engine {len(got)}, truth {len(truth)}, missing {len(truth - got)}")
    print(f"recall {tp / max(tp + fn, 1):.4f}  precision {tp / max(tp + fp, 1):.4f}  "
          f"over {len(sample)} queries, {tp + fn:,} true matches (substring truth by full scan)")


if __name__ == "__main__":
    main()
