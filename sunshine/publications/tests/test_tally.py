"""The public tally (计数表): exact after every path that changes what the public sees; catalogue totals from it.

Every test ends with `assert_tally_exact()`: the tally's rows equal the real COUNT of published items grouped by
its dimensions (counted here in Python from the items, independently of `tally.py`), in all three grains.
"""

import datetime as dt
import io
import json
import threading
from collections import Counter
from importlib import import_module

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sunshine.publications import selectors, services, tally
from sunshine.publications.importer import import_publications
from sunshine.publications.models import Category, Genre, Publication, PublicationTally
from sunshine.publications.workflow import Status

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def real_grouped_counts() -> dict:
    """COUNT of published items (with a publication time) by (grain, department, category, genre, level, year)."""
    counts: Counter = Counter()
    rows = Publication.objects.filter(status=Status.PUBLISHED, published_at__isnull=False).values_list(
        "department_id", "category_id", "genre_id", "level", "published_at")
    for department, category, genre, level, published_at in rows:
        year = timezone.localtime(published_at).year
        counts["full", department, category, genre, level, year] += 1
        counts["department", department, 0, 0, level, year] += 1
        counts["category", 0, category, 0, "", year] += 1
    return dict(counts)


def assert_tally_exact() -> None:
    stored = {(t.grain, t.department_id, t.category_id, t.genre_id, t.level, t.year): t.count
              for t in PublicationTally.objects.all()}
    assert all(n >= 0 for n in stored.values()), stored
    assert {k: n for k, n in stored.items() if n} == real_grouped_counts()
    assert tally.mismatches() == {}


def assert_public_counts_exact() -> None:
    """`public_count` answers what `public_list(...).count()` counts, for every filter the catalogue offers."""
    items = list(Publication.objects.filter(status=Status.PUBLISHED).values_list(
        "department_id", "category_id", "genre_id", "level", "published_at"))
    combos = [{}]
    for department, category, genre, level, published_at in items:
        year = timezone.localtime(published_at).year
        combos += [{"department": department}, {"category": category}, {"genre": genre}, {"year": year},
                   {"level": level}, {"category": category, "year": year}, {"department": department, "year": year},
                   {"department": department, "category": category, "genre": genre, "year": year},
                   {"genre": genre, "level": level}]
    combos.append({"year": 1999})
    for filters in combos:
        assert selectors.public_count(**filters) == selectors.public_list(**filters).count(), filters


@pytest.fixture
def village(departments):
    from sunshine.orgs.models import Department, Division

    division = Division.objects.create(code="421321100201", name="新街村", level=Division.Level.VILLAGE)
    return Department.objects.create(code="xjc", name="新街村村民委员会", short_name="新街村", division=division)


