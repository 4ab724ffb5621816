"""Bulk-import throughput (goal ≥ 1,000 items/s) on the database DATABASE_URL names (SQLite by default).

    .venv/bin/python bench/publications_import.py --n 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine .venv/bin/python bench/publications_import.py --n 20000

Generates N realistic items with `sunshine.search.synth` into a JSONL file, imports them as published
historical items into a fresh database (index numbers allocated, bodies masked, 备案 and revision rows,
search index), then imports the same file again (every row skipped as unchanged) and prints items/s.

The machine is shared, so wall-clock rates move with the load: it also prints the CPU time per item of this
process (every thread) and, when PostgreSQL runs on this machine, of the server process of its connection
(from /proc), and the 1-minute load average before and after.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sunshine.publications.bench_support import fresh_database


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


class ServerCpu:
    """CPU seconds used so far by this connection's PostgreSQL backend process, read from /proc when the server
    runs on this machine (NaN otherwise, and on SQLite, which runs in this process)."""

    def __init__(self, vendor: str):
        self.pid = None
        if vendor == "postgresql":
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]

    def seconds(self) -> float:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, TypeError):
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with fresh_database("bench_import") as (vendor, _name):
        from sunshine.publications.importer import import_publications
        from sunshine.publications.models import Publication
        from sunshine.publications.seed import CATEGORY_MAP, GENRE_MAP
        from sunshine.search import synth

        path = Path(tempfile.mkdtemp()) / "items.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i, item in enumerate(synth.make_items(args.n, seed=7)):
                genre = GENRE_MAP.get(item.genre, "other")
                fh.write(json.dumps({
                    "index_number": f"BENCH/{item.created_on.year}-{i:07d}", "title": item.title,
                    "document_number": item.document_number, "department": item.department_code,
                    "category": CATEGORY_MAP.get(item.category, "other"), "genre": genre,
                    "created_on": item.created_on.isoformat(), "published_at": item.published_at.isoformat(),
                    "validity": item.validity if genre == "document" else "", "body": item.body,
                }, ensure_ascii=False) + "\n")
        from sunshine.search import services as search

        # the search kernel's share of the wall time: index_many (SQLite, and updates), index_prepared (PostgreSQL:
        # the writing thread's waits for the search entries of each chunk, tokenised meanwhile by the worker)
        spent = {"index": 0.0}
        for name in ("index_many", "index_prepared"):
            original = getattr(search, name, None)  # (index_prepared: absent before the pipelined import)
            if original is None:
                continue

            def timed(*args, _original=original, **kwargs):
                if threading.current_thread() is not threading.main_thread():
                    return _original(*args, **kwargs)
                began = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    spent["index"] += time.perf_counter() - began

            setattr(search, name, timed)
        server = ServerCpu(vendor)
        load_before = _load()
        started, cpu_started, server_started = time.perf_counter(), time.process_time(), server.seconds()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            report = profiler.runcall(import_publications, path, mode="published", batch_size=args.batch_size)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        else:
            report = import_publications(path, mode="published", batch_size=args.batch_size)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        server_cpu = server.seconds() - server_started
        assert report.created == args.n, (report.created, report.errors[:5])
        assert Publication.objects.count() == args.n
        print(f"[{vendor}] import {args.n} new items: {elapsed:.1f} s = {args.n / elapsed:,.0f} items/s "
              f"(errors {len(report.errors)}); of which waiting for search indexing {spent['index']:.1f} s")
        print(f"[{vendor}]   CPU per item: client {cpu / args.n * 1e3:.3f} ms (all threads)"
              + (f", server backend {server_cpu / args.n * 1e3:.3f} ms" if server_cpu == server_cpu else "")
              + f"; load average (1 min) {load_before} before, {_load()} after")
        # idempotent re-import: every row unchanged
        started, cpu_started = time.perf_counter(), time.process_time()
        report = import_publications(path, mode="published", batch_size=args.batch_size)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"[{vendor}] re-import (all unchanged, skipped {report.skipped}): {elapsed:.1f} s = "
              f"{args.n / elapsed:,.0f} items/s; client CPU {cpu / args.n * 1e3:.3f} ms per item")
        hits = search.search(kind="publication", query="乡村振兴", order="date").total
        print(f"[{vendor}] search check: “乡村振兴” → {hits} hits", file=io.StringIO() if hits else sys.stdout)


if __name__ == "__main__":
    main()
