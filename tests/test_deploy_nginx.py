"""The deployment of deploy/, tested: Debian's nginx with deploy/nginx/sunshine.conf (paths and ports rewritten to a
temp dir, a self-signed certificate made here) in front of `sunshine serve` (gunicorn, 2 workers) on a fresh
PostgreSQL database, with Redis and a real `sunshine worker`, in the environment of deploy/sunshine.env. A citizen
applies, tracks and downloads the receipt letter (built by the worker) through nginx over TLS (tests/ops_client.py,
certificate checked); nginx serves the static files itself, never /media/, redirects HTTP to HTTPS, answers an
over-large API body with JSON, and the address the throttles count is the one nginx saw, whatever X-Forwarded-For
the client sends.

Skipped, with the reason, without nginx (scripts/ensure-nginx.sh installs it), without PostgreSQL in DATABASE_URL,
or without Redis at 127.0.0.1:6379. Lean on purpose: one site, one module-scoped stack, one pass.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sunshine.core.testing import is_postgres, pg_admin_execute, run_manage, with_database

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
CLIENT = ROOT / "tests" / "ops_client.py"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CLAIM_KEY = "sunshine-test-redis-worker-claim"  # shared with tests/test_redis_worker.py: one claimant per database
TIMEOUT = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} not open within {TIMEOUT}s:\n{log.read_text(errors='replace')[-4000:]}")


def _env_file() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "sunshine.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _claim_redis() -> tuple[int, object]:
    try:
        import redis

        probe = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=2)
        probe.ping()
    except Exception as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT} ({exc.__class__.__name__}: {exc})")
    owner = f"{socket.gethostname()}:{os.getpid()}:deploy"
    for number in range(10, 16):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number, socket_timeout=5)
        if client.set(CLAIM_KEY, owner, nx=True, ex=900) and client.dbsize() == 1:
            client.flushdb()
            client.set(CLAIM_KEY, owner, ex=900)
            return number, client
        if client.get(CLAIM_KEY) == owner.encode():
            client.delete(CLAIM_KEY)
    pytest.skip("no free Redis database among 10-15 (each holds someone else's keys)")


def _site_conf(tmp: Path, http_port: int, https_port: int, app_port: int) -> str:
    """deploy/nginx/sunshine.conf as shipped, with only its machine-specific paths and ports replaced."""
    text = (DEPLOY / "nginx" / "sunshine.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/ssl/sunshine/fullchain.pem": str(tmp / "cert.pem"),
        "/etc/ssl/sunshine/privkey.pem": str(tmp / "key.pem"),
        "/srv/sunshine/var/static/": f"{tmp / 'data' / 'static'}/",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/etc/nginx/sunshine-proxy.conf": str(DEPLOY / "nginx" / "sunshine-proxy.conf"),
        "/var/log/nginx/": f"{tmp}/",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx/sunshine.conf no longer contains {old!r}: update this test"
        text = text.replace(old, new)
    return "\n".join(line for line in text.splitlines() if "listen [::]" not in line)  # no IPv6 needed here


def _main_conf(tmp: Path) -> str:
    temp = "\n".join(f"    {kind}_temp_path {tmp / 'nginx-tmp' / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root root;" if os.geteuid() == 0 else ""
    return f"""{user}
