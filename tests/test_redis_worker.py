"""End to end through the real broker: Redis, a `sunshine worker` process and the application in another process.

Without REDIS_URL the suite runs every task in-process right after commit (Celery's eager mode); these tests cover
the production path instead. The fixture `stack` builds a fresh committed database (a temp SQLite file, or — when
DATABASE_URL points at PostgreSQL — a new database `sunshine_worker_<pid>`, dropped at the end), migrates it and
loads the demo data with manage.py, claims a free Redis database among 10-15 (flushed at the start and the end),
and runs a local SMS gateway (the `http` SMS backend posts to it). The worker is started by `stack.start_worker()`
the first time a test needs it: `python -m sunshine.cli worker` — exactly `sunshine worker` (Celery worker and beat)
— with concurrency 1. The application side is tests/broker_client.py, run as a subprocess with the same
environment, so both sides only share what was committed and what went through Redis.

Tests run in file order (the first one needs the worker not to be running yet). Marked `redis`: skipped, with the
reason, when no Redis answers at 127.0.0.1:6379.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sunshine.core.testing import (
    conninfo,
    is_postgres,
    pg_admin_execute,
    run_manage,
    with_database,
)

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[1]
CLIENT = ROOT / "tests" / "broker_client.py"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_DBS = range(10, 16)
CLAIM_KEY = "sunshine-test-redis-worker-claim"
APPLICANT_PHONE = "13912345678"  # tests/broker_client.py APPLICATION
FLAKY_PHONE = "13900000001"  # the gateway answers 500 to its first message, then 200
DOWN_PHONE = "13900000002"  # the gateway answers 500 to every message
NOTIFY_RETRY_SECONDS = 1  # 1, 2 s between notification attempts (production: 60, 120)
LETTER_RETRY_SECONDS = 2  # 2, 4, 8 s between letter attempts (production: 30, 60, 120)
TIMEOUT = 60


# --- Redis ---------------------------------------------------------------------------------------------------

def _redis_or_skip():
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            pass
        import redis

        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DBS[0], socket_timeout=2).ping()
    except Exception as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT} ({exc.__class__.__name__}: {exc})")


def _claim_redis_db(owner: str):
    """A Redis database among 10-15 that nobody else is using (empty but for our claim), flushed; else skip."""
    import redis

    for number in REDIS_DBS:
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number, socket_timeout=5)
        if client.set(CLAIM_KEY, owner, nx=True, ex=900) and client.dbsize() == 1:
            client.flushdb()
            client.set(CLAIM_KEY, owner, ex=900)
            return number, client
        if client.get(CLAIM_KEY) == owner.encode():
            client.delete(CLAIM_KEY)  # claimed, but someone else's keys are there: leave it to them
    pytest.skip("no free Redis database among 10-15 (each holds someone else's keys)")


# --- the SMS gateway -----------------------------------------------------------------------------------------

@dataclass
class Gateway:
    url: str = ""
    received: list[dict] = field(default_factory=list)  # {"at", "phone", "text", "status"} in order
    on_retry: object = None  # called (in the server thread) when the flaky number's second message arrives
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, phone: str) -> list[dict]:
        with self.lock:
            return [r for r in self.received if r["phone"] == phone]


def _start_gateway(gateway: Gateway) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            phone = payload.get("phone", "")
            earlier = len(gateway.to(phone))
            if phone == DOWN_PHONE or (phone == FLAKY_PHONE and earlier == 0):
                status = 500
            else:
                status = 200
                if phone == FLAKY_PHONE and gateway.on_retry is not None:
                    gateway.on_retry()
            with gateway.lock:
                gateway.received.append({"at": time.monotonic(), "phone": phone, "text": payload.get("text", ""),
                                         "status": status})
            body = b'{"ok": true}' if status == 200 else b'{"error": "busy"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- the stack -------------------------------------------------------------------------------------------------

@dataclass
class Stack:
    env: dict[str, str]
    database_url: str
    tmp: Path
    gateway: Gateway
    redis: object
    worker: subprocess.Popen | None = None
    worker_log: Path | None = None

    def client(self, *args: str, check: bool = True) -> dict:
        """Run tests/broker_client.py; its JSON answer, with its stderr (logs) under "_log"."""
        result = subprocess.run([sys.executable, str(CLIENT), *args], env=self.env, cwd=ROOT, capture_output=True,
                                text=True, timeout=TIMEOUT + 60, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"broker_client {' '.join(args)} exited {result.returncode}:\n"
                                 f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}\n--- worker log ---\n"
                                 f"{self.log()[-5000:]}")
        answer = json.loads(result.stdout.strip().splitlines()[-1])
        answer["_log"] = result.stderr
        return answer

    def start_worker(self) -> None:
        if self.worker is not None:
            return
        self.worker_log = self.tmp / "worker.log"
        log = open(self.worker_log, "w")  # noqa: SIM115  (the worker writes to it until it stops)
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "sunshine.cli", "worker", "--concurrency", "1",
             "--hostname", f"sunshine-test-{os.getpid()}@%h", "--without-mingle", "--without-gossip",
             "--without-heartbeat"],
            env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + TIMEOUT
        while not re.search(r"celery@\S+ ready\.|sunshine-test-\d+@\S+ ready\.", self.log()):
            if self.worker.poll() is not None:
                raise RuntimeError(f"worker exited with {self.worker.returncode}:\n{self.log()[-5000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker not ready within {TIMEOUT}s:\n{self.log()[-5000:]}")
            time.sleep(0.2)

    def stop_worker(self) -> None:
        if self.worker is None:
            return
        self.worker.terminate()  # Celery's warm shutdown
        try:
            self.worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.worker.pid, signal.SIGKILL)  # its own session: the worker and its pool child
            self.worker.wait()
        else:
            try:
                os.killpg(self.worker.pid, signal.SIGKILL)  # a pool child left behind, if any
            except ProcessLookupError:
                pass

    def log(self) -> str:
        return self.worker_log.read_text(errors="replace") if self.worker_log and self.worker_log.exists() else ""

    def task_lines(self, name: str) -> list[str]:
        return [line for line in self.log().splitlines() if f"Task {name}[" in line]

    def last_notification_to(self, phone: str) -> tuple:
        """(status, attempts, last_error) of the newest notification to `phone`, read straight from the database
        (in milliseconds, while the worker waits for the gateway's answer)."""
        sql = "SELECT status, attempts, last_error FROM notify_notification WHERE phone = %s ORDER BY id DESC"
        if is_postgres(self.database_url):
            import psycopg

            with psycopg.connect(conninfo(self.database_url)) as conn:
                return tuple(conn.execute(sql, (phone,)).fetchone())
        with sqlite3.connect("/" + urlsplit(self.database_url).path.lstrip("/")) as conn:
            return tuple(conn.execute(sql.replace("%s", "?"), (phone,)).fetchone())


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    _redis_or_skip()
    tmp = tmp_path_factory.mktemp("redis-worker")
    owner = f"{socket.gethostname()}:{os.getpid()}:{tmp}"
    redis_db, redis_client = _claim_redis_db(owner)
    base_url = os.environ.get("DATABASE_URL", "")
    pg_name = ""
    gateway = Gateway()
    server = None
    stack = None
    try:
        if base_url and is_postgres(base_url):
            pg_name = f"sunshine_worker_{os.getpid()}"
            pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
            pg_admin_execute(base_url, f'CREATE DATABASE "{pg_name}"')
            database_url = with_database(base_url, pg_name)
        else:
            database_url = f"sqlite:///{tmp / 'worker.sqlite3'}"
        server = _start_gateway(gateway)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sunshine.settings",
            "SUNSHINE_DEMO": "1",
            "DJANGO_DEBUG": "0",
            "DATABASE_URL": database_url,
            "SUNSHINE_DATA_DIR": str(tmp / "data"),
            "SUNSHINE_MEDIA_ROOT": str(tmp / "media"),
            "REDIS_URL": "",  # the demo data is loaded in-process; the broker starts with the tests
            "SMS_BACKEND": "console",
            "PYTHONUNBUFFERED": "1",
        }
        with open(tmp / "setup.log", "w") as log:
            run_manage(["migrate", "--noinput", "-v", "0"], env, log)
            # The demo county and its departments (the application goes to 县政府办公室); the rest of load_demo
            # (dozens of cases, each with letters and messages) would only add half a minute.
            run_manage(["shell", "-c", "import sys; from sunshine.orgs import demo; demo.load(sys.stdout)"], env, log)
        env.update({
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
            "SMS_BACKEND": "http",
            "SMS_GATEWAY_URL": gateway.url,
            "SUNSHINE_NOTIFY_RETRY_SECONDS": str(NOTIFY_RETRY_SECONDS),
            "SUNSHINE_LETTER_RETRY_SECONDS": str(LETTER_RETRY_SECONDS),
        })
        stack = Stack(env=env, database_url=database_url, tmp=tmp, gateway=gateway, redis=redis_client)
        yield stack
    finally:
        if stack is not None:
            stack.stop_worker()
        if server is not None:
            server.shutdown()
            server.server_close()
        redis_client.flushdb()  # also drops our claim
        if pg_name:
            pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def _wait_for(condition, what: str, stack: Stack, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout}s\n--- worker log ---\n{stack.log()[-5000:]}")


