"""The staff API (/api/v1/staff/disclosure-requests/): one case driven through it end to end, from a letter entered
by a clerk to a refusal (不予公开), with the page's refusals (400 per field in Chinese, 403, 404, 409), the clocks
and `allowed_actions`; the staff entry's rules (channel, receipt date, idempotency, audit); the schema (one
documented body per registered action); the deprecated old paths."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sunshine.audit.models import AuditEvent
from sunshine.disclosure_requests.models import DisclosureRequest
from sunshine.disclosure_requests.staff_actions import ACTION_FORMS

from .conftest import application

pytestmark = pytest.mark.django_db
BASE = "/api/v1/staff/disclosure-requests/"
TODAY = dt.datetime(2026, 6, 15, 10, 0)  # a Monday; 2026-06-19 is 端午 (a holiday)


def _letter(**overrides) -> dict:
    return application(**overrides) | {"department": "fgw", "channel": "post", "received_on": "2026-06-12"}


def _names(body) -> list[str]:
    return [a["name"] for a in body["allowed_actions"]]


@time_machine.travel(TODAY, tick=False)
def test_one_case_through_the_staff_api_to_a_refusal(api_client, clerk, other_clerk, office_head, supervisor, zfb):
    api_client.force_authenticate(clerk)

    # 1. a registered letter signed for last Friday, entered by the clerk
    created = api_client.post(BASE, _letter(), format="json", HTTP_IDEMPOTENCY_KEY="letter-0612")
    assert created.status_code == 201, created.json()
    entry = created.json()
    assert (entry["channel"], entry["received_on"], entry["reply_due_on"]) == ("post", "2026-06-12", "2026-07-13")
    assert entry["entered_by"] == "王经办" and entry["verification_secret"]
    case = f"{BASE}{entry['id']}"
    assert entry["url"] == case
    submitted = AuditEvent.objects.get(action="disclosure_request.submit", target_id=str(entry["id"]))
    assert submitted.actor == clerk and submitted.after["channel"] == "post"
    again = api_client.post(BASE, _letter(), format="json", HTTP_IDEMPOTENCY_KEY="letter-0612")
    assert again.status_code == 200 and again.json()["id"] == entry["id"]
    assert again.json()["verification_secret"] == entry["verification_secret"]

    # 2. the case, its clocks and the clerk's actions
    body = api_client.get(case).json()
    assert (body["status"], body["reply_due_on"], body["warning_level"]) == ("processing", "2026-07-13", "none")
    reply_clock = next(c for c in body["clocks"] if c["current"])
    assert {k: reply_clock[k] for k in ("kind", "obligor", "unit", "started_on", "limit", "due_date", "state")} == {
        "kind": "disclosure_request.reply", "obligor": "agency", "unit": "working_days", "started_on": "2026-06-12",
        "limit": 20, "due_date": "2026-07-13", "state": "running"}
    assert {"request_supplement", "start_consultation", "draft_reply", "withdraw"} <= set(_names(body))
    assert "reply" not in _names(body)  # every outcome is signed off (签发) first by default
    assert "approve_extension" not in _names(body)  # the head of the disclosure office approves extensions
    assert body["allowed_actions"][0]["url"] == f"{case}/actions/{body['allowed_actions'][0]['name']}"

    # 3. refusals: a field in Chinese (400), the wrong state (409), the capability (403), the scope (404)
    bad = api_client.post(f"{case}/actions/start_consultation", {"kind": "neighbour", "party_name": ""},
                          format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"kind", "party_name"}
    assert all("\u4e00" <= m[0] <= "\u9fff" for ms in bad.json()["errors"].values() for m in ms)
    wrong_state = api_client.post(f"{case}/actions/record_payment", {}, format="json")
    assert wrong_state.status_code == 409 and wrong_state.json()["code"] == "transition_not_allowed"
    assert wrong_state.json()["detail"] == "当前状态为“办理中”，不能执行“登记缴费”。"
    denied = api_client.post(f"{case}/actions/approve_extension", {"days": 10, "reason": "需要征求意见"}, format="json")
    assert denied.status_code == 403 and denied.json()["detail"] == "延期答复须经政府信息公开工作机构负责人批准。"
    assert api_client.post(f"{case}/actions/no_such_action", {}, format="json").status_code == 404
    api_client.force_authenticate(other_clerk)
    assert api_client.get(case).status_code == 404
    assert api_client.post(f"{case}/actions/withdraw", {"reason": "x"}, format="json").status_code == 404

    # 4. consult the third party whose data the file holds; it objects
    api_client.force_authenticate(clerk)
    consulting = api_client.post(f"{case}/actions/start_consultation",
                                 {"kind": "third_party", "party_name": "随县某某建材有限公司"}, format="json")
    assert consulting.status_code == 200 and consulting.json()["status"] == "consulting"
    consultation = consulting.json()["consultations"][0]
    assert consultation["party_name"] == "随县某某建材有限公司" and consultation["answer"] == ""
    third_party = next(c for c in consulting.json()["clocks"] if c["kind"] == "disclosure_request.consultation")
    assert (third_party["obligor"], third_party["warning_level"]) == ("applicant", "none")
    answered = api_client.post(f"{case}/actions/answer_consultation",
                               {"consultation": consultation["id"], "answer": "objection",
                                "text": "涉及本公司商业秘密，不同意公开。"}, format="json")
    assert answered.status_code == 200 and answered.json()["status"] == "processing"

    # 5. the head of the disclosure office approves an extension; the supervisor may look but not act
    api_client.force_authenticate(supervisor)
    assert api_client.get(case).json()["allowed_actions"] == []
    assert api_client.post(f"{case}/actions/reply", {"outcome": "disclosed"}, format="json").status_code == 403
    api_client.force_authenticate(office_head)
    extended = api_client.post(f"{case}/actions/approve_extension",
                               {"days": 20, "reason": "第三方不同意公开，需要研究"}, format="json")
    assert extended.status_code == 200
    before, after = answered.json()["reply_due_on"], extended.json()["reply_due_on"]
    assert before == "2026-07-13" and after == "2026-08-10"  # + 20 working days (no holiday in between)

    # 6. the refusal: protecting a third party's rights (条例第十五条), drafted by the clerk, signed off (签发) by the
    # head of the office; the clerk cannot sign off the draft
    api_client.force_authenticate(clerk)
    drafted = api_client.post(f"{case}/actions/draft_reply",
                              {"outcome": "refused_third_party",
                               "reply_text": "所申请信息涉及第三方商业秘密，第三方不同意公开，"
                                             "依据条例第十五条不予公开。"},
                              format="json")
    assert drafted.status_code == 200, drafted.json()
    draft = drafted.json()
    assert draft["status"] == "awaiting_sign_off" and draft["draft"]["outcome"] == "refused_third_party"
    assert api_client.post(f"{case}/actions/sign_off", {}, format="json").status_code == 403
    api_client.force_authenticate(office_head)
    refused = api_client.post(f"{case}/actions/sign_off", {}, format="json")
    assert refused.status_code == 200, refused.json()
    final = refused.json()
    assert (final["status"], final["outcome"], final["decided_on"]) == ("closed", "refused_third_party", "2026-06-15")
    assert final["allowed_actions"] == [] and final["reply_due_on"] is None
    assert next(c for c in final["clocks"] if c["current"])["outcome"] == "on_time"
    assert api_client.post(f"{case}/actions/withdraw", {"reason": "撤回"}, format="json").status_code == 409
    req = DisclosureRequest.objects.get(pk=entry["id"])
    assert req.entered_by == clerk and req.status == "closed"
    assert AuditEvent.objects.filter(target_id=str(req.pk), action="disclosure_request.reply").count() == 1


@time_machine.travel(TODAY, tick=False)
def test_staff_entry_rules(api_client, clerk, supervisor, citizen, zfb):
    api_client.force_authenticate(clerk)
    future = api_client.post(BASE, _letter() | {"received_on": "2026-06-16"}, format="json")
    assert future.status_code == 400 and future.json()["errors"] == {"received_on": ["收到申请日期不能晚于今天。"]}
    online = api_client.post(BASE, _letter() | {"channel": "online"}, format="json")
    assert online.status_code == 400 and "网上申请请使用公众接口" in online.json()["errors"]["channel"][0]
    missing = api_client.post(BASE, {"channel": "oral"}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"]["applicant_name"] == ["请填写申请人姓名或名称。"]
    assert not DisclosureRequest.objects.exists()
    oral = api_client.post(BASE, {k: v for k, v in _letter().items() if k != "department"} | {
        "channel": "oral", "received_on": None}, format="json")
    assert oral.status_code == 201 and oral.json()["received_on"] == "2026-06-15"  # in person: the day itself
    assert oral.json()["department"] == "fgw"  # no department: the clerk's own
    api_client.post(BASE, _letter(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    conflict = api_client.post(BASE, _letter(description="另一份申请：随政办发〔2025〕3号"), format="json",
                               HTTP_IDEMPOTENCY_KEY="k-1")
    assert conflict.status_code == 400 and conflict.json()["code"] == "idempotency_conflict"
    for user in (supervisor, citizen):  # no HANDLE: may not enter requests
        api_client.force_authenticate(user)
        refused = api_client.post(BASE, _letter(), format="json")
        assert refused.status_code == 403 and refused.json()["detail"] == "没有登记依申请公开申请的权限。"
    api_client.force_authenticate(None)
    assert api_client.post(BASE, _letter(), format="json").status_code in (401, 403)


def test_the_page_refuses_a_receipt_date_in_the_future(client, clerk, zfb):
    from django.utils import timezone

    client.force_login(clerk)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post("/ysq/staff/new/", _letter() | {"received_on": tomorrow.isoformat(), "form_token": "t1"})
    assert response.status_code == 200 and "收到申请日期不能晚于今天。" in response.content.decode()
    assert not DisclosureRequest.objects.exists()


def test_the_old_paths_still_answer(api_client, clerk, submit):
    req = submit(received_on=dt.date(2026, 6, 12)).request
    api_client.force_authenticate(clerk)
    old = api_client.get(f"/api/v1/disclosure-requests/staff/{req.pk}")
    assert old.status_code == 200 and old.json() == api_client.get(f"{BASE}{req.pk}").json()
    withdrawn = api_client.post(f"/api/v1/disclosure-requests/staff/{req.pk}/withdraw", {"reason": "申请人撤回"},
                                format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "closed"


def test_schema_documents_every_registered_action():
    """Generic over ACTION_FORMS: each action has its own operation with a request body naming the form's fields,
    and documents 400/403/404/409 (an action added to the registry appears here without touching the API)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for action, form_class in ACTION_FORMS.items():
        operation = schema["paths"][f"/api/v1/staff/disclosure-requests/{{id}}/actions/{action}"]["post"]
        assert {"200", "400", "403", "404", "409"} <= set(operation["responses"]), action
        fields = set(form_class().fields)
        if not fields:  # an action without fields (登记缴费 …): no body to document
            assert "requestBody" not in operation, action
            continue
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        component = components[ref.rsplit("/", 1)[1]]
        assert set(component["properties"]) == fields, action
    create = schema["paths"]["/api/v1/staff/disclosure-requests/"]["post"]
    entry = components[create["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert {"channel", "received_on", "applicant_name"} <= set(entry["properties"])
    detail = schema["paths"]["/api/v1/staff/disclosure-requests/{id}"]["get"]
    case = components[detail["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert {"clocks", "allowed_actions", "warning_level"} <= set(case["properties"])
    assert schema["paths"]["/api/v1/disclosure-requests/staff/{id}"]["get"].get("deprecated") is True
