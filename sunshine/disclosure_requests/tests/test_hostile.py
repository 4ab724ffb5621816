"""Hostile input against the disclosure-request pages and API: access control, injection, odd input, throttling."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from sunshine.core.errors import DomainError
from sunshine.core.testing import has_chinese
from sunshine.disclosure_requests import services
from sunshine.disclosure_requests.models import DisclosureRequest, RequestDocument

from .conftest import application

pytestmark = pytest.mark.django_db

ON = {"public_submit": "2/hour", "public_track": "1000/hour", "public_read": None, "login": None}
LOCKOUT = {"track": (3, 900), "login": (0, 0)}
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def _form(token="tok-h", **overrides):
    return {**application(**overrides), "department": "zfb", "form_token": token}


@pytest.mark.parametrize("path", [
    "/ysq/staff/?page=-1", "/ysq/staff/?page=99999999999999999999", "/ysq/staff/?status=%00&q=%F0%9F%98%80",
    "/ysq/staff/report/?year=99999", "/ysq/staff/report/?year=-1", "/ysq/staff/report/?year=0000-00-00",
    "/ysq/staff/report/?year=2025&department=nope", "/ysq/staff/report/?year=２０２５",
    "/api/v1/reports/request-table?year=99999", "/api/v1/reports/request-table?year=abc",
    "/api/v1/disclosure-requests/?status=%00", "/ysq/mine/?page=-1", "/ysq/staff/?q=%00", "/ysq/staff/?q=a%00b",
    "/api/v1/disclosure-requests/?status=nope", "/ysq/staff/?q=" + "长" * 3000,
])
def test_odd_query_strings_never_500(client, clerk, zfb, path):
    client.force_login(clerk)
    response = client.get(path)
    assert response.status_code < 500, (path, response.status_code)  # found on PostgreSQL: ?status=%00 → 500
    if response.status_code == 400 and "/api/" in path:
        assert has_chinese(response.json()["detail"]) and response.json().get("errors", {"status": 1})


@pytest.mark.parametrize("body,ctype", [
    ("{not json", "application/json"), ("[]", "application/json"), ('"x"', "application/json"),
    ("null", "application/json"), ("a=b", "text/plain"), ("<x/>", "application/xml"),
    ('{"applicant_name": ["x"], "description": {"a": 1}}', "application/json"),
])
def test_api_apply_malformed_body_is_chinese_4xx(api_client, zfb, body, ctype):
    response = api_client.post("/api/v1/disclosure-requests/", body, content_type=ctype)
    assert 400 <= response.status_code < 500
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
    assert DisclosureRequest.objects.count() == 0


@pytest.mark.parametrize("overrides", [
    {"applicant_name": "张" * 5000}, {"description": "长" * 100000}, {"applicant_name": "\u200b\u200b"},
    {"phone": "１３８００１３８０００"}, {"id_number": "１１０１０５１９４９１２３１００２Ｘ"},
    {"applicant_name": "\x00张三"}, {"description": "\x00" * 20}, {"address": "😀" * 300},
    {"email": "a@" + "b" * 300 + ".com"},
])
def test_api_apply_odd_fields_never_500(api_client, zfb, overrides):
    response = api_client.post("/api/v1/disclosure-requests/", application(**overrides), format="json")
    assert response.status_code < 500, response.content


@pytest.mark.parametrize("overrides", [
    {"applicant_name": "张" * 5000}, {"description": "长" * 100000}, {"applicant_name": "\u200b\u200b"},
    {"applicant_name": "\x00张三"}, {"description": "\x00" * 20}, {"address": "😀" * 300},
])
def test_apply_page_odd_fields_never_500(client, zfb, departments, overrides):
    response = client.post("/ysq/apply/", _form(**overrides))
    assert response.status_code < 500


def test_track_odd_codes_never_500(client, api_client, zfb):
    for code in ["x" * 5000, "%00", "YSQ2026-😀", "..%2F..%2Fetc", "YSQ２０２６"]:
        expected = 400 if code == "%00" else 404  # a NUL anywhere in the path: the core middleware's Chinese 400
        assert client.get(f"/ysq/track/{code}/").status_code == expected
        assert api_client.get(f"/api/v1/disclosure-requests/{code}", HTTP_X_VERIFICATION_SECRET="x"
                              ).status_code == expected
        assert client.post("/ysq/track/", {"tracking_code": code, "secret": "\x00" * 3}).status_code < 500



@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


# --- odd characters -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ch", ["\x1b", "\x08", "\x0b", "\ufffe"])
def test_control_characters_in_the_application_do_not_break_the_receipt_letter(api_client, zfb, ch,
                                                                               django_capture_on_commit_callbacks):
    """Found: a control character in the name or description made python-docx raise → 500 on apply."""
    from docx import Document

    with django_capture_on_commit_callbacks(execute=True):  # the .docx is built after commit
        response = api_client.post("/api/v1/disclosure-requests/", application(
            applicant_name=f"张{ch}三", description=f"请提供文件{ch}全文内容"), format="json")
    assert response.status_code == 201, response.content
    doc = RequestDocument.objects.get(request__tracking_code=response.json()["tracking_code"], kind="receipt")
    assert not doc.file_pending
    with doc.file.file.open("rb") as fh:
        text = "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)
    assert "三（证件号码" in text and ch not in text


def test_lone_surrogate_in_json_is_a_chinese_400(api_client, zfb):
    """Found: "\\ud800" decoded to a lone surrogate that neither the database nor the renderer can encode → 500."""
    body = '{"applicant_name": "\\ud800", "description": "x"}'
    response = api_client.post("/api/v1/disclosure-requests/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "请求格式错误。"
    assert DisclosureRequest.objects.count() == 0


def test_full_width_and_invisible_characters_in_code_and_secret_are_folded(client, api_client, departments, zfb):
    sub = services.request_submit(data=application(), department=departments["fgw"])
    code, secret = sub.request.tracking_code, sub.secret
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in code)
    response = client.post("/ysq/track/", {"tracking_code": f"\u200b{wide} ", "secret": f"{secret.lower()}\ufeff"})
    assert response.status_code == 302 and response["Location"] == f"/ysq/track/{code}/"
    assert api_client.get(f"/api/v1/disclosure-requests/{code.lower()}", HTTP_X_VERIFICATION_SECRET=secret
                          ).status_code == 200


# --- brute force and rate limits --------------------------------------------------------------------------------

@override_settings(SUNSHINE_FAILURE_LIMITS=LOCKOUT)
def test_track_page_locks_out_a_client_after_wrong_secrets(client, departments, zfb):
    """Found: no limit at all on guessing tracking code + secret pairs."""
    sub = services.request_submit(data=application(), department=departments["fgw"])
    code = sub.request.tracking_code
    for _ in range(3):
        wrong = client.post("/ysq/track/", {"tracking_code": code, "secret": "AAAA-BBBB-CCCC"})
        assert wrong.status_code == 200 and "查询码或验证码不正确" in wrong.content.decode()
    blocked = client.post("/ysq/track/", {"tracking_code": code, "secret": sub.secret})
    assert blocked.status_code == 429 and "错误次数过多" in blocked.content.decode()
    assert blocked["Retry-After"] == "900"
    other_client = Client(REMOTE_ADDR="10.0.0.9")
    assert other_client.post("/ysq/track/", {"tracking_code": code, "secret": sub.secret}).status_code == 302


@override_settings(SUNSHINE_FAILURE_LIMITS=LOCKOUT)
def test_api_track_locks_out_a_client_after_wrong_secrets(api_client, departments, zfb):
    sub = services.request_submit(data=application(), department=departments["fgw"])
    url = f"/api/v1/disclosure-requests/{sub.request.tracking_code}"
    for guess in ("A", "B", "C"):
        assert api_client.get(url, HTTP_X_VERIFICATION_SECRET=guess).status_code == 404
    blocked = api_client.get(url, HTTP_X_VERIFICATION_SECRET=sub.secret)
    assert blocked.status_code == 429 and blocked.json()["detail"] == "请求过于频繁，请稍后再试。"
    assert "Retry-After" in blocked


@override_settings(SUNSHINE_THROTTLE_RATES=ON)
def test_anonymous_submissions_are_rate_limited_but_staff_reads_are_not(api_client, client, clerk, zfb):
    for n in range(2):
        ok = api_client.post("/api/v1/disclosure-requests/", application(), format="json",
                             HTTP_IDEMPOTENCY_KEY=f"k{n}")
        assert ok.status_code == 201
    over = api_client.post("/api/v1/disclosure-requests/", application(), format="json")
    assert over.status_code == 429 and has_chinese(over.json()["detail"])
    assert DisclosureRequest.objects.count() == 2
    page = client.post("/ysq/apply/", _form())
    assert page.status_code == 429 and "请求过于频繁" in page.content.decode()
    api_client.force_authenticate(clerk)
    for _ in range(3):
        assert api_client.get("/api/v1/disclosure-requests/").status_code == 200


# --- access control -------------------------------------------------------------------------------------------

def test_staff_of_another_department_and_citizens_get_404_everywhere(client, api_client, departments, zfb, clerk,
                                                                     other_clerk, citizen):
    req = services.request_submit(data=application(), department=departments["fgw"]).request
    status_before = req.status
    urls = [f"/ysq/staff/{req.pk}/"]
    posts = [f"/ysq/staff/{req.pk}/identity/", f"/ysq/staff/{req.pk}/withdraw/", f"/ysq/staff/{req.pk}/forward/"]
    for user in (other_clerk, citizen):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url, {"reason": "x", "to_department": "zjj"}).status_code == 404, (user, url)
        api_client.force_authenticate(user)
        assert req.tracking_code not in api_client.get("/api/v1/disclosure-requests/").content.decode()
    req.refresh_from_db()
    assert req.status == status_before and req.department == departments["fgw"]
    client.logout()
    assert client.get(f"/ysq/staff/{req.pk}/")["Location"].startswith("/login/")
    client.force_login(clerk)
    assert client.get(f"/ysq/staff/{req.pk}/").status_code == 200


def test_a_secret_opens_only_its_own_request_and_its_own_letters(client, api_client, departments, zfb):
    mine = services.request_submit(data=application(), department=departments["fgw"])
    theirs = services.request_submit(data=application(applicant_name="李四"), department=departments["fgw"])
    their_doc = theirs.request.documents.get(kind="receipt")
    my_code = mine.request.tracking_code
    assert api_client.get(f"/api/v1/disclosure-requests/{theirs.request.tracking_code}",
                          HTTP_X_VERIFICATION_SECRET=mine.secret).status_code == 404
    assert api_client.get(f"/api/v1/disclosure-requests/{my_code}/documents/{their_doc.pk}",
                          HTTP_X_VERIFICATION_SECRET=mine.secret).status_code == 404
    assert client.post("/ysq/track/", {"tracking_code": my_code, "secret": mine.secret}).status_code == 302
    assert client.get(f"/ysq/track/{my_code}/documents/{their_doc.pk}/").status_code == 404
    assert client.get(f"/ysq/track/{theirs.request.tracking_code}/").status_code == 404
    own = mine.request.documents.get(kind="receipt")
    assert client.get(f"/ysq/track/{my_code}/documents/{own.pk}/").status_code == 200


# --- injection ------------------------------------------------------------------------------------------------

def test_html_in_free_text_is_escaped_on_pages_and_in_letters(client, departments, zfb, clerk):
    sub = services.request_submit(data=application(applicant_name=XSS[:90], address=XSS, description=XSS),
                                  department=departments["fgw"])
    client.force_login(clerk)
    staff = client.get(f"/ysq/staff/{sub.request.pk}/").content.decode()
    assert "<script>alert(1)" not in staff and "onerror=alert(2)>" not in staff
    assert "&lt;script&gt;" in staff
    client.logout()
    client.post("/ysq/track/", {"tracking_code": sub.request.tracking_code, "secret": sub.secret})
    track = client.get(f"/ysq/track/{sub.request.tracking_code}/").content.decode()
    assert "<script>alert(1)" not in track
    letter = sub.request.documents.get(kind="receipt")
    assert "<script>alert(1)" not in letter.html and "<img src=x" not in letter.html
    letter.file = None
    letter.save(update_fields=["file"])
    html = client.get(f"/ysq/track/{sub.request.tracking_code}/documents/{letter.pk}/")
    assert html.status_code == 200 and html["Content-Security-Policy"].startswith("sandbox")


# --- protocol -------------------------------------------------------------------------------------------------

def test_wrong_methods_and_missing_csrf_are_chinese_4xx(api_client, departments, zfb, clerk):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ysq/apply/", _form())
    assert response.status_code == 403 and has_chinese(response.content.decode())
    assert DisclosureRequest.objects.count() == 0
    client.force_login(clerk)
    req = services.request_submit(data=application(), department=departments["fgw"]).request
    assert client.get(f"/ysq/staff/{req.pk}/withdraw/").status_code == 405
    assert client.post(f"/ysq/staff/{req.pk}/withdraw/", {"reason": "x"}).status_code == 403
    put = api_client.put(f"/api/v1/disclosure-requests/{req.tracking_code}", {}, format="json")
    assert put.status_code == 405 and put.json()["detail"] == "不支持该请求方法。"


# --- text fields: width of the columns, invisible characters, the phone number ------------------------------------

@pytest.mark.parametrize(("typed", "stored"), [
    ("13800138000", "13800138000"), ("+86 138 0013 8000", "13800138000"), ("１３８００１３８０００", "13800138000"),
    ("0722-1234567", "0722-1234567"), ("０７２２－１２３４５６７", "0722-1234567"), ("0722 1234567", "07221234567"),
    ("0722\u30001234567", "07221234567"), ("0722—1234567", "0722-1234567"), ("0722--1234567-", "0722-1234567"),
    ("010-12345678", "010-12345678"), ("0722-12345678", "0722-12345678"),
])
def test_validate_phone_folds_full_width_forms(typed, stored):
    assert services.validate_phone(typed) == stored


@pytest.mark.parametrize("typed", ["0²22-1234567", "13²00138000", "0722-123456⑦", "0722-1234567٣", "0722-12345",
                                   "1234567890", "0722-1234567890123", "", "\u200b", "0722-1234567x"])
def test_validate_phone_refuses_other_digits(typed):
    with pytest.raises(ValidationError) as refused:
        services.validate_phone(typed)
    assert refused.value.messages == ["联系电话无效：请填写11位手机号码或带区号的固定电话。"]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"applicant_name": "\u200b\u200b"}, "applicant_name"), ({"applicant_name": "张" * 101}, "applicant_name"),
    ({"address": "\u2060"}, "address"), ({"address": "址" * 201}, "address"), ({"phone": "0²22-1234567"}, "phone"),
    ({"email": "a" * 250 + "@b.cn"}, "email"), ({"description": "\u200b" * 9}, "description"),
])
def test_the_service_validates_the_application_again(departments, zfb, overrides, field):
    """Whatever the caller checked: the clerk's entry, the demo, a future import all go through request_submit."""
    with pytest.raises(DomainError) as refused:
        services.request_submit(data=application(**overrides), department=departments["fgw"])
    assert refused.value.field == field and has_chinese(refused.value.message)
    with pytest.raises(DomainError) as refused:
        services.request_submit(data=application(), department=departments["fgw"], idempotency_key="k" * 121)
    assert refused.value.code == "invalid_idempotency_key"
    assert DisclosureRequest.objects.count() == 0