# --- the scenarios ---------------------------------------------------------------------------------------------

def test_receipt_letter_and_sms_of_a_submission_are_done_by_the_worker(stack):
    """A citizen's application (request_submit, REDIS_URL set): the receipt's .docx and the SMS are queued in Redis
    after commit, nothing runs in the application's process, and the worker, started only afterwards, does both."""
    assert stack.worker is None, "this test must run before the worker starts"
    submitted = stack.client("submit")
    assert submitted["eager"] is False
    assert "documents.complete" not in submitted["_log"] and "send_notification" not in submitted["_log"]
    assert len(submitted["sms"]) == 1
    [sms_id] = submitted["sms"]
    letter, [sms] = submitted["after_commit"]["letter"], submitted["after_commit"]["sms"]
    assert (letter["file_pending"], letter["file"], letter["generate_events"]) == (True, None, 0)
    assert (sms["status"], sms["attempts"]) == ("queued", 0)

    # The application's process has exited: the letter and the SMS wait, committed, with their tasks in Redis.
    assert stack.redis.llen("celery") == 2  # documents.complete (the receipt) and send_notification, nothing else
    assert stack.gateway.to(APPLICANT_PHONE) == []

    stack.start_worker()
    done = stack.client("wait", "--letter", str(submitted["receipt"]), "--notification", f"{sms_id}=sent",
                        "--wait", str(TIMEOUT))
    letter, sms = done["letters"][str(submitted["receipt"])], done["notifications"][str(sms_id)]
    assert letter["file_pending"] is False and letter["file"]
    assert letter["file_name"] == f"{submitted['tracking_code']}-receipt.docx"
    assert letter["docx_has_tracking_code"] is True
    assert (letter["receipts_of_request"], letter["generate_events"]) == (1, 1)  # exactly once
    [line] = stack.task_lines("documents.complete")[-1:]
    assert line.endswith("'done'"), line
    assert (sms["status"], sms["attempts"], sms["sent"]) == ("sent", 1, True)
    assert sms["events"] == ["notification.create", "notification.send"]
    [message] = stack.gateway.to(APPLICANT_PHONE)
    assert message["status"] == 200 and submitted["tracking_code"] in message["text"]
    assert stack.redis.llen("celery") == 0
    assert any((stack.tmp / "data").glob("celerybeat-schedule*"))  # beat keeps its state in SUNSHINE_DATA_DIR


