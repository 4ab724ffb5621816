"""Sign-off (签发) of a reply: the clerk's draft waits for the approval of a holder of the sign-off capability in
the case's scope (the department's reviewer, the disclosure office head), never the drafter; the approval (or the
return with a reason) and the issue are separate audited steps; the reply clock keeps running meanwhile; which
outcomes need it is configurable (refusals and partial disclosures always)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.disclosure_requests import services
from sunshine.disclosure_requests.outcomes import Outcome
from sunshine.disclosure_requests.permissions import POLICY
from sunshine.disclosure_requests.signoff import needs_sign_off
from sunshine.disclosure_requests.workflow import WORKFLOW
from sunshine.notify.models import Notification

D = dt.date
pytestmark = pytest.mark.django_db
API = "/api/v1/disclosure-requests/staff"


DRAFT_DAY = D(2026, 10, 12)


def _draft(req, clerk, outcome=Outcome.NOT_HELD, on=DRAFT_DAY, **extra):
    text = extra.pop("reply_text", "经检索不存在")
    return services.request_draft_reply(request=req, outcome=outcome, reply_text=text, actor=clerk, on=on, **extra)


def _names(user, req) -> list[str]:
    return [t.name for t in WORKFLOW.allowed_actions(user, req)]


def test_the_draft_approval_and_issue_are_three_audited_steps_and_the_clock_runs_meanwhile(
        submit, clerk, reviewer, django_capture_on_commit_callbacks):
    req = submit(received_on=D(2026, 9, 24)).request  # reply due 2026-10-29 (国庆 1–8 October)
    req = _draft(req, clerk, on=D(2026, 10, 12))
    assert (req.status, req.outcome, req.decided_on, req.draft_outcome) == ("awaiting_sign_off", "", None, "not_held")
    assert req.drafted_by == clerk and not req.documents.filter(kind="reply").exists()
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.state == "running" and req.reply_clock.due_date == D(2026, 10, 29)
    # the department's reviewer is told in the inbox
    note = Notification.objects.get(user=reviewer, channel="inbox")
    assert note.subject == "待签发的答复" and req.tracking_code in note.body
    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_sign_off(request=req, actor=reviewer, note="同意", on=D(2026, 10, 30))
    assert (req.status, req.outcome, req.decided_on) == ("closed", "not_held", D(2026, 10, 30))
    assert req.signed_off_by == reviewer and req.reply_text == "经检索不存在"
    req.reply_clock.refresh_from_db()
    assert req.reply_clock.outcome == "late"  # the sign-off a day after the limit: the reply is late
    trail = list(AuditEvent.objects.filter(target_id=str(req.pk), action__in=[
        "disclosure_request.draft_reply", "disclosure_request.sign_off", "disclosure_request.reply"])
        .order_by("id").values_list("action", "from_status", "to_status", "actor_id", "reason"))
    assert trail == [("disclosure_request.draft_reply", "processing", "awaiting_sign_off", clerk.pk, ""),
                     ("disclosure_request.sign_off", "awaiting_sign_off", "signed_off", reviewer.pk, "同意"),
                     ("disclosure_request.reply", "signed_off", "closed", reviewer.pk, "")]
    assert req.documents.filter(kind="reply").count() == 1
    told = "已答复（无法提供：本机关不掌握相关政府信息）"
    assert Notification.objects.filter(channel="sms", body__contains=told).exists()


def test_who_may_sign_off(submit, departments, clerk, reviewer, other_clerk, office_head, supervisor, make_staff):
    req = _draft(submit(received_on=D(2026, 9, 24)).request, clerk)
    other_reviewer = make_staff("reviewer_zjj", department="zjj", role="审核人", real_name="周审核")
    assert "sign_off" in _names(reviewer, req) and "return_draft" in _names(reviewer, req)
    assert "sign_off" in _names(office_head, req)  # every department
    for user in (clerk, other_clerk, other_reviewer, supervisor):
        assert "sign_off" not in _names(user, req), user
    with pytest.raises(CapabilityRequired, match="不能签发本人拟定的答复"):
        services.request_sign_off(request=req, actor=clerk)
    second_clerk = make_staff("clerk2_fgw", department="fgw", role="经办人", real_name="孙经办")
    assert "sign_off" not in _names(second_clerk, req)
    with pytest.raises(CapabilityRequired, match="答复须由有签发权限的人员"):
        services.request_sign_off(request=req, actor=second_clerk)
    with pytest.raises(CapabilityRequired, match="该申请不属于您所在的部门。"):
        services.request_sign_off(request=req, actor=other_reviewer)
    with pytest.raises(CapabilityRequired, match="答复须由有签发权限的人员"):
        services.request_sign_off(request=req, actor=supervisor)
    req.refresh_from_db()
    assert req.status == "awaiting_sign_off"
    assert set(services.signers_of(req)) == {reviewer, office_head}
    services.request_sign_off(request=req, actor=office_head)
    req.refresh_from_db()
    assert req.status == "closed" and req.signed_off_by == office_head


def test_nobody_signs_off_their_own_draft(submit, reviewer, office_head):
    req = submit(received_on=D(2026, 9, 24)).request
    req = _draft(req, reviewer)  # the reviewer drafted it: another signer is needed
    assert "sign_off" not in _names(reviewer, req) and not POLICY.may_sign_off(reviewer, req)
    with pytest.raises(CapabilityRequired, match="不能签发本人拟定的答复"):
        services.request_sign_off(request=req, actor=reviewer)
    with pytest.raises(CapabilityRequired, match="不能签发本人拟定的答复"):
        services.request_return_draft(request=req, reason="自己退回", actor=reviewer)
    # the office head was told, the drafter was not
    assert Notification.objects.filter(user=office_head, subject="待签发的答复").exists()
    assert not Notification.objects.filter(user=reviewer, subject="待签发的答复").exists()
    services.request_sign_off(request=req, actor=office_head)
    req.refresh_from_db()
    assert req.status == "closed"


def test_a_returned_draft_goes_back_to_the_clerk_with_the_reason(client, submit, clerk, reviewer):
    from sunshine.core.errors import DomainError as Refused

    req = _draft(submit(received_on=D(2026, 9, 24)).request, clerk, outcome=Outcome.REFUSED_PROCESS_INFO,
                 reply_text="属于过程性信息")
    with pytest.raises(Refused, match="请填写退回理由"):
        services.request_return_draft(request=req, reason="  ", actor=reviewer)
    req = services.request_return_draft(request=req, reason="请写明条例第十六条第二款", actor=reviewer)
    assert req.status == "processing" and req.draft_returned_reason == "请写明条例第十六条第二款"
    event = AuditEvent.objects.get(action="disclosure_request.return_draft")
    assert (event.from_status, event.to_status, event.reason) == ("awaiting_sign_off", "processing",
                                                                    "请写明条例第十六条第二款")
    note = Notification.objects.get(user=clerk, subject="答复被退回修改")
    assert "请写明条例第十六条第二款" in note.body
    # the clerk's page shows the reason and starts the next draft from the returned one
    client.force_login(clerk)
    page = client.get(f"/ysq/staff/{req.pk}/")
    html = page.content.decode()
    assert 'id="draft-returned"' in html and "请写明条例第十六条第二款" in html
    form = next(a["form"] for a in page.context["actions"] if a["name"] == "draft_reply")
    assert form.initial["outcome"] == "refused_process_info" and form.initial["reply_text"] == "属于过程性信息"
    # and on the workbench, under 退回修改
    assert "退回修改：" + req.tracking_code in client.get("/workbench/").content.decode()
    req = _draft(req, clerk, outcome=Outcome.REFUSED_PROCESS_INFO, reply_text="属于过程性信息（条例第十六条第二款）")
    assert req.status == "awaiting_sign_off" and req.draft_returned_reason == ""


def test_refusals_and_partial_disclosures_always_need_sign_off_the_others_as_configured(settings, submit, clerk):
    assert all(needs_sign_off(o) for o in Outcome.values)  # default: every reply
    settings.SUNSHINE_SIGN_OFF_ALL_OUTCOMES = False
    assert needs_sign_off(Outcome.PARTIALLY_DISCLOSED) and needs_sign_off(Outcome.REFUSED_STATE_SECRET)
    assert not needs_sign_off(Outcome.DISCLOSED) and not needs_sign_off(Outcome.NOT_HELD)
    # a clerk now issues a not-held reply directly (one step), and a refusal still waits for sign-off
    direct = services.request_reply(request=submit(received_on=D(2026, 9, 24)).request, outcome=Outcome.NOT_HELD,
                                    reply_text="经检索不存在", actor=clerk, on=D(2026, 10, 12))
    assert direct.status == "closed" and direct.signed_off_by is None
    assert "reply" in _names(clerk, submit(received_on=D(2026, 9, 24)).request)
    refusal = services.request_reply(request=submit(received_on=D(2026, 9, 24)).request,
                                     outcome=Outcome.REFUSED_STATE_SECRET, reply_text="属于国家秘密", actor=clerk)
    assert refusal.status == "awaiting_sign_off"


def test_by_default_no_direct_reply_is_offered(submit, clerk, client, api_client):
    req = submit(received_on=D(2026, 9, 24)).request
    assert "reply" not in _names(clerk, req) and "draft_reply" in _names(clerk, req)
    client.force_login(clerk)
    html = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert 'id="action-draft_reply"' in html and 'id="action-reply"' not in html
    # the old action name through the API still only drafts
    api_client.force_authenticate(clerk)
    response = api_client.post(f"{API}/{req.pk}/reply", {"outcome": "disclosed", "reply_text": ""}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "awaiting_sign_off"


def test_an_unsigned_draft_is_never_issued(submit, clerk, reviewer):
    req = submit(received_on=D(2026, 9, 24)).request
    req = _draft(req, clerk)
    services.request_return_draft(request=req, reason="请补充检索范围", actor=reviewer)
    with pytest.raises(TransitionNotAllowed, match="答复尚未签发"):
        services.request_issue_reply(request=req)
    req.refresh_from_db()
    assert req.status == "processing" and req.outcome == ""


def test_the_issue_checks_the_signed_draft_again(submit, clerk, reviewer):
    req = submit(received_on=D(2026, 10, 12)).request
    req = _draft(req, clerk, on=D(2026, 10, 12))
    with pytest.raises(DomainError, match="答复日期不能早于收到申请日期"):
        services.request_sign_off(request=req, actor=reviewer, on=D(2026, 10, 9))
    req.refresh_from_db()
    assert req.status == "awaiting_sign_off" and req.signed_off_by is None  # the approval rolled back too


def test_the_staff_api_signs_off_and_returns(api_client, submit, clerk, reviewer):
    req = _draft(submit(received_on=D(2026, 9, 24)).request, clerk)
    api_client.force_authenticate(clerk)
    refused = api_client.post(f"{API}/{req.pk}/sign_off", {}, format="json")
    assert refused.status_code == 403
    api_client.force_authenticate(reviewer)
    body = api_client.get(f"{API}/{req.pk}").json()
    assert {"sign_off", "return_draft"} <= {a["name"] for a in body["actions"]}
    assert body["draft"]["outcome"] == "not_held" and body["draft"]["drafted_by"] == clerk.pk
    bad = api_client.post(f"{API}/{req.pk}/return_draft", {"reason": ""}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"]["reason"] == ["请填写退回理由。"]
    done = api_client.post(f"{API}/{req.pk}/sign_off", {"note": "同意"}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "closed" and done.json()["outcome"] == "not_held"
    again = api_client.post(f"{API}/{req.pk}/sign_off", {}, format="json")
    assert again.status_code == 409


def test_the_reviewer_s_workbench_lists_what_awaits_their_sign_off(client, submit, clerk, reviewer, other_clerk,
                                                                   departments):
    mine = _draft(submit(received_on=D(2026, 9, 24)).request, clerk)
    elsewhere = _draft(submit(received_on=D(2026, 9, 24), department=departments["zjj"]).request, other_clerk)
    client.force_login(reviewer)
    html = client.get("/workbench/").content.decode()
    assert "待签发：" + mine.tracking_code in html and elsewhere.tracking_code not in html
    client.force_login(clerk)
    assert "待签发：" not in client.get("/workbench/").content.decode()


def test_a_withdrawal_while_awaiting_sign_off_closes_the_case(submit, clerk):
    req = _draft(submit(received_on=D(2026, 9, 24)).request, clerk)
    req = services.request_withdraw(request=req, reason="申请人来电撤回", actor=clerk, on=D(2026, 10, 13))
    assert req.status == "closed" and req.outcome == "withdrawn"
