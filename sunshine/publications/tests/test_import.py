"""Bulk import: JSONL and XLSX, per-row errors, idempotency, drafts, audit; the management command; seed."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from sunshine.audit.services import events_for
from sunshine.publications.importer import import_publications
from sunshine.publications.models import ImportRun, Publication, ReviewRecord
from sunshine.publications.tests.conftest import RESIDENT_ID
from sunshine.publications.workflow import Status

pytestmark = pytest.mark.django_db

GOOD = {"index_number": "011370000/2024-00001", "title": "随县2024年财政预算公开",
        "document_number": "随财发〔2024〕1号", "department": "fgw", "category": "budget", "genre": "财政资金",
        "created_on": "2024-01-15",
        "published_at": "2024-01-20T10:00:00+08:00", "validity": "", "summary": "预算", "body": "预算正文"}


def _jsonl(tmp_path, rows, name="items.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
                    encoding="utf-8")
    return path


def test_jsonl_import_with_row_errors(tmp_path, departments):
    rows = [
        GOOD,
        {**GOOD, "index_number": "011370000/2024-00002", "department": "不存在的局"},
        "{broken",
        {**GOOD, "index_number": "011370000/2024-00003", "created_on": "2024-13-01"},
        {**GOOD, "index_number": "011370000/2024-00001", "title": "重复"},
        {**GOOD, "index_number": "", "title": "无索引号的信息", "body": f"身份证 {RESIDENT_ID}"},
    ]
    report = import_publications(_jsonl(tmp_path, rows))
    assert (report.rows, report.created, report.updated, report.skipped) == (6, 2, 0, 0)
    assert report.errors == [(2, "发布机构“不存在的局”不存在"), (3, "不是有效的 JSON 行"),
                             (4, "生成日期“2024-13-01”不是有效日期"), (5, "索引号与第 1 行重复")]
    p = Publication.objects.get(index_number="011370000/2024-00001")
    assert p.status == Status.PUBLISHED and p.source == "import" and p.genre.code == "finance"
    assert p.published_at.isoformat() == "2024-01-20T02:00:00+00:00"
    generated = Publication.objects.get(title="无索引号的信息")
    assert generated.index_number == "fgw/2024-00001"
    assert generated.display_body == "身份证 421321********0033"  # historical items are masked automatically
    run = ImportRun.objects.get()
    assert p.import_run == run and not p.review_records.exists()
    assert (run.created, run.failed) == (2, 4)
    assert [e.action for e in events_for(run)] == ["publication.import"]


def test_import_is_idempotent(tmp_path, departments, client):
    path = _jsonl(tmp_path, [GOOD])
    import_publications(path)
    report = import_publications(path)
    assert (report.created, report.updated, report.skipped) == (0, 0, 1)
    changed = _jsonl(tmp_path, [{**GOOD, "title": "随县2024年财政预算公开（更正）"}], "changed.jsonl")
    report = import_publications(changed)
    assert (report.created, report.updated, report.skipped) == (0, 1, 0)
    p = Publication.objects.get()
    assert p.title == "随县2024年财政预算公开（更正）" and p.revision == 2
    assert p.review_records.get().step == ReviewRecord.Step.IMPORT
    assert list(p.revisions.values_list("number", flat=True)) == [1, 2]
    html = client.get("/gk/search/", {"q": "更正"}).content.decode()
    assert f"/gk/i/{p.pk}/" in html  # the update was re-indexed


def test_import_never_overwrites_an_item_in_review(tmp_path, departments, draft, clerk):
    from sunshine.publications.services import publication_submit

    p = draft()
    publication_submit(publication=p, actor=clerk)
    report = import_publications(_jsonl(tmp_path, [{**GOOD, "index_number": p.index_number}]))
    assert report.errors == [(1, f"索引号 {p.index_number} 的信息当前状态为“待保密审查”，不能通过导入覆盖")]


def test_xlsx_import_with_chinese_headers(tmp_path, departments):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["索引号", "标题", "文号", "发布机构", "主题分类", "体裁分类", "生成日期", "发布日期", "有效性",
                  "正文"])
    sheet.append(["X/2023-1", "随县规范性文件", "随政发〔2023〕2号", "随县发展和改革局", "法规规章和规范性文件",
                  "规范性文件", "2023年3月1日", "2023-03-05", "有效", "正文"])
    sheet.append(["X/2023-2", "", "", "fgw", "other", "notice", "2023-03-01", "", "", ""])
    sheet.append(["X/2023-3", "标题", "", "fgw", "other", "notice", "2023-03-01", "", "永久", ""])
    path = tmp_path / "items.xlsx"
    workbook.save(path)
    report = import_publications(path)
    assert report.created == 1
    assert report.errors == [(3, "缺少标题"), (4, "有效性“永久”应为 有效、失效 或 废止")]
    p = Publication.objects.get()
    assert (p.validity, p.category.code, p.genre.code, str(p.created_on)) == (
        "effective", "regulations", "normative", "2023-03-01")


def test_import_as_drafts_enters_the_review_chain(tmp_path, departments):
    from sunshine.clocks.selectors import clocks_for

    report = import_publications(_jsonl(tmp_path, [GOOD]), mode="draft")
    assert report.created == 1
    p = Publication.objects.get()
    assert p.status == Status.DRAFT and p.published_at is None
    assert clocks_for(p).get().kind == "publication.timeliness"


def test_management_command(tmp_path, departments):
    out, err = io.StringIO(), io.StringIO()
    path = _jsonl(tmp_path, [GOOD, {**GOOD, "index_number": "Z", "genre": "无"}])
    call_command("import", "publications", str(path), "--no-progress", stdout=out, stderr=err)
    assert "新增 1" in out.getvalue() and "出错 1" in out.getvalue()
    assert "第 2 行：体裁分类“无”不存在" in err.getvalue()


def test_seed_generates_published_searchable_items(departments, client):
    from sunshine.publications import seed

    out = io.StringIO()
    assert seed.run(50, stdout=out, batch_size=20) == 50
    assert Publication.objects.filter(status=Status.PUBLISHED, source="seed").count() == 50
    assert len(set(Publication.objects.values_list("index_number", flat=True))) == 50
    first = Publication.objects.order_by("id").first()
    word = first.title[:2]
    from sunshine.search import services as search

    ids = {h.object_id for h in search.search(kind="publication", query=word, order="date", page_size=50).hits}
    assert first.pk in ids


def test_record_page_shows_the_import(tmp_path, departments, client, office_head):
    import_publications(_jsonl(tmp_path, [GOOD]), actor=office_head)
    p = Publication.objects.get()
    client.force_login(office_head)
    html = client.get(f"/gk/staff/{p.pk}/record/").content.decode()
    assert "批量导入（已发布（历史信息））" in html and "赵主任" in html and "items.jsonl" in html


def test_raw_insert_sets_every_column(departments):
    """The importer's INSERT names every concrete field: a new field must be added there too."""
    import datetime as dt

    from sunshine.publications.importer import Importer, Lookups, normalize

    run = ImportRun.objects.create(file_name="x.jsonl", mode="published")
    importer = Importer(mode="published", run=run, lookups=Lookups())
    row = normalize(GOOD, importer.lookups, mode="published", tz=dt.UTC)
    values = importer._values(row, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    concrete = {f.name for f in Publication._meta.concrete_fields if not f.primary_key}
    assert set(values) == concrete


def test_historical_items_are_found_by_year_in_the_catalogue_and_search(tmp_path, departments, client):
    """Counties import archives older than the platform: the search form and the catalogue take the same years."""
    old = {**GOOD, "index_number": "011370000/1985-00001", "title": "随县一九八五年农田水利建设规划",
           "created_on": "1985-03-01", "published_at": "1985-03-05T09:00:00+08:00", "body": "农田水利建设规划正文"}
    import_publications(_jsonl(tmp_path, [GOOD, old]))
    item = Publication.objects.get(index_number=old["index_number"])
    found = client.get("/gk/search/", {"q": "水利", "year": "1985"}).content.decode()
    assert f"/gk/i/{item.pk}/" in found and 'role="alert"' not in found
    assert f"/gk/i/{item.pk}/" not in client.get("/gk/search/", {"q": "水利", "year": "2024"}).content.decode()
    assert f"/gk/i/{item.pk}/" in client.get("/gk/catalogue/", {"year": "1985"}).content.decode()
    refused = client.get("/gk/search/", {"q": "水利", "year": "1899"}).content.decode()
    assert "请填写1900至2100之间的四位数字年份" in refused and f"/gk/i/{item.pk}/" not in refused