def test_a_notification_is_sent_by_the_running_worker(stack):
    """notify() with the worker running: queued by the application, sent by the worker at the first attempt."""
    stack.start_worker()
    before = len(stack.task_lines("notify.send_notification"))
    created = stack.client("notify", "13900000003", "您的办件已受理。", "--wait-status", "sent", "--wait", str(TIMEOUT))
    assert created["eager"] is False and "send_notification" not in created["_log"]
    sms = created["state"]
    assert (sms["status"], sms["attempts"], sms["last_error"], sms["sent"]) == ("sent", 1, "", True)
    assert sms["events"] == ["notification.create", "notification.send"]
    assert [m["text"] for m in stack.gateway.to("13900000003")] == ["您的办件已受理。"]
    lines = stack.task_lines("notify.send_notification")[before:]
    assert len(lines) == 2 and lines[0].endswith("received") and lines[1].endswith("'sent'"), lines


def test_a_failed_delivery_is_retried_by_the_worker_after_its_countdown(stack):
    """The gateway answers 500 to the first message: the worker records the failed attempt, re-enqueues the task
    with its countdown, and the retry (attempt 2) is sent. The eager path retries at once, in the same task; here
    the two calls are a countdown apart and the first failure is committed before the retry starts."""
    stack.start_worker()
    seen_at_retry = []
    stack.gateway.on_retry = lambda: seen_at_retry.append(stack.last_notification_to(FLAKY_PHONE))
    before = len(stack.task_lines("notify.send_notification"))
    try:
        created = stack.client("notify", FLAKY_PHONE, "请于3个工作日内补正材料。", "--wait-status", "sent",
                               "--wait", str(TIMEOUT))
    finally:
        stack.gateway.on_retry = None
    sms = created["state"]
    assert (sms["status"], sms["attempts"], sms["sent"]) == ("sent", 2, True)
    assert sms["last_error"] == "第 1 次：短信网关返回错误：HTTP 500"  # the failed attempt stays on record
    assert sms["events"] == ["notification.create", "notification.send"]
    first, second = stack.gateway.to(FLAKY_PHONE)
    assert (first["status"], second["status"]) == (500, 200)
    assert second["at"] - first["at"] >= NOTIFY_RETRY_SECONDS * 0.9  # the countdown, not an immediate loop
    # When the retry reached the gateway: still queued, attempt 2 claimed, attempt 1's failure recorded.
    assert seen_at_retry == [("queued", 2, "第 1 次：短信网关返回错误：HTTP 500")]
    results = [line.rsplit(": ", 1)[-1] for line in stack.task_lines("notify.send_notification")[before:]
               if "succeeded" in line]
    assert results == ["'retry'", "'sent'"]  # the first run re-enqueued itself, the second sent


