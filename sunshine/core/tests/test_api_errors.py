"""API paths answer JSON errors, always (ApiJsonErrorMiddleware and handler500); HTML pages keep their HTML."""

from __future__ import annotations

import pytest

from sunshine.accounts.api import ObtainTokenView


@pytest.fixture
def client_500(client):
    client.raise_request_exception = False
    return client


def test_an_exception_in_an_api_view_is_a_json_500(client_500, monkeypatch, db):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ObtainTokenView, "post", broken)
    response = client_500.post("/api/v1/auth/token", {"username": "a", "password": "b"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "服务器内部错误，请稍后再试。", "code": "server_error"}
    assert response["X-Request-ID"]


def test_an_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"detail": "未找到。", "code": "not_found"}


def test_a_csrf_refusal_on_an_api_path_is_json(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/v1/no-such-thing/", {"a": 1})
    assert response.status_code in (403, 404) and response["Content-Type"] == "application/json"


def test_html_pages_keep_their_html_error_pages(client_500, db):
    response = client_500.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_server_error_handler_is_html_outside_the_api(rf):
    from sunshine.core.error_views import server_error

    assert server_error(rf.get("/gk/"))["Content-Type"].startswith("text/html")
    assert server_error(rf.get("/api/v1/x"))["Content-Type"] == "application/json"
