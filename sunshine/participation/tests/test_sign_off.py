"""Sign-off (签发) of topic answers before they reach the echo wall: the department's draft waits for a holder of
the sign-off capability in the topic's scope (the department's reviewer, the disclosure office head), never the
drafter; a refusal always needs it, an answer or a publication as configured (default: yes)."""

from __future__ import annotations

import pytest

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.notify.models import Notification
from sunshine.participation import services
from sunshine.participation.models import TopicRequest
from sunshine.participation.permissions import POLICY
from sunshine.participation.selectors import echo_wall

pytestmark = pytest.mark.django_db
CONTENT = "希望公开城区老旧小区改造的项目清单、资金安排和施工进度。"


def _forwarded(office_head, department, title="老旧小区改造清单"):
    topic = services.topic_submit(citizen_name="张三丰", phone="13812345678", title=title, content=CONTENT)
    return services.topic_forward(topic=topic, department=department, actor=office_head)


def test_the_answer_reaches_the_wall_only_after_the_sign_off(office_head, clerk, reviewer, departments, client):
    topic = _forwarded(office_head, departments["fgw"])
    topic = services.topic_answer(topic=topic, actor=clerk, answer="清单已在本局网站公开。")
    assert topic.status == "awaiting_sign_off" and not topic.public and topic.answer == ""
    assert list(echo_wall()) == [] and "老旧小区改造清单" not in client.get("/hd/echo-wall/").content.decode()
    assert Notification.objects.filter(user=reviewer, subject="待签发的点题答复").exists()
    assert topic.feedback_clock.state == "running"  # the feedback clock keeps running
    topic = services.topic_sign_off(topic=topic, actor=reviewer, note="同意")
    assert (topic.status, topic.public, topic.answer) == ("answered", True, "清单已在本局网站公开。")
    assert topic.answered_by == clerk and topic.signed_off_by == reviewer
    assert list(echo_wall()) == [topic]
    trail = list(AuditEvent.objects.filter(target_id=str(topic.pk), action__in=[
        "participation.topic.draft", "participation.topic.sign_off", "participation.topic.answer"])
        .order_by("id").values_list("action", "from_status", "to_status", "actor_id"))
    assert trail == [("participation.topic.draft", "forwarded", "awaiting_sign_off", clerk.pk),
                     ("participation.topic.sign_off", "awaiting_sign_off", "signed_off", reviewer.pk),
                     ("participation.topic.answer", "signed_off", "answered", reviewer.pk)]


def test_who_may_sign_off_a_topic_answer(office_head, clerk, reviewer, other_clerk, supervisor, departments,
                                         make_staff):
    topic = services.topic_answer(topic=_forwarded(office_head, departments["fgw"]), actor=clerk, answer="已答复。")
    other_reviewer = make_staff("reviewer_zjj", department="zjj", role="审核人", real_name="周审核")
    assert "sign_off" in POLICY.allowed_actions(reviewer, topic)
    assert "sign_off" in POLICY.allowed_actions(office_head, topic)
    for user in (clerk, other_clerk, other_reviewer, supervisor):
        assert "sign_off" not in POLICY.allowed_actions(user, topic), user
    with pytest.raises(CapabilityRequired, match="不能签发本人拟定的答复"):
        services.topic_sign_off(topic=topic, actor=clerk)
    with pytest.raises(CapabilityRequired, match="该点题不由您所在部门承办。"):
        services.topic_sign_off(topic=topic, actor=other_reviewer)
    with pytest.raises(CapabilityRequired, match="点题答复须由有签发权限的人员"):
        services.topic_sign_off(topic=topic, actor=supervisor)
    assert set(services.signers_of(topic)) == {reviewer, office_head}
    assert TopicRequest.objects.get(pk=topic.pk).status == "awaiting_sign_off"


def test_a_reviewer_s_own_draft_needs_another_signer(office_head, reviewer, departments):
    topic = services.topic_answer(topic=_forwarded(office_head, departments["fgw"]), actor=reviewer, answer="已答复。")
    assert "sign_off" not in POLICY.allowed_actions(reviewer, topic)
    with pytest.raises(CapabilityRequired, match="不能签发本人拟定的答复"):
        services.topic_sign_off(topic=topic, actor=reviewer)
    assert services.topic_sign_off(topic=topic, actor=office_head).status == "answered"


def test_a_returned_draft_goes_back_with_the_reason(office_head, clerk, reviewer, departments, client):
    topic = services.topic_decline(topic=_forwarded(office_head, departments["fgw"]), actor=clerk,
                                   reason="涉及国家秘密")
    assert topic.status == "awaiting_sign_off" and topic.draft_action == "decline"
    with pytest.raises(DomainError, match="请填写退回理由"):
        services.topic_return_draft(topic=topic, actor=reviewer, reason=" ")
    topic = services.topic_return_draft(topic=topic, actor=reviewer, reason="请写明不予公开的法律依据")
    assert topic.status == "forwarded" and topic.draft_returned_reason == "请写明不予公开的法律依据"
    assert Notification.objects.filter(user=clerk, subject="点题答复被退回修改").exists()
    client.force_login(clerk)
    page = client.get(f"/hd/staff/topics/{topic.pk}/")
    assert "请写明不予公开的法律依据" in page.content.decode()
    assert page.context["answer_form"].initial["action"] == "decline"


def test_a_refusal_always_needs_sign_off_the_others_as_configured(settings, office_head, clerk, departments):
    settings.SUNSHINE_SIGN_OFF_ALL_OUTCOMES = False
    answered = services.topic_answer(topic=_forwarded(office_head, departments["fgw"], "甲"), actor=clerk,
                                     answer="已答复。")
    assert answered.status == "answered" and answered.public and answered.signed_off_by is None
    declined = services.topic_decline(topic=_forwarded(office_head, departments["fgw"], "乙"), actor=clerk,
                                      reason="涉及国家秘密")
    assert declined.status == "awaiting_sign_off"
    assert "answer" in POLICY.allowed_actions(clerk, _forwarded(office_head, departments["fgw"], "丙"))


def test_the_signer_signs_off_on_the_page_and_sees_it_on_the_workbench(office_head, clerk, reviewer, departments,
                                                                      client):
    topic = services.topic_publish(topic=_forwarded(office_head, departments["fgw"]), actor=clerk, answer="已公开",
                                   publication_url="/gk/")
    client.force_login(reviewer)
    assert "待我签发的点题答复" in client.get("/workbench/").content.decode()
    page = client.get(f"/hd/staff/topics/{topic.pk}/").content.decode()
    assert 'id="topic-sign-off"' in page and 'id="topic-return-draft"' in page
    assert client.post(f"/hd/staff/topics/{topic.pk}/sign-off/", {"note": "同意"}).status_code == 302
    topic.refresh_from_db()
    assert topic.status == "published" and topic.public and topic.publication_url == "/gk/"
    client.force_login(clerk)
    refused = client.post(f"/hd/staff/topics/{topic.pk}/sign-off/", {})
    assert refused.status_code == 400
