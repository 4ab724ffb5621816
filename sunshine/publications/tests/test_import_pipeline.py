"""The bulk path of the import (PostgreSQL: keys from the sequence, COPY, a worker thread preparing the next chunk;
SQLite: inserted, then indexed): every link of every item survives, whichever way it went. Both databases."""

import json

import pytest

from sunshine.publications import importer
from sunshine.publications.importer import import_publications
from sunshine.publications.models import ImportRun, Publication, PublicationRevision
from sunshine.publications.tests.conftest import MOBILE, RESIDENT_ID, txt
from sunshine.publications.workflow import Status
from sunshine.search import services as search
from sunshine.search.models import SearchEntry

pytestmark = pytest.mark.django_db

BASE = {"title": "随县2024年财政预算公开", "department": "fgw", "category": "budget", "genre": "财政资金",
        "created_on": "2024-01-15", "published_at": "2024-01-20T10:00:00+08:00", "body": "预算正文"}


def _jsonl(tmp_path, rows, name="items.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows),
                    encoding="utf-8")
    return path


def _hits(query):
    return {h.object_id for h in search.search(kind="publication", query=query, order="date", page_size=100).hits}


def test_chunks_keep_every_item_its_revision_record_and_search_entry(tmp_path, departments, monkeypatch):
    """12 rows in batches of 5, prepared 2 at a time (PostgreSQL): items, revisions, search entries all line up."""
    monkeypatch.setattr(importer, "PREPARE", 2)
    rows = [{**BASE, "index_number": f"T/2024-{i:03d}", "title": f"第{i}号河长制巡河通报", "created_on": "2024-01-02",
             "published_at": f"2024-01-{i + 10:02d}T10:00:00+08:00", "body": f"巡河记录第{i}段"} for i in range(1, 13)]
    rows[3] = {**rows[3], "body": f"联系人身份证 {RESIDENT_ID}，电话 {MOBILE}"}
    rows[6] = {**rows[6], "index_number": ""}  # allocated by the department's pattern
    rows[9] = {**rows[9], "department": "不存在的局"}
    report = import_publications(_jsonl(tmp_path, rows), batch_size=5)
    assert (report.created, report.errors) == (11, [(10, "发布机构“不存在的局”不存在")])
    run = ImportRun.objects.get()
    items = list(Publication.objects.order_by("id"))
    assert [p.title for p in items] == [f"第{i}号河长制巡河通报" for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12)]
    assert {(p.status, p.source, p.import_run_id, p.revision) for p in items} == {
        (Status.PUBLISHED, "import", run.pk, 1)}
    assert items[6].index_number == "fgw/2024-00001"
    revisions = {r.publication_id: r for r in PublicationRevision.objects.all()}
    assert {pk: (r.number, r.snapshot["index_number"], r.snapshot["title"], r.reason) for pk, r in revisions.items()} \
        == {p.pk: (1, p.index_number, p.title, f"导入批次 {run.pk}") for p in items}
    entries = {e.object_id: e for e in SearchEntry.objects.all()}
    assert {pk: (e.title, e.published_at) for pk, e in entries.items()} == {p.pk: (p.title, p.published_at)
                                                                           for p in items}
    assert _hits("河长制") == {p.pk for p in items}
    assert _hits("巡河记录第12段") == {items[-1].pk}
    masked = items[3]
    assert masked.display_body == "联系人身份证 421321********0033，电话 138****4567"
    assert entries[masked.pk].text == masked.display_body  # only the masked body is searchable
    assert _hits(RESIDENT_ID) == set() and _hits(MOBILE) == set() and _hits("421321") == {masked.pk}
    report = import_publications(_jsonl(tmp_path, rows), batch_size=5)  # idempotent
    assert (report.created, report.updated, report.skipped) == (1, 0, 10)  # the row without index number: new
    assert Publication.objects.count() == 12 and SearchEntry.objects.count() == 12


@pytest.mark.parametrize("where", ["writing", "preparing"])
def test_an_error_rolls_back_its_whole_batch(tmp_path, departments, monkeypatch, where):
    """An error while writing the search entries of the 6th item (this thread) or while preparing the 7th (the
    worker thread, PostgreSQL) leaves nothing of the second batch behind; the first batch stays."""
    monkeypatch.setattr(importer, "PREPARE", 2)
    rows = [{**BASE, "index_number": f"F/2024-{i:03d}", "title": f"第{i}号通知"} for i in range(1, 9)]
    if where == "writing":
        name = "index_prepared" if importer.connection.vendor == "postgresql" else "index_many"
        original = getattr(search, name)

        def failing(entries, **kwargs):
            titles = {e["title"] for e in (entries.values() if isinstance(entries, dict) else entries)}
            if "第6号通知" in titles:
                raise RuntimeError("disk full")
            return original(entries, **kwargs)

        monkeypatch.setattr(search, name, failing)
    else:
        original_values = importer.Importer._values

        def failing_values(self, row, now):
            if row["title"] == "第7号通知":
                raise RuntimeError("disk full")
            return original_values(self, row, now)

        monkeypatch.setattr(importer.Importer, "_values", failing_values)
    with pytest.raises(RuntimeError, match="disk full"):
        import_publications(_jsonl(tmp_path, rows), batch_size=4)
    assert sorted(Publication.objects.values_list("index_number", flat=True)) == [
        f"F/2024-{i:03d}" for i in range(1, 5)]
    assert sorted(SearchEntry.objects.values_list("title", flat=True)) == [f"第{i}号通知" for i in range(1, 5)]
    assert PublicationRevision.objects.count() == 4


def test_an_update_keeps_the_attachments_in_the_search_index(tmp_path, departments, draft, clerk, publish):
    """Re-indexing an item updated by an import keeps the text of its public attachments searchable."""
    from sunshine.publications import services

    p = draft("正文。")
    services.publication_attach(publication=p, actor=clerk, uploaded_file=txt("名单.txt", "防汛抗旱物资储备清单"))
    p = publish(p)
    assert _hits("物资储备") == {p.pk}
    changed = {**BASE, "index_number": p.index_number, "title": "更正后的标题", "category": p.category.code,
               "genre": p.genre.code, "created_on": p.created_on.isoformat(),
               "published_at": p.published_at.isoformat(), "body": "更正后的正文"}
    report = import_publications(_jsonl(tmp_path, [changed]))
    assert (report.created, report.updated, report.errors) == (0, 1, [])
    assert _hits("物资储备") == {p.pk} and _hits("更正后") == {p.pk}