daemon off;
worker_processes 1;
pid {tmp / 'nginx.pid'};
error_log {tmp / 'nginx-error.log'} warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp / 'nginx-access.log'};
{temp}
    include {tmp / 'site.conf'};
}}
"""


class Site:
    def __init__(self, tmp: Path, https_port: int, http_port: int, env: dict):
        self.tmp, self.https_port, self.http_port, self.env = tmp, https_port, http_port, env
        self.base = f"https://localhost:{https_port}"
        self.context = ssl.create_default_context(cafile=str(tmp / "cert.pem"))

    def client(self, *args: str) -> dict:
        result = subprocess.run([sys.executable, str(CLIENT), "--base-url", self.base, "--cafile",
                                 str(self.tmp / "cert.pem"), *args], env=self.env, cwd=ROOT, capture_output=True,
                                text=True, timeout=TIMEOUT + 30, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def get(self, url: str, data: bytes | None = None, headers: dict | None = None, method: str = "GET"):
        request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        context = self.context if url.startswith("https") else None

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def log(self, name: str) -> str:
        path = self.tmp / name
        return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (scripts/ensure-nginx.sh installs Debian's nginx; `make test` runs it)")
    base_url = os.environ.get("DATABASE_URL", "")
    if not (base_url and is_postgres(base_url)):
        pytest.skip("the deployment smoke test runs on PostgreSQL: set DATABASE_URL=postgres://…")
    redis_db, redis_client = _claim_redis()
    tmp = tmp_path_factory.mktemp("deploy")
    pg_name = f"sunshine_deploy_{os.getpid()}"
    processes: list[subprocess.Popen] = []
    try:
        pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        pg_admin_execute(base_url, f'CREATE DATABASE "{pg_name}"')
        https_port, http_port, app_port = _free_port(), _free_port(), _free_port()
        env = {**os.environ, **_env_file()}
        env.update({
            "DJANGO_SETTINGS_MODULE": "sunshine.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
            "DATABASE_URL": with_database(base_url, pg_name),
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}",
            "SUNSHINE_DATA_DIR": str(tmp / "data"),
            "SUNSHINE_MEDIA_ROOT": str(tmp / "data" / "media"),
            "SMS_BACKEND": "console",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "SUNSHINE_THROTTLE_SUBMIT": "2/hour",  # the third application from this address is refused
            "PYTHONUNBUFFERED": "1",
        })
        with open(tmp / "setup.log", "w") as log:
            run_manage(["migrate", "--noinput", "-v", "0"], env, log)
            run_manage(["shell", "-c", "import sys; from sunshine.orgs import demo; demo.load(sys.stdout)"], env, log)
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                            "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext",
                            "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(tmp / "key.pem"), "-out",
                            str(tmp / "cert.pem")], stdout=log, stderr=subprocess.STDOUT, check=True, timeout=60)

        def start(name: str, args: list[str]) -> subprocess.Popen:
            with open(tmp / f"{name}.log", "w") as log:
                proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
            processes.append(proc)
            return proc

        web = start("web", [sys.executable, "-m", "sunshine.cli", "serve", "--bind", f"127.0.0.1:{app_port}",
                            "--workers", "2", "--timeout", "30"])
        worker = start("worker", [sys.executable, "-m", "sunshine.cli", "worker", "--no-beat", "--concurrency", "1",
                                  "--hostname", f"sunshine-deploy-{os.getpid()}@%h", "--without-mingle",
                                  "--without-gossip", "--without-heartbeat"])
        (tmp / "site.conf").write_text(_site_conf(tmp, http_port, https_port, app_port))
        (tmp / "nginx.conf").write_text(_main_conf(tmp))
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp / "nginx-tmp" / kind).mkdir(parents=True, exist_ok=True)
        checked = subprocess.run([NGINX, "-t", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], capture_output=True,
                                 text=True, check=False)
        assert checked.returncode == 0, checked.stderr
        nginx = start("nginx", [NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)])
        _wait_port(app_port, web, tmp / "web.log")
        _wait_port(https_port, nginx, tmp / "nginx.log")
        deadline = time.monotonic() + TIMEOUT
        while not re.search(r"sunshine-deploy-\d+@\S+ ready\.", (tmp / "worker.log").read_text(errors="replace")):
            assert worker.poll() is None and time.monotonic() < deadline, (tmp / "worker.log").read_text()[-4000:]
            time.sleep(0.3)
        yield Site(tmp, https_port, http_port, env)
    finally:
        for proc in reversed(processes):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
        redis_client.flushdb()
        pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def test_apply_track_and_download_through_nginx(site):
    submitted = site.client("submit")
    assert submitted["status"] == 201, submitted
    code, secret = submitted["body"]["tracking_code"], submitted["body"]["verification_secret"]
    tracked = site.client("track", code, secret, "--wait-ready", "60")
    assert tracked["status"] == 200 and tracked["body"]["status"] == submitted["body"]["status"], tracked
    [receipt] = tracked["body"]["documents"]
    assert receipt["ready"] is True, f"the worker did not build the receipt:\n{site.log('worker.log')[-3000:]}"
    assert "documents.complete" in site.log("worker.log")  # built by the worker, not in the web process
    letter = site.client("download", code, secret, str(receipt["id"]))
    assert letter["status"] == 200 and letter["docx_has_tracking_code"] is True, letter

    # Django saw HTTPS through X-Forwarded-Proto (no redirect loop, HSTS sent) and nginx's request id.
    status, headers, _ = site.get(f"{site.base}/ysq/track/")
    assert status == 200 and headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert f"GET /api/v1/disclosure-requests/{code}/documents/{receipt['id']} HTTP/1.1\" 200" in site.log(
        "sunshine.access.log")  # the site's own log (deploy/nginx/sunshine.conf)


def test_nginx_serves_static_itself_and_never_media(site):
    css = next((site.tmp / "data" / "static").rglob("*.css"))
    path = css.relative_to(site.tmp / "data" / "static").as_posix()
    status, headers, body = site.get(f"{site.base}/static/{path}")
    assert status == 200 and body == css.read_bytes()
    # Served by nginx, not Django (no request id), with the site's cache header.
    assert "X-Request-ID" not in headers and headers.get_all("Cache-Control") == ["public, max-age=604800"]
    media = next((site.tmp / "data" / "media").rglob("*.docx"), None)
    name = media.relative_to(site.tmp / "data" / "media").as_posix() if media else "files/x.docx"
    assert site.get(f"{site.base}/media/{name}")[0] == 404
    status, headers, _ = site.get(f"http://127.0.0.1:{site.http_port}/ysq/")
    assert status == 301 and headers["Location"].startswith("https://")


def test_an_over_large_api_body_is_refused_by_nginx_with_json(site):
    status, headers, body = site.get(f"{site.base}/api/v1/disclosure-requests/", data=b"x" * (23 * 1024 * 1024),
                                     headers={"Content-Type": "application/json"}, method="POST")
    assert status == 413 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {"detail": "请求内容过大。", "code": "too_large"}


def test_the_client_cannot_choose_its_address_with_x_forwarded_for(site):
    """SUNSHINE_THROTTLE_SUBMIT=2/hour and the first test applied once: a second application passes, a third is
    refused although it claims another address in X-Forwarded-For (nginx appends the real one, the last entry)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ops_client", CLIENT)
    ops_client = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ops_client)

    def apply(forwarded: str) -> int:
        body = json.dumps({**ops_client.APPLICATION, "description": f"请公开{forwarded}相关信息"}).encode()
        return site.get(f"{site.base}/api/v1/disclosure-requests/", data=body, method="POST",
                        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded})[0]

    assert apply("203.0.113.7") == 201
    assert apply("198.51.100.9") == 429


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    """`manage.py check --deploy` with deploy/sunshine.env (only the secret and the data directory replaced): no
    issue at all — no error, no security warning, no schema warning of drf-spectacular (its enum names are fixed by
    SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], its operation ids are unique)."""
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **_env_file(),
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
           "SUNSHINE_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "sunshine.settings"}
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "ERROR"],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not re.findall(r"\((?:security|async|django)\.\w+\)", output), output
    assert not re.findall(r"\(\w+\.[EW]\d+\)", output), output
    assert "System check identified no issues" in output, output
