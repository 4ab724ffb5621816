"""The public pages and API of the hotline, and the staff pages (scope, actions, reporter kept hidden, queries)."""

from __future__ import annotations

import pytest

from sunshine.hotline import services
from sunshine.hotline.models import Mailbox, Ticket

from .conftest import at

pytestmark = pytest.mark.django_db


def test_api_submit_is_idempotent_and_answers_in_chinese(api_client, mailbox):
    body = {"mailbox": "xzxx", "kind": "suggestion", "title": "建议增设公交站",
            "content": "建议在县医院门口增设一个公交站点。"}
    first = api_client.post("/api/v1/hotline/tickets/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    data = first.json()
    assert set(data) >= {"tracking_code", "verification_secret", "status"} and data["status"] == "received"
    assert data["tracking_code"].startswith("RX") and len(data["tracking_code"]) == 15
    again = api_client.post("/api/v1/hotline/tickets/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again.json() == data
    conflict = api_client.post("/api/v1/hotline/tickets/", {**body, "title": "别的"}, format="json",
                               HTTP_IDEMPOTENCY_KEY="k-1")
    assert conflict.status_code == 409 and "幂等键" in conflict.json()["detail"]
    bad = api_client.post("/api/v1/hotline/tickets/", {**body, "kind": "complaint", "mailbox": "nope"}, format="json")
    assert bad.status_code == 400 and "没有这个信箱" in str(bad.json())
    anonymous_complaint = api_client.post("/api/v1/hotline/tickets/", {**body, "kind": "complaint"}, format="json")
    assert anonymous_complaint.status_code == 400 and "须留下姓名" in str(anonymous_complaint.json())
    assert Ticket.objects.count() == 1

    track = api_client.get(f"/api/v1/hotline/tickets/{data['tracking_code']}",
                           HTTP_X_VERIFICATION_SECRET=data["verification_secret"])
    assert track.status_code == 200 and track.json()["status_label"] == "待派单"
    wrong = api_client.get(f"/api/v1/hotline/tickets/{data['tracking_code']}", HTTP_X_VERIFICATION_SECRET="AAAA")
    assert wrong.status_code == 404


def test_web_form_submits_once_and_tracks(client, mailbox):
    page = client.get("/rx/xzxx/write/")
    assert page.status_code == 200 and "县长信箱" in page.content.decode()
    token = page.context["form"].initial["form_token"]
    form = {"kind": "complaint", "title": "噪音扰民", "content": "小区旁工地每天夜里十一点后还在施工，噪音很大。",
            "caller_name": "王五", "caller_phone": "13712345678", "form_token": token}
    assert client.post("/rx/xzxx/write/", form).status_code == 302
    assert client.post("/rx/xzxx/write/", form).status_code == 302  # a double click: one ticket
    assert Ticket.objects.count() == 1
    done = client.get("/rx/done/").content.decode()
    ticket = Ticket.objects.get()
    assert ticket.tracking_code in done and ticket.channel == "web"
    assert "办理进度" in client.get(f"/rx/track/{ticket.tracking_code}/").content.decode()
    missing = client.post("/rx/xzxx/write/", {**form, "caller_phone": "", "form_token": "abc"})
    assert missing.status_code == 400 and "须留下联系电话" in missing.content.decode()
    assert client.get("/rx/xzxx/m/").status_code == 200


def test_mailbox_page_shows_consented_letters_masked_and_figures(client, submit, departments, operator, other_clerk):
    shown = submit(title="路灯不亮", content="我叫张三丰，电话13812345678，神农社区门口路灯坏了。",
                   when=at(2026, 10, 12, 8))
    hidden = submit(title="不公开的来信", consent=False, when=at(2026, 10, 12, 8))
    for ticket in (shown, hidden):
        services.ticket_dispatch(ticket=ticket, department=departments["zjj"], actor=operator, at=at(2026, 10, 12, 9))
        services.ticket_sign_for(ticket=ticket, actor=other_clerk, at=at(2026, 10, 12, 10))
        services.ticket_contact(ticket=ticket, note="已联系", actor=other_clerk, at=at(2026, 10, 12, 11))
        services.ticket_reply(ticket=ticket, text="已于10月13日更换灯具。", resolved=True, actor=other_clerk,
                              at=at(2026, 10, 13, 9))
        services.ticket_approve_reply(ticket=ticket, actor=operator, at=at(2026, 10, 13, 10))
        services.ticket_callback(ticket=ticket, resolved=True, satisfaction="satisfied", actor=operator,
                                 at=at(2026, 10, 14, 9))
    import time_machine

    with time_machine.travel(at(2026, 10, 20, 9), tick=False):
        html = client.get("/rx/xzxx/").content.decode()
    assert "路灯不亮" in html and "不公开的来信" not in html
    assert "13812345678" not in html and "138****5678" in html and "张三丰" not in html
    assert "已于10月13日更换灯具。" in html
    from sunshine.hotline.selectors import mailbox_figures

    october = next(r for r in mailbox_figures(Mailbox.objects.get(code="xzxx"), today=at(2026, 10, 31).date())
                   if r["month"] == "2026-10")
    assert october == {"month": "2026-10", "received": 2, "replied": 2, "on_time": 2, "callbacks": 2, "satisfied": 2}


def test_staff_pages_scope_actions_and_hidden_reporter(client, submit, departments, operator, clerk, other_clerk,
                                                       django_assert_max_num_queries):
    report = submit(kind="report", title="举报违规收费", content="某单位违规收取办证费用，请查处。",
                    accused_department=departments["zjj"])
    for _ in range(5):
        submit()
    client.force_login(operator)
    with django_assert_max_num_queries(12):
        queue = client.get("/rx/staff/")
    assert queue.status_code == 200 and queue.content.decode().count("/rx/staff/tickets/") == 6
    page = client.get(f"/rx/staff/tickets/{report.pk}/").content.decode()
    assert "张三丰" in page and "派单" in page
    response = client.post(f"/rx/staff/tickets/{report.pk}/dispatch/", {"department": departments["zjj"].pk})
    assert response.status_code == 400 and "不得派给被举报单位" in response.content.decode()
    response = client.post(f"/rx/staff/tickets/{report.pk}/dispatch/", {"department": departments["fgw"].pk,
                                                                       "note": "请核查"})
    assert response.status_code == 302
    client.force_login(clerk)
    page = client.get(f"/rx/staff/tickets/{report.pk}/").content.decode()
    assert "举报人信息保密" in page and "张三丰" not in page and "13812345678" not in page
    assert 'id="section-sign_for"' in page and 'id="section-return"' in page
    assert 'id="section-dispatch"' not in page and 'id="section-reassign"' not in page
    with django_assert_max_num_queries(12):
        assert client.get("/rx/staff/department/").status_code == 200
    assert client.post(f"/rx/staff/tickets/{report.pk}/sign_for/").status_code == 302
    # the office's queue is the office's: a department clerk gets a Chinese 403
    forbidden = client.get("/rx/staff/")
    assert forbidden.status_code == 403
    client.force_login(other_clerk)  # the accused department: not found
    assert client.get(f"/rx/staff/tickets/{report.pk}/").status_code == 404
    assert client.post(f"/rx/staff/tickets/{report.pk}/reply/", {"text": "x"}).status_code == 404
