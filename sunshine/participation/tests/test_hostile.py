"""Hostile input against participation (点题, 回音壁): link injection, XSS, masking, scope, odd input, throttling."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from sunshine.core.errors import DomainError
from sunshine.participation import services
from sunshine.participation.models import TopicRequest

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'
TOPIC = {"citizen_name": "李四", "phone": "13812345678", "title": "路灯",
         "content": "希望公开县城路灯维护的合同和费用。"}
CONTENT = "希望公开城区老旧小区改造的项目清单，联系人身份证11010519491231002X，电话13912345678。"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _submit(**overrides):
    data = {"citizen_name": "张三丰", "phone": "13812345678", "title": "老旧小区改造清单", "content": CONTENT}
    return services.topic_submit(**{**data, **overrides})


@pytest.mark.parametrize("url", ["//evil.example/x", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
                                 "javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                 "data:text/html,<script>", "https://", "http:///evil.example", "https:\\\\evil"])
def test_publication_link_cannot_point_off_site_or_run_script(office_head, clerk, departments, url):
    """Found: "//evil.example" and "/<tab>/evil.example" passed the "starts with /" rule (protocol-relative link)."""
    topic = _submit()
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    with pytest.raises(DomainError) as exc:
        services.topic_publish(topic=topic, actor=clerk, answer="已公开", publication_url=url)
    assert exc.value.field == "publication_url" and "http(s)://" in exc.value.message
    topic.refresh_from_db()
    assert topic.status == "forwarded" and topic.publication_url == ""


def test_a_bad_link_stored_earlier_is_not_shown_on_the_wall(office_head, clerk, departments, client, api_client,
                                                            sign):
    topic = _submit()
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    sign(services.topic_publish(topic=topic, actor=clerk, answer="已公开", publication_url="/gk/items/1/"))
    TopicRequest.objects.filter(pk=topic.pk).update(publication_url="//evil.example/x")  # stored by older code
    assert "evil.example" not in client.get("/hd/echo-wall/").content.decode()
    assert api_client.get("/api/v1/topics/echo-wall").json()["results"][0]["publication_url"] == ""


@pytest.mark.parametrize("url", ["/gk/items/1/", "https://www.suixian.gov.cn/art/1.html", "HTTP://a.gov.cn/x"])
def test_publication_link_accepts_site_paths_and_http_urls(office_head, clerk, departments, url, sign):
    topic = _submit()
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    drafted = services.topic_publish(topic=topic, actor=clerk, answer="已公开", publication_url=url)
    assert drafted.draft_publication_url == url and sign(drafted).publication_url == url


def test_html_in_topic_and_answer_is_escaped_and_personal_data_masked(office_head, clerk, departments, client,
                                                                      api_client, sign):
    topic = _submit(citizen_name="<b>张三丰</b>", title=XSS[:90], content=XSS + CONTENT)
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    sign(services.topic_answer(topic=topic, actor=clerk, answer=XSS + "请致电13700001111。"))
    html = client.get("/hd/echo-wall/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    assert "13912345678" not in html and "11010519491231002X" not in html and "13700001111" not in html
    assert "13812345678" not in html and "张三丰" not in html
    entry = api_client.get("/api/v1/topics/echo-wall").json()["results"][0]
    assert "13912345678" not in entry["content"] and "13812345678" not in str(entry)
    client.force_login(clerk)
    staff = client.get(f"/hd/staff/topics/{topic.pk}/").content.decode()
    assert "<script>alert(1)" not in staff


def test_only_answered_public_topics_reach_the_wall(office_head, clerk, departments, client, api_client, sign):
    _submit(title="甲未办")
    declined, hidden, drafted = _submit(title="乙不予"), _submit(title="丙撤下"), _submit(title="丁待签发")
    for t in (declined, hidden, drafted):
        services.topic_forward(topic=t, department=departments["fgw"], actor=office_head)
    services.topic_answer(topic=drafted, actor=clerk, answer="已答复，待签发")  # a draft never reaches the wall
    sign(services.topic_decline(topic=declined, actor=clerk, reason="涉及国家秘密"))
    sign(services.topic_answer(topic=hidden, actor=clerk, answer="已答复"))
    services.topic_hide(topic=TopicRequest.objects.get(pk=hidden.pk), actor=office_head, reason="含个人信息")
    html = client.get("/hd/echo-wall/").content.decode()
    assert not any(t in html for t in ("甲未办", "乙不予", "丙撤下", "丁待签发"))
    assert api_client.get("/api/v1/topics/echo-wall").json()["count"] == 0


def test_other_department_and_citizens_cannot_reach_staff_topic_pages(office_head, clerk, other_clerk, citizen,
                                                                      departments, client):
    topic = _submit()
    services.topic_forward(topic=topic, department=departments["fgw"], actor=office_head)
    client.force_login(other_clerk)
    for path in ("", "answer/", "hide/", "forward/"):
        url = f"/hd/staff/topics/{topic.pk}/{path}"
        response = client.post(url, {"action": "answer", "text": "x", "reason": "x"}) if path else client.get(url)
        assert response.status_code == 404, url
    client.force_login(citizen)
    assert client.get("/hd/staff/topics/").status_code == 403
    assert client.get(f"/hd/staff/topics/{topic.pk}/").status_code == 403
    topic.refresh_from_db()
    assert topic.status == "forwarded" and topic.public is False


@pytest.mark.parametrize("body,ctype", [("{bad", "application/json"), ("[1,2]", "application/json"),
                                       ('{"content": "\\ud800"}', "application/json"), ("x", "text/plain")])
def test_api_submit_malformed_bodies_are_chinese_4xx(api_client, body, ctype):
    response = api_client.post("/api/v1/topics/", body, content_type=ctype)
    assert 400 <= response.status_code < 500
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
    assert TopicRequest.objects.count() == 0


@pytest.mark.parametrize("fields", [{"citizen_name": "\u200b\u200b"}, {"title": "长" * 10000},
                                    {"content": "😀" * 20}, {"phone": "１３８１２３４５６７８"},
                                    {"citizen_name": "张\x1b三"}])
def test_api_submit_odd_text_never_500(api_client, fields):
    data = TOPIC
    response = api_client.post("/api/v1/topics/", {**data, **fields}, format="json")
    assert response.status_code in (201, 400), response.content


@pytest.mark.parametrize("query", ["page=-1", "page=0", "page=99999999999999999999", "page=abc", "page=%00"])
def test_echo_wall_paging_with_odd_numbers_never_500(client, api_client, query):
    expected = 400 if "%00" in query else 200  # a NUL is refused by core.middleware.RejectNulMiddleware
    assert client.get(f"/hd/echo-wall/?{query}").status_code == expected
    response = api_client.get(f"/api/v1/topics/echo-wall?{query}")
    assert response.status_code == 400  # the API's one rule for ?page= (core.api.PagePagination)
    assert response.json()["detail"] in ("提交的数据有误，请检查。", "请求参数包含无效的字符。")


@pytest.mark.parametrize("url", ["/api/v1/topics/echo-wall", "/api/v1/publications/"])
def test_an_empty_page_is_the_first_page_on_every_api_list(api_client, db, url):
    """`?page=` empty is the first page everywhere; 0, -1 and words are a 400 with the field named."""
    assert api_client.get(f"{url}?page=").json() == api_client.get(url).json()
    for bad in ("0", "-1", "abc", "1.5"):
        response = api_client.get(f"{url}?page={bad}")
        assert response.status_code == 400 and response.json()["errors"]["page"] == ["页码应为从 1 开始的整数。"]


@override_settings(SUNSHINE_THROTTLE_RATES={"public_submit": "2/hour", "public_track": None, "public_read": "3/hour",
                                            "login": None})
def test_public_topic_endpoints_are_rate_limited(client, api_client):
    data = TOPIC
    assert api_client.post("/api/v1/topics/", data, format="json").status_code == 201
    assert client.post("/hd/topics/new/", data).status_code == 302
    over = api_client.post("/api/v1/topics/", data, format="json")
    assert over.status_code == 429 and over.json()["detail"] == "请求过于频繁，请稍后再试。"
    page = client.post("/hd/topics/new/", data)
    assert page.status_code == 429 and "请求过于频繁" in page.content.decode()
    assert TopicRequest.objects.count() == 2
    assert client.get("/hd/topics/new/").status_code == 200  # GET of the form is not a submission
    for _ in range(3):
        assert api_client.get("/api/v1/topics/echo-wall").status_code == 200
    assert api_client.get("/api/v1/topics/echo-wall").status_code == 429
