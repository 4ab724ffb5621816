"""Cost of the reader toggle 简/繁 and of script folding in search (sunshine.core.chinese_script).

    .venv/bin/python bench/reader_script.py [--repeat 30] [--items 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine .venv/bin/python bench/reader_script.py

Prepares a fresh database (publications.bench_support) and imports, published: a large simplified item (the
simplified seed reports 000, 001, 003, 004 twice over: ~37,000 characters of body) and seed 002 as written (in
traditional characters). Then prints:
- the item page rendered from the database (page cache emptied before every request) without the script cookie,
  in 繁體 and in 简体, and the conversion alone (`portal.reader_script.convert_html`) on the rendered HTML;
  the same page served from the page cache (the converted page is what is cached);
- search: `fold_script` on queries, and `search()` with traditional queries against their simplified twins;
- indexing: what `fold_script` adds to `services._prepare` on synthetic (simplified) items and on seed 002.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sunshine.publications.bench_support import fresh_database

SEEDS = Path("/work/shared/seeds")


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _timed(fn, repeat: int, before=None) -> tuple[float, float]:
    """(median, min) in ms of `repeat` calls."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--items", type=int, default=5000, help="synthetic items for the indexing measure")
    args = parser.parse_args()
    with fresh_database("bench_script") as (vendor, _name):
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client

        from sunshine.core import chinese_script
        from sunshine.portal.reader_script import SCRIPT_COOKIE, convert_html
        from sunshine.publications.importer import import_publications
        from sunshine.publications.models import Category, Genre, Publication
        from sunshine.search import services, synth
        from sunshine.search.script import fold_script

        settings.ALLOWED_HOSTS = ["*"]
        settings.DEBUG = False
        large_body = "\n".join(_seed(p) for p in ("000", "001", "003", "004")) * 2
        seed_002 = _seed("002")
        category, genre = Category.objects.order_by("pk").first().code, Genre.objects.order_by("pk").first().code
        rows = [{"title": "关于2024年政务公开工作情况的报告（合订本）", "body": large_body},
                {"title": seed_002.splitlines()[0], "body": seed_002}]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "items.jsonl"
            path.write_text("\n".join(json.dumps({
                "index_number": f"BENCH-2024-{i:04d}", "title": r["title"], "body": r["body"], "department": "zfb",
                "category": category, "genre": genre, "created_on": "2024-06-01"}, ensure_ascii=False)
                for i, r in enumerate(rows, 1)), encoding="utf-8")
            report = import_publications(path, mode="published")
            assert report.created == 2, report.errors
        large = Publication.objects.get(index_number="BENCH-2024-0001")
        trad = Publication.objects.get(index_number="BENCH-2024-0002")
        chinese_script.has_traditional("預熱")  # load OpenCC and derive the character sets once
        convert_html("<p>预热</p>", "hant")

        client = Client()
        print(f"[{vendor}] load {Path('/proc/loadavg').read_text().split()[0]}; median / min of {args.repeat}")
        print("item pages (rendered from the database: page cache emptied before each request)")
        for label, item in (("large simplified item", large), ("seed 002 (traditional)", trad)):
            url = f"/gk/i/{item.pk}/"
            html = client.get(url).content.decode()
            print(f"  {label}: {len(item.body):,} characters of body, page {len(html.encode()):,} bytes")
            for script in ("", "hant", "hans"):
                if script:
                    client.cookies[SCRIPT_COOKIE] = script
                elif SCRIPT_COOKIE in client.cookies:
                    del client.cookies[SCRIPT_COOKIE]
                med, low = _timed(lambda u=url: client.get(u), args.repeat, before=cache.clear)
                print(f"    {script or 'no cookie':9s} page {med:7.1f} / {low:7.1f} ms")
            for script in ("hant", "hans"):
                med, low = _timed(lambda h=html, s=script: convert_html(h, s), args.repeat)
                print(f"    convert_html({script}) alone {med:6.1f} / {low:6.1f} ms "
                      f"({len(html) / (med / 1000) / 1e6:.2f} M characters/s)")
            client.cookies[SCRIPT_COOKIE] = "hant"
            client.get(url)
            med, low = _timed(lambda u=url: client.get(u), args.repeat)
            print(f"    hant, from the page cache {med:6.1f} / {low:6.1f} ms")
            del client.cookies[SCRIPT_COOKIE]

        print("search")
        for query in ("政府資訊公開", "財政預算", "政務公開", "信息公开"):
            med, _ = _timed(lambda q=query: fold_script(q), 1000)
            page = services.search(kind="publication", query=query, order="date")
            print(f"  {query}: fold_script {med * 1000:5.1f} µs → {fold_script(query)}; {page.total} hits")

        print(f"indexing: services._prepare with and without fold_script ({args.items:,} synthetic items; seed 002)")
        items = [{"kind": "publication", "object_id": i, "title": it.title, "document_number": it.document_number,
                  "body": it.body, "attachments_text": it.attachments_text, "published_at": it.published_at,
                  "filters": {}} for i, it in enumerate(synth.make_items(args.items, seed=7))]
        chars = sum(len(e["title"]) + len(e["body"]) + len(e["attachments_text"]) for e in items)
        seed_entry = [{**items[0], "title": rows[1]["title"], "body": seed_002, "attachments_text": ""}] * 50
        real_fold = services.fold_script
        for label, batch in (("synthetic", items), ("seed 002 ×50", seed_entry)):
            results = {}
            for mode in ("without", "with") * 3:
                services.fold_script = real_fold if mode == "with" else (lambda text: text)
                started = time.perf_counter()
                for entry in batch:
                    services._prepare(entry)
                results.setdefault(mode, []).append(time.perf_counter() - started)
            services.fold_script = real_fold
            without, with_ = min(results["without"]), min(results["with"])
            print(f"  {label}: {without * 1000:7.1f} ms without, {with_ * 1000:7.1f} ms with "
                  f"(+{(with_ - without) / without * 100:.1f} %)")
            if label == "synthetic":
                prepare_ms = without * 1000
        med, _ = _timed(lambda: [fold_script(e[k]) for e in items for k in ("title", "document_number", "body",
                                                                          "attachments_text")], 5)
        print(f"  fold_script alone on the synthetic items: {med:.1f} ms for {chars:,} characters "
              f"({chars / (med / 1000) / 1e6:.0f} M characters/s; none is traditional) = "
              f"{med / prepare_ms * 100:.1f} % of _prepare")
        cache.clear()


if __name__ == "__main__":
    main()