def test_staff_texts_of_invisible_characters_only_are_empty(submit, clerk):
    import datetime as dt

    req = submit(received_on=dt.date(2026, 9, 24)).request
    blank = "\u200b\u3000\ufeff"
    for call in (
        lambda: services.request_withdraw(request=req, reason=blank, actor=clerk, on=dt.date(2026, 9, 25)),
        lambda: services.request_ask_supplement(request=req, items=blank, period_days=10, actor=clerk,
                                                on=dt.date(2026, 9, 25)),
        lambda: services.consultation_start(request=req, kind="third_party", party_name=blank, actor=clerk,
                                            on=dt.date(2026, 9, 25)),
        lambda: services.consultation_start(request=req, kind="third_party", party_name="某" * 201, actor=clerk,
                                            on=dt.date(2026, 9, 25)),
        lambda: services.request_reply(request=req, outcome="not_this_agency", reply_text="非本机关负责公开",
                                       right_agency_name=blank, actor=clerk, on=dt.date(2026, 9, 25)),
        lambda: services.request_reply(request=req, outcome="not_this_agency", reply_text="非本机关负责公开",
                                       right_agency_name="局" * 201, actor=clerk, on=dt.date(2026, 9, 25)),
        lambda: services.request_split(request=req, items=["第一项", blank], actor=clerk),
    ):
        with pytest.raises(DomainError) as refused:
            call()
        assert has_chinese(refused.value.message)
    req.refresh_from_db()
    assert req.status == "processing" and not req.consultations.exists()


