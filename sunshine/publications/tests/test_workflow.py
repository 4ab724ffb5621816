"""The transition table of a catalogue item, exhaustively through the real services (每个状态×每个操作), and the
permission policy (scope and capabilities) on the services, the staff pages and the staff API."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from sunshine.audit.models import AuditEvent
from sunshine.cases.testing import walk_transitions
from sunshine.core.errors import CapabilityRequired, TransitionNotAllowed
from sunshine.publications import services, tally
from sunshine.publications.models import DisclosureSetting, Publication
from sunshine.publications.permissions import POLICY, PUBLISH, REVIEW_CONFIDENTIALITY, REVIEW_LEGALITY, WITHDRAW
from sunshine.publications.workflow import WORKFLOW, Action, Status, after_confidentiality

pytestmark = pytest.mark.django_db

# Written out, not derived from the table: a pair added to the table or slipped into a service fails the walk.
EXPECTED = {
    ("draft", "submit"), ("returned", "submit"),
    ("submitted", "approve_confidentiality"), ("submitted", "return"),
    ("legality_review", "approve_legality"), ("legality_review", "return"),
    ("approved", "return"), ("approved", "publish"), ("approved", "schedule"),
    ("scheduled", "publish_due"), ("scheduled", "unschedule"),
    ("published", "withdraw"), ("published", "supersede"),
}


@pytest.fixture
def handler(reviewer):
    """The fgw reviewer with every capability of the chain (withdrawal too), for the walk."""
    reviewer.user_permissions.add(Permission.objects.get(codename="withdraw_publication"))
    return type(reviewer).objects.get(pk=reviewer.pk)


def test_every_state_and_action_through_the_services(draft, publish, handler):
    replacement = publish(draft(title="新办法"))
    now = timezone.now()

    def make_case(state):
        p = draft(title="旧办法", body="关于城乡居民养老保险缴费的通知。")
        values = {"status": state}
        if state == Status.SCHEDULED:
            values["publish_at"] = now - dt.timedelta(minutes=5)
        if state in (Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED):
            values["published_at"] = now - dt.timedelta(days=1)
        Publication.objects.filter(pk=p.pk).update(**values)
        p = Publication.objects.get(pk=p.pk)
        tally.move(None, tally.key_of(p))  # a forced published item counts, as a published one would
        return p

    perform = {
        "submit": lambda p: services.publication_submit(publication=p, actor=handler),
        "approve_confidentiality": lambda p: services.publication_approve_confidentiality(
            publication=p, actor=handler, comment="同意"),
        "approve_legality": lambda p: services.publication_approve_legality(publication=p, actor=handler),
        "return": lambda p: services.publication_return(publication=p, actor=handler, comment="请补充文号"),
        "publish": lambda p: services.publication_publish(publication=p, actor=handler),
        "schedule": lambda p: services.publication_publish(publication=p, actor=handler,
                                                           publish_at=now + dt.timedelta(days=1)),
        "publish_due": lambda p: services.publication_publish_due(publication=p),
        "unschedule": lambda p: services.publication_unschedule(publication=p, actor=handler),
        "withdraw": lambda p: services.publication_withdraw(publication=p, actor=handler, reason="数据有误"),
        "supersede": lambda p: services.publication_supersede(publication=p, actor=handler, replacement=replacement,
                                                              reason="已修订"),
    }
    walk_transitions(WORKFLOW, make_case=make_case, perform=perform, expected=EXPECTED)


def test_the_generic_approve_follows_the_current_step(draft, clerk, handler):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    services.publication_approve(publication=p, actor=handler)
    assert p.status == Status.LEGALITY_REVIEW  # the caller's instance is kept current
    services.publication_approve(publication=p, actor=handler)
    assert Publication.objects.get(pk=p.pk).status == Status.APPROVED
    with pytest.raises(TransitionNotAllowed) as refused:
        services.publication_approve(publication=p, actor=handler)
    assert refused.value.message == "当前状态为“审查通过待发布”，不能执行“保密审查通过”。"


def test_confidentiality_approval_leads_by_the_chain_length(draft, departments):
    p = draft()
    assert after_confidentiality(p) == Status.LEGALITY_REVIEW  # no setting: two steps
    DisclosureSetting.objects.create(department=departments["fgw"], review_steps=1)
    assert after_confidentiality(Publication.objects.get(pk=p.pk)) == Status.APPROVED


def test_terminal_states_have_no_exit():
    for status in (Status.WITHDRAWN, Status.SUPERSEDED):
        assert WORKFLOW.actions_from(status) == []


def test_the_table_names_each_capability_and_audit_code():
    assert {a: WORKFLOW.get(a).audit for a in Action.values} == {a: f"publication.{a}" for a in Action.values}
    ret = WORKFLOW.get(Action.RETURN)
    assert [ret.capability_from(s) for s in (Status.SUBMITTED, Status.LEGALITY_REVIEW, Status.APPROVED)] == [
        REVIEW_CONFIDENTIALITY, REVIEW_LEGALITY, PUBLISH]
    assert WORKFLOW.get(Action.PUBLISH).capability == PUBLISH
    assert WORKFLOW.get(Action.SUPERSEDE).capability == WITHDRAW
    assert WORKFLOW.get(Action.PUBLISH_DUE).capability is None and WORKFLOW.get(Action.PUBLISH_DUE).performed_by


def test_a_transition_audits_from_and_to_status(draft, clerk, handler):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    services.publication_return(publication=p, actor=handler, comment="请补充文号")
    event = AuditEvent.objects.get(action="publication.return")
    assert (event.from_status, event.to_status) == ("submitted", "returned")
    assert event.reason == "请补充文号" and event.before == {"status": "submitted"}
    # the revision written inside the transition records the status being taken
    assert p.revisions.get(reason="提交审查").snapshot["status"] == "submitted"


def test_publish_due_is_the_systems_own_transition(draft, publish, handler):
    at = timezone.now() + dt.timedelta(hours=1)
    p = publish(draft(), publish_at=at)
    with pytest.raises(CapabilityRequired):  # nobody publishes a scheduled item by hand as the system
        WORKFLOW.transition(p, "publish_due", actor=handler)
    with pytest.raises(Exception, match="尚未到定时发布时间"):
        services.publication_publish_due(publication=p, now=timezone.now())
    services.publication_publish_due(publication=p, now=at)
    event = AuditEvent.objects.get(action="publication.publish_due")
    assert event.actor_id is None and (event.from_status, event.to_status) == ("scheduled", "published")


# --- the policy: scope and capabilities ------------------------------------------------------------------------

def _token(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


def test_policy_scope_own_department_other_department_and_cross_department(draft, clerk, other_clerk, office_head,
                                                                         supervisor, citizen):
    p = draft()
    assert list(POLICY.visible_to(clerk)) == [p]
    assert list(POLICY.visible_to(other_clerk)) == []
    assert list(POLICY.visible_to(office_head)) == [p] and list(POLICY.visible_to(supervisor)) == [p]
    assert list(POLICY.visible_to(citizen)) == []
    with pytest.raises(CapabilityRequired) as refused:
        services.publication_submit(publication=p, actor=other_clerk)
    assert refused.value.message == "该信息不属于您的部门。"
    with pytest.raises(CapabilityRequired) as refused:
        services.publication_update(publication=p, actor=other_clerk, title="改")
    assert refused.value.message == "该信息不属于您的部门。"


def test_other_department_is_404_on_the_page_and_the_api(client, api_client, draft, other_clerk):
    p = draft()
    client.force_login(other_clerk)
    assert client.get(reverse("publications:staff-detail", args=[p.pk])).status_code == 404
    assert client.post(reverse("publications:staff-action", args=[p.pk, "submit"])).status_code == 404
    assert p.pk not in [row.pk for row in client.get(reverse("publications:staff-list")).context["page_obj"]]
    _token(api_client, other_clerk)
    assert api_client.get(f"/api/v1/publications/drafts/{p.pk}").status_code == 404
    assert api_client.post(f"/api/v1/publications/drafts/{p.pk}/submit").status_code == 404
    assert Publication.objects.get(pk=p.pk).status == Status.DRAFT


def test_supervisor_reads_every_department_but_has_no_buttons(client, api_client, draft, clerk, supervisor):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    client.force_login(supervisor)
    page = client.get(reverse("publications:staff-detail", args=[p.pk]))
    assert page.status_code == 200 and page.context["can"] == {
        "edit": False, "submit": False, "review": False, "resolve": False, "publish": False, "return": False,
        "unschedule": False, "withdraw": False, "supersede": False}
    assert "保密审查通过" not in page.content.decode() and "退回修改</button>" not in page.content.decode()
    assert p.title in client.get(reverse("publications:staff-list")).content.decode()
    _token(api_client, supervisor)
    data = api_client.get(f"/api/v1/publications/drafts/{p.pk}").json()
    assert data["status"] == "submitted" and data["actions"] == []
    refused = api_client.post(f"/api/v1/publications/drafts/{p.pk}/approve")
    assert refused.status_code == 403 and refused.json()["detail"] == "您没有“保密审查通过”的权限。"


def test_office_head_of_another_department_reviews_and_sees_the_buttons(client, api_client, draft, clerk,
                                                                       office_head):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    assert POLICY.allowed_actions(office_head, Publication.objects.get(pk=p.pk)) == [
        "approve_confidentiality", "return"]
    client.force_login(office_head)
    page = client.get(reverse("publications:staff-detail", args=[p.pk]))
    assert page.context["can"]["review"] and page.context["can"]["return"] and page.context["can"]["resolve"]
    assert not page.context["can"]["submit"]  # the office head drafts nothing
    _token(api_client, office_head)
    assert api_client.post(f"/api/v1/publications/drafts/{p.pk}/approve").json()["actions"] == [
        "approve_legality", "return"]


def test_missing_capability_means_no_button_and_a_chinese_refusal(client, api_client, draft, clerk):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    client.force_login(clerk)
    page = client.get(reverse("publications:staff-detail", args=[p.pk]))
    assert not page.context["can"]["review"] and "保密审查通过" not in page.content.decode()
    refused = client.post(reverse("publications:staff-action", args=[p.pk, "approve"]), {"comment": "同意"})
    assert refused.status_code == 400 and "您没有“保密审查通过”的权限。" in refused.content.decode()
    _token(api_client, clerk)
    response = api_client.post(f"/api/v1/publications/drafts/{p.pk}/return", {"comment": "退回"}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == "您没有“退回修改”的权限。"
    assert Publication.objects.get(pk=p.pk).status == Status.SUBMITTED
    assert not AuditEvent.objects.filter(action__in=["publication.approve_confidentiality", "publication.return"])