def test_a_delivery_failing_every_attempt_ends_failed(stack):
    """The gateway answers 500 every time: NOTIFY_MAX_ATTEMPTS (3) attempts, a countdown apart (1 s, then 2 s),
    then `failed` with one notification.fail event; nothing is sent."""
    stack.start_worker()
    created = stack.client("notify", DOWN_PHONE, "您的申请已办结。", "--wait-status", "failed", "--wait", str(TIMEOUT))
    sms = created["state"]
    assert (sms["status"], sms["attempts"], sms["sent"]) == ("failed", 3, False)
    assert sms["last_error"] == "第 3 次：短信网关返回错误：HTTP 500"
    assert sms["events"] == ["notification.create", "notification.fail"]
    calls = stack.gateway.to(DOWN_PHONE)
    assert [c["status"] for c in calls] == [500, 500, 500]
    assert calls[1]["at"] - calls[0]["at"] >= NOTIFY_RETRY_SECONDS * 0.9
    assert calls[2]["at"] - calls[1]["at"] >= 2 * NOTIFY_RETRY_SECONDS * 0.9


def test_a_letter_that_cannot_be_stored_is_retried_by_the_worker_and_built_once(stack):
    """The file store fails (a file stands where its directory should be) when the worker builds the receipt:
    Celery retries the task after LETTER_RETRY_SECONDS; once the store is back a retry builds the .docx, and the
    failed attempts left no file and no event behind."""
    stack.start_worker()
    media, away = stack.tmp / "media", stack.tmp / "media-away"
    media.mkdir(exist_ok=True)
    media.rename(away)
    media.write_text("not a directory")
    try:
        before = len(stack.task_lines("documents.complete"))
        submitted = stack.client("submit")
        letter = submitted["after_commit"]["letter"]
        assert (letter["file_pending"], letter["file"], letter["generate_events"]) == (True, None, 0)
        _wait_for(lambda: any(re.search(r"retry: Retry in \d+s", line) for line in
                              stack.task_lines("documents.complete")[before:]),
                  "the first attempt failed and was scheduled for a retry", stack)
    finally:
        media.unlink()
        away.rename(media)
    done = stack.client("wait", "--letter", str(submitted["receipt"]), "--wait", str(TIMEOUT))
    letter = done["letters"][str(submitted["receipt"])]
    assert letter["file_pending"] is False and letter["file"] and letter["docx_has_tracking_code"] is True
    assert (letter["receipts_of_request"], letter["generate_events"]) == (1, 1)
    lines = stack.task_lines("documents.complete")[before:]
    assert lines[-1].endswith("'done'"), lines
    assert not any("succeeded" in line and "'failed'" in line for line in lines), lines
