"""Reader toggle 简/繁 (portal.reader_script): the switch, the server-side conversion of public pages, and what it
must never touch."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from sunshine.portal import reader_script
from sunshine.portal.reader_script import SCRIPT_COOKIE, convert_html, convert_response

PAGE = """<!DOCTYPE html>
<html lang="zh-Hant" data-reader-script="hant"><head><title>政府信息公开</title>
<script>var q = "信息"; if (a < b) {}</script><script type="application/json">{"标题": "信息公开"}</script>
<style>.x::after { content: "发" }</style></head>
<body hx-headers='{"X-CSRFToken": "信息"}' data-label="发布">
<!-- 注释：信息 -->
<a href="/gk/search/?q=信息公开" id="发布" title="信息公开" aria-label='发布机构'>信息<mark>公开</mark></a>
<form><input name="q" value="政府信息" placeholder="请输入检索词"><textarea name="body">申请内容</textarea>
<select name="c"><option value="财政">财政预算</option></select></form>
<table><tr><th>索引号</th><td translate="no">随发改-2024-<b>0001</b><span>号</span></td></tr></table>
<p>头发<br>发展<img src="/媒体/图.png" alt="图表"/></p><span translate="no"><span>发</span>发</span><p>后来</p>
</body></html>"""


def test_convert_html_converts_text_nodes_and_readable_attributes_only():
    html = convert_html(PAGE, "hant")
    assert "<title>政府信息公開</title>" in html
    assert ">信息<mark>公開</mark></a>" in html
    assert 'title="信息公開" aria-label=\'發佈機構\'' in html
    assert 'placeholder="請輸入檢索詞"' in html and 'alt="圖表"' in html
    assert ">財政預算</option>" in html and "<th>索引號</th>" in html
    assert "<p>頭髮<br>發展<img" in html and "<p>後來</p>" in html
    # untouched: URLs, ids, form values, data/htmx attributes, scripts, JSON, styles, comments, translate="no"
    for kept in ['href="/gk/search/?q=信息公开"', 'id="发布"', 'value="政府信息"', '<textarea name="body">申请内容',
                 'value="财政"', 'data-label="发布"', '"X-CSRFToken": "信息"', 'var q = "信息"',
                 '{"标题": "信息公开"}', 'content: "发"', "<!-- 注释：信息 -->", 'src="/媒体/图.png"',
                 '<td translate="no">随发改-2024-<b>0001</b><span>号</span></td>',
                 '<span translate="no"><span>发</span>发</span>']:
        assert kept in html, kept
    # and back: everything converted returns to the original
    assert convert_html(html, "hans") == PAGE


def test_convert_html_leaves_a_page_without_chinese_text_as_it_is():
    html = '<p class="x">2024-01-01</p><a href="/信息/">OK</a>'
    assert convert_html(html, "hant") == html


def test_convert_response_only_for_marked_html_pages():
    page = HttpResponse("<!DOCTYPE html>\n<html lang=\"zh-Hant\" data-reader-script=\"hant\"><p>信息公开</p>")
    assert "<p>信息公開</p>" in convert_response(page).content.decode()
    assert convert_response(page).content.decode().count("公開") == 1  # converted once
    unmarked = HttpResponse('<html lang="zh-CN"><p>信息公开</p>')
    assert convert_response(unmarked).content.decode() == '<html lang="zh-CN"><p>信息公开</p>'
    data = JsonResponse({"html": '<html data-reader-script="hant">信息公开'}, json_dumps_params={"ensure_ascii": False})
    before = data.content
    assert convert_response(data).content == before
    late = HttpResponse('<html lang="zh-CN">' + " " * 2000 + '<html data-reader-script="hant"><p>信息</p>')
    assert "<p>信息</p>" in convert_response(late).content.decode()  # the marker counts only in the html tag


def test_switch_sets_cookie_and_returns_to_the_page(client, db):
    response = client.get(reverse("portal:reader-script"), {"to": "hant", "next": "/gk/?page=2"})
    assert response.status_code == 302 and response["Location"] == "/gk/?page=2"
    assert response.cookies[SCRIPT_COOKIE].value == "hant" and response.cookies[SCRIPT_COOKIE]["httponly"]
    response = client.get(reverse("portal:reader-script"), {"to": "hans", "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home")
    assert response.cookies[SCRIPT_COOKIE].value == "hans"
    response = client.get(reverse("portal:reader-script"), {"to": "klingon", "next": "/"})
    assert response.cookies[SCRIPT_COOKIE].value == ""  # deleted: pages as written


def test_home_page_in_traditional_then_back(client, db):
    client.cookies[SCRIPT_COOKIE] = "hant"
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hant" data-reader-script="hant">' in html
    assert "<title>首頁 - 陽光政務</title>" in html and "政府信息公開" in html and "依申請公開" in html
    assert "首页" not in html
    # the toggle keeps each label in its own script and marks the current choice
    assert 'lang="zh-Hans">简体</a>' in html and 'lang="zh-Hant" aria-current="true">繁體</a>' in html
    assert 'href="/gk/"' in html and 'action="/gk/search/"' in html
    client.cookies[SCRIPT_COOKIE] = "hans"
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans" data-reader-script="hans">' in html and "<title>首页 - 阳光政务</title>" in html
    assert 'lang="zh-Hans" aria-current="true">简体</a>' in html
    del client.cookies[SCRIPT_COOKIE]
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN">' in html and "data-reader-script" not in html and 'aria-current="true"' not in html


def test_staff_pages_are_never_converted(client, clerk):
    client.force_login(clerk)
    client.cookies[SCRIPT_COOKIE] = "hant"
    html = client.get(reverse("portal:workbench")).content.decode()
    assert '<html lang="zh-CN">' in html and "工作台" in html and "工作臺" not in html


def test_without_the_cookie_the_middleware_does_nothing(client, db, monkeypatch):
    calls = []
    monkeypatch.setattr(reader_script, "convert_response", lambda r: calls.append(r) or r)
    client.get("/")
    assert calls == []
    client.cookies[SCRIPT_COOKIE] = "hant"
    client.get("/")
    assert len(calls) == 1


def test_traditional_mode_leaves_document_numbers_as_issued():
    """An item's document number (文号) and a search hit's are identifiers: 繁體 converts the text around them only."""
    from django.template.loader import render_to_string

    from sunshine.portal.reader_script import convert_html

    class Item:
        title, document_number = "关于发展农业的通知", "随政办发〔2026〕3号"

    body = render_to_string("publications/public/_item_body.html", {"item": Item()})
    converted = convert_html(f'<html data-reader-script="hant"><body>{body}</body></html>', "hant")
    assert '<p class="doc-number" translate="no">随政办发〔2026〕3号</p>' in converted
    assert "隨政辦發" not in converted
