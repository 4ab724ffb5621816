"""Issue #12 item 9: a topic's tracking code + verification secret (shown once, no-store, looked up on /hd/topics/
track/), and echo-wall entries that link to the published item (主动公开信息) they answered."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sunshine.core.errors import DomainError
from sunshine.participation import services, tracking_codes
from sunshine.participation.models import TopicRequest

FORM = {"citizen_name": "张三丰", "phone": "13812345678", "title": "老旧小区改造清单",
        "content": "希望公开城区老旧小区改造的项目清单和资金安排。"}
THANKS = "/hd/topics/thanks/"
TRACK = "/hd/topics/track/"


def _secret_of(html: str) -> str | None:
    found = re.search(r'id="verification-secret">([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})<', html)
    return found.group(1) if found else None


def test_submit_stores_a_code_and_only_the_hash_of_the_secret(db):
    topic = services.topic_submit(**FORM)
    assert re.fullmatch(r"DTQ\d{4}-[A-Z2-9]{8}", topic.tracking_code)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", topic.secret)
    stored = TopicRequest.objects.get(pk=topic.pk)
    assert stored.verification_secret_hash == tracking_codes.hash_secret(topic.secret)
    assert topic.secret not in str(TopicRequest.objects.filter(pk=topic.pk).values().get())
    assert tracking_codes.check_secret(stored, topic.secret.lower().replace("-", " "))
    # another app's namespace: the same secret hashed for disclosure requests is another value
    from sunshine.tracking.services import hash_secret
    assert hash_secret(topic.secret, namespace="ysq") != stored.verification_secret_hash


def test_the_page_after_applying_shows_the_secret_once_and_is_not_stored(client, db):
    response = client.post("/hd/topics/new/", FORM)
    assert response.status_code == 302 and response["Location"] == THANKS
    topic = TopicRequest.objects.get()
    first = client.get(THANKS)
    html = first.content.decode()
    secret = _secret_of(html)
    assert secret is not None and tracking_codes.check_secret(topic, secret)
    assert topic.tracking_code in html and topic.reference in html
    assert "no-store" in first["Cache-Control"]
    # a reload: the code and reference again, the secret never
    again = client.get(THANKS)
    html = again.content.decode()
    assert again.status_code == 200 and "no-store" in again["Cache-Control"]
    assert _secret_of(html) is None and secret not in html and topic.tracking_code in html
    assert "验证码已在提交后显示过一次，不再显示。" in html
    assert secret not in str(client.session.items())


def test_a_head_request_does_not_use_up_the_secret(client, db):
    client.post("/hd/topics/new/", FORM)
    assert client.head(THANKS).status_code == 200
    assert _secret_of(client.get(THANKS).content.decode()) is not None


def test_tracking_with_code_and_secret_shows_the_state(client, db, office_head, departments):
    topic = services.topic_submit(**FORM)
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    response = client.post(TRACK, {"tracking_code": f" {topic.tracking_code.lower()} ", "secret": topic.secret})
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert re.search(r'id="topic-status">已转部门办理<', html)
    assert "随县发展和改革局" in html and topic.title in html


@pytest.mark.parametrize("which", ["secret", "code", "old_row"])
def test_tracking_with_a_wrong_pair_is_not_found_in_chinese(client, db, which):
    topic = services.topic_submit(**FORM)
    data = {"tracking_code": topic.tracking_code, "secret": topic.secret}
    if which == "secret":
        data["secret"] = "AAAA-BBBB-CCCC"
    elif which == "code":
        data["tracking_code"] = "DTQ2026-AAAAAAAA"
    else:  # a topic from before codes: it has a code but no secret hash, so no secret opens it
        TopicRequest.objects.filter(pk=topic.pk).update(verification_secret_hash="")
    response = client.post(TRACK, data)
    html = response.content.decode()
    assert response.status_code == 404
    assert "未找到该点题：查询码或验证码不正确。" in html and topic.title not in html


def test_tracking_locks_out_after_repeated_failures(client, db, settings):
    settings.SUNSHINE_FAILURE_LIMITS = {**settings.SUNSHINE_FAILURE_LIMITS, "track": (2, 900)}
    from django.core.cache import cache
    cache.clear()
    topic = services.topic_submit(**FORM)
    for _ in range(2):
        assert client.post(TRACK, {"tracking_code": topic.tracking_code, "secret": "AAAA-BBBB-CCCC"}).status_code == 404
    response = client.post(TRACK, {"tracking_code": topic.tracking_code, "secret": topic.secret})
    assert response.status_code == 429
    cache.clear()


def test_api_returns_the_code_and_secret_once_with_no_store(api_client, db):
    response = api_client.post("/api/v1/topics/", FORM, format="json")
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    body = response.json()
    topic = TopicRequest.objects.get(reference=body["reference"])
    assert body["tracking_code"] == topic.tracking_code and tracking_codes.check_secret(topic, body["secret"])


def test_migration_gives_existing_topics_codes_without_secrets(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "sunshine.participation.migrations.0003_topic_tracking_codes_and_publication_items")
    topic = services.topic_submit(**FORM)
    TopicRequest.objects.filter(pk=topic.pk).update(tracking_code=None, verification_secret_hash="")
    migration.give_codes(apps, None)
    topic.refresh_from_db()
    assert re.fullmatch(rf"DTQ{topic.created_at.year}-[A-Z2-9]{{8}}", topic.tracking_code)
    assert topic.verification_secret_hash == ""


# --- echo-wall entries link to the published item -----------------------------------------------------------------

def _forwarded(office_head, departments):
    topic = services.topic_submit(**FORM)
    return services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)


def test_published_answer_records_the_item_and_the_wall_links_to_it(client, db, office_head, clerk, departments,
                                                                    published_item, sign):
    item = published_item()
    topic = _forwarded(office_head, departments)
    drafted = services.topic_publish(topic=topic, actor=clerk, answer="方案已公开。", publication_item=item.pk)
    assert drafted.status == "awaiting_sign_off" and drafted.draft_publication_item_id == item.pk
    issued = sign(drafted)
    issued.refresh_from_db()
    assert issued.status == "published" and issued.publication_item_id == item.pk
    html = client.get("/hd/echo-wall/").content.decode()
    link = reverse("publications:item", args=[item.pk])
    assert f'<a href="{link}">随县城区公交线路调整方案</a>' in html
    assert "11421321MB1234567X/2026-00042" in html
    api = client.get("/api/v1/topics/echo-wall").json()["results"][0]
    assert api["publication_item"] == {"url": link, "title": "随县城区公交线路调整方案",
                                       "index_number": "11421321MB1234567X/2026-00042"}


@pytest.mark.parametrize("kind", ["other_department", "draft", "missing"])
def test_only_a_published_item_of_the_topics_department_is_accepted(db, office_head, clerk, departments,
                                                                   published_item, kind):
    item_pk = {"other_department": lambda: published_item("zjj").pk,
               "draft": lambda: published_item(status="draft").pk, "missing": lambda: 999_999}[kind]()
    topic = _forwarded(office_head, departments)
    with pytest.raises(DomainError) as exc:
        services.topic_publish(topic=topic, actor=clerk, answer="方案已公开。", publication_item=item_pk)
    assert exc.value.field == "publication_item" and exc.value.message == "请选择本部门已发布的主动公开信息。"
    topic.refresh_from_db()
    assert topic.status == "forwarded" and topic.draft_publication_item_id is None


def test_answer_form_offers_only_the_departments_published_items(client, db, office_head, clerk, departments,
                                                                published_item):
    mine = published_item()
    published_item("zjj", index_number="11421321MB7654321Y/2026-00001", title="住建局的信息")
    published_item(status="draft", index_number="11421321MB1234567X/2026-00043", title="未发布的草稿")
    topic = _forwarded(office_head, departments)
    client.force_login(clerk)
    html = client.get(f"/hd/staff/topics/{topic.pk}/").content.decode()
    assert f'value="{mine.pk}"' in html and "随县城区公交线路调整方案" in html
    assert "住建局的信息" not in html and "未发布的草稿" not in html
    response = client.post(f"/hd/staff/topics/{topic.pk}/answer/",
                           {"action": "publish", "text": "方案已公开。", "publication_item": mine.pk})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == "awaiting_sign_off" and topic.draft_publication_item_id == mine.pk


def test_echo_wall_has_no_n_plus_one_with_items(client, db, office_head, clerk, departments, published_item, sign,
                                                django_assert_max_num_queries):
    for n in range(3):
        item = published_item(index_number=f"11421321MB1234567X/2026-0010{n}", title=f"公开信息{n}")
        topic = _forwarded(office_head, departments)
        sign(services.topic_publish(topic=topic, actor=clerk, answer="方案已公开。", publication_item=item))
    client.get("/hd/echo-wall/")
    with django_assert_max_num_queries(8):
        html = client.get("/hd/echo-wall/").content.decode()
    assert html.count('class="publication-item"') == 3


@pytest.mark.parametrize(("value", "status", "message"), [
    ("", 400, "请填写查询码。"), (" ", 400, "请填写查询码。"), ("\u200b" * 3, 404, "未找到该点题"),
    ("Ｄ" * 41, 400, "查询码不能超过40个字符。"), ("'; DROP TABLE x; --", 404, "未找到该点题"),
    ("\x00", 400, "查询码含有无效字符。"), ("DTQ2026-" + "A" * 500, 400, "验证码不能超过40个字符。")])
def test_tracking_page_refuses_hostile_input_in_chinese(client, db, value, status, message):
    from django.core.cache import cache

    cache.clear()
    response = client.post(TRACK, {"tracking_code": value, "secret": value})
    assert response.status_code == status and message in response.content.decode()
    cache.clear()
