import pytest

from sunshine.core.errors import DomainError
from sunshine.notify import selectors, services
from sunshine.notify.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(citizen, clerk):
    first = services.notify(channel="inbox", subject="旧通知", body="一", user=citizen)
    second = services.notify(channel="inbox", subject="新通知", body="二", user=citizen)
    services.notify(channel="inbox", subject="给经办人的", body="三", user=clerk)
    return first, second


def test_user_sees_only_own_inbox_unread_first(citizen, clerk, inbox):
    _, second = inbox
    services.mark_read(notification=second, user=citizen)
    assert [n.subject for n in selectors.inbox_for(citizen)] == ["旧通知", "新通知"]
    assert [n.subject for n in selectors.inbox_for(clerk)] == ["给经办人的"]
    assert selectors.unread_count(citizen) == 1
    assert selectors.unread_count(clerk) == 1


def test_unread_count_is_one_query(citizen, inbox, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.unread_count(citizen) == 2


def test_mark_read_only_own(citizen, clerk, inbox):
    first, _ = inbox
    with pytest.raises(DomainError):
        services.mark_read(notification=first, user=clerk)
    services.mark_read(notification=first, user=citizen)
    first.refresh_from_db()
    read_at = first.read_at
    assert read_at is not None
    services.mark_read(notification=first, user=citizen)  # again: unchanged
    first.refresh_from_db()
    assert first.read_at == read_at


def test_inbox_page_for_citizen_and_mark_read(client, citizen, clerk, inbox):
    _, second = inbox
    client.force_login(citizen)
    html = client.get("/notifications/").content.decode()
    assert "您有 <strong>2</strong> 条未读通知" in html
    assert "新通知" in html and "给经办人的" not in html
    assert 'aria-label="工作导航"' not in html  # citizen gets the public base template
    response = client.post(f"/notifications/{second.pk}/read")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.read_at is not None
    response = client.post("/notifications/read-all", follow=True)
    assert "已将 1 条通知标为已读。" in response.content.decode()
    assert selectors.unread_count(citizen) == 0


def test_cannot_mark_someone_elses_notification(client, clerk, inbox):
    first, _ = inbox
    client.force_login(clerk)
    assert client.post(f"/notifications/{first.pk}/read").status_code == 404
    first.refresh_from_db()
    assert first.read_at is None
    html = client.get("/notifications/").content.decode()
    assert 'aria-label="工作导航"' in html and "给经办人的" in html


def test_inbox_requires_login(client):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/notifications/read-all").status_code in (302, 405)


def test_api_inbox_lists_own_only(api_client, citizen, clerk, inbox):
    first, _ = inbox
    api_client.force_authenticate(citizen)
    body = api_client.get("/api/v1/notifications/").json()
    assert body["count"] == 2 and body["unread"] == 2
    assert [r["subject"] for r in body["results"]] == ["新通知", "旧通知"]
    assert api_client.post(f"/api/v1/notifications/{first.pk}/read").json()["is_read"] is True
    api_client.force_authenticate(clerk)
    assert api_client.post(f"/api/v1/notifications/{first.pk}/read").status_code == 404
    assert api_client.get("/api/v1/notifications/").json()["count"] == 1


def test_api_requires_authentication(api_client):
    assert api_client.get("/api/v1/notifications/").status_code in (401, 403)


def test_sms_is_not_in_the_inbox(citizen):
    Notification.objects.create(channel="sms", user=citizen, phone="13800138000", body="短信")
    assert selectors.unread_count(citizen) == 0
    assert list(selectors.inbox_for(citizen)) == []


def test_demo_load_is_idempotent(citizen, make_staff):
    import io

    from sunshine.notify import demo

    make_staff("clerk")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Notification.objects.filter(subject=demo.WELCOME).count() == 2
    assert selectors.unread_count(citizen) == 1
