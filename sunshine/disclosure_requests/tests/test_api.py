"""API: apply, idempotency (also concurrent), Chinese 400s, tracking with the secret, letter download."""

from __future__ import annotations

import pytest
from django.test import override_settings

from sunshine.disclosure_requests.models import DisclosureRequest, RequestDocument

from .conftest import CREDIT_CODE, application

URL = "/api/v1/disclosure-requests/"


@pytest.fixture
def depts(departments, zfb):
    return departments


def test_apply_201_defaults_to_zfb(api_client, depts):
    response = api_client.post(URL, application(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= {"tracking_code", "verification_secret", "status", "received_on", "reply_due_on", "provisional"}
    assert body["status"] == "processing" and body["department"] == "zfb"
    req = DisclosureRequest.objects.get(tracking_code=body["tracking_code"])
    assert req.channel == "online" and req.verification_secret_hash != body["verification_secret"]
    assert req.reply_clock.due_date.isoformat() == body["reply_due_on"]


def test_apply_organisation_with_credit_code_to_chosen_department(api_client, depts):
    response = api_client.post(URL, application(applicant_type="commercial_enterprise", applicant_name="随县某公司",
                                                 id_number=CREDIT_CODE, department="zjj"), format="json")
    assert response.status_code == 201, response.content
    assert DisclosureRequest.objects.get().department.code == "zjj"


def test_invalid_input_400_chinese_per_field_nothing_stored(api_client, depts):
    response = api_client.post(URL, application(id_number="110105194912310021", form="fax", phone="123",
                                                 applicant_name="", department="nope"), format="json")
    assert response.status_code == 400
    body = response.json()
    errors = body["errors"]
    assert body["detail"] == "提交的数据有误，请检查。"
    assert errors["applicant_name"] == ["请填写申请人姓名或名称。"]
    assert errors["form"] == ["信息提供形式无效：“fax”不是可选的值。"]
    assert errors["phone"] == ["联系电话无效：请填写11位手机号码或带区号的固定电话。"]
    assert errors["department"] == ["受理机关无效：没有该机关代码。"]
    assert DisclosureRequest.objects.count() == 0


def test_id_number_checksum_and_type(api_client, depts):
    response = api_client.post(URL, application(id_number="110105194912310021"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["id_number"] == ["自然人请填写有效的居民身份证号码（18位，含校验码）。"]
    response = api_client.post(URL, application(applicant_type="research_institution"), format="json")
    assert response.json()["errors"]["id_number"] == ["法人或其他组织请填写有效的统一社会信用代码（18位，含校验码）。"]
    response = api_client.post(URL, {}, format="json")
    assert set(response.json()["errors"]) >= {"applicant_name", "applicant_type", "id_number", "phone", "address",
                                              "description", "form", "delivery"}
    assert DisclosureRequest.objects.count() == 0


def test_delivery_by_email_needs_an_email_address(api_client, depts):
    response = api_client.post(URL, application(delivery="email", email=""), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"email": ["选择“电子邮件”获取方式时，请填写电子邮箱。"]}
    assert DisclosureRequest.objects.count() == 0
    response = api_client.post(URL, application(delivery="email", email="zhang@example.cn"), format="json")
    assert response.status_code == 201, response.content
    assert DisclosureRequest.objects.get().email == "zhang@example.cn"


def test_same_idempotency_key_returns_first(api_client, depts):
    first = api_client.post(URL, application(), format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    second = api_client.post(URL, application(), format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    assert first.status_code == 201 and second.status_code == 200
    assert first.json() == second.json()
    assert DisclosureRequest.objects.count() == 1
    other = api_client.post(URL, application(description="另一份完全不同的申请内容"), format="json",
                            HTTP_IDEMPOTENCY_KEY="k-123")
    assert other.status_code == 400 and "幂等键" in other.json()["detail"]
    assert DisclosureRequest.objects.count() == 1


def test_replays_get_the_same_random_secret_for_24_hours_then_only_the_tracking_code(api_client, depts):
    """Found: the secret was derived from the idempotency key and SECRET_KEY, so a database dump plus the key
    gave every such secret. Now it is random; only its hash is on the case, and the replay store keeps it
    encrypted for 24 hours."""
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from sunshine.tracking.models import ReplaySecret

    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        first = api_client.post(URL, application(), format="json", HTTP_IDEMPOTENCY_KEY="k-replay").json()
        other = api_client.post(URL, application(description="另一份申请，另一个幂等键，验证码各不相同"),
                                format="json", HTTP_IDEMPOTENCY_KEY="k-replay-2").json()
        secret = first["verification_secret"]
        assert secret and secret != other["verification_secret"]
        row = ReplaySecret.objects.order_by("pk").first()
        assert row.expires_at == start + dt.timedelta(hours=24)
        assert secret not in row.ciphertext and "k-replay" not in row.lookup  # encrypted, looked up by a hash
        clock.move_to(start + dt.timedelta(hours=23, minutes=59))
        again = api_client.post(URL, application(), format="json", HTTP_IDEMPOTENCY_KEY="k-replay")
        assert again.status_code == 200 and again.json()["verification_secret"] == secret
        clock.move_to(start + dt.timedelta(hours=24, minutes=1))
        late = api_client.post(URL, application(), format="json", HTTP_IDEMPOTENCY_KEY="k-replay")
        assert late.status_code == 200 and late.json()["verification_secret"] is None
        assert late.json()["tracking_code"] == first["tracking_code"]
        # The first secret stays valid.
        tracked = api_client.get(f"{URL}{first['tracking_code']}", HTTP_X_VERIFICATION_SECRET=secret)
        assert tracked.status_code == 200
        # The next submission purges the expired rows.
        api_client.post(URL, application(description="第三份申请，用于清理过期的暂存验证码"), format="json",
                        HTTP_IDEMPOTENCY_KEY="k-replay-3")
        assert ReplaySecret.objects.count() == 1
    assert DisclosureRequest.objects.count() == 3


def test_race_on_same_key_returns_the_winner(api_client, depts, monkeypatch):
    """Two submissions race past the lookup: the unique constraint stops the second insert, which then returns
    the first request. (Real concurrency over HTTP: tests/browser/test_disclosure_requests.py and the benchmark.)"""
    from sunshine.disclosure_requests import services

    first = api_client.post(URL, application(), format="json", HTTP_IDEMPOTENCY_KEY="race")
    real, calls = services._find_by_key, []

    def miss_once(key):
        calls.append(key)
        return None if len(calls) == 1 else real(key)

    monkeypatch.setattr(services, "_find_by_key", miss_once)
    second = api_client.post(URL, application(), format="json", HTTP_IDEMPOTENCY_KEY="race")
    assert len(calls) == 2  # missed, insert refused by the constraint, found on the retry
    assert second.status_code == 200 and second.json() == first.json()
    assert DisclosureRequest.objects.count() == 1


def test_track_with_secret_masks_and_wrong_secret_404(api_client, depts):
    body = api_client.post(URL, application(), format="json").json()
    code, secret = body["tracking_code"], body["verification_secret"]
    ok = api_client.get(f"{URL}{code}", HTTP_X_VERIFICATION_SECRET=secret)
    assert ok.status_code == 200
    data = ok.json()
    assert data["applicant_name"] == "张*" and data["phone"] == "138****8000"
    assert data["status"] == "processing" and data["reply_due_on"] == body["reply_due_on"]
    assert "11010519491231002X" not in ok.content.decode()
    assert api_client.get(f"{URL}{code}", HTTP_X_VERIFICATION_SECRET=secret.lower()).status_code == 200
    assert api_client.get(f"{URL}{code}", HTTP_X_VERIFICATION_SECRET="AAAA-BBBB-CCCC").status_code == 404
    assert api_client.get(f"{URL}{code}").status_code == 404
    assert api_client.get(f"{URL}YSQ2026-NOPE", HTTP_X_VERIFICATION_SECRET=secret).status_code == 404


SECRET_IN_URL = ("验证码不能放在网址中（?secret=），网址会被记入访问日志；"
                 "请改用请求头 X-Verification-Secret 传递验证码。")


@override_settings(SUNSHINE_FAILURE_LIMITS={"track": (2, 900), "login": (0, 0)})
def test_secret_in_the_query_string_is_refused_with_400(api_client, depts, django_capture_on_commit_callbacks):
    """A secret in the URL lands in access logs: `?secret=` is refused even when right (or with the header too),
    on tracking and on letter downloads, and the refusals do not count towards the lockout."""
    from django.core.cache import cache

    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        body = api_client.post(URL, application(), format="json").json()
    code, secret = body["tracking_code"], body["verification_secret"]
    receipt = RequestDocument.objects.get(request__tracking_code=code, kind="receipt")
    for url, headers in [(f"{URL}{code}?secret={secret}", {}),
                         (f"{URL}{code}?secret=", {}),
                         (f"{URL}{code}?secret={secret}", {"HTTP_X_VERIFICATION_SECRET": secret}),
                         (f"{URL}{code}/documents/{receipt.pk}?secret={secret}", {})]:
        refused = api_client.get(url, **headers)
        assert refused.status_code == 400, url
        assert refused.json() == {"detail": SECRET_IN_URL, "code": "secret_in_url",
                                  "errors": {"secret": [SECRET_IN_URL]}}
    assert api_client.get(f"{URL}{code}", HTTP_X_VERIFICATION_SECRET=secret).status_code == 200  # not locked out
    download = api_client.get(f"{URL}{code}/documents/{receipt.pk}", HTTP_X_VERIFICATION_SECRET=secret)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    cache.clear()


def test_schema_documents_the_header_and_no_secret_query_parameter():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for path in ("/api/v1/disclosure-requests/{tracking_code}",
                 "/api/v1/disclosure-requests/{tracking_code}/documents/{document_id}"):
        operation = paths[path]["get"]
        parameters = {(p["in"], p["name"]): p for p in operation["parameters"]}
        header = parameters[("header", "X-Verification-Secret")]
        assert "?secret=" in header["description"] and header.get("required", False) is False
        assert ("query", "secret") not in parameters
        assert {"200", "400", "404", "429"} <= set(operation["responses"])


def test_receipt_is_listed_as_being_generated_until_its_docx_exists(api_client, depts,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        body = api_client.post(URL, application(), format="json").json()
    code, secret = body["tracking_code"], body["verification_secret"]
    [pending] = api_client.get(f"{URL}{code}", HTTP_X_VERIFICATION_SECRET=secret).json()["documents"]
    assert (pending["kind"], pending["title"], pending["ready"], pending["download_url"]) == (
        "receipt", "政府信息公开申请接收回执", False, None)
    for callback in callbacks:  # what the commit would have run: the notifications and the letter's task
        callback()
    [ready] = api_client.get(f"{URL}{code}", HTTP_X_VERIFICATION_SECRET=secret).json()["documents"]
    assert ready["id"] == pending["id"] and ready["ready"] is True
    assert ready["download_url"] == f"{URL}{code}/documents/{pending['id']}"
    download = api_client.get(ready["download_url"], HTTP_X_VERIFICATION_SECRET=secret)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert f"{code}-receipt.docx" in download["Content-Disposition"]


def test_letter_download_checks_secret(api_client, depts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        body = api_client.post(URL, application(), format="json").json()
    req = DisclosureRequest.objects.get(tracking_code=body["tracking_code"])
    visible = RequestDocument.objects.create(request=req, kind="other", title="告知书", html="<p>告知书正文</p>")
    hidden = RequestDocument.objects.create(request=req, kind="other", title="内部", html="<p>x</p>",
                                            visible_to_applicant=False)
    listed = api_client.get(f"{URL}{req.tracking_code}", HTTP_X_VERIFICATION_SECRET=body["verification_secret"])
    urls = [d["download_url"] for d in listed.json()["documents"]]
    assert len(urls) == 2 and f"{URL}{req.tracking_code}/documents/{visible.pk}" in urls
    assert all(f"/{hidden.pk}" not in u for u in urls)
    ok = api_client.get(f"{URL}{req.tracking_code}/documents/{visible.pk}",
                        HTTP_X_VERIFICATION_SECRET=body["verification_secret"])
    assert ok.status_code == 200 and "告知书正文" in ok.content.decode()
    assert api_client.get(f"{URL}{req.tracking_code}/documents/{visible.pk}").status_code == 404
    assert api_client.get(f"{URL}{req.tracking_code}/documents/{hidden.pk}",
                          HTTP_X_VERIFICATION_SECRET=body["verification_secret"]).status_code == 404


def test_staff_list_scoped(api_client, depts, clerk, other_clerk, submit):
    submit()
    api_client.force_authenticate(other_clerk)
    assert api_client.get(URL).json()["results"] == []
    api_client.force_authenticate(clerk)
    assert len(api_client.get(URL).json()["results"]) == 1
    api_client.force_authenticate(None)
    assert api_client.get(URL).status_code in (401, 403)
