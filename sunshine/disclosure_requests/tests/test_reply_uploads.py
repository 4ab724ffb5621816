"""A refused reply leaves no orphaned upload (issue #7): the released files are checked by the form and stored by the
service only after the reply's own rules, inside its transaction; a failure after storing removes what it stored.
On the case page and the staff API: after a refusal there is no new StoredFile row and no new file on disk."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.disclosure_requests import services
from sunshine.disclosure_requests.outcomes import Outcome
from sunshine.files.models import StoredFile

pytestmark = pytest.mark.django_db

API = "/api/v1/disclosure-requests/staff"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _on_disk(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _released(name="公开部分.txt", text="立项批复（公开部分）"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def _partial(**overrides) -> dict:
    return {"outcome": "partially_disclosed", "reply_text": "现提供可以公开的部分", "withheld_reason": "涉及商业秘密",
            **overrides}


def test_page_refused_reply_stores_nothing(client, submit, clerk, media):
    req = submit().request
    client.force_login(clerk)
    refused = client.post(f"/ysq/staff/{req.pk}/draft_reply/", _partial(withheld_reason="", files=[_released()]))
    assert refused.status_code == 400
    assert "部分公开须说明不予公开部分的理由（条例第三十七条）。" in refused.content.decode()
    assert StoredFile.objects.count() == 0 and _on_disk(media) == []
    req.refresh_from_db()
    assert req.status == "processing" and req.reply_files.count() == 0
    # the same reply with its reason: stored once, attached
    done = client.post(f"/ysq/staff/{req.pk}/draft_reply/", _partial(files=[_released()]))
    assert done.status_code == 302
    req.refresh_from_db()
    [stored] = req.reply_files.all()
    assert stored.purpose == "依申请公开答复附件" and _on_disk(media) == [stored.file.name]


def test_page_reply_in_a_wrong_state_stores_nothing(client, submit, clerk, media):
    req = submit().request
    services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk)
    client.force_login(clerk)
    refused = client.post(f"/ysq/staff/{req.pk}/draft_reply/", _partial(files=[_released()]))
    assert refused.status_code == 400
    assert "当前状态为“待补正”，不能执行“拟定答复（报签发）”。" in refused.content.decode()
    assert StoredFile.objects.count() == 0 and _on_disk(media) == []


def test_page_a_refused_file_is_an_error_beside_the_field_and_stores_neither(client, submit, clerk, media):
    req = submit().request
    client.force_login(clerk)
    fake_pdf = SimpleUploadedFile("批复.pdf", "其实是文本".encode(), content_type="application/pdf")
    refused = client.post(f"/ysq/staff/{req.pk}/draft_reply/", _partial(files=[_released(), fake_pdf]))
    assert refused.status_code == 400
    assert refused.context["failed_action"] == "draft_reply"
    form = next(a["form"] for a in refused.context["actions"] if a["name"] == "draft_reply")
    assert "内容却是纯文本" in " ".join(form.errors["files"])
    assert StoredFile.objects.count() == 0 and _on_disk(media) == []


def test_api_refused_reply_stores_nothing(api_client, submit, clerk, media):
    req = submit().request
    api_client.force_authenticate(clerk)
    refused = api_client.post(f"{API}/{req.pk}/draft_reply", _partial(withheld_reason="", files=[_released()]),
                              format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "reason_required"
    services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk)
    wrong_state = api_client.post(f"{API}/{req.pk}/draft_reply", _partial(files=[_released()]), format="multipart")
    assert wrong_state.status_code == 409
    assert StoredFile.objects.count() == 0 and _on_disk(media) == []
    other = submit().request
    done = api_client.post(f"{API}/{other.pk}/draft_reply", _partial(files=[_released()]), format="multipart")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "awaiting_sign_off" and body["outcome"] == ""  # drafted, waiting for sign-off
    assert body["draft"]["outcome"] == "partially_disclosed" and other.reply_files.count() == 1


def test_a_failure_after_storing_removes_the_new_objects_and_keeps_shared_ones(submit, clerk, media, monkeypatch):
    from sunshine.files.services import store_upload

    earlier = store_upload(uploaded_file=_released("旧文件.txt", "已有的文件"), actor=clerk)
    req = submit().request

    def broken_inbox(*args, **kwargs):
        raise RuntimeError("inbox unavailable")

    monkeypatch.setattr(services, "_notify_signers", broken_inbox)
    with pytest.raises(RuntimeError):
        services.request_reply(request=req, outcome=Outcome.PARTIALLY_DISCLOSED, reply_text="部分公开",
                               withheld_reason="涉及商业秘密", actor=clerk,
                               uploads=[_released(), _released("同一内容.txt", "已有的文件")])
    assert list(StoredFile.objects.all()) == [earlier]
    assert _on_disk(media) == [earlier.file.name]  # the new object removed, the shared one kept
    req.refresh_from_db()
    assert req.status == "processing" and req.reply_files.count() == 0


def test_a_failed_sign_off_keeps_the_draft_and_its_files(submit, clerk, reviewer, media, monkeypatch):
    req = submit().request
    services.request_draft_reply(request=req, outcome=Outcome.PARTIALLY_DISCLOSED, reply_text="部分公开",
                                 withheld_reason="涉及商业秘密", actor=clerk, uploads=[_released()])

    def broken_letter(*args, **kwargs):
        raise RuntimeError("letter template broken")

    monkeypatch.setattr(services, "issue_letter", broken_letter)
    with pytest.raises(RuntimeError):
        services.request_sign_off(request=req, actor=reviewer)
    req.refresh_from_db()
    # neither the approval nor the issue happened: the draft still waits, with its file
    assert req.status == "awaiting_sign_off" and req.signed_off_by is None and req.outcome == ""
    [stored] = req.reply_files.all()
    assert _on_disk(media) == [stored.file.name]
