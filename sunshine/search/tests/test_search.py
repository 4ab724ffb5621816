"""Search kernel tests; the same file runs on SQLite (FTS5) and PostgreSQL (tsvector) per DATABASE_URL."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from sunshine.search import services
from sunshine.search.errors import SearchQueryError
from sunshine.search.models import SearchEntry
from sunshine.search.tests.recall import random_cjk_query, random_texts
from sunshine.search.tokenize import parse_query, segment_words, tokenize_for_index

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2024, 3, 1, hour, tzinfo=TZ) + timedelta(days=day)


def add(object_id, title, body="", *, day=0, document_number="", attachments_text="", kind="publication", **filters):
    services.index_entry(kind=kind, object_id=object_id, title=title, document_number=document_number, body=body,
                         attachments_text=attachments_text, published_at=at(day), filters=filters)


def ids(query, **kwargs):
    kwargs.setdefault("kind", "publication")
    return [h.object_id for h in services.search(query=query, **kwargs).hits]


# --- tokenizer ---------------------------------------------------------------------------------------------

def test_index_tokens_bigrams_run_final_char_and_ascii():
    assert tokenize_for_index("信息公开") == "信息 息公 公开 开"
    assert tokenize_for_index("随政办发〔２０１４〕34号") == "随政 政办 办发 发 2014 34 号"
    assert tokenize_for_index("Ｗeb 平台") == "web 平台 台"


def test_query_compiles_to_bigram_phrase():
    (term,) = parse_query("信息公开")
    assert term.tokens == ("信息", "息公", "公开") and not term.prefix
    (term,) = parse_query("〔2014〕34号")
    assert term.tokens == ("2014", "34", "号") and term.prefix
    assert len(parse_query("政府  工作")) == 2


@pytest.mark.parametrize("query, message", [
    ("", "请输入检索词"), ("   ", "请输入检索词"), ("政" * 51, "检索词过长"), ("*:^()\"'", "没有可检索的文字"),
])
def test_unusable_queries_raise_chinese_error(query, message):
    with pytest.raises(SearchQueryError) as err:
        services.search(kind="publication", query=query)
    assert message in err.value.message


def test_gov_terms_dictionary_is_applied():
    words = segment_words("依申请公开的政府信息公开工作年度报告")
    assert "依申请公开" in words and "政府信息公开工作年度报告" in words


# --- matching ------------------------------------------------------------------------------------------------

def test_two_char_query_inside_a_segmented_word():
    add(1, "关于做好信息公开工作的通知", "各单位要认真落实。")
    add(2, "关于公布办公时间的通知", "信息发布与公众参与。")  # 信息 and 公 but never 息公
    assert ids("息公") == [1]
    assert ids("信息公开") == [1]
    assert ids("开工") == [1]  # across the boundary of 公开|工作


def test_four_char_query_and_punctuation_in_text():
    add(1, "通知", "推进政务公开标准化规范化。")
    add(2, "通知", "推进政务、公开标准。")
    assert ids("政务公开") == [1]
    assert ids("务公开标") == [1]
    assert ids("政务，公开") == [2]


def test_term_in_attachment_text_and_title_only():
    add(1, "项目公示", "见附件。", attachments_text="厉山镇新街村危房改造补助名单")
    add(2, "危房改造补助资金分配", "正文。")
    assert sorted(ids("危房改造")) == [1, 2]
    assert ids("新街村") == [1]


def test_document_number_and_ascii_queries():
    add(1, "关于印发工作要点的通知", document_number="随政办发〔2014〕34号")
    add(2, "2014年统计公报", "GDP 增长 7.5%")
    add(3, "2015年统计公报", "第34号文件")
    assert ids("随政办发〔2014〕34号") == [1]
    assert ids("〔2014〕34号") == [1]
    assert sorted(ids("2014")) == [1, 2]
    assert ids("gdp") == [2]
    assert ids("２０１４年") == [2]  # full-width digits are normalised


def test_one_character_query_finds_run_final_and_inner_characters():
    add(1, "随县", "")  # 县 only at the end of a run
    add(2, "县政府", "")  # 县 at the start
    add(3, "市政府", "")
    assert sorted(ids("县")) == [1, 2]


def test_several_terms_are_anded():
    add(1, "森林防火", "高城镇")
    add(2, "森林防火", "殷店镇")
    assert ids("森林 高城") == [1]
    assert sorted(ids("森林")) == [1, 2]


def test_fts_syntax_and_injection_queries_are_harmless():
    add(1, "AND OR NEAR 测试", "it's \"quoted\"")
    for q in ['"AND OR NEAR(', "' OR 1=1 --", "信息*", "title:公开", '"', "NOT 测试", "); DROP TABLE x; --"]:
        try:
            page = services.search(kind="publication", query=q)
        except SearchQueryError as err:
            assert err.message
        else:
            assert page.total >= 0
    assert ids("near") == [1]
    assert SearchEntry.objects.count() == 1


# --- filters, order, paging ----------------------------------------------------------------------------------

def test_filters():
    add(1, "防汛抗旱通知", day=0, department=10, level="county", category="应急管理", genre="文件", validity="有效")
    add(2, "防汛抗旱通知", day=400, department=11, level="town", category="应急管理", genre="通知公告",
        validity="废止")
    add(3, "防汛抗旱通知", day=1, kind="hotline")
    assert sorted(ids("防汛")) == [1, 2]
    assert ids("防汛", filters={"department": 10}) == [1]
    assert sorted(ids("防汛", filters={"department": [10, 11]})) == [1, 2]
    assert ids("防汛", filters={"level": "town"}) == [2]
    assert ids("防汛", filters={"genre": "文件", "validity": "有效"}) == [1]
    assert ids("防汛", filters={"year": 2025}) == [2]
    assert ids("防汛", filters={"year": 2024, "level": "town"}) == []
    assert ids("防汛", kind="hotline") == [3]
    with pytest.raises(SearchQueryError):
        services.search(kind="publication", query="防汛", filters={"colour": "red"})


def test_date_order_newest_first_and_relevance_prefers_title():
    add(1, "乡村振兴工作要点", "乡村振兴。乡村振兴。", day=0)
    add(2, "通知", "提到一次乡村振兴。", day=5)
    add(3, "通知", "提到一次乡村振兴。", day=9)
    page = services.search(kind="publication", query="乡村振兴", order="date")
    assert [h.object_id for h in page.hits] == [3, 2, 1] and page.total == 3
    assert [h.score for h in page.hits] == [0, 0, 0]
    rel = services.search(kind="publication", query="乡村振兴", order="relevance")
    assert rel.hits[0].object_id == 1 and rel.hits[0].score > rel.hits[1].score


def test_same_publication_time_gets_distinct_keys_and_paging():
    services.index_many([
        {"kind": "publication", "object_id": i, "title": f"公告第{i}号", "published_at": at(0), "filters": {}}
        for i in range(1, 26)
    ])
    assert SearchEntry.objects.count() == 25
    first = services.search(kind="publication", query="公告", order="date", page=1, page_size=10)
    third = services.search(kind="publication", query="公告", order="date", page=3, page_size=10)
    assert first.total == 25 and first.num_pages == 3 and len(third.hits) == 5
    all_ids = set()
    for p in (1, 2, 3):
        all_ids |= set(ids("公告", order="relevance", page=p, page_size=10))
    assert all_ids == set(range(1, 26))


def test_relevance_pages_beyond_the_candidate_pool(monkeypatch):
    monkeypatch.setattr(services, "RELEVANCE_POOL", 4)
    services.index_many([
        {"kind": "publication", "object_id": i, "title": "森林防火" if i in (2, 3) else "通知",
         "body": "做好森林防火工作", "published_at": at(i), "filters": {}} for i in range(1, 13)
    ])
    seen = []
    for p in range(1, 5):
        seen += ids("森林防火", page=p, page_size=3)
    assert sorted(seen) == list(range(1, 13))  # every hit exactly once
    assert seen[:2] == [3, 2]  # the title matches first, though older than the pool of newest matches


# --- maintenance ---------------------------------------------------------------------------------------------

def test_reindex_replaces_and_remove_deletes():
    add(1, "旧标题防汛", "旧正文")
    add(1, "新标题抗旱", "新正文")
    assert ids("防汛") == [] and ids("抗旱") == [1]
    assert services.remove_entry(kind="publication", object_id=1) is True
    assert ids("抗旱") == [] and SearchEntry.objects.count() == 0
    assert services.remove_entry(kind="publication", object_id=1) is False
    add(1, "再次发布抗旱", "")
    assert ids("抗旱") == [1]


def test_rebuild_index_keeps_results():
    add(1, "河长制工作", "巡河记录")
    add(2, "林长制工作", "护林记录")
    assert services.rebuild_index() == 2
    assert ids("长制") == [2, 1] or sorted(ids("长制")) == [1, 2]
    assert ids("巡河") == [1]


def test_build_match_query_is_backend_specific():
    q = services.build_match_query("信息公开")
    if connection.vendor == "postgresql":
        assert q == "(信息 <-> 息公 <-> 公开)"
    else:
        assert q.startswith('{title body} : ("信息 息公 公开")')


# --- snippets ------------------------------------------------------------------------------------------------

def test_snippet_highlight_and_escaping():
    body = "前言" * 80 + "<script>alert(1)</script>依申请公开的答复期限为二十个工作日。" + "结尾" * 80
    add(1, "关于<b>依申请公开</b>的说明", body)
    (hit,) = services.search(kind="publication", query="申请公开").hits
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "<mark>申请公开</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")
    visible = hit.snippet_html.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert len(visible.replace("&lt;", "<").replace("&gt;", ">")) == 120
    assert hit.title_html == "关于&lt;b&gt;依<mark>申请公开</mark>&lt;/b&gt;的说明"


def test_highlight_maps_fullwidth_text_back():
    html = services.highlight("文号：随政办发〔２０１４〕３４号", "2014", length=None)
    assert html == "文号：随政办发〔<mark>２０１４</mark>〕３４号"


# --- recall property -----------------------------------------------------------------------------------------

def test_recall_and_precision_equal_substring_truth():
    rnd = random.Random(20241121)
    vocab = ["信息", "公开", "政府", "工作", "政务", "服务", "公示", "开展", "息公", "务公", "府信", "县", "镇",
             "2014", "年", "，", "。", "申请", "依法", "办公室", "信", "开"]
    texts = random_texts(rnd, vocab)
    entries = [{"kind": "publication", "object_id": i, "title": title, "body": body,
                "published_at": at(i % 30, hour=i % 20), "filters": {}} for i, (title, body) in texts.items()]
    services.index_many(entries, batch_size=37)
    cjk = [(i, t) for i, (a, b) in texts.items() for t in (a, b)]
    for _ in range(60):
        _, source = rnd.choice(cjk)
        query = random_cjk_query(rnd, source)
        if query is None:
            continue
        truth = {i for i, (a, b) in texts.items() if query in a or query in b}
        page = services.search(kind="publication", query=query, order="date", page_size=100)
        assert page.total == len(truth), query
        assert {h.object_id for h in page.hits} == truth, query


def test_count_is_capped_but_newest_stay_first(settings):
    settings.SEARCH_COUNT_CAP = 3
    for i in range(1, 6):
        add(i, f"招标公告{i}", "政府采购项目", day=i)
    page = services.search(kind="publication", query="采购", order="date", page_size=4)
    assert [h.object_id for h in page.hits] == [5, 4, 3, 2]
    assert (page.total, page.total_exact) == (3, False)
    settings.SEARCH_COUNT_CAP = 5
    page = services.search(kind="publication", query="采购", order="relevance", page_size=4)
    assert (page.total, page.total_exact, len(page.hits)) == (5, True, 4)
    rare = services.search(kind="publication", query="公告3")
    assert (rare.total, rare.total_exact, [h.object_id for h in rare.hits]) == (1, True, [3])


def test_relevance_over_the_count_cap_still_puts_title_matches_first(settings, monkeypatch):
    settings.SEARCH_COUNT_CAP = 2
    monkeypatch.setattr(services, "RELEVANCE_POOL", 4)
    services.index_many([
        {"kind": "publication", "object_id": i, "title": "森林防火" if i in (2, 3) else "通知",
         "body": "做好森林防火工作", "published_at": at(i), "filters": {}} for i in range(1, 13)
    ])
    page = services.search(kind="publication", query="森林防火", page_size=2)
    assert (page.total, page.total_exact) == (2, False)
    assert [h.object_id for h in page.hits] == [3, 2]
    assert ids("森林防火", order="date", page_size=3) == [12, 11, 10]


@pytest.mark.parametrize("frequency", [None, 0.0, 1.0])
def test_newest_matches_of_a_word_absent_from_recent_items(settings, monkeypatch, frequency):
    """Over the count cap, PostgreSQL probes the newest entries in order, then finds the older ones through GIN
    range by range; whichever way the statistics point (None: none, 0: rare, 1: common), the results are the same."""
    from sunshine.search.backends import PostgresBackend, PostgresMatches

    settings.SEARCH_COUNT_CAP = 2
    monkeypatch.setattr(PostgresMatches, "PROBE_WINDOW", 4)
    monkeypatch.setattr(PostgresMatches, "RANGES", (0.1, 0.3, 1.0))
    monkeypatch.setattr(PostgresBackend, "frequency", lambda self, terms, title_only=False: frequency)
    services.index_many([
        {"kind": "publication", "object_id": i, "title": "二〇一九年度预算" if i <= 6 else "其他通知",
         "published_at": at(i), "filters": {}} for i in range(1, 21)
    ])
    assert ids("年度预算", order="date", page_size=3) == [6, 5, 4]
    assert ids("年度预算", order="date", page=2, page_size=1) == [5]
    assert ids("其他", order="date", page_size=3) == [20, 19, 18]


@pytest.mark.parametrize("frequency", [None, 0.0, 1.0])
def test_date_order_pages_over_the_cap_match_substring_truth(settings, monkeypatch, frequency):
    """Words at several densities, recent or old, a small cap and small probe windows: every page in date order is
    exactly the newest substring matches, whichever strategy the (forced) statistics choose on PostgreSQL."""
    from sunshine.search.backends import PostgresBackend, PostgresMatches

    settings.SEARCH_COUNT_CAP = 7
    monkeypatch.setattr(PostgresMatches, "PROBE_WINDOW", 3)
    monkeypatch.setattr(PostgresMatches, "PROBE_STEPS", 2)
    monkeypatch.setattr(PostgresMatches, "RANGES", (0.05, 0.2, 1.0))
    monkeypatch.setattr(PostgresBackend, "frequency", lambda self, terms, title_only=False: frequency)
    rnd = random.Random(11)
    texts = {}
    for i in range(1, 81):
        parts = ["通知"]
        if rnd.random() < 0.9:
            parts.append("工作要点")
        if i % 5 == 0:
            parts.append("森林防火")
        if i < 25 and i % 2:
            parts.append("年度预算")
        if i in (3, 40, 77):
            parts.append("河长制")
        texts[i] = "，".join(parts)
    services.index_many([{"kind": "publication", "object_id": i, "title": f"第{i}号", "body": body,
                          "published_at": at(i), "filters": {}} for i, body in texts.items()])
    for query in ("工作", "作要", "森林防火", "年度预算", "河长制", "通知"):
        truth = sorted((i for i, body in texts.items() if query in body), reverse=True)
        first = services.search(kind="publication", query=query, order="date", page_size=3)
        assert first.total == min(len(truth), 7) and first.total_exact == (len(truth) <= 7), query
        for page in range(1, 4):
            start = (page - 1) * 3  # pages start within the first `cap` matches
            expected = truth[start:start + 3] if start < first.total else []
            assert ids(query, order="date", page=page, page_size=3) == expected, (query, page)
        relevance = services.search(kind="publication", query=query, page_size=7)
        got = [h.object_id for h in relevance.hits]
        assert len(got) == len(set(got)) == min(7, len(truth)) and set(got) <= set(truth), query


def test_postgresql_lexeme_statistics_drive_the_plan(monkeypatch):
    """PostgreSQL only: after ANALYZE, `frequency` reads pg_stats.most_common_elems of the tsvector column (an upper
    bound: the rarest lexeme of the query) and `rarest_token` picks the query's least common lexeme."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from sunshine.search import backends

    services.index_many([
        {"kind": "publication", "object_id": i, "title": f"通知{i}",
         "body": "工作要点" + ("，河长制" if i == 1 else "") + ("，森林防火" if i % 2 else ""),
         "published_at": at(i), "filters": {}} for i in range(1, 41)
    ])
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_searchentry")
    monkeypatch.setattr(backends, "_stats_cache", {})
    backend = backends.PostgresBackend()
    assert backend.frequency(parse_query("工作")) == pytest.approx(1.0)
    assert backend.frequency(parse_query("森林防火")) == pytest.approx(0.5)
    assert backend.frequency(parse_query("工作 河长制")) == pytest.approx(1 / 40)
    assert backend.frequency(parse_query("没有的词")) <= 1 / 40  # absent from the list: below its least frequency
    assert backend.rarest_token(parse_query("工作要点 河长制")) in ("河长", "长制")
    assert backend.row_estimate() == 40
    assert ids("河长制") == [1] and services.search(kind="publication", query="工作", order="date").total == 40
