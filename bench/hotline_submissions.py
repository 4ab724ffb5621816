"""Benchmark: 200 concurrent submissions to the hotline's public API and web form over HTTP, against a real server
(issue #10 item 11): 0 lost, 0 duplicated, 0 server errors, on SQLite and PostgreSQL.

    .venv/bin/python bench/hotline_submissions.py                      # SQLite (temp file, WAL)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine_x .venv/bin/python bench/hotline_submissions.py

As bench/disclosure_submissions.py (whose helpers it uses): a fresh database (temp SQLite file, or a new PostgreSQL
database `<name>_bench`) is migrated, the county and the 县长信箱 are created, gunicorn (gthread) serves it. N
submissions (default 200) are sent at once from N threads, half to `POST /api/v1/hotline/tickets/` (JSON,
`Idempotency-Key`), half to the web form `/rx/xzxx/write/` (its one-time token, with the CSRF cookie); a share
of each repeat an earlier submission (a client retrying, a double click). Reported: lost (a unique submission
without a stored ticket), duplicated (more tickets than unique submissions, or a retry answered with another
tracking code), server errors (5xx or no answer).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.disclosure_submissions import GUNICORN, MANAGE, ROOT, free_port, pg_admin

SETUP = """
from sunshine.orgs.models import Division
from sunshine.hotline.models import Mailbox
Division.objects.get_or_create(code="421321", defaults={"name": "随县", "level": "county"})
Mailbox.objects.get_or_create(code="xzxx", defaults={"name": "县长信箱", "kind": "magistrate"})
"""
COUNT = """
import json
from sunshine.hotline.models import Ticket
rows = list(Ticket.objects.filter(title__startswith="压测").values_list("title", "tracking_code"))
print(json.dumps({"rows": len(rows), "titles": sorted({t for t, _ in rows})}))
"""
TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def api_body(n: int) -> bytes:
    return json.dumps({"mailbox": "xzxx", "kind": "complaint", "title": f"压测来信{n}",
                       "content": f"厉山镇神农社区门口的路灯坏了（压测{n}），晚上出行很不安全。",
                       "caller_name": "张三", "caller_phone": f"139{n:08d}", "consent_publish": False}).encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200, help="concurrent submissions")
    parser.add_argument("--repeat-share", type=float, default=0.25)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="rx-bench-"))
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
           "SUNSHINE_THROTTLE_SUBMIT": "off"}
    log = open(tmp / "server.log", "w")  # noqa: SIM115
    server = None
    keep = args.keep
    try:
        subprocess.run([sys.executable, MANAGE, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
        subprocess.run([sys.executable, MANAGE, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([GUNICORN, "sunshine.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
                                   "-k", "gthread", "--threads", str(args.threads), "--timeout", "120",
                                   "--backlog", "1024"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        root = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{root}/rx/", timeout=10)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("server did not start: see " + str(tmp / "server.log"))

        n = args.n
        unique = n - int(n * args.repeat_share)
        # (slot, submission number, channel, key); the repeats resend an earlier submission with its key/token
        plan = [(i, "api" if i % 2 == 0 else "form", f"bench-{i}") for i in range(unique)]
        plan += [(i % unique, "api" if (i % unique) % 2 == 0 else "form", f"bench-{i % unique}")
                 for i in range(unique, n)]
        # each form submitter first opens the form (its token and CSRF cookie); a repeat reuses the same session
        sessions: dict[str, tuple] = {}
        for _, channel, key in plan:
            if channel == "form" and key not in sessions:
                jar = http.cookiejar.CookieJar()
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
                html = opener.open(f"{root}/rx/xzxx/write/", timeout=60).read().decode()
                sessions[key] = (opener, TOKEN.search(html)[1], CSRF.search(html)[1])
        results: list[dict] = [{} for _ in plan]
        barrier = threading.Barrier(len(plan))

        def send(slot: int, number: int, channel: str, key: str) -> None:
            if channel == "api":
                opener = urllib.request.build_opener()
                req = urllib.request.Request(f"{root}/api/v1/hotline/tickets/", data=api_body(number), method="POST",
                                             headers={"Content-Type": "application/json", "Idempotency-Key": key})
            else:
                opener, token, csrf = sessions[key]
                form = {"csrfmiddlewaretoken": csrf, "form_token": token, "kind": "complaint",
                        "title": f"压测来信{number}",
                        "content": f"厉山镇神农社区门口的路灯坏了（压测{number}），晚上出行很不安全。",
                        "caller_name": "张三", "caller_phone": f"139{number:08d}"}
                req = urllib.request.Request(f"{root}/rx/xzxx/write/", data=urllib.parse.urlencode(form).encode(),
                                             method="POST", headers={"Referer": f"{root}/rx/xzxx/write/"})
            barrier.wait()
            started = time.perf_counter()
            try:
                with opener.open(req, timeout=120) as response:
                    body = response.read()
                    code = json.loads(body).get("tracking_code") if channel == "api" else None
                    results[slot] = {"status": response.status, "code": code, "key": key}
            except urllib.error.HTTPError as exc:
                results[slot] = {"status": exc.code, "key": key, "error": exc.read()[:300].decode(errors="replace")}
            except Exception as exc:
                results[slot] = {"status": 0, "key": key, "error": repr(exc)}
            results[slot]["ms"] = (time.perf_counter() - started) * 1000

        threads = [threading.Thread(target=send, args=(slot, *p)) for slot, p in enumerate(plan)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        stored = json.loads(subprocess.run([sys.executable, MANAGE, "shell", "-c", COUNT], env=env, cwd=ROOT,
                                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        expected = {f"压测来信{number}" for number, _, _ in plan}
        lost = len(expected - set(stored["titles"]))
        codes: dict[str, set] = {}
        for r in results:
            if r.get("code"):
                codes.setdefault(r["key"], set()).add(r["code"])
        duplicated = (stored["rows"] - len(set(stored["titles"]))) + sum(len(c) - 1 for c in codes.values())
        server_errors = sum(1 for r in results if r["status"] == 0 or r["status"] >= 500)
        client_errors = sum(1 for r in results if 400 <= r["status"] < 500)
        latencies = sorted(r["ms"] for r in results)
        print(f"database: {engine}; server: gunicorn {args.workers} workers × {args.threads} threads")
        print(f"submissions: {n} at once ({unique} unique: API and web form alternately; {n - unique} repeats "
              f"with the same Idempotency-Key or form token)")
        print(f"HTTP 201: {sum(r['status'] == 201 for r in results)}, 200 (replays and form pages): "
              f"{sum(r['status'] == 200 for r in results)}, 4xx: {client_errors}, server errors: {server_errors}")
        print(f"stored tickets: {stored['rows']} (expected {len(expected)})")
        print(f"lost: {lost}, duplicated: {duplicated}, server errors: {server_errors}")
        print(f"wall time: {wall:.2f} s; latency p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms")
        for r in results:
            if r.get("error"):
                print("  error:", r["status"], r["error"][:200])
                break
        return 0 if (lost == 0 and duplicated == 0 and server_errors == 0 and client_errors == 0) else 1
    except BaseException:
        keep = True
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
            print(f"kept: {tmp} (server.log, database)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