def test_staff_entry_resubmitted_with_edited_content(client, departments, zfb, clerk):
    """The clerk's entry form has the same one-time token as the public page: edited content under a used token is
    shown back (not registered, not lost) with the earlier case named, and registered on the next submit."""
    client.force_login(clerk)
    entry = {**_form(token="t-staff"), "department": "fgw", "channel": "oral"}
    assert client.post("/ysq/staff/new/", entry).status_code == 302
    first = DisclosureRequest.objects.get()
    page = client.post("/ysq/staff/new/", {**entry, "address": "随县厉山镇神农大道2号"})
    html = page.content.decode()
    assert page.status_code == 200 and "修改后的内容没有登记" in html and first.tracking_code in html
    assert "神农大道2号" in html and DisclosureRequest.objects.count() == 1
    token = page.context["form"]["form_token"].value()
    assert token != "t-staff"
    assert client.post("/ysq/staff/new/", {**entry, "address": "随县厉山镇神农大道2号", "form_token": token}
                       ).status_code == 302
    assert sorted(DisclosureRequest.objects.values_list("address", flat=True)) == [
        "随县厉山镇神农大道1号", "随县厉山镇神农大道2号"]
    oversized = client.post("/ysq/staff/new/", {**entry, "form_token": "t" * 65})
    assert oversized.status_code == 200 and "表单已失效" in oversized.content.decode()
    assert DisclosureRequest.objects.count() == 2
