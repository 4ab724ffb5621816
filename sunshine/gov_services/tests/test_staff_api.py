"""Staff API of government services (/api/v1/staff/services/applications/): token auth, the list scoped by the
policy with keyset pages, registration at the desk with its channel, the case with allowed_actions and the clocks,
actions with Chinese 400s, 403, 404 for another department's case, 409 for a stale state; the applicant's tracking
API."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token

from sunshine.gov_services import services
from sunshine.gov_services.models import Application
from sunshine.gov_services.workflow import Status

from .conftest import APPLICANT

BASE = "/api/v1/staff/services/applications/"


def _auth(api_client, user):
    token, _ = Token.objects.get_or_create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


def test_register_at_the_desk_and_the_list(api_client, item, desk, window_clerk, zjj_clerk):
    assert api_client.get(BASE).status_code == 401
    _auth(api_client, window_clerk)
    r = api_client.post(BASE, {**APPLICANT, "item": item.code, "channel": "hall"}, format="json")
    assert r.status_code == 403 and r.json()["detail"] == "只有集中受理台可以登记办件。"
    _auth(api_client, desk)
    r = api_client.post(BASE, {**APPLICANT, "item": item.code, "channel": "online"}, format="json")
    assert r.status_code == 400 and "网上申请由申请人通过公众接口提交" in r.json()["errors"]["channel"][0]
    r = api_client.post(BASE, {**APPLICANT, "item": "nope", "channel": "hall"}, format="json")
    assert r.json()["errors"]["item"] == ["没有这个事项或事项已取消。"]
    r = api_client.post(BASE, {**APPLICANT, "item": item.code, "channel": "hall", "received_on": "2999-01-01"},
                        format="json")
    assert r.json()["errors"]["received_on"] == ["收到材料日期不能晚于今天。"]
    r = api_client.post(BASE, {**APPLICANT, "item": item.code, "channel": "hall", "form": {"project_name": "x"}},
                        format="json")
    assert r.status_code == 400 and r.json()["errors"] == {"investment": ["请填写“总投资（万元）”。"]}
    body = {**APPLICANT, "item": item.code, "channel": "hall", "received_on": "2026-09-21"}
    r = api_client.post(BASE, body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert r.status_code == 201 and r.json()["verification_secret"] and r.json()["received_on"] == "2026-09-21"
    again = api_client.post(BASE, body, format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    app = Application.objects.get()
    assert (app.channel, app.registered_by, app.visits) == ("hall", desk, 1)
    for i in range(3):
        api_client.post(BASE, {**body, "applicant_name": f"申请人{i}"}, format="json")
    page = api_client.get(BASE + "?queue=desk&limit=2").json()
    assert len(page["results"]) == 2 and page["next"]
    rest = api_client.get(page["next"]).json()
    ids = [a["id"] for a in page["results"] + rest["results"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 4 and rest["next"] is None
    assert api_client.get(BASE + "?limit=0").json()["errors"]["limit"] == ["应为1至100之间的整数。"]
    assert api_client.get(BASE + "?status=bogus").json()["errors"]["status"] == ["办件状态无效。"]
    _auth(api_client, zjj_clerk)  # another department: nothing listed
    assert api_client.get(BASE).json()["results"] == []
    _auth(api_client, window_clerk)
    assert len(api_client.get(BASE).json()["results"]) == 4


def test_case_actions_clocks_and_refusals(api_client, submit, desk, window_clerk, zjj_clerk, head,
                                          django_assert_max_num_queries):
    app = services.application_dispatch(submit(on=dt.date(2026, 9, 21)), actor=desk)
    _auth(api_client, zjj_clerk)
    assert api_client.get(f"{BASE}{app.pk}").status_code == 404
    assert api_client.post(f"{BASE}{app.pk}/actions/accept", {}, format="json").status_code == 404
    _auth(api_client, window_clerk)
    case = api_client.get(f"{BASE}{app.pk}").json()
    assert [a["name"] for a in case["allowed_actions"]] == ["accept", "refuse", "notify_missing"]
    notice = case["clocks"][0]
    assert notice["kind"] == "gov_services.notice" and notice["due_date"] == "2026-09-29"  # 中秋 09-25 not counted
    assert api_client.post(f"{BASE}{app.pk}/actions/frobnicate", {}, format="json").status_code == 404
    r = api_client.post(f"{BASE}{app.pk}/actions/refuse", {"reasons": ""}, format="json")
    assert r.status_code == 400 and r.json()["errors"]["reasons"] == ["不予受理必须说明理由。"]
    r = api_client.post(f"{BASE}{app.pk}/actions/prereview", {}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "not_online"
    r = api_client.post(f"{BASE}{app.pk}/actions/dispatch", {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "transition_not_allowed"
    r = api_client.post(f"{BASE}{app.pk}/actions/accept", {"deferred": []}, format="json")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "reviewing" and body["accepted_on"]
    kinds = {c["kind"]: c for c in body["clocks"]}
    assert {"gov_services.statutory", "gov_services.promised", "gov_services.step"} <= set(kinds)
    assert kinds["gov_services.step"]["step"] == "审查" and kinds["gov_services.notice"]["state"] == "stopped"
    stale = api_client.post(f"{BASE}{app.pk}/actions/accept", {}, format="json")  # a second click: stale
    assert stale.status_code == 409
    r = api_client.post(f"{BASE}{app.pk}/actions/extend", {"reason": "复杂", "days": 5}, format="json")
    assert r.status_code == 403 and r.json()["detail"] == "延期须经负责人批准。"
    r = api_client.post(f"{BASE}{app.pk}/actions/start_special", {"procedure": "专家评审", "days": "x"},
                        format="json")
    assert r.status_code == 400 and r.json()["errors"]["days"] == ["请填写整数。"]
    r = api_client.post(f"{BASE}{app.pk}/actions/start_special", {"procedure": ["a"], "days": 3}, format="json")
    assert r.status_code == 400
    with django_assert_max_num_queries(12):
        api_client.get(BASE + "?queue=window")


def test_applicant_tracking_api_with_the_secret(api_client, item, desk, window_clerk):
    sub = services.application_submit(item=item, data=APPLICANT, channel="hall", registered_by=desk,
                                      received_on=dt.date(2026, 9, 21))
    app = services.application_dispatch(sub.application, actor=desk)
    services.application_notify_missing(app, actor=window_clerk, missing=["营业执照"], on=dt.date(2026, 9, 22))
    url = f"/api/v1/services/applications/{app.tracking_code}"
    assert api_client.get(url).status_code == 404
    assert api_client.get(url, HTTP_X_VERIFICATION_SECRET="wrong").status_code == 404
    body = api_client.get(url, HTTP_X_VERIFICATION_SECRET=sub.secret).json()
    assert body["status"] == Status.AWAITING_MATERIALS and body["missing_materials"] == ["营业执照"]
    assert body["letters"][0]["title"] and "applicant_id_number" not in body
    assert body["received_on"] == "2026-09-21" and body["decision"] is None


@pytest.mark.parametrize("path", ["", "1", "1/actions/accept"])
def test_citizen_gets_no_staff_api(api_client, citizen, path):
    _auth(api_client, citizen)
    r = api_client.get(BASE + path) if "actions" not in path else api_client.post(BASE + path, {}, format="json")
    assert r.status_code in (403, 404)


def test_accept_with_deferred_material_through_the_api(api_client, submit, item, desk, window_clerk):
    app = services.application_dispatch(submit(on=dt.date(2026, 9, 21)), actor=desk)
    deferrable = item.current_version.materials.get(deferrable=True)
    _auth(api_client, window_clerk)
    r = api_client.post(f"{BASE}{app.pk}/actions/accept", {"deferred": [999999]}, format="json")
    assert r.status_code == 400 and "deferred" in r.json()["errors"]
    r = api_client.post(f"{BASE}{app.pk}/actions/accept", {"deferred": [deferrable.pk]}, format="json")
    assert r.status_code == 200 and r.json()["deferred_materials"] == ["节能审查意见"]
    assert any(c["kind"] == "gov_services.deferred" and c["obligor"] == "applicant" for c in r.json()["clocks"])
