"""Search across scripts (检索的简繁归一): a traditional query finds simplified items and the reverse; runs on SQLite
(FTS5) and PostgreSQL (tsvector) per DATABASE_URL, like test_search.py."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sunshine.core.chinese_script import to_simplified, to_traditional
from sunshine.search import services
from sunshine.search.models import SearchEntry
from sunshine.search.script import fold_script
from sunshine.search.tests.recall import random_cjk_query, random_texts
from sunshine.search.tokenize import parse_query

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db

# seed 002's title and first sentence, in its traditional characters
SEED_TITLE = "XX街道政務公開暨政務服務工作匯報"
SEED_BODY = "今年以來,XX街道政務公開工作緊緊圍繞增強工作的透明度,加強民主監督,密切與群眾的聯系。"


def add(object_id, title, body="", *, day=0, document_number=""):
    services.index_entry(kind="publication", object_id=object_id, title=title, document_number=document_number,
                         body=body, published_at=datetime(2024, 3, 1, 9, tzinfo=TZ) + timedelta(days=day))


def ids(query, **kwargs):
    return [h.object_id for h in services.search(kind="publication", query=query, order="date", **kwargs).hits]


def test_query_is_folded_to_simplified_in_one_place():
    assert fold_script("政府資訊公開") == "政府信息公开"  # the Taiwan term, not 政府资讯公开
    assert fold_script("財政預算") == "财政预算"
    simplified = "信息公开 2024"
    assert fold_script(simplified) is simplified  # nothing traditional: untouched, no conversion
    assert parse_query("政務 公開") == parse_query("政务 公开")
    assert [t.runs for t in parse_query("財政預算")] == [("财政预算",)]


def test_traditional_query_finds_simplified_items():
    add(1, "关于2024年财政预算执行情况的报告", "全面推进政府信息公开工作，接受社会监督。", day=1)
    add(2, "关于做好政务服务工作的通知", "各乡镇要优化营商环境。", day=2)
    add(3, "关于公布资讯服务电话的通知", "新闻资讯。", day=3)
    assert ids("財政預算") == [1]
    assert ids("政府資訊公開") == [1]
    assert ids("政府信息公開") == [1]  # mainland term written in traditional characters
    assert ids("政務服務") == [2]
    assert ids("服務") == [3, 2]
    assert ids("資訊") == [3]  # the word alone is 资讯 (only 政府資訊/資訊公開 are mapped to 信息)
    assert ids("财政预算") == [1]  # simplified queries as before
    (hit,) = services.search(kind="publication", query="政府資訊公開").hits
    assert "<mark>政府信息公开</mark>" in hit.snippet_html
    (hit,) = services.search(kind="publication", query="財政預算", order="relevance").hits
    assert hit.title_html == "关于2024年<mark>财政预算</mark>执行情况的报告"


def test_traditional_item_is_indexed_and_stored_in_simplified():
    add(7, SEED_TITLE, SEED_BODY, document_number="隨政辦發〔2011〕5號")
    add(8, "关于政务服务的通知", "简体正文。")
    entry = SearchEntry.objects.get(object_id=7)
    assert entry.title == "XX街道政务公开暨政务服务工作汇报"
    assert entry.document_number == "随政办发〔2011〕5号"
    assert entry.text.startswith("今年以来,XX街道政务公开工作紧紧围绕")
    assert ids("政务公开") == [7]
    assert ids("政務公開") == [7]
    assert ids("紧紧围绕") == [7] and ids("緊緊圍繞") == [7]
    assert ids("随政办发") == [7]
    assert ids("政务服务") == [8, 7]
    (hit,) = services.search(kind="publication", query="群眾").hits
    assert hit.object_id == 7 and "<mark>群众</mark>" in hit.snippet_html


def test_rebuild_index_folds_entries_stored_before_folding(monkeypatch):
    monkeypatch.setattr(services, "fold_script", lambda text: text)  # as indexed by an earlier version
    add(5, SEED_TITLE, SEED_BODY)
    assert SearchEntry.objects.get(object_id=5).title == SEED_TITLE
    assert ids("政务公开") == []
    monkeypatch.undo()
    assert services.rebuild_index() == 1
    assert SearchEntry.objects.get(object_id=5).title == "XX街道政务公开暨政务服务工作汇报"
    assert ids("政务公开") == [5] and ids("政務公開") == [5]


def test_highlight_of_a_traditional_query_string():
    html = services.highlight("推进政府信息公开工作", "政府資訊公開", length=None)
    assert html == "推进<mark>政府信息公开</mark>工作"


def test_recall_and_precision_equal_substring_truth_across_scripts():
    """The substring guarantee of test_search.py with half the items indexed in traditional characters and half
    the queries typed in traditional: the truth is substring containment in the simplified text."""
    rnd = random.Random(20251122)
    vocab = ["信息", "公开", "政府", "工作", "政务", "服务", "公示", "开展", "财政", "预算", "发展", "头发", "规范",
             "县", "镇", "2014", "年", "，", "。", "申请", "依法", "办公室", "信", "开", "务公", "发"]
    texts = random_texts(rnd, vocab)
    entries = []
    for i, (title, body) in texts.items():
        shown = (to_traditional(title), to_traditional(body)) if i % 2 else (title, body)
        # the guarantee is against the simplified text: conversion must come back exactly (a fact about OpenCC's
        # dictionaries for this vocabulary, checked here so that the truth below is the right one)
        assert tuple(to_simplified(t) for t in shown) == (title, body), shown
        entries.append({"kind": "publication", "object_id": i, "title": shown[0], "body": shown[1],
                        "published_at": datetime(2024, 3, 1, i % 20, tzinfo=TZ) + timedelta(days=i % 30)})
    services.index_many(entries, batch_size=37)
    sources = [t for pair in texts.values() for t in pair]
    checked = 0
    for n_query in range(80):
        source = rnd.choice(sources)
        query = random_cjk_query(rnd, source)
        if query is None:
            continue
        typed = to_traditional(query) if n_query % 2 else query
        assert to_simplified(typed) == query, typed
        truth = {i for i, (a, b) in texts.items() if query in a or query in b}
        page = services.search(kind="publication", query=typed, order="date", page_size=100)
        assert page.total == len(truth), typed
        assert {h.object_id for h in page.hits} == truth, typed
        checked += 1
    assert checked >= 60
