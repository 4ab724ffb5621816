"""The operator's call screen (来电受理) and the staff intake pages (来访、来信): the CTI webhook and the caller's
number, the history, the knowledge base beside it, duplicate suggestions by similar text, creating the ticket or
closing a consultation from the knowledge base; the SMS gateway webhook; the screen is the office's only."""

from __future__ import annotations

import json
import time

import pytest
from django.test import override_settings

from sunshine.hotline import knowledge, similarity
from sunshine.hotline.gateways import sign
from sunshine.hotline.models import CallEvent, OperatorSeat, Ticket
from sunshine.notify.models import Notification

from .conftest import at

pytestmark = pytest.mark.django_db

CTI, SMS = "cti-test-secret", "sms-test-secret"


def _post(client, url, payload, *, secret, timestamp=None, signature=None):
    body = json.dumps(payload, ensure_ascii=False).encode()
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return client.post(url, body, content_type="application/json", HTTP_X_HOTLINE_TIMESTAMP=ts,
                       HTTP_X_HOTLINE_SIGNATURE=signature or sign(secret, ts, body))


CALL = {"call_id": "c-1001", "seat": "8001", "caller": "13812345678", "started_at": "2026-09-21T09:00:00+08:00"}


@pytest.fixture
def seat(operator):
    return OperatorSeat.objects.create(user=operator, seat="8001")


@override_settings(HOTLINE_CTI_SECRET=CTI)
def test_cti_signature_rejects_bad_old_and_missing_signatures(client):
    assert _post(client, "/rx/hooks/cti/", CALL, secret="wrong-secret").status_code == 403
    assert _post(client, "/rx/hooks/cti/", CALL, secret=CTI, timestamp=int(time.time()) - 3600).status_code == 403
    assert _post(client, "/rx/hooks/cti/", CALL, secret=CTI, timestamp=int(time.time()) + 3600).status_code == 403
    response = client.post("/rx/hooks/cti/", json.dumps(CALL), content_type="application/json")
    assert response.status_code == 403 and response.json()["error"] == "bad_signature"
    # a signature of another body (replayed header, changed number) is refused
    ts = str(int(time.time()))
    other = sign(CTI, ts, json.dumps({**CALL, "caller": "13900000000"}).encode())
    assert _post(client, "/rx/hooks/cti/", CALL, secret=CTI, timestamp=ts, signature=other).status_code == 403
    assert CallEvent.objects.count() == 0
    assert _post(client, "/rx/hooks/cti/", CALL, secret=CTI).status_code == 201
    assert _post(client, "/rx/hooks/cti/", CALL, secret=CTI).status_code == 200  # the same call pushed again
    assert CallEvent.objects.count() == 1


@override_settings(HOTLINE_CTI_SECRET="")
def test_cti_without_a_configured_secret_refuses_everything(client):
    assert _post(client, "/rx/hooks/cti/", CALL, secret="").status_code == 403


@override_settings(HOTLINE_CTI_SECRET=CTI)
def test_cti_bad_payload_is_a_chinese_400(client):
    response = _post(client, "/rx/hooks/cti/", {"call_id": "x", "seat": "8001"}, secret=CTI)
    assert response.status_code == 400 and "来电号码" in response.json()["detail"]


@override_settings(HOTLINE_CTI_SECRET=CTI)
def test_the_screen_picks_up_the_latest_call_of_this_seat(client, operator, seat, submit):
    from django.utils import timezone

    earlier = submit(kind="complaint", title="路灯不亮", when=at(2026, 9, 1, 9))
    now = timezone.localtime().replace(microsecond=0).isoformat()
    _post(client, "/rx/hooks/cti/", {**CALL, "started_at": now}, secret=CTI)
    _post(client, "/rx/hooks/cti/", {**CALL, "call_id": "c-2", "seat": "8002", "caller": "13900000000",
                                     "started_at": now}, secret=CTI)
    client.force_login(operator)
    latest = client.get("/rx/staff/call/latest/").content.decode()
    assert "13812345678" in latest and "13900000000" not in latest
    event = CallEvent.objects.get(call_id="c-1001")
    page = client.get(f"/rx/staff/call/?call={event.pk}").content.decode()
    assert 'value="13812345678"' in page and earlier.tracking_code in page  # the caller's history


