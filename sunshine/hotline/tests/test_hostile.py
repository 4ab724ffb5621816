"""Hostile input on the hotline's public pages and API: never a 5xx, a Chinese refusal, nothing saved."""

from __future__ import annotations

import json

import pytest

from sunshine.core.testing import has_chinese
from sunshine.hotline.models import Ticket

pytestmark = pytest.mark.django_db

VALID = {"kind": "consult", "title": "公积金提取", "content": "请问住房公积金怎么提取，需要哪些材料？"}
BAD = ["政务\x00公开", "长" * 100_000, "a\x01b", "😀" * 3]


@pytest.mark.parametrize("field", ["kind", "title", "content", "caller_name", "caller_phone", "address", "place",
                                   "accused_department", "form_token"])
def test_letter_form_refuses_hostile_fields(client, mailbox, field):
    for value in BAD:
        response = client.post("/rx/xzxx/write/", {**VALID, field: value})
        assert response.status_code in (302, 400), (field, value[:10])
        if response.status_code == 400:
            assert has_chinese(response.content.decode())
    assert not any("\x00" in t.title + t.content + t.caller_name for t in Ticket.objects.all())


def test_api_refuses_bodies_and_fields(api_client, mailbox):
    url = "/api/v1/hotline/tickets/"
    for body in ([], 7, "text", None, '{"a": ', "[" * 5000 + "]" * 5000):
        raw = body if isinstance(body, str) and body.startswith(("{", "[")) else json.dumps(body)
        response = api_client.post(url, raw, content_type="application/json")
        assert 400 <= response.status_code < 500 and has_chinese(response.content.decode())
    for field in ("mailbox", "kind", "title", "content", "caller_phone", "place", "consent_publish"):
        for value in ("政务\x00公开", "长" * 100_000, 10**30, [1], {"a": 1}):
            response = api_client.post(url, {"mailbox": "xzxx", **VALID, field: value}, format="json")
            assert response.status_code < 500, (field, str(value)[:10])
            if response.status_code >= 400:
                assert has_chinese(response.content.decode())
    assert api_client.post(url, {"mailbox": "xzxx", **VALID}, format="json",
                           HTTP_IDEMPOTENCY_KEY="k" * 500).status_code == 400
    assert not any("\x00" in t.title + t.content for t in Ticket.objects.all())


def test_tracking_with_odd_codes(client, api_client, mailbox):
    for code in ("RX2026-%00", "长" * 300, "😀", "RX2026-AAAAAAAA"):
        assert api_client.get(f"/api/v1/hotline/tickets/{code}", HTTP_X_VERIFICATION_SECRET="x").status_code in (
            400, 404)
        assert client.post("/rx/track/", {"tracking_code": code, "secret": "\x00"}).status_code in (200, 400)
    assert client.get("/rx/track/RX2026-AAAAAAAA/").status_code == 404
    assert client.get("/rx/nope/").status_code == 404


def test_knowledge_base_pages_with_odd_queries(client, db):
    for q in ("政务\x00公开", "长" * 300, "😀", "%ff", "!!!", "a" * 51, "社保 断缴 " * 10):
        response = client.get("/rx/kb/", {"q": q, "page": "²"})
        assert response.status_code in (200, 400), q[:10]
        if response.status_code == 400:
            assert has_chinese(response.content.decode())
    for pk in ("0", "999999", "99999999999999999999"):
        assert client.get(f"/rx/kb/{pk}/").status_code == 404


def test_webhooks_refuse_odd_bodies(client, settings):
    import time

    from sunshine.hotline.gateways import sign

    settings.HOTLINE_CTI_SECRET = settings.HOTLINE_SMS_SECRET = "s3cret"
    for url in ("/rx/hooks/cti/", "/rx/hooks/sms/"):
        for body in (b"[]", b"7", b'{"a": ', "政务\x00公开".encode(), b"\xff\xfe", b"{}" + b" " * 20000,
                     b'{"call_id": "\\u0000", "seat": "1", "caller": "1", "message_id": "\\u0000", "from": "1", '
                     b'"text": "\\u0000"}'):
            ts = str(int(time.time()))
            response = client.post(url, body, content_type="application/json", HTTP_X_HOTLINE_TIMESTAMP=ts,
                                   HTTP_X_HOTLINE_SIGNATURE=sign("s3cret", ts, body))
            assert 400 <= response.status_code < 500 and has_chinese(response.content.decode()), (url, body[:20])
        assert client.get(url).status_code == 405
        assert client.post(url, b"{}", content_type="application/json",
                           HTTP_X_HOTLINE_TIMESTAMP="9" * 40, HTTP_X_HOTLINE_SIGNATURE="x").status_code == 403
    assert not Ticket.objects.exists()
