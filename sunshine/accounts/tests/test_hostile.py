"""Password guessing: one limiter (django-axes) on every login path — the portal's /login/, /admin/login/ and the
token API — per client address and per account, counted in a store every worker shares."""

from __future__ import annotations

import pytest
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, override_settings

from sunshine.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"
LIMIT = 10  # SUNSHINE_LOGIN_MAX_FAILURES' default, in force in the test settings
LOCKED = "登录失败次数过多，请15分钟后再试"


@pytest.fixture(autouse=True)
def _fresh_handler():
    cache.clear()
    AxesProxyHandler.get_implementation(force=True)
    yield
    cache.clear()
    AxesProxyHandler.get_implementation(force=True)


@pytest.fixture
def admin_user(db):
    from sunshine.accounts.models import User

    return User.objects.create_superuser(username="admin", password=PASSWORD, kind=User.Kind.STAFF)


def _client(address: str = "127.0.0.1") -> Client:
    return Client(REMOTE_ADDR=address)


def test_admin_login_stops_sixty_wrong_passwords(admin_user):
    """Found: 60 wrong passwords for `admin` on /admin/login/ were all tried."""
    client = _client()
    statuses = [client.post("/admin/login/", {"username": "admin", "password": f"guess-{i}"}).status_code
                for i in range(60)]
    assert statuses[:LIMIT - 1] == [200] * (LIMIT - 1)
    assert statuses[LIMIT - 1:] == [429] * (60 - LIMIT + 1)
    blocked = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert blocked.status_code == 429 and LOCKED in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_fifty_addresses_one_attempt_each_on_one_account_are_stopped(citizen):
    """Found: 50 addresses × 1 attempt on one account were never stopped (the per-address limit alone)."""
    statuses = [_client(f"10.0.0.{i}").post("/login/", {"username": "13800138000", "password": "x"}).status_code
                for i in range(1, 51)]
    assert statuses.count(200) == LIMIT - 1 and statuses.count(429) == 50 - LIMIT + 1
    # The account is held from any address, even with the right password, until the window passes.
    assert _client("10.9.9.9").post("/login/", {"username": "13800138000", "password": PASSWORD}).status_code == 429


def test_one_address_trying_many_accounts_is_stopped(citizen, clerk):
    client = _client("10.1.1.1")
    for i in range(LIMIT - 1):
        assert client.post("/login/", {"username": f"user{i}", "password": "x"}).status_code == 200
    assert client.post("/login/", {"username": "user-last", "password": "x"}).status_code == 429
    assert client.post("/login/", {"username": "clerk_fgw", "password": PASSWORD}).status_code == 429
    # Another address and another account are not held.
    assert _client("10.1.1.2").post("/login/", {"username": "clerk_fgw", "password": PASSWORD}).status_code == 302


def test_spellings_of_a_mobile_number_share_one_counter(citizen):
    variants = ["13800138000", "138 0013 8000", "１３８００１３８０００", "+86 13800138000"]
    for i in range(LIMIT - 1):
        response = _client(f"10.2.0.{i}").post("/login/", {"username": variants[i % 4], "password": "wrong"})
        assert response.status_code == 200
    assert _client("10.2.1.1").post("/login/", {"username": "138-0013-8000", "password": "w"}).status_code == 429


def test_no_account_enumeration(citizen):
    """An unknown user name gets exactly the answers a registered one gets: the same error, the same lockout."""
    def run(username: str, subnet: int) -> list[tuple[int, str]]:
        out = []
        for i in range(LIMIT):
            response = _client(f"10.3.{subnet}.{i}").post("/login/", {"username": username, "password": "wrong"})
            body = response.content.decode()
            out.append((response.status_code, "不正确" if "不正确" in body else LOCKED if LOCKED in body else "?"))
        return out

    assert run("13800138000", 1) == run("13900139000", 2) == [(200, "不正确")] * (LIMIT - 1) + [(429, LOCKED)]


