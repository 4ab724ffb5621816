"""Browser-test fixtures: a real server on a fresh database with the demo data, and Playwright's Chromium.

`live_url` (session): migrates a fresh database (a temp SQLite file, or — when DATABASE_URL points at
PostgreSQL — a new database `sunshine_browser_<pid>` on that server, dropped at the end), runs
`load_demo`, and serves it with `manage.py runserver --noreload` on a free port. pytest-django's
live_server is not used: the audit table refuses DELETE, so transactional flushes cannot work.

`page` (function): a fresh browser context (zh-CN) per test. Every action that can navigate (click, key press,
check, select) returns only after the page it led to has loaded: see `_settle_after_actions`.
`SUNSHINE_BROWSER_THROTTLE=1` slows the network (latency and a narrow download pipe) so that a test reading a
page before it has loaded fails every time instead of once in a while; run the browser suite with it after
writing a browser test. `login` (fixture) returns
`login(page, live_url, username, password="sunshine-demo")`.

Browser tests are marked `@pytest.mark.browser` and never use the `db` fixture.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sunshine.core.testing import MANAGE, is_postgres, pg_admin_execute, run_manage, with_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "sunshine-demo"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-5000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    tail = log_path.read_text(errors="replace")[-5000:]
    raise RuntimeError(f"server did not answer at {url} within {timeout}s:\n{tail}")


SERVER_LOG: dict[str, Path] = {}  # "path": the live server's log (the console SMS gateway writes there)


def sms_code_from_log(phone: str, timeout: float = 10) -> str:
    """The last registration code the console SMS gateway logged for `phone` (masked as 139****2222 there)."""
    import re

    masked = f"{phone[:3]}****{phone[-4:]}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.findall(rf"SMS to {re.escape(masked)}: .*?验证码 (\d{{6}})", SERVER_LOG["path"].read_text(
            errors="replace"))
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"no SMS code for {masked} in the server log")


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-server")
    base_url = os.environ.get("DATABASE_URL", "")
    pg_name = ""
    if base_url and is_postgres(base_url):
        pg_name = f"sunshine_browser_{os.getpid()}"
        pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}"')
        pg_admin_execute(base_url, f'CREATE DATABASE "{pg_name}"')
        database_url = with_database(base_url, pg_name)
    else:
        database_url = f"sqlite:///{tmp / 'browser.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "SUNSHINE_DEMO": "1",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": database_url,
        "SUNSHINE_DATA_DIR": str(tmp / "data"),
        "SUNSHINE_MEDIA_ROOT": str(tmp / "media"),
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
        # the hotline's year of generated tickets is left out (its suggester then starts from the catalogue)
        "SUNSHINE_HOTLINE_DEMO_HISTORY": "0",
    }
    log_path = tmp / "server.log"
    SERVER_LOG["path"] = log_path
    proc = None
    try:
        with open(log_path, "w") as log:
            run_manage(["migrate", "--noinput", "-v", "0"], env, log)
            run_manage(["load_demo"], env, log)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server_log = open(log_path, "a")  # noqa: SIM115  (kept open for the server's lifetime)
        proc = subprocess.Popen([sys.executable, str(MANAGE), "runserver", "--noreload", f"127.0.0.1:{port}"],
                                env=env, cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT)
        _wait_until_up(url + "/", proc, log_path)
        yield url
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            server_log.close()
        if pg_name:
            pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


# Actions of Playwright's sync API that can start a navigation (a link, a submit button, Enter in a form field,
# a checkbox or select whose change submits the form).
_NAVIGATING_ACTIONS = ("click", "dblclick", "tap", "press", "check", "uncheck", "set_checked", "select_option")


def _settle_after_actions() -> None:
    """Make every navigating action return only after the new page has loaded.

    Playwright's click waits for a navigation it starts to *commit*, not to load: right after it returns, the new
    document may still be half parsed, and a non-retrying read (`all_inner_texts()`, `count()`, `inner_text()`)
    sees an empty or partial page. That race made CI red twice. Waiting for the `load` state after each action
    closes it for every test at once (when the action did not navigate, the current page is already loaded and
    the wait returns at once). Assertions should still prefer `expect()`, which retries.
    """
    from playwright.sync_api import Locator, Page

    for cls in (Locator, Page):
        for name in _NAVIGATING_ACTIONS:
            original = getattr(cls, name)
            if getattr(original, "_settles", False):
                continue

            def settled(self, *args, __original=original, __is_page=cls is Page, **kwargs):
                result = __original(self, *args, **kwargs)
                (self if __is_page else self.page).wait_for_load_state("load")
                return result

            settled._settles = True
            settled.__doc__ = original.__doc__
            setattr(cls, name, settled)


def _throttle(page) -> None:
    """With SUNSHINE_BROWSER_THROTTLE=1: 150 ms latency and ~64 kB/s down, to expose reads of unloaded pages."""
    if os.environ.get("SUNSHINE_BROWSER_THROTTLE", "") not in ("1", "true", "yes"):
        return
    page.context.set_default_timeout(60_000)
    page.context.set_default_navigation_timeout(120_000)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                    "downloadThroughput": 64 * 1024, "uploadThroughput": 256 * 1024})


@pytest.fixture(scope="session")
def browser():
    """Chromium for the whole session.

    Playwright's sync API keeps an asyncio loop marked as running in this thread from here to the end of the
    session. Django keeps its connections in an asgiref `Local` that, while a loop runs, stores them per context
    instead of per thread: a database test that runs inside that span (xdist's loadfile orders files by size, so
    database files can follow browser files in one worker) opens a second connection to the test database, and
    the connection opened before the span is hidden until it ends. pytest-django then closes only the one it sees
    and cannot drop the test database ("is being accessed by other users"). So close the connections of each
    side at the span's edges: those opened before Playwright starts, and those opened while it runs.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    connections.close_all()
    _settle_after_actions()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()
            connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    _throttle(page)
    yield page
    context.close()


def login(page, live_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form and wait for the after-login page."""
    page.goto(f"{live_url}/login/")
    page.get_by_label("用户名或手机号码").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture(name="login")
def login_fixture():
    return login


@pytest.fixture
def nojs_page(browser):
    """A page with JavaScript disabled: basic tasks must work without it."""
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    _throttle(page)
    yield page
    context.close()


@pytest.fixture(name="sms_code")
def sms_code_fixture(live_url):
    """`sms_code(phone)`: the last registration code the live server's console SMS gateway logged for it."""
    return sms_code_from_log
