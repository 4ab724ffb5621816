"""Synonyms of government terms (检索同义词): the query is expanded, never the documents; on both backends (this
file runs on SQLite and PostgreSQL per DATABASE_URL)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sunshine.search import backends, services
from sunshine.search.models import Synonym
from sunshine.search.synonyms import build_map, synonym_map
from sunshine.search.tokenize import parse_query, synonym_variants

TZ = ZoneInfo("Asia/Shanghai")


def at(day: int) -> datetime:
    return datetime(2024, 3, 1, 9, tzinfo=TZ) + timedelta(days=day)


def ids(query, **kwargs):
    return sorted(h.object_id for h in services.search(kind="publication", query=query, page_size=50, **kwargs).hits)


# --- pure: the expansion ---------------------------------------------------------------------------------------

def test_build_map_is_two_way_by_choice_and_not_transitive():
    mapping = build_map([("医保", "医疗保障", True), ("医保", "医疗保险", True), ("办照", "营业执照", False)])
    assert mapping["医保"] == ("医疗保障", "医疗保险")
    assert mapping["医疗保险"] == ("医保",)  # not 医疗保障: synonyms are not transitive
    assert mapping["办照"] == ("营业执照",) and "营业执照" not in mapping


def test_synonym_variants_replace_terms_inside_a_longer_word_longest_first():
    synonyms = {"低保": ("最低生活保障",), "公积金": ("住房公积金",), "住房公积金": ("公积金",)}
    assert synonym_variants("低保", synonyms) == ["低保", "最低生活保障"]
    assert synonym_variants("低保申请条件", synonyms) == ["低保申请条件", "最低生活保障申请条件"]
    assert synonym_variants("住房公积金", synonyms) == ["住房公积金", "公积金"]  # not 住房住房公积金
    assert synonym_variants("低保和公积金", synonyms) == ["低保和公积金", "低保和住房公积金", "最低生活保障和公积金",
                                                    "最低生活保障和住房公积金"]
    assert synonym_variants("养老", synonyms) == ["养老"]


def test_parse_query_compiles_each_variant_to_its_own_phrase():
    (term,) = parse_query("低保", synonyms={"低保": ("最低生活保障",)})
    assert term.tokens == ("低保",)
    assert [v.tokens for v in term.variants] == [("低保",), ("最低", "低生", "生活", "活保", "保障")]
    assert term.alternatives[0].runs == ("最低生活保障",)
    a, b = parse_query("社保 缴费", synonyms={"社保": ("社会保险",)})
    assert len(a.variants) == 2 and b.variants == (b,)  # terms stay ANDed; only 社保 has alternatives
    assert parse_query("低保")[0].alternatives == ()  # no dictionary: no expansion


@pytest.mark.django_db
def test_backend_query_text_ors_the_phrases_of_a_term():
    text = services.build_match_query("低保 通知")
    if connection.vendor == "postgresql":
        assert text == "((低保) | (最低 <-> 低生 <-> 生活 <-> 活保 <-> 保障)) & (通知)"
    else:
        assert '("低保" OR "最低 低生 生活 活保 保障") AND "通知"' in text


def test_synonym_terms_are_cleaned_like_queries():
    s = Synonym(term=" 醫保 ", synonym="医疗保险")
    s.clean()
    assert s.term == "医保"
    with pytest.raises(ValidationError):
        Synonym(term="医 保", synonym="医疗保险").clean()
    with pytest.raises(ValidationError):
        Synonym(term="医疗保险", synonym="醫療保險").clean()  # the same word once folded


# --- against the index -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_seeded_dictionary_has_the_government_pairs():
    mapping = synonym_map()
    assert Synonym.objects.count() >= 50
    assert "最低生活保障" in mapping["低保"] and "低保" in mapping["最低生活保障"]
    assert {"医疗保障", "医疗保险"} <= set(mapping["医保"])
    assert "社会保险" in mapping["社保"] and "住房公积金" in mapping["公积金"]
    assert "残疾证" in mapping["残疾人证"] and "工商执照" in mapping["营业执照"]


@pytest.mark.django_db
def test_dibao_finds_what_the_full_term_finds():
    """Issue 12 item 8: "低保" finds what "最低生活保障" finds (and the reverse), highlighted in the snippet."""
    services.index_many([
        {"kind": "publication", "object_id": 1, "title": "关于提高城乡最低生活保障标准的通知", "published_at": at(1)},
        {"kind": "publication", "object_id": 2, "title": "2024年第一季度低保资金发放情况", "published_at": at(2)},
        {"kind": "publication", "object_id": 3, "title": "政务公开工作要点", "body": "做好最低生活保障信息公开。",
         "published_at": at(3)},
        {"kind": "publication", "object_id": 4, "title": "医疗保障局2024年工作总结", "published_at": at(4)},
        {"kind": "publication", "object_id": 5, "title": "城乡居民医疗保险缴费通知", "published_at": at(5)},
        {"kind": "publication", "object_id": 6, "title": "医保定点机构名单", "published_at": at(6)},
        {"kind": "publication", "object_id": 7, "title": "社会保险费征缴公告", "published_at": at(7)},
        {"kind": "publication", "object_id": 8, "title": "住房公积金年度报告", "published_at": at(8)},
    ])
    assert ids("低保") == ids("最低生活保障") == [1, 2, 3]
    for order in ("relevance", "date"):
        assert ids("低保", order=order) == [1, 2, 3]
    assert ids("医保") == [4, 5, 6]
    assert ids("医疗保险") == [5, 6]  # 医保, not 医疗保障: not transitive
    assert ids("社保") == [7] and ids("公积金") == [8]
    assert ids("低保 通知") == [1]  # terms stay ANDed
    page = services.search(kind="publication", query="低保", order="date")
    assert page.total == 3 and "<mark>最低生活保障</mark>" in page.hits[0].snippet_html + page.hits[2].title_html


@pytest.mark.django_db
def test_an_admin_edit_takes_effect_on_the_next_query():
    services.index_many([
        {"kind": "publication", "object_id": 1, "title": "关于开展河长制巡河工作的通知", "published_at": at(1)},
    ])
    assert ids("巡河员") == []
    synonym = Synonym.objects.create(term="巡河员", synonym="河长制")
    assert ids("巡河员") == [1]
    synonym.is_active = False
    synonym.save()
    assert ids("巡河员") == []


@pytest.mark.django_db
@pytest.mark.parametrize("frequency", [None, 0.0, 1.0])
def test_synonym_queries_match_substring_truth_whatever_the_plan(settings, monkeypatch, frequency):
    """A term with synonyms matches an entry iff one of its variants is a substring; on PostgreSQL through every
    plan (ordered probe, GIN bitmap, range queries over a small cap), forced by the statistics."""
    from sunshine.search.backends import PostgresBackend, PostgresMatches

    settings.SEARCH_COUNT_CAP = 7
    monkeypatch.setattr(PostgresMatches, "PROBE_WINDOW", 3)
    monkeypatch.setattr(PostgresMatches, "PROBE_STEPS", 2)
    monkeypatch.setattr(PostgresMatches, "RANGES", (0.05, 0.2, 1.0))
    monkeypatch.setattr(PostgresBackend, "frequency", lambda self, terms, title_only=False: frequency)
    rnd = random.Random(7)
    words = ["低保", "最低生活保障", "社会保险", "社保", "通知", "工作要点"]
    texts = {i: "，".join(w for w in words if rnd.random() < 0.3) or "其他" for i in range(1, 61)}
    services.index_many([{"kind": "publication", "object_id": i, "title": f"第{i}号", "body": body,
                          "published_at": at(i)} for i, body in texts.items()])
    for query, variants in (("低保", ("低保", "最低生活保障")), ("社保 通知", None)):
        if variants:
            truth = sorted((i for i, b in texts.items() if any(v in b for v in variants)), reverse=True)
        else:
            truth = sorted((i for i, b in texts.items() if ("社保" in b or "社会保险" in b) and "通知" in b),
                           reverse=True)
        first = services.search(kind="publication", query=query, order="date", page_size=3)
        assert first.total == min(len(truth), 7) and first.total_exact == (len(truth) <= 7), query
        for page in range(1, 3):
            start = (page - 1) * 3
            expected = truth[start:start + 3] if start < first.total else []
            got = [h.object_id for h in services.search(kind="publication", query=query, order="date", page=page,
                                                        page_size=3).hits]
            assert got == expected, (query, page)


@pytest.mark.django_db
def test_postgresql_plan_helpers_with_synonyms(monkeypatch):
    """PostgreSQL: a term's frequency is the sum over its phrases; the index condition ORs their rarest lexemes."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    services.index_many([
        {"kind": "publication", "object_id": i, "title": f"通知{i}",
         "body": "工作要点" + ("，低保" if i <= 4 else "") + ("，最低生活保障" if i % 4 == 0 else ""),
         "published_at": at(i)} for i in range(1, 41)
    ])
    with connection.cursor() as cur:
        cur.execute("ANALYZE search_searchentry")
    monkeypatch.setattr(backends, "_stats_cache", {})
    backend = backends.PostgresBackend()
    terms = parse_query("低保", synonyms=synonym_map())
    assert backend.frequency(terms) == pytest.approx(4 / 40 + 10 / 40)
    rarest = backend.rarest_token(terms)
    assert rarest.startswith("(低保 | ") and rarest.endswith(")")
    assert backend.rarest_token(parse_query("低保 工作", synonyms=synonym_map())) == rarest
    assert ids("低保") == sorted({1, 2, 3, 4} | set(range(4, 41, 4)))
