"""Public pages and API, staff pages: catalogue, guide, online application (idempotent), tracking, desk, window,
case page with its actions; another department's case is a 404; the queues in a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.gov_services import services
from sunshine.gov_services.models import Application
from sunshine.gov_services.workflow import Status

from .conftest import APPLICANT

BODY = {**APPLICANT, "item": "fgw-001"}


def test_items_api_filters_and_detail(api_client, item, make_item):
    make_item("zjj-001", "建筑工程施工许可证核发", department="zjj", statutory=7, promised=5)
    r = api_client.get("/api/v1/services/items/")
    assert r.status_code == 200 and [i["code"] for i in r.json()["results"]] == ["fgw-001", "zjj-001"]
    assert [i["code"] for i in api_client.get("/api/v1/services/items/?q=施工").json()["results"]] == ["zjj-001"]
    assert [i["code"] for i in api_client.get("/api/v1/services/items/?department=fgw").json()["results"]] == [
        "fgw-001"]
    assert api_client.get("/api/v1/services/items/?type=licensing").json()["results"][1]["statutory_limit_days"] == 7
    r = api_client.get("/api/v1/services/items/?type=nonsense")
    assert r.status_code == 400 and r.json()["errors"]["type"] == ["事项类型无效。"]
    d = api_client.get("/api/v1/services/items/zjj-001").json()
    assert d["statutory_limit_days"] == 7 and d["promised_limit_days"] == 5
    assert [m["name"] for m in d["materials"]] == ["项目申请报告", "营业执照", "节能审查意见"]
    assert d["materials"][2]["deferrable"] is True and d["materials"][0]["copies"] == 2
    assert d["legal_basis"] and d["form_fields"][0]["name"] == "project_name"
    assert api_client.get("/api/v1/services/items/none").status_code == 404


def test_online_application_api_idempotent_and_tracking(api_client, item, citizen, clerk):
    r = api_client.post("/api/v1/services/applications/", BODY, format="json")
    assert r.status_code == 401
    api_client.force_authenticate(clerk)
    assert api_client.post("/api/v1/services/applications/", BODY, format="json").status_code == 403
    api_client.force_authenticate(citizen)
    bad = api_client.post("/api/v1/services/applications/", {**BODY, "form": {"project_name": "x"}}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"] == {"investment": ["请填写“总投资（万元）”。"]}
    bad = api_client.post("/api/v1/services/applications/", {**BODY, "applicant_phone": "123"}, format="json")
    assert bad.status_code == 400 and "applicant_phone" in bad.json()["errors"]
    r = api_client.post("/api/v1/services/applications/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "registered" and body["tracking_code"].startswith("ZW")
    again = api_client.post("/api/v1/services/applications/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again.json() == body
    assert Application.objects.count() == 1
    other = api_client.post("/api/v1/services/applications/", {**BODY, "applicant_name": "李四"}, format="json",
                            HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409
    app = Application.objects.get()
    assert app.citizen == citizen and app.channel == "online" and app.form_data["investment"] == 1200
    anonymous = type(api_client)()
    url = f"/api/v1/services/applications/{body['tracking_code']}"
    assert anonymous.get(url, HTTP_X_VERIFICATION_SECRET="AAAA-BBBB-CCCC").status_code == 404
    t = anonymous.get(url, HTTP_X_VERIFICATION_SECRET=body["verification_secret"])
    assert t.status_code == 200 and t.json()["status_label"] == "已登记"


def test_public_pages(client, item):
    r = client.get("/zw/")
    text = r.content.decode()
    assert r.status_code == 200 and "企业投资项目核准" in text and "随县发展和改革局" in text
    assert "没有找到" in client.get("/zw/?q=不存在的事项").content.decode()
    page = client.get("/zw/items/fgw-001/").content.decode()
    assert "项目申请报告" in page and "可容缺" in page and "20个工作日" in page and "不计入办理时限" in page
    assert client.get("/zw/items/none/").status_code == 404


def test_online_application_page(client, item, citizen):
    client.force_login(citizen)
    assert client.get("/zw/items/fgw-001/apply/").status_code == 200
    data = {"token": "t1", "applicant_name": "张三丰", "applicant_id_type": "resident_id",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13812345678",
            "f_project_name": "随县光伏发电项目", "f_investment": "abc"}
    r = client.post("/zw/items/fgw-001/apply/", data)
    assert r.status_code == 400 and "“总投资（万元）”应为整数。" in r.content.decode()
    assert "随县光伏发电项目" in r.content.decode()  # nothing typed is lost
    r = client.post("/zw/items/fgw-001/apply/", {**data, "f_investment": "1200"})
    assert r.status_code == 302
    app = Application.objects.get()
    done = client.get("/zw/done/").content.decode()
    assert app.tracking_code in done
    assert client.get(f"/zw/track/{app.tracking_code}/").status_code == 200


def test_staff_pages_scope_and_actions(client, submit, desk, window_clerk, zjj_clerk, django_assert_max_num_queries):
    apps = [submit(on=dt.date(2026, 9, 21)) for _ in range(5)]
    client.force_login(desk)
    with django_assert_max_num_queries(15):
        r = client.get("/zw/staff/desk/")
    assert r.status_code == 200 and apps[0].tracking_code in r.content.decode()
    r = client.post(f"/zw/staff/cases/{apps[0].pk}/dispatch/", {})
    assert r.status_code == 302
    client.force_login(window_clerk)
    for a in apps[1:]:
        services.application_dispatch(a, actor=desk)
    with django_assert_max_num_queries(15):
        r = client.get("/zw/staff/window/")
    assert r.status_code == 200 and apps[0].tracking_code in r.content.decode()
    page = client.get(f"/zw/staff/cases/{apps[0].pk}/").content.decode()
    assert "受理" in page and "不予受理" in page and "一次性告知" in page
    r = client.post(f"/zw/staff/cases/{apps[0].pk}/refuse/", {"refuse-reasons": ""})
    assert r.status_code == 400 and "不予受理必须说明理由。" in r.content.decode()
    r = client.post(f"/zw/staff/cases/{apps[0].pk}/accept/", {})
    assert r.status_code == 302
    assert Application.objects.get(pk=apps[0].pk).status == Status.REVIEWING
    client.force_login(zjj_clerk)
    assert client.get(f"/zw/staff/cases/{apps[0].pk}/").status_code == 404
    assert client.post(f"/zw/staff/cases/{apps[1].pk}/accept/", {}).status_code == 404


@pytest.mark.parametrize("path", ["/zw/staff/desk/", "/zw/staff/window/"])
def test_staff_pages_refuse_citizens(client, citizen, path):
    client.force_login(citizen)
    assert client.get(path).status_code == 403


def test_admin_pages(client, submit, make_staff):
    from sunshine.accounts.models import User

    admin = User.objects.create_superuser(username="root", password="pass-1234-word", kind=User.Kind.STAFF)
    app = submit()
    client.force_login(admin)
    for url in ["/admin/gov_services/serviceitem/", "/admin/gov_services/serviceitemversion/",
                f"/admin/gov_services/serviceitemversion/{app.item_version_id}/change/",
                "/admin/gov_services/application/", f"/admin/gov_services/application/{app.pk}/change/"]:
        assert client.get(url).status_code == 200, url
    version = app.item_version
    r = client.post(f"/admin/gov_services/serviceitemversion/{version.pk}/change/", {
        "item": version.item_id, "version": 1, "legal_basis": "x", "statutory_limit_days": 20,
        "promised_limit_days": 10, "visits": 1, "special_procedures": "[]", "steps": "[]",
        "form_fields": '[{"name": "a", "label": "甲", "type": "file"}]',
        "materials-TOTAL_FORMS": 0, "materials-INITIAL_FORMS": 0})
    assert r.status_code == 200 and "类型无效" in r.content.decode()
