"""Headers and sessions (issue 11, item 6): Content-Security-Policy on every page with no inline script or style
that it would break, `Cache-Control: no-store`, the staff idle timeout and Secure cookies behind HTTPS."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
PAGES = ["/", "/login/", "/register/", "/hd/echo-wall/", "/gk/", "/admin/login/", "/api/v1/docs/", "/calendar/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy_and_no_store(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    # What the policy would refuse: a script without src, an inline event handler, a javascript: link, a style
    # attribute, a <style> without the request's nonce.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
    assert not re.search(r"\son[a-z]+=", html) and "javascript:" not in html
    assert not re.search(r"<[^>]+\sstyle=", html), path
    nonce = re.search(r"'nonce-([^']+)'", directives.get("style-src", ""))
    for tag in re.findall(r"<style[^>]*>", html):
        assert nonce and f'nonce="{nonce.group(1)}"' in tag, (path, tag)


def test_no_template_has_inline_script_handlers_or_style_attributes():
    """The same rule over every template of the project (pages the list above does not open)."""
    offenders = []
    for template in (ROOT / "sunshine").rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<[^>]+\sstyle=\"", text) \
                or re.search(r"\son(?:click|change|submit|load|input)=", text) or "javascript:" in text:
            offenders.append(str(template.relative_to(ROOT)))
        for tag in re.findall(r"<style[^>]*>", text):
            if "csp_nonce" not in tag:
                offenders.append(f"{template.relative_to(ROOT)}: {tag}")
    assert offenders == []


@pytest.mark.django_db
def test_api_answers_and_staff_pages_are_no_store(client, api_client, clerk):
    assert api_client.get("/api/v1/topics/echo-wall").headers["Cache-Control"] == "no-store"
    client.force_login(clerk)
    assert client.get("/workbench/")["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_staff_sessions_end_after_thirty_idle_minutes(clerk, citizen):
    from sunshine.audit.models import AuditEvent

    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    staff, public = Client(), Client()
    with time_machine.travel(start, tick=False) as clock:
        staff.force_login(clerk)
        public.force_login(citizen)
        assert staff.get("/workbench/").status_code == 200
        clock.move_to(start + dt.timedelta(minutes=29))
        assert staff.get("/workbench/").status_code == 200  # activity: the idle period starts again
        clock.move_to(start + dt.timedelta(minutes=29 + 31))
        expired = staff.get("/workbench/")
        assert expired.status_code == 302 and expired["Location"] == "/login/?next=%2Fworkbench%2F"
        assert "_auth_user_id" not in staff.session
        assert "长时间未操作，已自动退出" in staff.get(expired["Location"]).content.decode()
        # A citizen idle as long keeps the session.
        assert public.get("/my/").status_code == 200
    event = AuditEvent.objects.get(action="account.logout")
    assert event.actor_id == clerk.pk and event.reason == "长时间未操作，自动退出"


@pytest.mark.django_db
def test_an_expired_staff_session_on_the_api_is_a_json_401(clerk, api_client):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        api_client.force_login(clerk)
        assert api_client.get("/api/v1/auth/me").status_code == 200
        clock.move_to(start + dt.timedelta(minutes=31))
        response = api_client.get("/api/v1/auth/me")
        assert response.status_code == 401 and response.json()["code"] == "session_expired"


def _settings_value(env: dict, expression: str):
    code = f"import json, sunshine.settings as s; print(json.dumps({expression}))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SUNSHINE_"))}
    out = subprocess.run([sys.executable, "-c", code], env={**clean, "DJANGO_SECRET_KEY": "x" * 60, **env},
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("env", "secure"), [
    ({}, False),
    ({"DJANGO_SECURE_SSL_REDIRECT": "true"}, True),
    ({"DJANGO_SECURE_PROXY_SSL_HEADER": "true"}, True),
    ({"DJANGO_SECURE_HSTS_SECONDS": "3600"}, True),
    ({"DJANGO_SECURE_SSL_REDIRECT": "true", "DJANGO_SECURE_COOKIES": "false"}, False),
])
def test_cookies_are_secure_whenever_https_is_configured(env, secure, tmp_path):
    env = {"SUNSHINE_DATA_DIR": str(tmp_path), **env}
    assert _settings_value(env, "[s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]") == [secure, secure]
