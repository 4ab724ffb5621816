"""The transition table of a topic request, exhaustively through the real services (每个状态×每个操作), and the
permission policy (the department's scope, the office's cross-department duty) on the services and the pages."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import Permission

from sunshine.audit.models import AuditEvent
from sunshine.cases.testing import walk_transitions
from sunshine.core.errors import CapabilityRequired, TransitionNotAllowed
from sunshine.participation import services
from sunshine.participation.models import TopicRequest
from sunshine.participation.permissions import POLICY
from sunshine.participation.workflow import WORKFLOW

pytestmark = pytest.mark.django_db

# Written out, not derived from the table: a pair added to the table or slipped into a service fails the walk
# (a topic declined before it was forwarded, an answer taken off a wall it never reached …).
EXPECTED = {
    ("submitted", "forward"),
    ("forwarded", "answer"), ("forwarded", "publish"),  # directly, where no sign-off is needed
    # sign-off (签发): the department drafts, the signer returns or signs off; the signed draft is then issued
    ("forwarded", "draft"), ("awaiting_sign_off", "return_draft"), ("awaiting_sign_off", "sign_off"),
    ("signed_off", "answer"), ("signed_off", "publish"), ("signed_off", "decline"),
    ("answered", "hide"), ("published", "hide"),
}
CONTENT = "希望公开城区老旧小区改造的项目清单、资金安排和施工进度。"


def submit(title="老旧小区改造清单"):
    return services.topic_submit(citizen_name="张三丰", phone="13812345678", title=title, content=CONTENT)


def _with(user, codename):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


@pytest.fixture
def handler(clerk):
    """The fgw clerk (答复点题) who also forwards (转办点题), for the walk."""
    return _with(clerk, "dispatch_topic")


@pytest.fixture
def walk(handler, departments, office_head, settings):
    # answers and publications without sign-off allowed, so that their direct issue is a real transition too
    settings.SUNSHINE_SIGN_OFF_ALL_OUTCOMES = False

    def make_case(state):
        topic = submit()
        values = {"status": state}
        if state != "submitted":
            values["department"] = departments["fgw"]
        if state in ("answered", "published"):
            values["public"] = True
        if state in ("awaiting_sign_off", "signed_off"):
            values.update(draft_action="decline", draft_text="涉及国家秘密", drafted_by=handler)
        TopicRequest.objects.filter(pk=topic.pk).update(**values)
        return TopicRequest.objects.get(pk=topic.pk)

    def issue(action, **kwargs):
        """The department's own call; from signed_off, the system's issue of the signed draft."""
        def run(t):
            signed = TopicRequest.objects.get(pk=t.pk).status == "signed_off"
            return getattr(services, f"topic_{action}")(topic=t, actor=handler,
                                                        performed_by="system" if signed else "", **kwargs)
        return run

    perform = {
        "forward": lambda t: services.topic_forward(topic=t, department=departments["zjj"], actor=handler),
        "draft": lambda t: services.topic_draft(topic=t, actor=handler, action="decline", text="涉及国家秘密"),
        "return_draft": lambda t: services.topic_return_draft(topic=t, actor=office_head, reason="理由不充分"),
        "sign_off": lambda t: services.topic_sign_off(topic=t, actor=office_head),
        "answer": issue("answer", answer="清单已在本局网站公开。"),
        "publish": issue("publish", answer="已公开", publication_url="/gk/i/1/"),
        # a refusal is only ever issued after its sign-off (the department's own call drafts it: see "draft")
        "decline": lambda t: services.topic_decline(topic=t, actor=handler, reason="涉及国家秘密",
                                                    performed_by="system"),
        "hide": lambda t: services.topic_hide(topic=t, actor=handler, reason="含有未脱敏的第三方信息"),
    }
    return make_case, perform


def test_every_state_and_action_through_the_services(walk):
    make_case, perform = walk
    walk_transitions(WORKFLOW, make_case=make_case, perform=perform, expected=EXPECTED)


def test_a_topic_declined_before_it_was_forwarded_fails_the_walk(walk, monkeypatch):
    make_case, perform = walk
    decline = WORKFLOW.transitions["decline"]
    monkeypatch.setitem(WORKFLOW.transitions, "decline",
                        dataclasses.replace(decline, sources=decline.sources | {"submitted"}))
    with pytest.raises(AssertionError, match="only in the table"):
        walk_transitions(WORKFLOW, make_case=make_case, perform=perform, expected=EXPECTED)
    # and expecting it does not help: an unsigned refusal is never issued
    with pytest.raises(AssertionError, match=r"\(submitted, decline\) should succeed"):
        walk_transitions(WORKFLOW, make_case=make_case, perform=perform, expected=EXPECTED | {("submitted", "decline")})


def test_transitions_audit_from_and_to_status(handler, departments, sign):
    topic = services.topic_forward(topic=submit(), department=departments["fgw"], actor=handler, note="请反馈")
    sign(services.topic_answer(topic=topic, actor=handler, answer="已答复。"))
    services.topic_hide(topic=topic, actor=handler, reason="含有未脱敏的信息")
    events = {e.action: e for e in AuditEvent.objects.filter(action__startswith="participation.topic.")}
    assert (events["participation.topic.forward"].from_status, events["participation.topic.forward"].to_status) == (
        "submitted", "forwarded")
    assert events["participation.topic.forward"].reason == "请反馈"
    assert events["participation.topic.forward"].department_id == departments["fgw"].pk
    draft, signed = events["participation.topic.draft"], events["participation.topic.sign_off"]
    assert (draft.from_status, draft.to_status) == ("forwarded", "awaiting_sign_off")
    assert (signed.from_status, signed.to_status) == ("awaiting_sign_off", "signed_off")
    assert events["participation.topic.answer"].before == {"status": "signed_off", "public": False}
    assert events["participation.topic.answer"].after == {"status": "answered", "public": True, "answer": "已答复。"}
    hide = events["participation.topic.hide"]
    assert (hide.from_status, hide.to_status, hide.after) == ("answered", "answered", {"status": "answered",
                                                                                       "public": False})
    with pytest.raises(TransitionNotAllowed, match="未在回音壁公开"):
        services.topic_hide(topic=topic, actor=handler, reason="再撤一次")


# --- the policy ------------------------------------------------------------------------------------------------

def test_scope_department_office_and_supervisor(office_head, supervisor, clerk, other_clerk, citizen, departments,
                                                make_staff):
    waiting, forwarded = submit(title="甲"), submit(title="乙")
    services.topic_forward(topic=forwarded, department=departments["fgw"], actor=office_head)
    assert list(POLICY.visible_to(clerk)) == [forwarded]
    assert list(POLICY.visible_to(other_clerk)) == []
    assert set(POLICY.visible_to(office_head)) == set(POLICY.visible_to(supervisor)) == {waiting, forwarded}
    assert list(POLICY.visible_to(citizen)) == []
    # forwarding for every department is a cross-department duty, even without the view-all capability
    dispatcher = _with(make_staff("dispatcher", department="zjj", role=None), "dispatch_topic")
    assert set(POLICY.visible_to(dispatcher)) == {waiting, forwarded}
    assert POLICY.allowed_actions(dispatcher, waiting) == ["forward"]
    # by default every answer is signed off: the department drafts (no direct answer offered)
    assert POLICY.allowed_actions(clerk, TopicRequest.objects.get(pk=forwarded.pk)) == ["draft"]
    assert POLICY.allowed_actions(supervisor, TopicRequest.objects.get(pk=forwarded.pk)) == []
    with pytest.raises(CapabilityRequired) as refused:
        services.topic_answer(topic=forwarded, actor=other_clerk, answer="答复")
    assert refused.value.message == "该点题不由您所在部门承办。"
    with pytest.raises(CapabilityRequired) as refused:
        services.topic_forward(topic=waiting, department=departments["fgw"], actor=supervisor)
    assert refused.value.message == "您没有转办点题的权限。"


def test_pages_other_department_404_supervisor_reads_without_forms(client, office_head, supervisor, clerk,
                                                                  other_clerk, departments):
    topic = services.topic_forward(topic=submit(), department=departments["fgw"], actor=office_head)
    detail = f"/hd/staff/topics/{topic.pk}/"
    client.force_login(other_clerk)
    assert client.get(detail).status_code == 404
    assert client.post(detail + "answer/", {"action": "answer", "text": "答复"}).status_code == 404
    client.force_login(clerk)
    page = client.get(detail)
    assert page.status_code == 200 and page.context["answer_form"] is not None
    assert "提交办理结果" in page.content.decode()
    client.force_login(supervisor)
    page = client.get(detail)
    assert page.status_code == 200 and page.context["actions"] == set()
    assert page.context["answer_form"] is None and "提交办理结果" not in page.content.decode()
    refused = client.post(detail + "answer/", {"action": "answer", "text": "监察代为答复"})
    assert refused.status_code == 400 and "您没有答复点题的权限。" in refused.content.decode()
    assert TopicRequest.objects.get(pk=topic.pk).status == "forwarded"


def test_missing_capability_no_form_and_a_chinese_refusal(client, clerk, departments, office_head, sign):
    topic = services.topic_forward(topic=submit(), department=departments["fgw"], actor=office_head)
    sign(services.topic_answer(topic=topic, actor=clerk, answer="已答复。"))
    detail = f"/hd/staff/topics/{topic.pk}/"
    client.force_login(clerk)  # the department answers, but only the office takes an answer off the wall
    page = client.get(detail)
    assert page.context["hide_form"] is None and "从回音壁撤下" not in page.content.decode()
    refused = client.post(detail + "hide/", {"reason": "不想公开"})
    assert refused.status_code == 400 and "您没有管理回音壁的权限。" in refused.content.decode()
    assert TopicRequest.objects.get(pk=topic.pk).public
    client.force_login(office_head)
    assert client.get(detail).context["hide_form"] is not None
