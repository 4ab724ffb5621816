"""Online pre-review with one visit (网上预审，只跑一次) and real-name accounts (实名认证), issue #9.

- The window approves the scans of an online application (prereview = acceptance on the scans); the applicant gets
  an SMS to come once; when the result is ready another SMS calls them; the delivery in person checks the originals
  and counts the visit. A hall case counts its visits (registration, materials at the counter, collection) and one
  over the item's declared visits is flagged for supervision.
- Online applications need an account whose identity number was validated and confirmed by an SMS code; an
  unverified one is refused in Chinese with the way to verify."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.core.errors import DomainError
from sunshine.gov_services import realname, services
from sunshine.gov_services.models import Application
from sunshine.gov_services.statistics import provider
from sunshine.gov_services.workflow import Status
from sunshine.notify.models import Notification

from .conftest import APPLICANT

D = dt.date


def _scans(item):
    return {m.pk: SimpleUploadedFile(f"{m.name}.txt", m.name.encode())
            for m in item.current_version.materials.filter(required=True)}


def _sms(phone="13812345678"):
    return list(Notification.objects.filter(channel="sms", phone=phone).order_by("id").values_list("body", flat=True))


def test_prereview_one_visit_originals_and_result(item, submit, desk, window_clerk):
    app = services.application_dispatch(submit(on=D(2026, 9, 28), channel="online", uploads=_scans(item)),
                                        actor=desk)
    assert app.visits == 0
    app = services.application_prereview(app, actor=window_clerk, on=D(2026, 9, 29))
    assert app.status == Status.REVIEWING and app.prereviewed_on == D(2026, 9, 29)
    assert app.accepted_on == D(2026, 9, 29) and app.statutory_clock.started_on == D(2026, 9, 29)
    assert "网上预审" in _sms()[-1] and "只需到现场一次" in _sms()[-1]
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 9, 30))
    app = services.application_decide(app, actor=window_clerk, decision="granted", on=D(2026, 9, 30))
    app = services.application_issue_certificate(app, actor=window_clerk, number="证2026-8", on=D(2026, 10, 8))
    assert "核验原件并领取结果" in _sms()[-1]
    with pytest.raises(DomainError, match="须由申请人到现场核验原件"):
        services.application_deliver(app, actor=window_clerk, on=D(2026, 10, 9), method="post")
    with pytest.raises(DomainError, match="请先核验申请材料原件"):
        services.application_deliver(app, actor=window_clerk, on=D(2026, 10, 9))
    app = services.application_deliver(app, actor=window_clerk, on=D(2026, 10, 9), originals_checked=True)
    assert app.status == Status.RETURNED and app.originals_confirmed_on == D(2026, 10, 9)
    assert (app.visits, app.visits_exceeded) == (1, False)
    assert all(m.originals_checked for m in app.materials.all())


def test_prereview_only_online_and_with_every_scan(item, submit, desk, window_clerk):
    hall = services.application_dispatch(submit(on=D(2026, 9, 28)), actor=desk)
    with pytest.raises(DomainError, match="只有网上申请的办件可以网上预审"):
        services.application_prereview(hall, actor=window_clerk, on=D(2026, 9, 29))
    from sunshine.gov_services.workflow import allowed_actions

    assert "prereview" not in {t.name for t in allowed_actions(window_clerk, hall)}
    required = list(item.current_version.materials.filter(required=True))
    partial = services.application_dispatch(submit(
        on=D(2026, 9, 28), channel="online",
        uploads={required[0].pk: SimpleUploadedFile("a.txt", b"scan")}), actor=desk)
    assert "prereview" in {t.name for t in allowed_actions(window_clerk, partial)}
    with pytest.raises(DomainError, match=f"尚缺：{required[1].name}"):
        services.application_prereview(partial, actor=window_clerk, on=D(2026, 9, 29))
    assert Application.objects.get(pk=partial.pk).status == Status.DISPATCHED


def test_hall_visits_counted_and_over_the_item_flagged(item, submit, desk, window_clerk):
    app = submit(on=D(2026, 9, 21))
    assert (app.visits, app.visits_exceeded) == (1, False)  # registered at the desk, in person
    app = services.application_dispatch(app, actor=desk)
    app = services.application_notify_missing(app, actor=window_clerk, missing=["营业执照"], on=D(2026, 9, 22))
    app = services.application_receive_materials(app, actor=window_clerk, on=D(2026, 9, 24))  # at the counter
    assert (app.visits, app.visits_exceeded) == (2, True)
    app = services.application_accept(app, actor=window_clerk, on=D(2026, 9, 24))
    app = services.application_complete_review(app, actor=window_clerk, on=D(2026, 9, 25))
    app = services.application_decide(app, actor=window_clerk, decision="denied", reasons="不符合条件",
                                      on=D(2026, 9, 25))
    app = services.application_deliver(app, actor=window_clerk, on=D(2026, 9, 28), method="post")
    assert app.visits == 2
    services.application_complete(app, actor=desk, on=D(2026, 9, 29))
    assert Application.objects.filter(visits_exceeded=True).count() == 1
    row = provider.figures(start=D(2026, 9, 1), end=D(2026, 9, 30))[0]
    assert row["visits_exceeded"] == 1 and row["completed"] == 1


def test_case_page_shows_visits_against_the_item(client, item, submit, desk, window_clerk):
    app = submit(on=D(2026, 9, 21))
    client.force_login(desk)
    page = client.get(f"/zw/staff/cases/{app.pk}/").content.decode()
    assert "1次（办事指南承诺1次）" in page and "超过承诺的到现场次数" not in page


# --- real-name ------------------------------------------------------------------------------------------------------
def test_unverified_account_refused_with_the_way_to_verify(client, api_client, item, make_citizen):
    user = make_citizen("13900002222", real_name="王五")
    with pytest.raises(realname.RealNameRequired, match="实名认证"):
        services.application_submit(item=item, data=APPLICANT, channel="online", citizen=user)
    client.force_login(user)
    r = client.get(f"/zw/items/{item.code}/apply/")
    assert r.status_code == 403
    page = r.content.decode()
    assert "网上申请须使用已实名认证的账户" in page and f"/zw/realname/?next=/zw/items/{item.code}/apply/" in page
    api_client.force_authenticate(user)
    r = api_client.post("/api/v1/services/applications/", {**APPLICANT, "item": item.code}, format="json")
    assert r.status_code == 403
    assert r.json()["code"] == "real_name_required" and r.json()["verify_url"] == "/zw/realname/"
    assert Application.objects.count() == 0


def test_verification_by_sms_code(client, item, make_citizen):
    user = make_citizen("13900003333", real_name="")
    client.force_login(user)
    assert client.get("/zw/realname/").status_code == 200
    bad = client.post("/zw/realname/", {"real_name": "王五", "id_type": "resident_id",
                                        "id_number": "110105194912310021", "send": "1"})
    from django.core.exceptions import ValidationError

    from sunshine.core.identity import normalize_id_document

    with pytest.raises(ValidationError) as exc:  # a wrong check character (GB 11643)
        normalize_id_document("resident_id", "110105194912310021")
    assert bad.status_code == 400 and exc.value.messages[0] in bad.content.decode() and not _sms("13900003333")
    r = client.post("/zw/realname/", {"real_name": "王五", "id_type": "resident_id",
                                      "id_number": "11010519491231002x", "send": "1"})
    assert r.status_code == 200 and "验证码已通过短信发送至 139****3333" in r.content.decode()
    again = client.post("/zw/realname/", {"real_name": "王五", "id_type": "resident_id",
                                          "id_number": "11010519491231002X", "send": "1"})
    assert again.status_code == 429 and "秒后再试" in again.content.decode()
    code = re.search(r"验证码 (\d{6})", _sms("13900003333")[-1]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    r = client.post("/zw/realname/", {"real_name": "王五", "id_type": "resident_id",
                                      "id_number": "11010519491231002X", "code": wrong, "confirm": "1"})
    assert r.status_code == 400 and "验证码不正确" in r.content.decode()
    assert not realname.is_real_name(type(user).objects.get(pk=user.pk))
    r = client.post(f"/zw/realname/?next=/zw/items/{item.code}/apply/",
                    {"real_name": "王五", "id_type": "resident_id", "id_number": "11010519491231002X", "code": code,
                     "confirm": "1"})
    assert r.status_code == 302 and r["Location"] == f"/zw/items/{item.code}/apply/"
    user.refresh_from_db()
    assert (user.real_name, user.id_number) == ("王五", "11010519491231002X") and realname.is_real_name(user)
    assert client.get(f"/zw/items/{item.code}/apply/").status_code == 200
    # a later change of the account's mobile needs a new verification
    type(user).objects.filter(pk=user.pk).update(phone="13900004444")
    user.refresh_from_db()
    assert not realname.is_real_name(user)


def test_registration_with_id_number_confirmed_by_sms_is_real_name(make_citizen):
    from django.utils import timezone

    from sunshine.accounts.models import RegistrationCode

    user = make_citizen("13900005555", id_type="resident_id", id_number="11010519491231002X")
    assert not realname.is_real_name(user)
    now = timezone.now()
    RegistrationCode.objects.create(mobile="13900005555", code_hash="x", created_at=now, expires_at=now,
                                    used_at=user.date_joined)
    assert realname.is_real_name(user)
    staff_like = make_citizen("13900006666")  # no identity number: never real-name
    RegistrationCode.objects.create(mobile="13900006666", code_hash="x", created_at=now, expires_at=now,
                                    used_at=staff_like.date_joined)
    assert not realname.is_real_name(staff_like)


@pytest.mark.parametrize("value", ["王\x00五", "长" * 5000, "😀🏛️", ""])
def test_realname_page_refuses_hostile_input(client, make_citizen, value):
    user = make_citizen("13900007777")
    client.force_login(user)
    for field in ("real_name", "id_number", "id_type", "code"):
        data = {"real_name": "王五", "id_type": "resident_id", "id_number": "11010519491231002X", "code": "123456",
                field: value}
        for button in ("send", "confirm"):
            r = client.post("/zw/realname/", {**data, button: "1"})
            assert r.status_code < 500
            if r.status_code >= 400:
                assert "。" in r.content.decode()
    assert not realname.is_real_name(type(user).objects.get(pk=user.pk))
    r = client.post("/zw/track/ZW2026-NOPE0000/upload/missing/", {"token": value})
    assert r.status_code == 404
