"""Password guessing: failed logins per client and user name are limited on the login page and the token API."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PASSWORD = "pass-1234-word"
LIMITS = {"track": (0, 0), "login": (3, 900)}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@override_settings(SUNSHINE_FAILURE_LIMITS=LIMITS)
def test_login_page_locks_out_after_failures_even_with_the_right_password(client, citizen):
    """Found: unlimited password guessing on /login/."""
    for variant in ("13800138000", "138 0013 8000", "１３８００１３８０００"):  # spellings share one counter
        response = client.post("/login/", {"username": variant, "password": "wrong-guess"})
        assert response.status_code == 200
    blocked = client.post("/login/", {"username": "13800138000", "password": PASSWORD})
    assert blocked.status_code == 429 and "登录失败次数过多" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post("/login/", {"username": "13800138000", "password": PASSWORD}).status_code == 302


@override_settings(SUNSHINE_FAILURE_LIMITS=LIMITS)
def test_a_successful_login_clears_the_counter(client, citizen):
    for _ in range(2):
        client.post("/login/", {"username": "13800138000", "password": "wrong-guess"})
    assert client.post("/login/", {"username": "13800138000", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post("/login/", {"username": "13800138000", "password": "wrong-guess"})
    assert client.post("/login/", {"username": "13800138000", "password": PASSWORD}).status_code == 302


@override_settings(SUNSHINE_FAILURE_LIMITS=LIMITS)
def test_token_api_locks_out_after_failures(api_client, clerk):
    """Found: the token endpoint set throttle_classes = [] and had no failure limit."""
    for _ in range(3):
        response = api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": "x"}, format="json")
        assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"
    blocked = api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": PASSWORD}, format="json")
    assert blocked.status_code == 429 and blocked.json()["detail"] == "请求过于频繁，请稍后再试。"


@override_settings(SUNSHINE_THROTTLE_RATES={"public_submit": None, "public_track": None, "public_read": None,
                                            "login": "2/hour"})
def test_token_api_rate_limit(api_client, clerk):
    for _ in range(2):
        assert api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": PASSWORD},
                               format="json").status_code == 200
    assert api_client.post("/api/v1/auth/token", {"username": "clerk_fgw", "password": PASSWORD},
                           format="json").status_code == 429


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
