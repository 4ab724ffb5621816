"""Synthetic catalogue items at scale: `sunshine seed --publications N` (offline, bulk, indexed for search).

Items come from `sunshine.search.synth.make_items` (vocabulary and templates built from the seed reports);
this module maps them onto the reference data (categories, genres), the demo departments (village-level items
go to village committees), allocates index numbers by each department's pattern and indexes them in bulk.
Seeded items are published historical items (`source="seed"`): no review record, no clock; the public tally
(`tally.py`) is adjusted in each batch's transaction.
"""

from __future__ import annotations

import time

from django.db import transaction
from django.utils import timezone

CATEGORY_MAP = {
    "法规文件": "regulations", "机构职能": "organization", "规划计划": "plans", "统计信息": "statistics",
    "行政许可": "licensing", "行政处罚": "enforcement", "财政预决算": "budget", "收费项目": "fees",
    "政府采购": "procurement", "重大建设项目": "construction", "扶贫救助": "rural_revitalization",
    "教育": "education", "医疗卫生": "health", "社会保障": "social_security", "就业创业": "employment",
    "应急管理": "emergency", "环境保护": "inspection", "安全生产": "inspection", "食品药品": "inspection",
    "人事信息": "recruitment", "其他": "other",
}
GENRE_MAP = {
    "文件": "document", "通知公告": "notice", "规划计划": "plan", "统计信息": "statistics", "财政资金": "finance",
    "人事信息": "personnel", "工作动态": "news", "政策解读": "interpretation", "村务/三资": "village_affairs",
}
VALIDITY_MAP = {"有效": "effective", "失效": "expired", "废止": "repealed"}


def run(n: int, *, stdout, batch_size: int = 5000, seed: int = 0) -> int:
    from tqdm import tqdm

    from sunshine.orgs.models import Department
    from sunshine.publications import indexing, tally
    from sunshine.publications.models import Category, Genre, Publication
    from sunshine.publications.services import allocate_index_numbers
    from sunshine.publications.workflow import Status
    from sunshine.search import synth

    departments = {d.code: d for d in Department.objects.select_related("division")}
    known = [code for code, *_ in synth.DEPARTMENTS if code in departments]
    if not known:
        stdout.write("publications: 找不到演示部门，请先运行 load_demo")
        return 0
    villages = [d for d in departments.values() if d.division.level == "village"]
    categories = {c.code: c for c in Category.objects.all()}
    genres = {g.code: g for g in Genre.objects.all()}
    started = time.perf_counter()
    total = 0
    items = synth.make_items(n, seed=seed, department_codes=known, end_year=min(2025, timezone.localdate().year))
    bar = tqdm(total=n, unit="条", desc="生成主动公开信息", mininterval=1.0)
    while total < n:
        chunk = [item for _, item in zip(range(min(batch_size, n - total)), items, strict=False)]
        if not chunk:
            break
        rows = []
        for i, item in enumerate(chunk):
            department = departments[item.department_code]
            if item.level == "village" and villages:
                department = villages[(total + i) % len(villages)]
            genre = genres.get(GENRE_MAP.get(item.genre, "other")) or genres["other"]
            rows.append((item, department, genre))
        wanted: dict[tuple[int, int], list[int]] = {}
        for i, (item, department, _) in enumerate(rows):
            wanted.setdefault((department.pk, item.created_on.year), []).append(i)
        numbers: dict[int, str] = {}
        with transaction.atomic():
            for (_, year), idx in wanted.items():
                for i, number in zip(idx, allocate_index_numbers(department=rows[idx[0]][1], year=year,
                                                                 count=len(idx)), strict=True):
                    numbers[i] = number
            objs = [Publication(
                index_number=numbers[i], title=item.title[:300], document_number=item.document_number,
                department=department, level=department.division.level,
                category=categories.get(CATEGORY_MAP.get(item.category, "other")) or categories["other"],
                genre=genre, created_on=item.created_on, published_at=item.published_at,
                validity=VALIDITY_MAP.get(item.validity, "") if genre.is_normative else "",
                summary="", body=item.body, status=Status.PUBLISHED, source="seed", revision=1,
            ) for i, (item, department, genre) in enumerate(rows)]
            created = Publication.objects.bulk_create(objs, batch_size=1000)
            tally.adjust(tally.count_keys(created))
            indexing.index_many(
                [indexing.entry_for(p, attachments_text=item.attachments_text)
                 for p, (item, _, _) in zip(created, rows, strict=True)], batch_size=2000)
        total += len(chunk)
        bar.update(len(chunk))
    bar.close()
    from sunshine.publications.pagecache import bump_version

    bump_version()
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics after a bulk load, for the planner
        cursor.execute("ANALYZE publications_publication, publications_publicationtally"
                       if connection.vendor == "postgresql" else "PRAGMA optimize")
    elapsed = time.perf_counter() - started
    stdout.write(f"publications: 生成 {total} 条，用时 {elapsed:.1f} 秒（{total / max(elapsed, 1e-9):.0f} 条/秒）")
    return total
