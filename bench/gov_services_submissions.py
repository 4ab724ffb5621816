"""Benchmark: concurrent online applications (网上申请) to government services over HTTP against a real server.

    .venv/bin/python bench/gov_services_submissions.py                      # SQLite (temp file, WAL)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine_zw .venv/bin/python bench/gov_services_submissions.py

As bench/disclosure_submissions.py: a fresh database (temp SQLite file, or a new PostgreSQL database
`<name>_zwbench`) is migrated; the demo organisation, one licensing item (its form declared as data, two materials)
and N real-name citizen accounts (实名认证, each with an API token) are created; gunicorn (gthread) serves it. N
applications (default 200) are sent at once from N threads, each as multipart with its form and a scan
(`POST /api/v1/services/applications/`, token auth, `Idempotency-Key`); a share of them repeat an earlier
application's key from the same account (a client retrying). Reported: lost (a unique application without a
stored case), duplicated (more stored cases than unique applications, or a retry answered with another tracking
code), server errors (HTTP 5xx or no answer), and the stored scans (one per case) and notice clocks (one per case).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from disclosure_submissions import free_port, pg_admin, resident_id  # the same helpers

ROOT = Path(__file__).resolve().parents[1]
MANAGE = str(ROOT / "manage.py")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")

SETUP = """
import datetime as dt, json, sys
from rest_framework.authtoken.models import Token
from sunshine.accounts.models import User
from sunshine.gov_services import realname
from sunshine.gov_services.models import Material, ServiceItem, ServiceItemVersion
from sunshine.orgs import demo as orgs_demo
from sunshine.orgs.models import Department
import os
orgs_demo.load(open(os.devnull, "w"))
item = ServiceItem.objects.create(code="scjgj-bench", name="食品经营许可（压测）", item_type="licensing",
                                  department=Department.objects.get(code="scjgj"))
v = ServiceItemVersion.objects.create(item=item, version=1, legal_basis="《中华人民共和国食品安全法》",
    form_fields=[{"name": "shop", "label": "经营场所", "type": "text", "required": True, "help": ""},
                 {"name": "area", "label": "面积（平方米）", "type": "integer", "required": True, "help": ""}])
m1 = Material.objects.create(version=v, position=1, name="食品经营许可申请书", form="original")
Material.objects.create(version=v, position=2, name="营业执照", form="copy")
item.current_version = v
item.save()
tokens = []
for n in range(%(n)d):
    u = User.objects.create_user(username=f"139{n:08d}", password=None, kind="citizen", phone=f"139{n:08d}",
                                 real_name=f"压测申请人{n}")
    realname.mark_verified(u, real_name=f"压测申请人{n}", id_type="resident_id", id_number=%(ids)s[n])
    tokens.append(Token.objects.create(user=u).key)
print(json.dumps({"tokens": tokens, "material": m1.pk}))
"""
COUNT = """
import json
from sunshine.clocks.models import Clock
from sunshine.gov_services.models import Application, ApplicationMaterial
keys = list(Application.objects.filter(idempotency_key__startswith="bench-").values_list("idempotency_key", flat=True))
apps = Application.objects.filter(idempotency_key__startswith="bench-")
print(json.dumps({"rows": len(keys), "keys": sorted(set(keys)),
                  "scans": ApplicationMaterial.objects.filter(application__in=apps, file__isnull=False).count(),
                  "notice_clocks": Clock.objects.filter(kind="gov_services.notice").count()}))
"""


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f'Content-Type: text/plain\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=200, help="concurrent applications")
    parser.add_argument("--repeat-share", type=float, default=0.25, help="share of applications that are retries")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix="zw-bench-"))
    pg_name = ""
    if base.startswith(("postgres://", "postgresql://")):
        pg_name = f"{urlsplit(base).path.lstrip('/') or 'sunshine'}_zwbench"
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
    n = args.n
    unique = n - int(n * args.repeat_share)
    try:
        subprocess.run([sys.executable, MANAGE, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
        ids = [resident_id(i) for i in range(unique)]
        out = subprocess.run([sys.executable, MANAGE, "shell", "-c", SETUP % {"n": unique, "ids": repr(ids)}],
                             env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        setup = json.loads(out.strip().splitlines()[-1])
        tokens, material = setup["tokens"], setup["material"]
        port = free_port()
        server = subprocess.Popen([GUNICORN, "sunshine.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
                                   "-k", "gthread", "--threads", str(args.threads), "--timeout", "120",
                                   "--backlog", "1024"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/api/v1/services/applications/"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/zw/", timeout=10)
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("server did not start: see " + str(tmp / "server.log"))

        plan = [(i, f"bench-{i}") for i in range(unique)] + [(i % unique, f"bench-{i % unique}")
                                                              for i in range(unique, n)]
        results: list[dict] = [{} for _ in plan]
        barrier = threading.Barrier(len(plan))

        def send(slot: int, app: int, key: str) -> None:
            body, content_type = multipart(
                {"item": "scjgj-bench", "applicant_name": f"压测申请人{app}", "applicant_id_type": "resident_id",
                 "applicant_id_number": ids[app], "applicant_phone": f"139{app:08d}",
                 "form": json.dumps({"shop": f"随县厉山镇神农大道{app}号", "area": str(20 + app % 80)},
                                    ensure_ascii=False)},
                {f"material_{material}": (f"申请书{app}.txt", f"食品经营许可申请书（压测 {app}）".encode())})
            req = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": content_type, "Idempotency-Key": key, "Authorization": f"Token {tokens[app]}"})
            barrier.wait()
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as response:
                    answer = json.loads(response.read())
                    results[slot] = {"status": response.status, "code": answer.get("tracking_code"), "key": key}
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
        print(f"online applications: {n} at once ({unique} unique, {n - unique} retries with the same Idempotency-Key),"
              " each multipart with its form and one scan, from real-name accounts (token)")
        print(f"HTTP 201: {sum(r['status'] == 201 for r in results)}, HTTP 200 (replays): "
              f"{sum(r['status'] == 200 for r in results)}, 4xx: {client_errors}, server errors: {server_errors}")
        print(f"stored cases: {stored['rows']} (expected {len(expected)}); scans {stored['scans']}, "
              f"notice clocks {stored['notice_clocks']}")
        print(f"lost: {lost}, duplicated: {duplicated}, server errors: {server_errors}")
        print(f"wall time: {wall:.2f} s; latency p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.0f} ms, max {latencies[-1]:.0f} ms")
        for r in results:
            if r.get("error"):
                print("  error:", r["status"], r["error"][:200])
                break
        ok = (lost == 0 and duplicated == 0 and server_errors == 0 and client_errors == 0
              and stored["scans"] == stored["rows"] == stored["notice_clocks"])
        return 0 if ok else 1
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
            print(f"kept: {tmp} (server.log, database and files)")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