def test_call_screen_creates_a_phone_ticket_and_answers_from_the_kb(client, operator, mailbox, make_staff):
    reviewer = make_staff("rev", department="zjj", role="审核人")
    author = make_staff("auth", department="zjj", role="经办人")
    entry = knowledge.entry_create(data={"question": "公租房怎么申请？", "answer": "向户籍所在社区提出申请。",
                                         "keywords": "公租房,廉租房"}, actor=author)
    knowledge.entry_submit(entry=entry, actor=author)
    knowledge.entry_publish(entry=entry, actor=reviewer)
    client.force_login(operator)
    form = {"caller_phone": "13812345678", "caller_name": "张三", "kind": "consult", "urgency": "normal",
            "title": "公租房申请", "content": "我想申请公租房，请问需要什么条件？", "mailbox": mailbox.pk,
            "form_token": "tok1"}
    refreshed = client.post("/rx/staff/call/", {**form, "op": "refresh", "q": "公租房"})
    assert refreshed.status_code == 200 and f'value="{entry.pk}"' in refreshed.content.decode()
    assert Ticket.objects.count() == 0
    answered = client.post("/rx/staff/call/", {**form, "kb_entry": str(entry.pk)})
    assert answered.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.status, ticket.kb_entry_id, ticket.entered_by) == ("phone", "closed", entry.pk,
                                                                                      operator)
    again = client.post("/rx/staff/call/", {**form, "kb_entry": str(entry.pk)})  # double click: one ticket
    assert again.status_code == 302 and Ticket.objects.count() == 1
    complaint = client.post("/rx/staff/intake/walk-in/", {**form, "kind": "complaint", "op": "create",
                                                          "form_token": "tok2"})
    assert complaint.status_code == 302
    assert Ticket.objects.get(idempotency_key="staff:tok2").channel == "walk_in"
    letter = client.post("/rx/staff/intake/letter/", {**form, "kind": "complaint", "op": "create",
                                                      "caller_name": "", "form_token": "tok3"})
    assert letter.status_code == 400 and "须留下姓名" in letter.content.decode()  # nothing lost: the text is back
    assert "我想申请公租房" in letter.content.decode()


def test_duplicate_suggestions_by_similar_text_same_caller_and_place(submit, town):
    first = submit(title="神农社区路灯不亮", content="厉山镇神农社区门口的三盏路灯坏了一个多星期，晚上出行很不安全。",
                   phone="13900000001", when=at(2026, 9, 18, 9))
    submit(title="孩子入学", content="孩子明年上小学，想问学区怎么划分，户口在乡下。", phone="13900000002",
           when=at(2026, 9, 19, 9))
    same_caller = submit(title="噪音扰民", content="楼下饭店油烟和噪音很大，晚上睡不着。", phone="13900000009",
                         when=at(2026, 9, 19, 10))
    now = at(2026, 9, 21, 9)
    found = similarity.suggest_duplicates(text="神农社区门口路灯坏了，晚上很黑，一个星期了没人修", now=now)
    assert [s.ticket.pk for s in found] == [first.pk] and found[0].reasons[0].startswith("内容相似")
    found = similarity.suggest_duplicates(text="我家水管漏水", phone="13900000009", now=now)
    assert [s.ticket.pk for s in found] == [same_caller.pk] and found[0].reasons == ["同一来电人"]
    assert similarity.suggest_duplicates(text="营业执照怎么办理", now=now) == []


def test_call_screen_queries_are_bounded(client, operator, submit, django_assert_max_num_queries):
    import datetime as dt

    from django.utils import timezone

    for n in range(12):
        submit(title=f"路灯不亮{n}", content=f"第{n}条：神农社区门口路灯不亮，晚上出行不安全。",
               when=timezone.now() - dt.timedelta(days=1, minutes=n))
    client.force_login(operator)
    params = {"caller_phone": "13812345678", "title": "路灯", "content": "神农社区门口路灯不亮", "q": "路灯"}
    # a fixed bound whatever the number of tickets (PostgreSQL's search plans read its statistics: a few more)
    with django_assert_max_num_queries(24):
        response = client.get("/rx/staff/intake/call/panels/", params)
    assert response.status_code == 200 and "duplicate-suggestions" in response.content.decode()


