"""Pages: application with a one-time form token, tracking + supplement, my requests, staff scoping and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sunshine.audit.services import events_for
from sunshine.disclosure_requests.models import DisclosureRequest

from .conftest import RESIDENT_ID, application

pytestmark = pytest.mark.django_db


def _form_data(token="tok-1", **overrides):
    return {**application(**overrides), "department": "zfb", "form_token": token}


def test_apply_page_double_submit_creates_one(client, departments, zfb):
    page = client.get("/ysq/apply/")
    assert page.status_code == 200 and 'name="form_token"' in page.content.decode()
    first = client.post("/ysq/apply/", _form_data())
    assert first.status_code == 302 and first["Location"] == "/ysq/apply/done/"
    done = client.get("/ysq/apply/done/").content.decode()
    req = DisclosureRequest.objects.get()
    assert req.tracking_code in done
    second = client.post("/ysq/apply/", _form_data())
    assert second.status_code == 302
    assert DisclosureRequest.objects.count() == 1
    assert req.tracking_code in client.get("/ysq/apply/done/").content.decode()


def test_apply_page_errors_in_chinese(client, departments, zfb):
    response = client.post("/ysq/apply/", _form_data(id_number="123", phone="", description=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "自然人请填写有效的居民身份证号码" in html and "请填写联系电话。" in html
    assert DisclosureRequest.objects.count() == 0


def test_apply_page_delivery_by_email_needs_an_address_and_keeps_the_input(client, departments, zfb):
    response = client.post("/ysq/apply/", _form_data(delivery="email", email=""))
    html = response.content.decode()
    assert response.status_code == 200 and "选择“电子邮件”获取方式时，请填写电子邮箱。" in html
    assert "请提供随政办发〔2024〕12号文件全文" in html  # what the citizen typed is still there
    assert DisclosureRequest.objects.count() == 0


def test_apply_prefilled_for_citizen(client, departments, zfb, citizen):
    """The profile's identity details are prefilled masked; submitted unchanged they stand for the profile's."""
    citizen.id_type, citizen.id_number = "resident_id", RESIDENT_ID
    citizen.save(update_fields=["id_type", "id_number"])
    client.force_login(citizen)
    html = client.get("/ysq/apply/").content.decode()
    assert 'value="张三"' in html and 'value="138****8000"' in html and 'value="110105********002X"' in html
    assert "13800138000" not in html and RESIDENT_ID not in html
    client.post("/ysq/apply/", _form_data(phone="138****8000", id_number="110105********002X"))
    req = DisclosureRequest.objects.get()
    assert (req.citizen, req.phone, req.id_number) == (citizen, "13800138000", RESIDENT_ID)
    mine = client.get("/ysq/mine/").content.decode()
    assert DisclosureRequest.objects.get().tracking_code in mine


def test_apply_prefilled_values_edited_are_validated_as_typed(client, departments, zfb, citizen):
    client.force_login(citizen)
    response = client.post("/ysq/apply/", _form_data(phone="139****8000"))
    assert response.status_code == 200 and DisclosureRequest.objects.count() == 0
    client.post("/ysq/apply/", _form_data(token="tok-2", phone="13912345678"))
    assert DisclosureRequest.objects.get().phone == "13912345678"


def test_track_page_and_supplement(client, departments, zfb, clerk):
    from sunshine.disclosure_requests import services

    sub = services.request_submit(data=application(), department=departments["fgw"])
    code = sub.request.tracking_code
    assert client.get(f"/ysq/track/{code}/").status_code == 404
    wrong = client.post("/ysq/track/", {"tracking_code": code, "secret": "AAAA-BBBB-CCCC"})
    assert "查询码或验证码不正确" in wrong.content.decode()
    ok = client.post("/ysq/track/", {"tracking_code": code.lower(), "secret": sub.secret})
    assert ok.status_code == 302
    html = client.get(ok["Location"]).content.decode()
    assert "张*" in html and "11010519491231002X" not in html
    services.request_ask_supplement(request=sub.request, items="请写明文号", period_days=10, actor=clerk)
    html = client.get(f"/ysq/track/{code}/").content.decode()
    assert "请写明文号" in html and 'id="supplement-form"' in html
    response = client.post(f"/ysq/track/{code}/supplement/", {"text": "随政办发〔2024〕12号"})
    assert response.status_code == 302
    sub.request.refresh_from_db()
    assert sub.request.status == "processing" and sub.request.supplement_text == "随政办发〔2024〕12号"
    # another browser without the secret cannot supplement
    assert Client().post(f"/ysq/track/{code}/supplement/", {"text": "x"}).status_code == 404


def test_staff_scoping_404_and_list(client, submit, clerk, other_clerk):
    req = submit().request
    client.force_login(other_clerk)
    assert client.get(f"/ysq/staff/{req.pk}/").status_code == 404
    assert client.post(f"/ysq/staff/{req.pk}/draft_reply/", {"outcome": "disclosed"}).status_code == 404
    assert req.tracking_code not in client.get("/ysq/staff/").content.decode()
    client.force_login(clerk)
    assert req.tracking_code in client.get("/ysq/staff/").content.decode()
    page = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert 'id="action-draft_reply"' in page and 'id="action-approve_extension"' not in page
    assert "110105********002X" in page


def test_staff_list_only_open_box_can_be_unticked(client, submit, clerk):
    """An unticked box sends nothing; the hidden "0" before it says so, and the list then includes closed cases."""
    from sunshine.disclosure_requests import services

    open_case, closed_case = submit().request, submit(description="请提供2023年度部门决算").request
    services.request_withdraw(request=closed_case, reason="申请人撤回", actor=clerk)
    client.force_login(clerk)
    default = client.get("/ysq/staff/").content.decode()
    assert '<input type="hidden" name="open" value="0">' in default
    assert open_case.tracking_code in default and closed_case.tracking_code not in default
    ticked = client.get("/ysq/staff/?open=0&open=1").content.decode()  # what a browser sends with the box ticked
    assert open_case.tracking_code in ticked and closed_case.tracking_code not in ticked
    unticked = client.get("/ysq/staff/?open=0").content.decode()
    assert open_case.tracking_code in unticked and closed_case.tracking_code in unticked
    assert 'id="f-open" checked' not in unticked


def test_staff_list_query_count_flat(client, submit, clerk, django_assert_max_num_queries):
    for _ in range(3):
        submit()
    client.force_login(clerk)
    client.get("/ysq/staff/")
    with django_assert_max_num_queries(14) as few:
        client.get("/ysq/staff/")
    for _ in range(10):
        submit()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/ysq/staff/")


def test_staff_actions_through_forms(client, submit, clerk, office_head, reviewer):
    from django.utils import timezone

    req = submit(received_on=timezone.localdate()).request
    client.force_login(clerk)
    bad = client.post(f"/ysq/staff/{req.pk}/approve_extension/", {"days": 10, "reason": "调档"})
    assert bad.status_code == 400 and "负责人" in bad.content.decode()
    ok = client.post(f"/ysq/staff/{req.pk}/request_supplement/", {"items": "请写明文号", "period_days": 10})
    assert ok.status_code == 302
    req.refresh_from_db()
    assert req.status == "awaiting_supplement"
    client.post(f"/ysq/staff/{req.pk}/receive_supplement/", {"text": "纸质补正：随政办发〔2024〕12号"})
    client.force_login(office_head)
    client.post(f"/ysq/staff/{req.pk}/approve_extension/", {"days": 20, "reason": "需调取档案"})
    req.refresh_from_db()
    assert req.extension_days == 20 and req.status == "processing"
    client.force_login(clerk)
    client.post(f"/ysq/staff/{req.pk}/draft_reply/", {"outcome": "disclosed", "reply_text": "予以公开"})
    req.refresh_from_db()
    assert req.status == "awaiting_sign_off" and req.draft_outcome == "disclosed"
    client.force_login(reviewer)
    assert client.post(f"/ysq/staff/{req.pk}/sign_off/", {"note": "同意"}).status_code == 302
    req.refresh_from_db()
    assert req.status == "closed" and req.outcome == "disclosed" and req.signed_off_by == reviewer
    assert {"disclosure_request.request_supplement", "disclosure_request.approve_extension",
            "disclosure_request.draft_reply", "disclosure_request.sign_off",
            "disclosure_request.reply"} <= {e.action for e in events_for(req)}
    trail = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    assert "一次性告知补正" in trail and "批准延期答复" in trail and "作出答复" in trail
    assert "拟定答复（报签发）" in trail and "签发" in trail
    assert "disclosure_request.reply" not in trail  # staff read the trail in Chinese


def test_staff_oral_entry(client, departments, zfb, clerk):
    client.force_login(clerk)
    assert client.get("/ysq/staff/new/").status_code == 200
    response = client.post("/ysq/staff/new/", {**_form_data(token="t-oral"), "department": "fgw", "channel": "oral",
                                               "received_on": "2026-10-04"})
    assert response.status_code == 302
    req = DisclosureRequest.objects.get()
    assert req.channel == "oral" and req.entered_by == clerk and req.received_on == dt.date(2026, 10, 4)


def test_identity_reveal_is_audited(client, submit, clerk):
    req = submit().request
    client.force_login(clerk)
    html = client.post(f"/ysq/staff/{req.pk}/identity/").content.decode()
    assert "11010519491231002X" in html
    assert "disclosure_request.view_identity" in [e.action for e in events_for(req)]


def test_citizen_cannot_see_staff_pages(client, submit, citizen):
    req = submit().request
    client.force_login(citizen)
    assert client.get(f"/ysq/staff/{req.pk}/").status_code == 404
    assert client.get(f"/ysq/track/{req.tracking_code}/").status_code == 404


def test_partial_reply_with_upload_through_form(client, submit, clerk, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    req = submit().request
    client.force_login(clerk)
    upload = SimpleUploadedFile("公开部分.txt", "立项批复（公开部分）".encode(), content_type="text/plain")
    response = client.post(f"/ysq/staff/{req.pk}/draft_reply/", {
        "outcome": "partially_disclosed", "reply_text": "现提供可以公开的部分", "withheld_reason": "涉及商业秘密",
        "files": [upload]})
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    req.refresh_from_db()
    assert req.status == "awaiting_sign_off" and req.reply_files.count() == 1
    assert not req.documents.filter(kind="reply").exists()  # no letter before the sign-off
    client.force_login(reviewer)
    assert client.post(f"/ysq/staff/{req.pk}/sign_off/", {}).status_code == 302
    req.refresh_from_db()
    assert req.outcome == "partially_disclosed" and req.reply_files.count() == 1
    assert req.documents.filter(kind="reply").exists()


def test_tracking_page_shows_the_receipt_as_being_generated_until_its_docx_exists(
        client, departments, zfb, clerk, django_capture_on_commit_callbacks):
    from sunshine.disclosure_requests import services

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sub = services.request_submit(data=application(), department=departments["fgw"])
    code = sub.request.tracking_code
    receipt = sub.request.documents.get(kind="receipt")
    client.post("/ysq/track/", {"tracking_code": code, "secret": sub.secret})
    html = client.get(f"/ysq/track/{code}/").content.decode()
    assert "政府信息公开申请接收回执 <span class=\"muted\">回执生成中，请稍后刷新本页</span>" in html
    assert f"/ysq/track/{code}/documents/{receipt.pk}/" not in html
    staff = Client()
    staff.force_login(clerk)
    assert "Word 文件生成中" in staff.get(f"/ysq/staff/{sub.request.pk}/").content.decode()

    for callback in callbacks:
        callback()
    html = client.get(f"/ysq/track/{code}/").content.decode()
    assert "回执生成中" not in html
    assert f'<a href="/ysq/track/{code}/documents/{receipt.pk}/" download>政府信息公开申请接收回执</a>' in html
    download = client.get(f"/ysq/track/{code}/documents/{receipt.pk}/")
    assert download.status_code == 200 and f"{code}-receipt.docx" in download["Content-Disposition"]
    assert "Word 文件生成中" not in staff.get(f"/ysq/staff/{sub.request.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        services.request_ask_supplement(request=sub.request, items="请写明文号", period_days=10, actor=clerk)
    html = client.get(f"/ysq/track/{code}/").content.decode()
    assert "政府信息公开申请补正告知书 <span class=\"muted\">文书生成中，请稍后刷新本页</span>" in html


def test_tracking_page_never_puts_the_secret_in_a_url(client, departments, zfb, django_capture_on_commit_callbacks):
    """The form posts the secret; the session remembers the code; links and redirects carry only the code."""
    from sunshine.disclosure_requests import services

    with django_capture_on_commit_callbacks(execute=True):
        sub = services.request_submit(data=application(), department=departments["fgw"])
    form = client.get("/ysq/track/").content.decode()
    assert '<form method="post" action="/ysq/track/" id="track-form">' in form
    response = client.post("/ysq/track/", {"tracking_code": sub.request.tracking_code, "secret": sub.secret})
    assert response.status_code == 302 and response["Location"] == f"/ysq/track/{sub.request.tracking_code}/"
    page = client.get(response["Location"]).content.decode()
    receipt = sub.request.documents.get(kind="receipt")
    assert f'href="/ysq/track/{sub.request.tracking_code}/documents/{receipt.pk}/"' in page
    assert sub.secret not in page and sub.secret.replace("-", "") not in page


def test_workbench_links_a_reply_clock_to_its_staff_case_page(client, clerk, submit):
    """The clocks resolve their subject to its page in the clocks selectors (`get_staff_url`): the clerk's workbench
    opens the request's case page, not the clock's explanation page."""
    request = submit().request
    client.force_login(clerk)
    page = client.get("/workbench/").content.decode()
    assert f'href="/ysq/staff/{request.pk}/"' in page
