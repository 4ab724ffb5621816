"""Benchmark: concurrent disclosure-request submissions over HTTP against a real server process.

    .venv/bin/python bench/disclosure_submissions.py                      # SQLite (temp file, WAL)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine_h5 .venv/bin/python bench/disclosure_submissions.py
    .venv/bin/python bench/disclosure_submissions.py --sequential 30      # one at a time, in one process

A fresh database (temp SQLite file, or a new PostgreSQL database `<name>_bench`) is migrated, the county
office `zfb` is created, and gunicorn (gthread) serves it. N submissions (default 200) are sent at once from N
threads; a share of them repeat an earlier submission's `Idempotency-Key` (a client retrying). Reported:
lost (a unique application without a stored request), duplicated (more stored requests than unique
applications, or a retry answered with another tracking code), server errors (HTTP 5xx or no answer), and the
receipt letters: exactly one per stored request, each with its .docx (built after commit, in the server process
as without Redis), none still pending once every answer is in. The temporary directory (server log, SQLite file,
stored letters) is removed at the end unless `--keep`, or the run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
MANAGE = str(ROOT / "manage.py")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")

SETUP = """
from sunshine.orgs.models import Division, Department
county, _ = Division.objects.get_or_create(code="421321", defaults={"name": "随县", "level": "county"})
Department.objects.get_or_create(code="zfb", defaults={"name": "随县人民政府办公室", "division": county})
"""
COUNT = """
import json
from sunshine.disclosure_requests.models import DisclosureRequest, RequestDocument
keys = list(DisclosureRequest.objects.filter(idempotency_key__startswith="bench-").values_list("idempotency_key",
                                                                                                flat=True))
receipts = RequestDocument.objects.filter(request__idempotency_key__startswith="bench-", kind="receipt")
print(json.dumps({"rows": len(keys), "keys": sorted(set(keys)), "receipts": receipts.count(),
                  "receipt_requests": receipts.values("request").distinct().count(),
                  "receipts_pending": receipts.filter(file_pending=True).count(),
                  "receipts_with_docx": receipts.filter(file__isnull=False).count()}))
"""

# --sequential: submissions one after another in one process, timing what runs inside the transactions (on
# SQLite the write lock is held from BEGIN IMMEDIATE to COMMIT) apart from what runs after commit.
SEQUENTIAL = """
import json, time
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from sunshine.disclosure_requests import services
from sunshine.orgs.models import Department

spans, began = [], []
real_enter, real_commit = transaction.Atomic.__enter__, BaseDatabaseWrapper.commit

def enter(self):
    if not connection.in_atomic_block:
        began.append(time.perf_counter())
    return real_enter(self)

def commit(self):
    result = real_commit(self)
    if began:
        spans.append(time.perf_counter() - began.pop())
    return result

transaction.Atomic.__enter__, BaseDatabaseWrapper.commit = enter, commit
department = Department.objects.get(code="zfb")
data = dict(applicant_name="顺序申请人", applicant_type="natural_person", id_number="11010519491231002X",
            phone="13800138000", address="随县厉山镇神农大道1号", email="",
            description="请公开随政办发〔2025〕1号文件全文", form="electronic", delivery="online")
N = %d
own = []  # the submission's own transaction: the first to commit in each call (the others run after commit)
for i in range(N + 3):
    if i == 3:  # warmed up: templates, python-docx's package, the calendar
        spans.clear()
        own.clear()
        started = time.perf_counter()
    first = len(spans)
    services.request_submit(data=data, department=department)
    own.append(spans[first])