def test_departments_never_open_the_call_screen_nor_see_a_reporter(client, other_clerk, operator, submit,
                                                                      departments):
    from sunshine.hotline import services

    report = submit(kind="report", name="举报人甲", phone="13700000001", accused_department=departments["fgw"],
                    title="某单位违规收费", content="某单位违规收取办证费用，每人两百元，没有票据。")
    services.ticket_dispatch(ticket=report, department=departments["zjj"], actor=operator)
    client.force_login(other_clerk)
    for url in ("/rx/staff/call/", "/rx/staff/call/latest/", "/rx/staff/intake/walk-in/",
                "/rx/staff/intake/call/panels/?caller_phone=13700000001"):
        assert client.get(url).status_code == 403, url
    page = client.get(f"/rx/staff/tickets/{report.pk}/").content.decode()
    assert "举报人甲" not in page and "13700000001" not in page and "举报人信息保密" in page
    client.force_login(operator)  # the office sees the reporter in the caller's history
    history = client.get("/rx/staff/intake/call/panels/?caller_phone=13700000001").content.decode()
    assert report.tracking_code in history


@override_settings(HOTLINE_SMS_SECRET=SMS)
def test_sms_webhook_creates_an_sms_ticket_and_replies_with_the_tracking_code(client, db):
    from sunshine.hotline.models import Mailbox

    Mailbox.objects.create(code="12345", name="12345热线", kind=Mailbox.Kind.HOTLINE)
    message = {"message_id": "m-1", "from": "+86 138 1234 5678",
               "text": "季梁大道路口红绿灯坏了，早上车很堵，请尽快修理。"}
    assert _post(client, "/rx/hooks/sms/", message, secret="bad").status_code == 403
    response = _post(client, "/rx/hooks/sms/", message, secret=SMS)
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.caller_phone, ticket.kind) == ("sms", "13812345678", "help")
    assert response.json()["tracking_code"] == ticket.tracking_code
    sms = Notification.objects.filter(channel="sms", phone="13812345678")
    assert sms.count() == 1 and ticket.tracking_code in sms.get().body and "验证码" in sms.get().body
    assert _post(client, "/rx/hooks/sms/", message, secret=SMS).status_code == 200  # the gateway retried
    assert Ticket.objects.count() == 1 and sms.count() == 1
    short = _post(client, "/rx/hooks/sms/", {**message, "message_id": "m-2", "text": "路灯"}, secret=SMS)
    assert short.status_code == 400 and Ticket.objects.count() == 1
    assert "不少于10个字" in Notification.objects.filter(channel="sms").order_by("-id").first().body


def test_duplicate_words_are_not_taken_from_a_deleted_ticket_with_the_same_id(submit):
    """The per-process word cache is keyed by id and checked against the ticket's moment of receipt: an id used
    again for another ticket (SQLite after a deletion, a restored backup) is read afresh."""
    now = at(2026, 9, 21, 9)
    first = submit(title="营业执照", content="营业执照怎么网上办理，需要什么材料。", when=at(2026, 9, 18, 9))
    assert similarity.suggest_duplicates(text="营业执照网上办理需要哪些材料", now=now)  # its words are cached now
    # another ticket under the same id (as SQLite gives the highest id again after a deletion)
    Ticket.objects.filter(pk=first.pk).update(title="路灯不亮", content="神农社区门口的路灯坏了一个星期，晚上很黑。",
                                              received_at=at(2026, 9, 19, 9))
    found = similarity.suggest_duplicates(text="神农社区门口路灯坏了，晚上很黑", now=now)
    assert [s.ticket.pk for s in found] == [first.pk]
    assert similarity.suggest_duplicates(text="营业执照网上办理需要哪些材料", now=now) == []
