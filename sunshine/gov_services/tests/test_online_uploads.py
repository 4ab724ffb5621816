"""The applicant's online uploads (issue #9): after a one-time notice (待补正) the applicant uploads the listed
materials on the tracking page (kernel files: sniffed, size-limited), `receive_materials` performed by the
applicant, idempotent by the form token; the materials are complete on the upload day, or on the next working day
for an upload on a non-working day (the kernel's rule, as disclosure requests receive an online supplement); the
acceptance counts the limits from that day. The 容缺 materials are uploaded the same way and stop the applicant's
period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.audit.models import AuditEvent
from sunshine.core.errors import DomainError
from sunshine.gov_services import services
from sunshine.gov_services.models import Application, ApplicationMaterial
from sunshine.gov_services.workflow import Status

MISSING = ["营业执照", "项目选址意见书"]  # the first is in the guide's list, the second only in the notice


def _scan(name="scan.txt", text="扫描件内容"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


@pytest.fixture
def noticed(submit, desk, window_clerk, citizen):
    app = submit(on=dt.date(2026, 9, 28))
    Application.objects.filter(pk=app.pk).update(citizen=citizen)
    app = services.application_dispatch(app, actor=desk)
    return services.application_notify_missing(app, actor=window_clerk, missing=MISSING, on=dt.date(2026, 9, 29))


@pytest.mark.parametrize(("uploaded", "complete"), [
    (dt.date(2026, 9, 30), dt.date(2026, 9, 30)),  # a working day: that day
    (dt.date(2026, 10, 3), dt.date(2026, 10, 8)),  # National Day (10-01..10-07): the next working day
    (dt.date(2026, 10, 10), dt.date(2026, 10, 10)),  # the make-up Saturday is a working day
    (dt.date(2026, 10, 11), dt.date(2026, 10, 12)),  # Sunday → Monday
])
def test_upload_day_or_next_working_day_and_limits_count_from_it(noticed, citizen, window_clerk, uploaded, complete):
    done = services.application_upload_missing(noticed, uploads={0: _scan(), 1: _scan("选址.txt")}, citizen=citizen,
                                               key="missing:t1", today=uploaded)
    app = done.application
    assert done.created and done.received_on == complete
    assert app.status == Status.DISPATCHED and app.materials_complete_on == complete
    rows = list(app.materials.filter(stage="supplement").order_by("id"))
    assert [(r.material.name if r.material else None, r.name) for r in rows] == [("营业执照", ""),
                                                                                 (None, "项目选址意见书")]
    assert all(r.received_on == complete and r.file.sha256 for r in rows)
    event = AuditEvent.objects.filter(action="gov_services.application.receive_materials").get()
    assert event.before["status"] == "awaiting_materials" and event.after["status"] == "dispatched"
    accepted = services.application_accept(app, actor=window_clerk, on=dt.date(2026, 10, 13))
    assert accepted.accepted_on == complete and accepted.statutory_clock.started_on == complete


def test_upload_is_idempotent_and_needs_every_listed_material(noticed, citizen):
    with pytest.raises(DomainError, match="尚缺：项目选址意见书"):
        services.application_upload_missing(noticed, uploads={0: _scan()}, citizen=citizen, key="missing:a",
                                            today=dt.date(2026, 9, 30))
    assert ApplicationMaterial.objects.filter(stage="supplement").count() == 0
    first = services.application_upload_missing(noticed, uploads={0: _scan(), 1: _scan()}, citizen=citizen,
                                                key="missing:a", today=dt.date(2026, 9, 30))
    again = services.application_upload_missing(noticed, uploads={0: _scan(), 1: _scan()}, citizen=citizen,
                                                key="missing:a", today=dt.date(2026, 10, 12))
    assert first.created and not again.created and again.received_on == dt.date(2026, 9, 30)
    assert ApplicationMaterial.objects.filter(stage="supplement").count() == 2
    assert AuditEvent.objects.filter(action="gov_services.application.receive_materials").count() == 1
    with pytest.raises(DomainError, match="不能执行"):  # another form after the case moved on: a stale state
        services.application_upload_missing(noticed, uploads={0: _scan(), 1: _scan()}, citizen=citizen,
                                            key="missing:b", today=dt.date(2026, 10, 12))


def test_another_account_cannot_upload(noticed, make_citizen):
    other = make_citizen("13900001111")
    with pytest.raises(DomainError) as exc:
        services.application_upload_missing(noticed, uploads={0: _scan(), 1: _scan()}, citizen=other, key="x")
    assert exc.value.code == "not_found"


def test_tracking_page_upload_by_owner_and_my_page(client, noticed, citizen, make_citizen):
    url = f"/zw/track/{noticed.tracking_code}/"
    client.force_login(citizen)
    page = client.get(url).content.decode()
    assert "网上补正材料" in page and "项目选址意见书" in page
    assert noticed.tracking_code in client.get("/my/").content.decode()
    assert "待补正：请上传一次性告知书所列材料" in client.get("/my/").content.decode()
    post = f"/zw/track/{noticed.tracking_code}/upload/missing/"
    r = client.post(post, {"token": "tok1", "missing-u_0": _scan()})
    assert r.status_code == 400 and "请上传“项目选址意见书”。" in r.content.decode()
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 60, content_type="application/octet-stream")
    r = client.post(post, {"token": "tok1", "missing-u_0": _scan(), "missing-u_1": bad})
    assert r.status_code == 400 and Application.objects.get().status == Status.AWAITING_MATERIALS
    r = client.post(post, {"token": "tok1", "missing-u_0": _scan(), "missing-u_1": _scan()})
    assert r.status_code == 302 and Application.objects.get().status == Status.DISPATCHED
    r = client.post(post, {"token": "tok1"})  # the same form again (a double click): nothing new
    assert r.status_code == 302 and ApplicationMaterial.objects.filter(stage="supplement").count() == 2
    page = client.get(url).content.decode()
    assert "已补交的材料" in page and "网上补正材料" not in page
    client.force_login(make_citizen("13900001111"))
    assert client.get(url).status_code == 404
    assert client.post(post, {"token": "t2"}).status_code == 404


def test_deferred_materials_uploaded_online(submit, desk, window_clerk, citizen, client):
    app = submit(on=dt.date(2026, 9, 21))
    Application.objects.filter(pk=app.pk).update(citizen=citizen)
    app = services.application_dispatch(app, actor=desk)
    deferrable = app.item_version.materials.get(deferrable=True)
    app = services.application_accept(app, actor=window_clerk, on=dt.date(2026, 9, 21), deferred=[deferrable.pk])
    assert app.deferred_clock.due_date == dt.date(2026, 10, 12)
    client.force_login(citizen)
    page = client.get(f"/zw/track/{app.tracking_code}/").content.decode()
    assert "网上补交容缺材料" in page and "节能审查意见" in page
    # uploaded on Saturday 10-03 (National Day): received 10-08, on time
    done = services.application_upload_deferred(app, uploads={0: _scan()}, citizen=citizen, key="deferred:k",
                                                today=dt.date(2026, 10, 3))
    app = done.application
    assert done.received_on == dt.date(2026, 10, 8) and app.deferred_materials == []
    app.deferred_clock.refresh_from_db()
    assert app.deferred_clock.state == "stopped" and app.deferred_clock.outcome == "on_time"
    row = app.materials.get(stage="deferred")
    assert row.material == deferrable and row.received_on == dt.date(2026, 10, 8)
    assert not services.application_upload_deferred(app, uploads={}, citizen=citizen, key="deferred:k").created
    with pytest.raises(DomainError, match="没有待后补的容缺材料"):
        services.application_upload_deferred(app, uploads={0: _scan()}, citizen=citizen, key="deferred:z")


def test_deferred_uploaded_late_is_lapsed(submit, desk, window_clerk, citizen):
    app = services.application_dispatch(submit(on=dt.date(2026, 9, 21)), actor=desk)
    deferrable = app.item_version.materials.get(deferrable=True)
    app = services.application_accept(app, actor=window_clerk, on=dt.date(2026, 9, 21), deferred=[deferrable.pk])
    done = services.application_upload_deferred(app, uploads={0: _scan()}, key="deferred:late",
                                                today=dt.date(2026, 10, 17))  # a Saturday → Monday 10-19
    assert done.received_on == dt.date(2026, 10, 19)
    clock = done.application.deferred_clock
    clock.refresh_from_db()
    assert clock.outcome == "lapsed"
