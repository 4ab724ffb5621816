"""The applicant receives what was released: the files of a disclosed or partly disclosed reply are listed on the
tracking page, in 我的 (/my/) and in the tracking API, and downloadable by the applicant only (the verified secret
or the owning citizen's account; anyone else, and any file that is not this reply's, is a 404). The letter says how
they reach the applicant by the chosen delivery; staff open every file of the case and print the 送达清单."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from sunshine.disclosure_requests import services
from sunshine.disclosure_requests.outcomes import Outcome
from sunshine.files.services import store_bytes

D = dt.date
pytestmark = pytest.mark.django_db
TRACK_API = "/api/v1/disclosure-requests"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def partly_disclosed(submit, clerk, reviewer, media):
    """A request partly disclosed with one released file; (submission, file). Drafted, then signed off."""
    def make(*, citizen=None, **overrides):
        sub = submit(received_on=D(2026, 9, 24), **overrides)
        if citizen is not None:
            type(sub.request).objects.filter(pk=sub.request.pk).update(citizen=citizen)
        released = store_bytes(data="立项批复（可以公开的部分）".encode(), name="立项批复-公开部分.txt", actor=clerk)
        services.request_draft_reply(request=sub.request, outcome=Outcome.PARTIALLY_DISCLOSED, reply_text="部分公开",
                                     withheld_reason="第3页涉及个人隐私", files=[released], actor=clerk,
                                     on=D(2026, 10, 12))
        return sub, released

    return make


def _verified(sub) -> Client:
    browser = Client()
    assert browser.post("/ysq/track/", {"tracking_code": sub.request.tracking_code,
                                        "secret": sub.secret}).status_code == 302
    return browser


def test_the_tracking_page_lists_and_serves_the_released_file_after_the_sign_off_only(partly_disclosed, reviewer):
    sub, released = partly_disclosed()
    code = sub.request.tracking_code
    browser = _verified(sub)
    url = f"/ysq/track/{code}/files/{released.pk}/"
    html = browser.get(f"/ysq/track/{code}/").content.decode()
    assert "随答复提供的信息" not in html and "立项批复-公开部分.txt" not in html  # a draft is not released
    assert browser.get(url).status_code == 404
    services.request_sign_off(request=sub.request, actor=reviewer, on=D(2026, 10, 13))
    html = browser.get(f"/ysq/track/{code}/").content.decode()
    assert 'id="released-files"' in html and url in html and "立项批复-公开部分.txt" in html
    assert "请凭查询码和验证码在本机关网站“依申请公开—查询”页面下载" in html
    response = browser.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "立项批复（可以公开的部分）"
    assert "attachment" in response["Content-Disposition"]


def test_nobody_else_downloads_the_released_file(partly_disclosed, reviewer, citizen, clerk, make_staff):
    from sunshine.accounts.models import User

    sub, released = partly_disclosed(citizen=citizen)
    services.request_sign_off(request=sub.request, actor=reviewer)
    code = sub.request.tracking_code
    url = f"/ysq/track/{code}/files/{released.pk}/"
    assert Client().get(url).status_code == 404  # no secret, no account
    stranger = User.objects.create_user(username="13900139000", password="pass-1234-word", kind="citizen")
    other = Client()
    other.force_login(stranger)
    assert other.get(url).status_code == 404
    staff = Client()
    staff.force_login(clerk)  # staff open the file from the staff page, not through the applicant's route
    assert staff.get(url).status_code == 404
    owner = Client()
    owner.force_login(citizen)
    assert owner.get(url).status_code == 200
    # a file of another request, through this request's code: 404 even for its applicant
    other_sub, other_file = partly_disclosed()
    services.request_sign_off(request=other_sub.request, actor=reviewer)
    assert owner.get(f"/ysq/track/{code}/files/{other_file.pk}/").status_code == 404
    assert _verified(sub).get(f"/ysq/track/{code}/files/{other_file.pk}/").status_code == 404


def test_the_tracking_api_lists_and_serves_the_released_file_with_the_secret(partly_disclosed, reviewer, api_client):
    sub, released = partly_disclosed()
    code = sub.request.tracking_code
    header = {"HTTP_X_VERIFICATION_SECRET": sub.secret}
    assert api_client.get(f"{TRACK_API}/{code}", **header).json()["released_files"] == []
    assert api_client.get(f"{TRACK_API}/{code}/files/{released.pk}", **header).status_code == 404
    services.request_sign_off(request=sub.request, actor=reviewer)
    body = api_client.get(f"{TRACK_API}/{code}", **header).json()
    assert body["released_files"] == [{
        "id": released.pk, "name": "立项批复-公开部分.txt", "size": released.size,
        "size_display": released.size_display, "download_url": f"{TRACK_API}/{code}/files/{released.pk}"}]
    assert body["delivery"] == "online" and body["released_delivery_note"].startswith("请凭查询码和验证码")
    response = api_client.get(f"{TRACK_API}/{code}/files/{released.pk}", **header)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "立项批复（可以公开的部分）"
    assert api_client.get(f"{TRACK_API}/{code}/files/{released.pk}",
                          HTTP_X_VERIFICATION_SECRET="AAAA-BBBB-CCCC").status_code == 404
    assert api_client.get(f"{TRACK_API}/{code}/files/{released.pk}").status_code == 404


def test_my_page_lists_the_released_file_for_the_citizen(partly_disclosed, reviewer, citizen, client):
    sub, released = partly_disclosed(citizen=citizen)
    services.request_sign_off(request=sub.request, actor=reviewer)
    client.force_login(citizen)
    html = client.get("/my/").content.decode()
    url = f"/ysq/track/{sub.request.tracking_code}/files/{released.pk}/"
    assert "我的政府信息公开申请" in html and "提供的信息：立项批复-公开部分.txt" in html and url in html


def test_the_letter_says_how_the_files_reach_the_applicant(partly_disclosed, reviewer):
    for delivery, phrase in [("online", "以上信息请凭查询码和验证码在本机关网站“依申请公开—查询”页面下载。"),
                             ("post", "纸质件已按送达清单随答复书邮寄至您的通信地址"),
                             ("pickup", "请凭送达清单到本机关领取纸质件")]:
        sub, _released = partly_disclosed(delivery=delivery)
        req = services.request_sign_off(request=sub.request, actor=reviewer)
        letter = req.documents.get(kind="reply")
        assert phrase in letter.html, delivery
        assert "立项批复-公开部分.txt" in letter.html and "见附件" not in letter.html


def test_email_delivery_sends_the_released_files_as_attachments(partly_disclosed, reviewer,
                                                                django_capture_on_commit_callbacks):
    sub, _released = partly_disclosed(delivery="email", email="zhangsan@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        req = services.request_sign_off(request=sub.request, actor=reviewer)
    assert "已随答复书发送至您的电子邮箱" in req.documents.get(kind="reply").html
    [message] = [m for m in mail.outbox if m.attachments]
    assert message.to == ["zhangsan@example.com"]
    [(name, content, mime)] = message.attachments
    assert (name, content, mime.split(";")[0]) == ("立项批复-公开部分.txt", "立项批复（可以公开的部分）", "text/plain")


def test_staff_open_every_file_of_the_case_and_print_the_delivery_list(partly_disclosed, reviewer, clerk,
                                                                       other_clerk, client):
    sub, released = partly_disclosed(delivery="post")
    req = services.request_sign_off(request=sub.request, actor=reviewer)
    client.force_login(clerk)
    html = client.get(f"/ysq/staff/{req.pk}/").content.decode()
    file_url = f"/ysq/staff/{req.pk}/files/{released.pk}/"
    reply = req.documents.get(kind="reply")
    assert file_url in html and f"/ysq/staff/{req.pk}/print/" in html
    for fmt in ("docx", "pdf", "html"):
        assert f"/documents/{reply.document_id}/{fmt}/" in html
    assert b"".join(client.get(file_url).streaming_content).decode() == "立项批复（可以公开的部分）"
    printed = client.get(f"/ysq/staff/{req.pk}/print/").content.decode()
    assert "政府信息公开申请送达清单" in printed and "立项批复-公开部分.txt" in printed
    assert "政府信息公开申请答复书" in printed and req.address in printed
    # a letter's .docx is one of the case's files too; a stranger's file is not
    from sunshine.disclosure_requests import letters

    reply = letters.complete(reply.pk)
    assert reply.file_id and client.get(f"/ysq/staff/{req.pk}/files/{reply.file_id}/").status_code == 200
    _other_sub, other_file = partly_disclosed()
    assert client.get(f"/ysq/staff/{req.pk}/files/{other_file.pk}/").status_code == 404
    client.force_login(other_clerk)
    assert client.get(file_url).status_code == 404
    assert client.get(f"/ysq/staff/{req.pk}/print/").status_code == 404


def test_the_my_section_takes_a_bounded_number_of_queries(partly_disclosed, reviewer, citizen,
                                                          django_assert_max_num_queries):
    from sunshine.disclosure_requests.sections import my_sections

    for _ in range(4):
        sub, _released = partly_disclosed(citizen=citizen)
        services.request_sign_off(request=sub.request, actor=reviewer)
    with django_assert_max_num_queries(3):
        [section] = my_sections(citizen)
    assert sum(item["label"].startswith("提供的信息：") for item in section["items"]) == 4