def _jsonl(tmp_path, rows, name="items.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


ROW = {"index_number": "T/2023-001", "title": "随县2023年财政预算公开", "department": "fgw", "category": "budget",
       "genre": "finance", "created_on": "2023-01-15", "published_at": "2023-01-20T10:00:00+08:00", "body": "正文"}


# --- the services ---------------------------------------------------------------------------------

def test_publish_withdraw_and_supersede_keep_the_tally_exact(draft, publish, office_head):
    first = publish(draft(title="旧版管理办法"))
    assert_tally_exact()
    assert selectors.public_count() == 1
    second = publish(draft(title="新版管理办法", genre=Genre.objects.get(code="document")))
    assert_tally_exact()
    services.publication_supersede(publication=first, actor=office_head, replacement=second, reason="已修订")
    assert_tally_exact()
    assert selectors.public_count() == 1
    services.publication_withdraw(publication=second, actor=office_head, reason="统计口径有误")
    assert_tally_exact()
    assert selectors.public_count() == 0
    assert PublicationTally.objects.filter(grain="full").values_list("count", flat=True).distinct().get() == 0


def test_drafts_and_the_review_chain_are_not_counted(draft, clerk, reviewer):
    p = draft()
    services.publication_submit(publication=p, actor=clerk)
    assert_tally_exact()
    services.publication_approve(publication=p, actor=reviewer)
    p.refresh_from_db()
    services.publication_return(publication=p, actor=reviewer, comment="请补充依据")
    assert_tally_exact()
    assert not PublicationTally.objects.exists()


def test_scheduled_publication_is_counted_when_published(draft, publish, reviewer):
    at = timezone.now() + dt.timedelta(hours=1)
    p = publish(draft(), publish_at=at)
    assert p.status == Status.SCHEDULED
    assert_tally_exact()
    services.publication_unschedule(publication=p, actor=reviewer)
    assert_tally_exact()
    p.refresh_from_db()
    services.publication_publish(publication=p, actor=reviewer, publish_at=at)
    # the job runs a minute late: the item is published at its scheduled time, still an hour ahead of now
    assert services.publish_due(now=at + dt.timedelta(minutes=1)) == (1, [])
    assert Publication.objects.get(pk=p.pk).published_at == at
    assert_tally_exact()
    assert PublicationTally.objects.get(grain="category").count == 1
    # counted, but its time has not come: the public total leaves it out until then
    assert selectors.public_count() == selectors.public_list().count() == 0
    assert_public_counts_exact()


def test_a_failed_transition_leaves_the_tally_unchanged(draft, publish, reviewer, monkeypatch):
    from sunshine.publications import indexing

    p = draft()
    services.publication_submit(publication=p, actor=reviewer)
    services.publication_approve(publication=p, actor=reviewer)
    services.publication_approve(publication=Publication.objects.get(pk=p.pk), actor=reviewer)

    def broken(publication):
        raise RuntimeError("检索服务不可用")

    monkeypatch.setattr(indexing, "index_publication", broken)
    with pytest.raises(RuntimeError):
        services.publication_publish(publication=Publication.objects.get(pk=p.pk), actor=reviewer)
    assert Publication.objects.get(pk=p.pk).status == Status.APPROVED
    assert_tally_exact()
    assert not PublicationTally.objects.exists()


# --- import, seed, demo ---------------------------------------------------------------------------

def test_import_new_changed_unchanged_and_drafts(tmp_path, departments, village):
    rows = [ROW, {**ROW, "index_number": "T/2024-001", "department": "zjj", "category": "plans", "genre": "notice",
                  "created_on": "2024-12-31", "published_at": "2024-12-31T23:30:00+08:00"}]
    import_publications(_jsonl(tmp_path, rows))
    assert_tally_exact()
    # 23:30 on 31 December in Shanghai is 2024 there (15:30 UTC): the year is the local one
    assert PublicationTally.objects.filter(grain="category", year=2024).get().count == 1
    moved = [{**ROW, "department": "xjc", "category": "plans", "genre": "village_affairs",
              "published_at": "2025-02-01T09:00:00+08:00"}, rows[1]]
    report = import_publications(_jsonl(tmp_path, moved, "moved.jsonl"))
    assert (report.updated, report.skipped) == (1, 1)
    assert Publication.objects.get(index_number="T/2023-001").level == "village"
    assert_tally_exact()
    assert selectors.public_count(level="village") == 1 and selectors.public_count(year=2023) == 0
    report = import_publications(_jsonl(tmp_path, moved, "again.jsonl"))
    assert report.skipped == 2
    assert_tally_exact()
    drafts = [{**ROW, "index_number": "D/1"}, {**ROW, "index_number": "D/2", "department": "zjj"}]
    import_publications(_jsonl(tmp_path, drafts, "drafts.jsonl"), mode="draft")
    import_publications(_jsonl(tmp_path, [{**drafts[0], "title": "改过的草稿"}], "drafts2.jsonl"), mode="draft")
    assert Publication.objects.get(index_number="D/1").title == "改过的草稿"
    assert_tally_exact()
    assert selectors.public_count() == 2
    assert_public_counts_exact()


def test_seed_keeps_the_tally_exact(departments):
    from sunshine.publications import seed

    assert seed.run(60, stdout=io.StringIO(), batch_size=25) == 60
    assert_tally_exact()
    assert selectors.public_count() == 60
    assert_public_counts_exact()


def test_demo_data_keeps_the_tally_exact(db):
    """The demo goes through the importer, the chain, withdrawal and supersession: every path together."""
    call_command("load_demo", stdout=io.StringIO())
    assert Publication.objects.filter(status=Status.WITHDRAWN).exists()
    assert Publication.objects.filter(status=Status.SUPERSEDED).exists()
    assert_tally_exact()
    assert_public_counts_exact()


# --- rebuild, check, migration --------------------------------------------------------------------

def test_rebuild_and_check_command(tmp_path, departments, village):
    import_publications(_jsonl(tmp_path, [ROW, {**ROW, "index_number": "T/2", "department": "xjc"}]))
    PublicationTally.objects.filter(grain="department").delete()
    PublicationTally.objects.filter(grain="full").update(count=7)
    with pytest.raises(CommandError, match="计数表有 4 处与目录不一致"):
        call_command("publication_tally", "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("publication_tally", stdout=out)
    assert out.getvalue().strip() == "计数表已重新计算：5 行。"  # 2 full + 2 department + 1 category
    assert_tally_exact()
    out = io.StringIO()
    call_command("publication_tally", "--check", stdout=out)
    assert out.getvalue().strip() == "计数表与目录一致。"


def test_migration_fills_the_tally_of_an_existing_catalogue(tmp_path, departments):
    from django.apps import apps

    import_publications(_jsonl(tmp_path, [ROW, {**ROW, "index_number": "T/2", "category": "plans"}]))
    PublicationTally.objects.all().delete()
    import_module("sunshine.publications.migrations.0006_publication_tally").fill_tally(apps, None)
    assert_tally_exact()


def test_concurrent_adjustments_of_a_new_row_all_count():
    """Four connections add to the same missing row at once: the upsert creates it once and counts 40."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the concurrency test runs on PostgreSQL")
    from django.db import transaction

    key = (990001, 990002, 990003, "county", 2026)
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    tally.adjust({key: 1})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    def read_and_clean():
        try:
            rows = {t.grain: t.count for t in PublicationTally.objects.filter(year=2026, department_id__in=[0, 990001],
                                                                              category_id__in=[0, 990002])}
            PublicationTally.objects.filter(year=2026).delete()
            return rows
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    box = {}
    reader = threading.Thread(target=lambda: box.update(rows=read_and_clean()))
    reader.start()
    reader.join()
    assert not errors
    assert box["rows"] == {"full": 40, "department": 40, "category": 40}


# --- reading: totals, lists, deep pages -----------------------------------------------------------

def _bulk(departments, n, *, category_code="social_security", genre_code="notice"):
    category, genre = Category.objects.get(code=category_code), Genre.objects.get(code=genre_code)
    now = timezone.now()
    created = Publication.objects.bulk_create([Publication(
        index_number=f"B/{category_code}/{i:05d}", title=f"测试信息{i}",
        department=departments["fgw" if i % 2 else "zjj"], level="county", category=category, genre=genre,
        created_on=dt.date(2020, 1, 1),
        published_at=now - dt.timedelta(days=40 * i), status=Status.PUBLISHED, body="正文") for i in range(n)])
    tally.adjust(tally.count_keys(created))
    return created


def test_category_and_department_lists_count_from_the_tally(departments, django_assert_num_queries):
    _bulk(departments, 7)
    _bulk(departments, 4, category_code="budget", genre_code="finance")
    with django_assert_num_queries(1):
        counts = {c.code: c.n for c in selectors.category_counts()}
    assert counts["social_security"] == 7 and counts["budget"] == 4 and counts["plans"] == 0
    with django_assert_num_queries(1):
        departments_n = {d.code: d.n for d in selectors.departments_with_counts()}
    assert departments_n == {"fgw": 5, "zjj": 6}
    assert_tally_exact()


def test_public_list_rows_equal_the_offset_slices(departments):
    _bulk(departments, 45)
    _bulk(departments, 12, category_code="budget", genre_code="finance")
    for filters in ({}, {"category": Category.objects.get(code="budget").pk}, {"department": departments["fgw"].pk},
                    {"genre": Genre.objects.get(code="notice").pk}, {"year": timezone.localdate().year - 1}):
        expected = [p.pk for p in selectors.public_list(**filters)]
        for offset in (0, 1, 19, 20, 40, 56, 80):
            rows = selectors.public_list_rows(offset=offset, limit=21, **filters)
            assert [p.pk for p in rows] == expected[offset: offset + 21], (filters, offset)


def test_cold_catalogue_queries_are_constant(client, departments, django_assert_num_queries):
    _bulk(departments, 45)
    with django_assert_num_queries(2 + 4):  # the page rows, the total from the tally; the filter form's choices
        html = client.get(reverse("publications:catalogue")).content.decode()
    assert "共 45 条。" in html
    with django_assert_num_queries(3):  # + the category (the filter choices are cached per content version)
        html = client.get(reverse("publications:category", args=["social_security"]) + "?page=3").content.decode()
    assert "共 45 条。" in html and html.count('<tr class="catalogue-row">') == 5
    with django_assert_num_queries(1):
        client.get(reverse("publications:departments"))


def test_pages_beyond_the_limit_point_to_the_years(client, departments, monkeypatch, django_assert_num_queries):
    from sunshine.publications.views import public

    monkeypatch.setattr(public, "MAX_PAGES", 2)
    _bulk(departments, 45)  # one item every 40 days: over five years
    last = client.get(reverse("publications:catalogue") + "?page=2").content.decode()
    assert last.count('<tr class="catalogue-row">') == 20
    assert "这是可翻阅的最后一页（第 2 页）" in last and 'rel="next"' not in last
    this_year = timezone.localdate().year
    assert f'href="?year={this_year}">{this_year} 年</a>' in last
    cache.clear()
    with django_assert_num_queries(2 + 4):  # no rows read: the total and the years; the filter form's choices
        deep = client.get(reverse("publications:catalogue") + "?page=40000").content.decode()
    assert "目录最多可翻到第 2 页。更早的信息请按年份浏览" in deep
    assert 'href="?page=2">返回第 2 页</a>' in deep and '<a href="/gk/i/' not in deep
    assert f'href="?year={this_year - 4}">{this_year - 4} 年</a>' in deep
    by_year = client.get(reverse("publications:catalogue") + f"?year={this_year - 1}").content.decode()
    assert f"共 {selectors.public_list(year=this_year - 1).count()} 条（{this_year - 1} 年）。" in by_year


def test_api_counts_from_the_tally_and_bounds_the_page(client, departments, monkeypatch):
    from sunshine.publications import api

    _bulk(departments, 25)
    data = client.get("/api/v1/publications/", {"department": "fgw", "page": 1}).json()
    assert data["count"] == 12 and len(data["results"]) == 12
    data = client.get("/api/v1/publications/", {"page": 2}).json()
    assert data["count"] == 25 and len(data["results"]) == 5
    monkeypatch.setattr(api, "API_MAX_PAGES", 1)
    response = client.get("/api/v1/publications/", {"page": 2})
    assert response.status_code == 400
    assert response.json() == {"code": "page_too_deep", "detail": (
        "page 不能大于 1：请用 year、department、category、genre 缩小范围，或用 q 检索。")}
