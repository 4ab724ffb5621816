"""The time any request may take in the database (item 4 of the production issue): a statement past
SUNSHINE_DB_REQUEST_TIMEOUT is stopped (PostgreSQL statement_timeout, SQLite progress handler) and the request
answers 503 with a Chinese page, or JSON on /api/; commands keep the larger SUNSHINE_DB_COMMAND_TIMEOUT."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from sunshine.core import timeouts

pytestmark = [pytest.mark.urls("sunshine.core.tests.timeout_urls"), pytest.mark.django_db]


@pytest.fixture
def short_limit(settings):
    settings.SUNSHINE_DB_REQUEST_TIMEOUT = 0.3
    settings.SUNSHINE_DB_COMMAND_TIMEOUT = 3600
    return settings


def test_a_page_over_the_limit_answers_a_chinese_503(client, short_limit):
    started = time.monotonic()
    response = client.get("/slow/?s=30")
    assert time.monotonic() - started < 15  # stopped, not run to the end
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"]
    body = response.content.decode()
    assert "请求处理超时" in body and "请求处理时间过长，已被中止" in body


def test_an_api_path_over_the_limit_answers_json_503(client, short_limit):
    response = client.get("/api/v1/slow/?s=5")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": timeouts.MESSAGE, "code": "timeout"}


def test_the_connection_works_after_a_stopped_request_and_quick_requests_pass(client, short_limit):
    assert client.get("/slow/?s=5").status_code == 503
    assert client.get("/slow/?s=0.01").status_code == 200  # quick work under the same limit
    with connection.cursor() as cur:  # the test's own transaction survived (the view used a savepoint)
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)


def test_a_view_may_ask_for_a_longer_limit(client, short_limit):
    response = client.get("/report/?s=0.8")
    assert response.status_code == 200
    if connection.vendor == "postgresql":
        assert response.content.decode() == "1min"  # longer_time_limit(60)


def test_a_stopped_statement_is_recognised_and_others_are_not():
    from django.db import OperationalError

    assert timeouts.is_timeout(OperationalError("interrupted"))
    assert not timeouts.is_timeout(OperationalError("database is locked"))
    assert not timeouts.is_timeout(RuntimeError("interrupted"))


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_requests_and_commands_get_their_own_statement_timeout(client, short_limit):
    assert client.get("/limit/").content.decode() == "300ms"
    # outside a request (a command, a job) the connection has the command limit again
    with connection.cursor() as cur:
        cur.execute("SHOW statement_timeout")
        assert cur.fetchone()[0] == "1h"


def test_sqlite_progress_handler_is_only_installed_during_a_request(client, short_limit):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from sunshine.core.tests.timeout_urls import slow_statement

    assert client.get("/slow/?s=5").status_code == 503
    started = time.monotonic()
    slow_statement(0.5)  # outside a request: runs to the end
    assert time.monotonic() - started > 0.3


def test_the_limit_can_be_switched_off(client, settings):
    settings.SUNSHINE_DB_REQUEST_TIMEOUT = 0
    assert client.get("/slow/?s=0.4").status_code == 200
