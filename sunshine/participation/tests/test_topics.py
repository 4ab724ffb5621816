"""Topic requests (点题公开) and the echo wall (回音壁): flow, clocks, scoping, masking, validation."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.participation import services
from sunshine.participation.models import FEEDBACK_CLOCK_KIND, ParticipationSetting, TopicRequest

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
CONTENT = "希望公开城区老旧小区改造的项目清单、资金安排和施工进度。联系人身份证11010519491231002X，电话13912345678。"


def at(y, m, d):
    return time_machine.travel(dt.datetime(y, m, d, 10, 0, tzinfo=SHANGHAI), tick=False)


def submit(**overrides):
    data = {"citizen_name": "张三丰", "phone": "13812345678", "title": "老旧小区改造清单", "content": CONTENT}
    data.update(overrides)
    return services.topic_submit(**data)


@pytest.fixture
def topic(db):
    return submit()


def test_submit_validates_in_chinese_and_stores_nothing_on_error(db):
    cases = [({"phone": "12345"}, "phone", "手机号码无效"), ({"citizen_name": " "}, "citizen_name", "请填写姓名"),
             ({"title": ""}, "title", "请填写点题标题"), ({"content": "太短"}, "content", "10至5000"),
             ({"title": "长" * 101}, "title", "不能超过100")]
    for overrides, field, message in cases:
        with pytest.raises(DomainError) as exc:
            submit(**overrides)
        assert exc.value.field == field and message in exc.value.message
    assert TopicRequest.objects.count() == 0


def test_submit_records_reference_audit_and_sms(topic):
    from sunshine.audit.services import events_for
    from sunshine.notify.models import Notification

    assert topic.status == "submitted" and topic.reference.startswith("DT") and topic.phone == "13812345678"
    assert [e.action for e in events_for(topic)] == ["participation.topic.submit"]
    sms = Notification.objects.get(channel="sms", related_id=str(topic.pk))
    assert sms.phone == "13812345678" and topic.reference in sms.body


@pytest.mark.parametrize(("configured", "due"), [(None, dt.date(2025, 10, 16)), (5, dt.date(2025, 10, 10))])
def test_forward_starts_the_feedback_clock_with_the_configured_limit(db, office_head, clerk, departments,
                                                                    configured, due):
    """Forwarded on Friday 26 Sep 2025: 28 Sep (Sunday) is a make-up working day, 1–8 Oct are holidays,
    11 Oct (Saturday) is a make-up working day. 10 working days → 16 Oct; 5 → 10 Oct."""
    from sunshine.audit.services import events_for
    from sunshine.notify.models import Notification

    if configured:
        ParticipationSetting.objects.create(office=departments["gkb"], topic_feedback_days=configured)
        ParticipationSetting.objects.create(office=None, topic_feedback_days=30)  # the office's own row wins
    with at(2025, 9, 26):
        topic = submit()
        topic = services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head, note="请反馈")
    clock = topic.feedback_clock
    assert topic.status == "forwarded" and topic.forwarded_on == dt.date(2025, 9, 26)
    assert clock.kind == FEEDBACK_CLOCK_KIND and clock.limit_days == (configured or 10)
    assert clock.started_on == dt.date(2025, 9, 26) and clock.due_date == due and clock.state == "running"
    assert clock.department == departments["fgw"] and clock.subject_id == str(topic.pk)
    assert "participation.topic.forward" in [e.action for e in events_for(topic)]
    inbox = Notification.objects.get(channel="inbox", user=clerk)
    assert f"{due:%Y年%m月%d日}" in inbox.body


def test_default_limit_row_applies_to_every_office(db, departments):
    ParticipationSetting.objects.create(office=None, topic_feedback_days=7)
    assert services.feedback_limit_days(departments["gkb"]) == 7
    assert services.feedback_limit_days(None) == 7
    ParticipationSetting.objects.all().delete()
    assert services.feedback_limit_days(departments["gkb"]) == 10


def test_answer_stops_the_clock_and_goes_on_the_wall(topic, office_head, clerk, departments, sign):
    with at(2025, 9, 26):
        services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    with at(2025, 10, 16):  # drafted on the last day; the clock keeps running while it waits for sign-off
        topic = services.topic_answer(topic=topic, actor=clerk, answer="清单已在本局网站公开，电话13700001111。")
    assert topic.status == "awaiting_sign_off" and not topic.public
    with at(2025, 10, 17):  # signed off one working day late
        topic = sign(topic)
    topic.feedback_clock.refresh_from_db()
    assert topic.status == "answered" and topic.public and topic.published_on == dt.date(2025, 10, 17)
    assert topic.feedback_clock.state == "stopped" and topic.feedback_clock.outcome == "late"
    with pytest.raises(TransitionNotAllowed):
        services.topic_decline(topic=topic, actor=clerk, reason="重复")


def test_publish_and_decline(db, office_head, clerk, departments, sign):
    published, declined = submit(title="甲"), submit(title="乙")
    for t in (published, declined):
        services.topic_forward(topic=t, department=departments["fgw"], actor=office_head)
    with pytest.raises(DomainError) as exc:
        services.topic_publish(topic=published, actor=clerk, answer="已公开", publication_url="javascript:alert(1)")
    assert exc.value.field == "publication_url"
    published = sign(services.topic_publish(topic=published, actor=clerk, answer="已公开",
                                            publication_url="/gk/items/1/"))
    with pytest.raises(DomainError):
        services.topic_decline(topic=declined, actor=clerk, reason="  ")
    declined = sign(services.topic_decline(topic=declined, actor=clerk, reason="涉及国家秘密"))
    assert published.status == "published" and published.public
    assert declined.status == "declined" and not declined.public and declined.published_on is None
    from sunshine.participation.selectors import echo_wall

    assert list(echo_wall()) == [published]


def test_capabilities_and_department_scope(topic, office_head, clerk, other_clerk, departments):
    with pytest.raises(CapabilityRequired):
        services.topic_forward(topic=topic, department=departments["fgw"], actor=clerk)
    with pytest.raises(TransitionNotAllowed):
        services.topic_answer(topic=topic, actor=clerk, answer="答复")
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    with pytest.raises(CapabilityRequired):
        services.topic_answer(topic=topic, actor=other_clerk, answer="答复")
    with pytest.raises(CapabilityRequired):
        services.topic_answer(topic=topic, actor=office_head, answer="答复")
    with pytest.raises(TransitionNotAllowed):
        services.topic_forward(topic=topic, department=departments["zjj"], actor=office_head)


def test_staff_pages_flow_and_404_outside_scope(topic, office_head, clerk, other_clerk, departments, client):
    detail = f"/hd/staff/topics/{topic.pk}/"
    client.force_login(clerk)
    assert client.get(detail).status_code == 404  # not forwarded to the clerk's department yet
    client.force_login(office_head)
    page = client.get(detail)
    assert page.status_code == 200 and "转办并开始计时" in page.content.decode()
    bad = client.post(detail + "forward/", {"department": ""})
    assert bad.status_code == 400 and "请选择承办部门" in bad.content.decode()
    response = client.post(detail + "forward/", {"department": departments["fgw"].pk, "note": "请按期反馈"})
    assert response.status_code == 302
    client.force_login(other_clerk)
    assert client.get(detail).status_code == 404
    assert client.post(detail + "answer/", {"action": "answer", "text": "x"}).status_code == 404
    client.force_login(clerk)
    listing = client.get("/hd/staff/topics/")
    assert listing.status_code == 200 and topic.title in listing.content.decode()
    missing = client.post(detail + "answer/", {"action": "answer", "text": ""})
    assert missing.status_code == 400 and "请填写答复内容或不予公开的理由" in missing.content.decode()
    assert client.post(detail + "answer/", {"action": "answer", "text": "已公开于本局网站。"}).status_code == 302
    topic.refresh_from_db()
    assert topic.status == "awaiting_sign_off" and topic.drafted_by == clerk
    assert "topic-sign-off" not in client.get(detail).content.decode()  # the drafter does not sign off
    client.force_login(office_head)
    assert "待签发" in client.get(detail).content.decode()
    assert client.post(detail + "sign-off/", {"note": "同意"}).status_code == 302
    topic.refresh_from_db()
    assert topic.status == "answered" and topic.answered_by == clerk and topic.signed_off_by == office_head
    assert client.post(detail + "hide/", {"reason": "含有未脱敏的第三方信息"}).status_code == 302
    topic.refresh_from_db()
    assert not topic.public


def test_echo_wall_masks_personal_data(topic, office_head, clerk, departments, client, api_client, sign):
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    sign(services.topic_answer(topic=topic, actor=clerk, answer="请致电13700001111咨询。"))
    html = client.get("/hd/echo-wall/").content.decode()
    assert "张**" in html and "张三丰" not in html
    assert "110105********002X" in html and "11010519491231002X" not in html
    assert "139****5678" in html and "13912345678" not in html
    assert "137****1111" in html and "13812345678" not in html
    data = api_client.get("/api/v1/topics/echo-wall").json()
    entry = data["results"][0]
    assert data["count"] == 1 and entry["citizen_name"] == "张**" and "11010519491231002X" not in entry["content"]
    assert entry["answer"] == "请致电137****1111咨询。" and "phone" not in entry


def test_echo_wall_masks_the_writers_own_name_and_split_ids(db, office_head, clerk, departments, client,
                                                            api_client, sign):
    """Found: 我是欧阳娜娜 showed the name; an ID split by U+200B showed 14 of 18 digits; a U+202E name."""
    topic = submit(citizen_name="欧阳娜娜", title="我是欧阳娜娜的点题",
                   content="我是欧阳娜娜，身份证1101\u200b0519491231002X，希望公开老旧小区改造清单。")
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    services.topic_answer(topic=topic, actor=clerk, answer="欧阳娜娜您好，清单已公开。")
    assert "我是欧***" not in client.get("/hd/echo-wall/").content.decode()  # a draft waits for sign-off (签发)
    assert sign(topic).status == "answered"
    html = client.get("/hd/echo-wall/").content.decode()
    assert "欧阳娜娜" not in html and "阳娜娜" not in html and "我是欧***" in html and "欧***您好" in html
    assert "110105********002X" in html and "0519491231" not in html and "\u200b" not in html
    entry = api_client.get("/api/v1/topics/echo-wall").json()["results"][0]
    assert entry["title"] == "我是欧***的点题" and entry["content"].startswith("我是欧***，身份证110105********002X")


def test_public_form_and_api_submission(db, client, api_client):
    page = client.get("/hd/topics/new/")
    assert page.status_code == 200
    bad = client.post("/hd/topics/new/", {"citizen_name": "李四", "phone": "123", "title": "", "content": "短"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "手机号码无效" in body and "请填写点题标题" in body and "至少10个字" in body
    assert TopicRequest.objects.count() == 0
    ok = client.post("/hd/topics/new/", {"citizen_name": "李四", "phone": "138 0013 8000", "title": "公交线路调整",
                                         "content": "希望公开县城公交线路调整方案和听证情况。"})
    assert ok.status_code == 302
    reference = TopicRequest.objects.get().reference
    assert reference in client.get(ok["Location"]).content.decode()

    response = api_client.post("/api/v1/topics/", {"citizen_name": "", "phone": "1", "title": "x", "content": "y"},
                               format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["citizen_name"] == ["请填写姓名。"] and "手机号码无效" in errors["phone"][0]
    assert TopicRequest.objects.count() == 1
    created = api_client.post("/api/v1/topics/", {"citizen_name": "王五", "phone": "13900001111", "title": "路灯",
                                                  "content": "希望公开县城路灯维护的合同和费用。"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    assert TopicRequest.objects.get(reference=created.json()["reference"]).phone == "13900001111"


def test_logged_in_citizen_is_prefilled_and_linked(citizen, client):
    client.force_login(citizen)
    page = client.get("/hd/topics/new/").content.decode()
    assert 'value="张三"' in page and 'value="13800138000"' in page
    client.post("/hd/topics/new/", {"citizen_name": "张三", "phone": "13800138000", "title": "学校",
                                    "content": "希望公开学区划分的依据和方案。"})
    assert TopicRequest.objects.get().user == citizen


def test_staff_texts_invisible_or_wider_than_the_column_are_refused(db, office_head, clerk, departments):
    """Invisible characters only ("\u200b") are no answer or reason; a link longer than its column (300) is a
    Chinese error, not a database error (PostgreSQL); an invisible forwarding note is stored empty."""
    answered, declined = submit(title="甲"), submit(title="乙")
    services.topic_forward(topic=answered, department=departments["fgw"], actor=office_head, note="\u200b\u3000")
    services.topic_forward(topic=declined, department=departments["fgw"], actor=office_head)
    answered.refresh_from_db()
    assert answered.office_note == ""
    refusals = [
        (lambda: services.topic_answer(topic=answered, actor=clerk, answer="\u200b\u200b"), "answer"),
        (lambda: services.topic_publish(topic=answered, actor=clerk, answer="已公开",
                                        publication_url="/gk/" + "a" * 300), "publication_url"),
        (lambda: services.topic_publish(topic=answered, actor=clerk, answer="公" * 10001), "answer"),
        (lambda: services.topic_decline(topic=declined, actor=clerk, reason="\ufeff"), "reason"),
        (lambda: services.topic_decline(topic=declined, actor=clerk, reason="由" * 10001), "reason"),
    ]
    for call, field in refusals:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.field == field and "\u4e00" <= refused.value.message[0] <= "\u9fff"
    assert set(TopicRequest.objects.values_list("status", flat=True)) == {"forwarded"}


def test_my_page_lists_the_citizens_own_topics_with_their_state(client, citizen, django_user_model):
    from sunshine.participation import services

    mine = services.topic_submit(citizen_name="张三", phone="13800138000", title="老旧小区改造计划",
                                 content="请公开本县2026年老旧小区改造的计划和资金安排。", user=citizen)
    other = django_user_model.objects.create_user(username="13900000001", password="pass-1234-word",
                                                  kind="citizen", real_name="李四", phone="13900000001")
    services.topic_submit(citizen_name="李四", phone="13900000001", title="别人的点题",
                          content="请公开本县2026年农村公路建设的计划和资金安排。", user=other)
    client.force_login(citizen)
    html = client.get("/my/").content.decode()
    assert "我的点题" in html and "老旧小区改造计划" in html and mine.reference in html and "待转办" in html
    assert "别人的点题" not in html
