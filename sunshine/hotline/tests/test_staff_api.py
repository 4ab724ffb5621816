"""The staff API of hotline tickets (/api/v1/staff/hotline/tickets/): a ticket entered by the office driven to its
close (wrong dispatch → return → reassignment with an assisting department → reply → callback), with the refusals
(404 for another department's ticket, 403, 400 in Chinese, 409 for a stale state), a 举报's reporter hidden from
the departments, the list scoped by the policy, and one documented body per action in the schema."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from sunshine.hotline.models import Ticket
from sunshine.hotline.staff_actions import ACTION_FORMS

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staff/hotline/tickets/"


def _token(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")


def _names(body) -> list[str]:
    return [a["name"] for a in body["allowed_actions"]]


def _call(**overrides) -> dict:
    return {"mailbox": "xzxx", "channel": "phone", "kind": "complaint", "title": "小区门口路灯不亮",
            "content": "神农社区门口的路灯已经坏了一个多星期，晚上出行很不安全。", "caller_name": "张三丰",
            "caller_phone": "13812345678"} | overrides


def test_ticket_through_the_staff_api(api_client, mailbox, departments, operator, clerk, other_clerk):
    _token(api_client, operator)
    created = api_client.post(BASE, _call(), format="json", HTTP_IDEMPOTENCY_KEY="call-1")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["channel"] == "phone" and body["verification_secret"] and body["status"] == "received"
    again = api_client.post(BASE, _call(), format="json", HTTP_IDEMPOTENCY_KEY="call-1")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert api_client.post(BASE, _call(title="别的"), format="json", HTTP_IDEMPOTENCY_KEY="call-1").status_code == 409
    url = body["url"]
    case = api_client.get(url).json()
    assert {"dispatch", "close_directly", "merge"} <= set(_names(case)) and case["caller"]["name"] == "张三丰"

    # dispatched to the wrong department (by code)
    dispatched = api_client.post(f"{url}/actions/dispatch", {"department": "fgw", "note": "请办理"}, format="json")
    assert dispatched.status_code == 200, dispatched.json()
    assert dispatched.json()["department"] == "fgw"
    assert {c["kind"] for c in dispatched.json()["clocks"]} == {"hotline.sign", "hotline.reply"}

    # 住建局 does not see it: 404, in the list nothing
    _token(api_client, other_clerk)
    assert api_client.get(url).status_code == 404
    assert api_client.post(f"{url}/actions/sign_for", {}, format="json").status_code == 404
    assert api_client.get(BASE).json()["results"] == []

    # 发改局 returns it (a stale second return: 409)
    _token(api_client, clerk)
    listed = api_client.get(BASE, {"queue": "department"}).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]] and listed["next"] is None
    missing = api_client.post(f"{url}/actions/return", {"reason": ""}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"]["reason"] == ["请填写理由。"]
    returned = api_client.post(f"{url}/actions/return", {"reason": "路灯归住建局管理"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    stale = api_client.post(f"{url}/actions/return", {"reason": "再退一次"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "transition_not_allowed"
    assert "退单待审" in stale.json()["detail"]

    # the office reassigns to 住建局 with 发改局 assisting (codes in a list)
    _token(api_client, operator)
    reassigned = api_client.post(f"{url}/actions/reassign", {"department": "zjj", "assisting": ["fgw"],
                                                             "justified": True}, format="json")
    assert reassigned.status_code == 200, reassigned.json()
    roles = {(a["department"], a["role"], a["active"]) for a in reassigned.json()["assignments"]}
    assert {("fgw", "lead", False), ("zjj", "lead", True), ("fgw", "assist", True)} <= roles

    # 发改局 assists: sees it, may not sign (403); 住建局 signs, contacts, replies
    _token(api_client, clerk)
    assert api_client.get(url).status_code == 200
    assert api_client.post(f"{url}/actions/sign_for", {}, format="json").status_code == 403
    _token(api_client, other_clerk)
    for action, data in (("sign_for", {}), ("contact", {"note": "已电话联系张先生"}),
                         ("reply", {"text": "已更换路灯。", "resolved": True})):
        response = api_client.post(f"{url}/actions/{action}", data, format="json")
        assert response.status_code == 200, (action, response.json())
    assert response.json()["status"] == "reply_review" and "approve_reply" not in _names(response.json())
    assert api_client.post(f"{url}/actions/approve_reply", {}, format="json").status_code == 403

    _token(api_client, operator)
    assert api_client.post(f"{url}/actions/approve_reply", {"note": "同意"}, format="json").status_code == 200
    closed = api_client.post(f"{url}/actions/callback", {"caller_ticket": str(body["id"]), "resolved": "yes",
                                                         "satisfaction": "satisfied"}, format="json")
    assert closed.status_code == 200, closed.json()
    final = closed.json()
    assert final["status"] == "closed" and final["callbacks"][0]["satisfaction"] == "satisfied"
    assert [r["review"] for r in final["replies"]] == ["approved"]
    assert api_client.post(f"{url}/actions/nope", {}, format="json").status_code == 404


def test_report_caller_hidden_and_entry_rules(api_client, mailbox, departments, operator, clerk, other_clerk):
    _token(api_client, clerk)
    assert api_client.post(BASE, _call(), format="json").status_code == 403  # a department does not enter calls
    _token(api_client, operator)
    bad = api_client.post(BASE, _call(channel="web", received_at="2099-01-01T10:00:00+08:00"), format="json")
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert "网站和手机端的诉求请使用公众接口" in errors["channel"][0]
    assert errors["received_at"] == ["受理时间不能晚于现在。"]
    report = api_client.post(BASE, _call(kind="report", title="举报某局违规收费", accused_department="fgw",
                                         channel="letter", received_at="2026-11-30T09:00:00+08:00"), format="json")
    assert report.status_code == 201, report.json()
    assert report.json()["received_at"].startswith("2026-11-30T09:00")
    url = report.json()["url"]
    refused = api_client.post(f"{url}/actions/dispatch", {"department": "fgw"}, format="json")
    assert refused.status_code == 400 and "被举报" in refused.json()["detail"]
    assert api_client.post(f"{url}/actions/dispatch", {"department": "zjj"}, format="json").status_code == 200
    assert api_client.get(url).json()["caller"] == {"name": "张三丰", "phone": "13812345678", "hidden": False}
    _token(api_client, other_clerk)
    caller = api_client.get(url).json()["caller"]
    assert caller["hidden"] and "张三丰" not in str(api_client.get(url).json())
    assert "13812345678" not in str(api_client.get(BASE).json())
    _token(api_client, clerk)  # the accused unit never sees it
    assert api_client.get(url).status_code == 404
    assert api_client.get(BASE, {"status": "bogus"}).status_code == 400
    assert api_client.get(BASE, {"page": "501"}).json()["errors"]["page"] == ["最多翻到第500页，请按状态筛选。"]
    api_client.credentials()
    assert api_client.get(BASE).status_code in (401, 403)


def test_list_pages_without_count_in_fixed_queries(api_client, mailbox, departments, operator, submit,
                                                   django_assert_max_num_queries):
    for n in range(25):
        submit(phone=f"139000001{n:02d}")
    api_client.force_authenticate(operator)
    with django_assert_max_num_queries(6):
        first = api_client.get(BASE, {"queue": "office"}).json()
    assert len(first["results"]) == 20 and first["next"].endswith("page=2&queue=office") is False
    second = api_client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None and second["previous"]
    assert Ticket.objects.count() == 25


def test_schema_documents_every_action(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/staff/hotline/tickets/" in paths and "/api/v1/staff/hotline/tickets/{id}" in paths
    for action in ACTION_FORMS:
        operation = paths[f"/api/v1/staff/hotline/tickets/{{id}}/actions/{action}"]["post"]
        assert operation["operationId"] == f"staff_hotline_ticket_{action}"
        assert {"200", "400", "403", "404", "409"} <= set(operation["responses"])


def test_capped_paginator_counts_a_bounded_range_and_reads_ids_first(submit, departments, operator, client,
                                                                     django_assert_max_num_queries):
    from sunshine.hotline.selectors import CappedPaginator

    from .conftest import at

    tickets = [submit(phone=f"1390000030{n}", when=at(2026, 10, 1 + n, 9)) for n in range(5)]
    paginator = CappedPaginator(Ticket.objects.order_by("-received_at", "-id"), per_page=2, max_pages=2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    page = paginator.get_page(99)  # beyond the last page offered: the last one
    assert page.number == 2 and [t.pk for t in page.object_list] == [tickets[2].pk, tickets[1].pk]
    client.force_login(operator)
    with django_assert_max_num_queries(16):
        html = client.get("/rx/staff/", {"status": "received"}).content.decode()
    assert tickets[0].title in html and "queue-capped" not in html
