"""Public column in the reader's script (简/繁): item, print and search pages, and the page cache key."""

import pytest
from django.urls import reverse

from sunshine.portal import reader_script
from sunshine.portal.reader_script import SCRIPT_COOKIE
from sunshine.publications.models import Publication

pytestmark = pytest.mark.django_db

INDEX_NUMBER = "随发改-2024-0007"  # a department pattern may put Chinese in index numbers: never converted


@pytest.fixture
def budget_item(draft, publish):
    p = publish(draft("全面推进政府信息公开，本级财政预算按时公开。", title="关于2024年财政预算执行情况的报告",
                      document_number="随发改发〔2024〕5号"))
    Publication.objects.filter(pk=p.pk).update(index_number=INDEX_NUMBER)
    return p


def test_item_page_in_traditional_keeps_index_number_and_urls(client, budget_item):
    client.cookies[SCRIPT_COOKIE] = "hant"
    url = reverse("publications:item", args=[budget_item.pk])
    html = client.get(url).content.decode()
    assert '<html lang="zh-Hant" data-reader-script="hant">' in html
    assert '<h1 class="article-title">關於2024年財政預算執行情況的報告</h1>' in html
    assert "全面推進政府信息公開，本級財政預算按時公開。" in html
    # identifiers stay as issued (translate="no"): the document number (文号) under the title and in the meta table
    assert '<p class="doc-number" translate="no">随发改发〔2024〕5号</p>' in html
    assert '<th scope="row">文號</th><td translate="no">随发改发〔2024〕5号</td>' in html
    assert "隨發改發" not in html
    assert f'<th scope="row">索引號</th><td translate="no">{INDEX_NUMBER}</td>' in html
    assert f'href="{reverse("publications:item-print", args=[budget_item.pk])}"' in html
    html = client.get(reverse("publications:item-print", args=[budget_item.pk])).content.decode()
    assert '<html lang="zh-Hant" data-reader-script="hant">' in html and "財政預算執行情況" in html


def test_page_cache_key_holds_the_script_and_stores_the_converted_page(client, budget_item, monkeypatch):
    url = reverse("publications:item", args=[budget_item.pk])
    calls = []
    convert = reader_script.convert_html
    monkeypatch.setattr(reader_script, "convert_html",
                        lambda html, script: calls.append(script) or convert(html, script))
    client.cookies[SCRIPT_COOKIE] = "hant"
    first = client.get(url).content
    second = client.get(url).content
    assert first == second and "財政預算" in first.decode()
    assert calls == ["hant"]  # converted once, then served converted from the cache
    del client.cookies[SCRIPT_COOKIE]
    plain = client.get(url).content.decode()
    assert "财政预算执行情况" in plain and "財政預算" not in plain and '<html lang="zh-CN">' in plain
    client.cookies[SCRIPT_COOKIE] = "hans"
    html = client.get(url).content.decode()
    assert '<html lang="zh-Hans" data-reader-script="hans">' in html and "财政预算执行情况" in html
    assert calls == ["hant"]  # nothing traditional on the page: no conversion at all


def test_search_with_a_traditional_query_finds_the_simplified_item(client, budget_item):
    client.cookies[SCRIPT_COOKIE] = "hant"
    for query in ("財政預算", "政府資訊公開"):
        html = client.get(reverse("publications:search"), {"q": query}).content.decode()
        assert "共找到 1 條信息" in html, query
        assert f'href="{reverse("publications:item", args=[budget_item.pk])}"' in html
        assert f'value="{query}"' in html  # the form value is the reader's own text
        assert f'<span translate="no">{INDEX_NUMBER}</span>' in html
        assert '<span translate="no">随发改发〔2024〕5号</span>' in html and "隨發改發" not in html
    assert "<mark>政府信息公開</mark>" in html
    del client.cookies[SCRIPT_COOKIE]
    html = client.get(reverse("publications:search"), {"q": "財政預算"}).content.decode()
    assert "共找到 1 条信息" in html and "<mark>财政预算</mark>" in html


def test_a_traditional_item_is_shown_as_written_or_in_simplified(client, draft, publish):
    p = publish(draft("今年以來,XX街道政務公開工作緊緊圍繞增強工作的透明度。",
                      title="XX街道政務公開暨政務服務工作匯報"))
    url = reverse("publications:item", args=[p.pk])
    assert '<h1 class="article-title">XX街道政務公開暨政務服務工作匯報</h1>' in client.get(url).content.decode()
    client.cookies[SCRIPT_COOKIE] = "hans"
    html = client.get(url).content.decode()
    assert '<h1 class="article-title">XX街道政务公开暨政务服务工作汇报</h1>' in html
    assert "今年以来,XX街道政务公开工作紧紧围绕增强工作的透明度。" in html
    assert 'lang="zh-Hant">繁體</a>' in html  # the toggle keeps its label
    # and the search finds it with a simplified query
    del client.cookies[SCRIPT_COOKIE]
    html = client.get(reverse("publications:search"), {"q": "政务公开"}).content.decode()
    assert "共找到 1 条信息" in html and "<mark>政务公开</mark>" in html


def test_catalogue_in_traditional_keeps_index_and_document_numbers(client, budget_item):
    client.cookies[SCRIPT_COOKIE] = "hant"
    html = client.get(reverse("publications:catalogue")).content.decode()
    assert "關於2024年財政預算執行情況的報告" in html  # the title is converted
    assert f'<td class="c-index" translate="no">{INDEX_NUMBER}</td>' in html
    assert '<td class="c-docno" translate="no">随发改发〔2024〕5号</td>' in html
    assert "隨發改發" not in html