total = time.perf_counter() - started
print(json.dumps({"n": N, "ms": total / N * 1000, "transactions": len(spans) / N,
                  "in_transactions_ms": sum(spans) / N * 1000, "submission_ms": sum(own) / N * 1000}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def resident_id(n: int) -> str:
    from stdnum.cn import ric

    body = f"42132119{70 + n % 30}{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def payload(n: int) -> bytes:
    return json.dumps({
        "applicant_name": f"压测申请人{n}", "applicant_type": "natural_person", "id_number": resident_id(n),
        "phone": f"139{n:08d}", "address": "随县厉山镇神农大道1号", "email": "",
        "description": f"请公开随政办发〔2025〕{n}号文件全文（压测）", "form": "electronic", "delivery": "online",
    }).encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200, help="concurrent submissions")
    parser.add_argument("--repeat-share", type=float, default=0.25, help="share of submissions that are retries")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (server log, SQLite file)")
    parser.add_argument("--sequential", type=int, default=0, metavar="N",
                        help="instead: N submissions one after another in one process, with the time spent inside "
                             "transactions (the write lock on SQLite) and after commit")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="ysq-bench-"))
    pg_name = ""
    if base.startswith(("postgres://", "postgresql://")):
        pg_name = f"{urlsplit(base).path.lstrip('/') or 'sunshine'}_bench"
        pg_admin(base, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        pg_admin(base, f'CREATE DATABASE "{pg_name}"')
        parts = urlsplit(base)
        db_url = urlunsplit((parts.scheme, parts.netloc, f"/{pg_name}", parts.query, ""))
        engine = "PostgreSQL"
    else:
        db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        engine = "SQLite (WAL)"
    env = {**os.environ, "DATABASE_URL": db_url, "SUNSHINE_DEMO": "1", "DJANGO_DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "sunshine.settings", "SUNSHINE_DATA_DIR": str(tmp / "data"),
           "SUNSHINE_MEDIA_ROOT": str(tmp / "media"), "REDIS_URL": "", "SUNSHINE_LOG_LEVEL": "WARNING",
           # every simulated applicant comes from 127.0.0.1: the per-address submission limit would refuse them
           "SUNSHINE_THROTTLE_SUBMIT": "off"}
    log = open(tmp / "server.log", "w")  # noqa: SIM115
    server = None
    keep = args.keep
    try:
        subprocess.run([sys.executable, MANAGE, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
        subprocess.run([sys.executable, MANAGE, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        if args.sequential:
            out = subprocess.run([sys.executable, MANAGE, "shell", "-c", SEQUENTIAL % args.sequential], env=env,
                                 cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip().splitlines()
            seq = json.loads(out[-1])
            print(f"database: {engine}; {seq['n']} submissions one after another in one process")
            print(f"per submission: {seq['ms']:.1f} ms; inside its own transaction {seq['submission_ms']:.1f} ms; "
                  f"inside all {seq['transactions']:.1f} transactions (its own, then those of the letter and the "
                  f"notifications after commit) {seq['in_transactions_ms']:.1f} ms")
            return 0
        port = free_port()
        server = subprocess.Popen([GUNICORN, "sunshine.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
                                   "-k", "gthread", "--threads", str(args.threads), "--timeout", "120",
                                   "--backlog", "1024"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/api/v1/disclosure-requests/"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/ysq/", timeout=10)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("server did not start: see " + str(tmp / "server.log"))

        n = args.n
        unique = n - int(n * args.repeat_share)
        plan = [(i, f"bench-{i}") for i in range(unique)] + [(i % unique, f"bench-{i % unique}")
                                                              for i in range(unique, n)]
        results: list[dict] = [{} for _ in plan]
        barrier = threading.Barrier(len(plan))

        def send(slot: int, app: int, key: str) -> None:
            req = urllib.request.Request(url, data=payload(app), method="POST",
                                         headers={"Content-Type": "application/json", "Idempotency-Key": key})
            barrier.wait()
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as response:
                    body = json.loads(response.read())
                    results[slot] = {"status": response.status, "code": body.get("tracking_code"), "key": key}
            except urllib.error.HTTPError as exc:
                results[slot] = {"status": exc.code, "key": key, "error": exc.read()[:300].decode(errors="replace")}
            except Exception as exc:
                results[slot] = {"status": 0, "key": key, "error": repr(exc)}
            results[slot]["ms"] = (time.perf_counter() - started) * 1000

        threads = [threading.Thread(target=send, args=(slot, app, key)) for slot, (app, key) in enumerate(plan)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0

        stored = json.loads(subprocess.run([sys.executable, MANAGE, "shell", "-c", COUNT], env=env, cwd=ROOT,
                                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        expected = {key for _, key in plan}
        lost = len(expected - set(stored["keys"]))
        codes_per_key: dict[str, set] = {}
        for r in results:
            if r.get("code"):
                codes_per_key.setdefault(r["key"], set()).add(r["code"])
        duplicated = (stored["rows"] - len(set(stored["keys"]))) + sum(len(c) - 1 for c in codes_per_key.values())
        server_errors = sum(1 for r in results if r["status"] == 0 or r["status"] >= 500)
        client_errors = sum(1 for r in results if 400 <= r["status"] < 500)
        latencies = sorted(r["ms"] for r in results)
        print(f"database: {engine}; server: gunicorn {args.workers} workers × {args.threads} threads")
        print(f"submissions: {n} at once ({unique} unique applications, {n - unique} retries with the same "
              f"Idempotency-Key)")
        print(f"HTTP 201: {sum(r['status'] == 201 for r in results)}, HTTP 200 (replays): "
              f"{sum(r['status'] == 200 for r in results)}, 4xx: {client_errors}, server errors: {server_errors}")
        print(f"stored requests: {stored['rows']} (expected {len(expected)})")
        print(f"lost: {lost}, duplicated: {duplicated}, server errors: {server_errors}")
        letters_ok = (stored["receipts"] == stored["receipt_requests"] == stored["rows"]
                      and stored["receipts_with_docx"] == stored["rows"] and stored["receipts_pending"] == 0)
        print(f"receipt letters: {stored['receipts']} for {stored['receipt_requests']} requests, "
              f"{stored['receipts_with_docx']} with their .docx, {stored['receipts_pending']} still pending")
        print(f"wall time: {wall:.2f} s; latency p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms")
        for r in results:
            if r.get("error"):
                print("  error:", r["status"], r["error"][:200])
                break
        return 0 if (lost == 0 and duplicated == 0 and server_errors == 0 and client_errors == 0
                     and letters_ok) else 1
    except BaseException:
        keep = True  # the server log says what went wrong
        raise
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        log.close()
        if pg_name:
            pg_admin(base, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        if keep:
            print(f"kept: {tmp} (server.log, database and files)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