def test_a_successful_login_clears_the_counter(citizen):
    client = _client()
    for _ in range(LIMIT - 1):
        client.post("/login/", {"username": "13800138000", "password": "wrong-guess"})
    assert client.post("/login/", {"username": "13800138000", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        client.post("/login/", {"username": "13800138000", "password": "wrong-guess"})
    assert client.post("/login/", {"username": "13800138000", "password": PASSWORD}).status_code == 302


def test_token_api_locks_out_after_failures(api_client, clerk):
    """Found: the token endpoint had only a per-address counter of its own."""
    for _ in range(LIMIT - 1):
        response = api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": "x"}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"
    locked = api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": "x"}, format="json")
    assert locked.status_code == 429 and locked.json() == {"detail": LOCKED + "；如忘记密码，请联系管理员。",
                                                           "code": "throttled"}
    assert locked["Retry-After"] == "900"
    blocked = api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": PASSWORD}, format="json")
    assert blocked.status_code == 429 and "token" not in blocked.json()


def test_the_three_paths_share_one_counter(clerk):
    """Failures on the portal, the admin and the token API add up for one account."""
    for i in range(LIMIT - 1):
        path = ["/login/", "/admin/login/"][i % 2]
        assert _client(f"10.4.0.{i}").post(path, {"username": "clerk_fgw", "password": "x"}).status_code == 200
    from rest_framework.test import APIClient

    api = APIClient(REMOTE_ADDR="10.4.1.1")
    assert api.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": PASSWORD},
                    format="json").status_code == 200  # the limit is not reached yet: a right password passes
    # …and the success cleared only that address's pair: the account's earlier failures on other addresses count on.


def test_failures_are_counted_in_the_database_not_in_process_memory(citizen):
    """Found: without Redis each worker counted in its own memory (41 of 50 wrong passwords were evaluated).
    Without Redis the counts are rows every worker reads; clearing this process's cache forgets nothing."""
    for i in range(LIMIT - 1):
        _client(f"10.5.0.{i}").post("/login/", {"username": "13800138000", "password": "x"})
        cache.clear()
    assert sum(a.failures_since_start for a in AccessAttempt.objects.filter(username="13800138000")) == LIMIT - 1
    assert _client("10.5.1.1").post("/login/", {"username": "13800138000", "password": "x"}).status_code == 429


@override_settings(AXES_HANDLER="axes.handlers.cache.AxesCacheHandler")
def test_with_redis_the_cache_handler_counts_per_account_too(citizen):
    """With REDIS_URL the counters live in the shared cache (here the test's cache stands in for Redis)."""
    AxesProxyHandler.get_implementation(force=True)
    for i in range(LIMIT - 1):
        assert _client(f"10.6.0.{i}").post("/login/", {"username": "13800138000", "password": "x"}).status_code == 200
    assert _client("10.6.1.0").post("/login/", {"username": "13800138000", "password": "x"}).status_code == 429
    assert _client("10.6.1.1").post("/login/", {"username": "13800138000", "password": PASSWORD}).status_code == 429
    assert not AccessAttempt.objects.exists()


def test_sessions_are_audit_events(citizen):
    """Logins, failed logins, logouts and lockouts are audit events, on every path."""
    client = _client("10.7.0.1")
    client.post("/login/", {"username": "13800138000", "password": "wrong"})
    client.post("/login/", {"username": "13800138000", "password": PASSWORD})
    client.post("/logout/")
    for i in range(LIMIT):
        _client(f"10.7.1.{i}").post("/admin/login/", {"username": "nobody", "password": "x"})
    events = list(AuditEvent.objects.order_by("id").values_list("action", "target_id", "actor_id", "after"))
    assert events[0] == ("account.login_failed", str(citizen.pk), None,
                         {"channel": "portal", "address": "10.7.0.1"})
    assert events[1] == ("account.login", str(citizen.pk), citizen.pk, {"channel": "portal", "address": "10.7.0.1"})
    assert events[2] == ("account.logout", str(citizen.pk), citizen.pk, {"channel": "portal", "address": "10.7.0.1"})
    assert sorted(e[0] for e in events[3:]) == ["account.lockout"] + ["account.login_failed"] * LIMIT
    lockout = AuditEvent.objects.get(action="account.lockout")
    assert lockout.target_id == "0" and lockout.target_label == "nobody"
    assert lockout.after == {"channel": "admin", "address": "10.7.1.9"}
    assert lockout.action_label == "登录锁定"


def test_token_of_a_citizen_cannot_reach_staff_endpoints(api_client, citizen, clerk):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=citizen)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/v1/disclosure-requests/").json()["results"] == []
    assert api_client.post("/api/v1/files/", {}, format="multipart").status_code == 403
    api_client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    bad = api_client.get("/api/v1/auth/me")
    assert bad.status_code == 401 and bad.json()["detail"] == "身份验证失败。"


@pytest.mark.parametrize("body", ["{bad json", "[]", '{"username": ["a"], "password": {"b": 1}}'])
def test_token_api_malformed_bodies_are_chinese_400(api_client, db, body):
    response = api_client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
