"""The policy of disclosure requests (`permissions.RequestPolicy`) on the pages and the staff API: a clerk's own
department, another department (404, never 403), the disclosure office across departments, a supervisor who reads
everything and has no button."""

from __future__ import annotations

import pytest

from sunshine.core.errors import CapabilityRequired
from sunshine.disclosure_requests import services
from sunshine.disclosure_requests.models import DisclosureRequest
from sunshine.disclosure_requests.permissions import POLICY
from sunshine.disclosure_requests.workflow import WORKFLOW

pytestmark = pytest.mark.django_db

API = "/api/v1/disclosure-requests/staff"


def _actions(user, req) -> list[str]:
    return [t.name for t in WORKFLOW.allowed_actions(user, req)]


def test_own_department_sees_and_handles(submit, clerk):
    req = submit().request
    assert list(POLICY.visible_to(clerk)) == [req] and POLICY.can_see(clerk, req)
    assert _actions(clerk, req) == ["correct_receipt", "request_supplement", "forward", "split", "start_consultation",
                                    "notify_third_party", "ask_reasons", "record_reasons", "issue_fee_notice",
                                    "draft_reply", "withdraw"]  # not the head's extension or delay;
    # no direct reply: every outcome needs sign-off by default
    assert POLICY.can_reveal_identity(clerk, req)


def test_another_department_gets_404_on_pages_and_api(client, api_client, submit, other_clerk):
    req = submit().request
    assert list(POLICY.visible_to(other_clerk)) == [] and _actions(other_clerk, req) == []
    client.force_login(other_clerk)
    assert client.get(f"/ysq/staff/{req.pk}/").status_code == 404
    assert client.post(f"/ysq/staff/{req.pk}/withdraw/", {"reason": "撤回"}).status_code == 404
    assert client.post(f"/ysq/staff/{req.pk}/identity/").status_code == 404
    api_client.force_authenticate(other_clerk)
    assert api_client.get(f"{API}/{req.pk}").status_code == 404
    refused = api_client.post(f"{API}/{req.pk}/withdraw", {"reason": "撤回"}, format="json")
    assert refused.status_code == 404 and refused.json()["detail"] == "未找到。"
    assert api_client.get("/api/v1/disclosure-requests/").json()["results"] == []
    req.refresh_from_db()
    assert req.status == "processing"
    # the engine says the same to a direct call of the service
    with pytest.raises(CapabilityRequired) as refused:
        services.request_withdraw(request=req, reason="撤回", actor=other_clerk)
    assert refused.value.message == "该申请不属于您所在的部门。"


def test_disclosure_office_head_works_across_departments(client, api_client, submit, departments, office_head):
    req = submit(department=departments["zjj"]).request
    assert POLICY.can_see(office_head, req)
    assert {"approve_extension", "reasonable_delay", "draft_reply"} <= set(_actions(office_head, req))
    client.force_login(office_head)
    page = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert 'id="action-approve_extension"' in page and 'id="reveal-identity"' in page
    api_client.force_authenticate(office_head)
    body = api_client.get(f"{API}/{req.pk}").json()
    assert body["department"] == "zjj" and "approve_extension" in [a["name"] for a in body["actions"]]
    response = api_client.post(f"{API}/{req.pk}/approve_extension", {"days": 10, "reason": "需调取档案"},
                               format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "processing"
    req.refresh_from_db()
    assert req.extension_days == 10 and req.extension_approved_by == office_head


def test_supervisor_reads_every_department_without_a_button(client, api_client, submit, departments, supervisor):
    own, other = submit().request, submit(department=departments["zjj"]).request
    assert set(POLICY.visible_to(supervisor)) == {own, other}
    assert _actions(supervisor, own) == [] and not POLICY.can_reveal_identity(supervisor, own)
    client.force_login(supervisor)
    page = client.get(f"/ysq/staff/{other.pk}/").content.decode()
    assert other.tracking_code in page
    assert 'id="action-' not in page and 'id="actions"' not in page and 'id="reveal-identity"' not in page
    refused = client.post(f"/ysq/staff/{other.pk}/withdraw/", {"reason": "撤回"})
    assert refused.status_code == 400 and "没有办理依申请公开的权限。" in refused.content.decode()
    api_client.force_authenticate(supervisor)
    assert api_client.get(f"{API}/{other.pk}").json()["actions"] == []
    refused = api_client.post(f"{API}/{other.pk}/withdraw", {"reason": "撤回"}, format="json")
    assert refused.status_code == 403 and refused.json()["detail"] == "没有办理依申请公开的权限。"
    other.refresh_from_db()
    assert other.status == "processing"


def test_citizens_and_anonymous_see_no_staff_case(client, api_client, submit, citizen):
    req = submit().request
    assert list(POLICY.visible_to(citizen)) == []
    api_client.force_authenticate(citizen)
    assert api_client.get(f"{API}/{req.pk}").status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get(f"{API}/{req.pk}").status_code in (401, 403)


def test_buttons_follow_the_state(client, api_client, submit, clerk):
    """A case awaiting a supplement offers no reply; the API refuses one with 409 and the Chinese message."""
    req = submit().request
    services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk)
    req.refresh_from_db()
    assert _actions(clerk, req) == ["record_supplement", "abandon_supplement", "withdraw"]
    client.force_login(clerk)
    page = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert 'id="action-draft_reply"' not in page and 'id="action-reply"' not in page
    assert 'id="action-withdraw"' in page
    api_client.force_authenticate(clerk)
    refused = api_client.post(f"{API}/{req.pk}/reply", {"outcome": "not_held", "reply_text": "经检索不存在"},
                              format="json")
    assert refused.status_code == 409
    assert refused.json() == {"detail": "当前状态为“待补正”，不能执行“拟定答复（报签发）”。",
                              "code": "transition_not_allowed"}


def test_staff_api_runs_the_case_pages_actions(api_client, submit, clerk, departments):
    req = submit().request
    api_client.force_authenticate(clerk)
    started = api_client.post(f"{API}/{req.pk}/start_consultation", {"kind": "third_party", "party_name": "某公司"},
                              format="json")
    assert started.status_code == 200, started.content
    [consultation] = started.json()["consultations"]
    assert started.json()["status"] == "consulting"
    bad = api_client.post(f"{API}/{req.pk}/answer_consultation", {"consultation": consultation["id"],
                                                                   "answer": "maybe"}, format="json")
    assert bad.status_code == 400 and "answer" in bad.json()["errors"]
    answered = api_client.post(f"{API}/{req.pk}/answer_consultation", {"consultation": consultation["id"],
                                                                        "answer": "consent", "text": None},
                               format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "processing"
    assert api_client.post(f"{API}/{req.pk}/nope", {}, format="json").status_code == 404
    # a form body works as well as JSON; after a forward the case has left the clerk's department: no actions
    late = api_client.post(f"{API}/{req.pk}/forward", {"to_department": "zjj", "reason": "属住建局职责"})
    assert late.status_code == 400 and late.json()["code"] == "forward_too_late"
    other = submit().request
    forwarded = api_client.post(f"{API}/{other.pk}/forward", {"to_department": "zjj", "reason": "属住建局职责"})
    assert forwarded.status_code == 200, forwarded.content
    assert forwarded.json()["department"] == "zjj" and forwarded.json()["actions"] == []
    assert DisclosureRequest.objects.get(pk=other.pk).department == departments["zjj"]
    assert api_client.get(f"{API}/{other.pk}").status_code == 404  # no longer the clerk's

