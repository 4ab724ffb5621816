"""Public catalogue and item pages against a trivial Django view, served the same way (goal ≥ 0.5×).

    .venv/bin/python bench/publications_pages.py --n 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine .venv/bin/python bench/publications_pages.py --n 100000

Prepares a fresh database with the demo organisation and N published items (`sunshine seed --publications` code
path: synthetic, bulk, indexed, tally maintained), then drives every page in-process through Django's test
`Client` (full middleware stack, URL resolution, templates) — the trivial view is mounted in the same URLconf
and goes through the same stack. Pages: the catalogue (all, by category, by department, by year, deep pages up
to the last one offered, beyond it), the department list and the /gk/ entry page (counts from the tally), item
pages; each warm (page cache) and cold (cache emptied before every request). Prints req/s, p95, the ratio to
the trivial view and the queries per page; then checks the public tally against the catalogue and times its
rebuild. `--keep` keeps the database and prints how to reuse it (`--reuse NAME`) for a run without seeding.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sunshine.publications.bench_support import fresh_database


def _urlconf():
    from django.http import HttpResponse
    from django.urls import include, path

    def trivial(request):
        return HttpResponse("ok")

    module = types.ModuleType("bench_publications_urls")
    module.urlpatterns = [path("bench-trivial/", trivial), path("", include("sunshine.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def _measure_pair(client, trivial_urls, urls, seconds: float, before=None):
    """Alternate one trivial request and one page request for `seconds`: ((req/s, p95), (req/s, p95))."""
    lat = ([], [])
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        for k, batch in enumerate((trivial_urls, urls)):
            if before is not None:
                before()
            started = time.perf_counter()
            response = client.get(batch[i % len(batch)])
            lat[k].append(time.perf_counter() - started)
            assert response.status_code == 200, (batch[i % len(batch)], response.status_code)
        i += 1

    def stats(values):
        p95 = statistics.quantiles(values, n=20)[-1] * 1000 if len(values) > 20 else max(values) * 1000
        return len(values) / sum(values), p95

    return stats(lat[0]), stats(lat[1])


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100000, help="published items to seed")
    parser.add_argument("--seconds", type=float, default=8.0, help="measuring time per page kind")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", default="", help="database prepared by an earlier --keep run")
    args = parser.parse_args()
    with fresh_database("bench_pages", keep=args.keep, reuse=args.reuse) as (vendor, name):
        from django.conf import settings
        from django.core.cache import cache
        from django.test import Client

        from sunshine.publications import seed, tally
        from sunshine.publications.models import Category, Publication, PublicationTally
        from sunshine.publications.views.public import MAX_PAGES

        # the production cache is Redis (REDIS_URL); the embedded LocMemCache keeps only 300 entries by default
        settings.CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 1_000_000
        if not args.reuse:
            started = time.perf_counter()
            seed.run(args.n, stdout=sys.stdout, batch_size=5000)
            print(f"[{vendor}] seeded {args.n} items in {time.perf_counter() - started:.0f} s")
        n = Publication.objects.filter(status="published").count()
        settings.ROOT_URLCONF = _urlconf()
        settings.ALLOWED_HOSTS = ["*"]
        settings.DEBUG = False
        from django.urls import clear_url_caches

        clear_url_caches()
        client = Client()
        rnd = random.Random(1)
        ids = list(Publication.objects.filter(status="published").order_by("?").values_list("pk", flat=True)[:500]
                   ) if vendor == "postgresql" else [
            rnd.choice(range(1, n + 1)) for _ in range(500)]
        ids = [i for i in ids if Publication.objects.filter(pk=i, status="published").exists()][:300]
        categories = [c.code for c in Category.objects.filter(publications__isnull=False).distinct()][:10]
        departments = list(Publication.objects.filter(status="published").values_list("department__code", flat=True)
                           .order_by("department__code").distinct()[:10])
        years = tally.years()[:5]
        pages = {
            "trivial view": ["/bench-trivial/"],
            "catalogue (all, pages 1-20)": [f"/gk/catalogue/?page={p}" for p in range(1, 21)],
            "catalogue by category (pages 1-5)": [f"/gk/category/{c}/?page={p}" for c in categories
                                                  for p in range(1, 6)],
            "catalogue by department (pages 1-5)": [f"/gk/department/{d}/?page={p}" for d in departments
                                                    for p in range(1, 6)],
            "catalogue by year (pages 1-5)": [f"/gk/catalogue/?year={y}&page={p}" for y in years for p in range(1, 6)],
            f"catalogue deep (pages 50-{MAX_PAGES})": [f"/gk/catalogue/?page={p}"
                                                      for p in range(50, MAX_PAGES + 1, 50)],
            "catalogue beyond the last page": [f"/gk/catalogue/?page={p}" for p in (MAX_PAGES + 1, 40000, 10 ** 6)],
            "department list, /gk/ entry page": ["/gk/department/", "/gk/"],
            "item page": [f"/gk/i/{i}/" for i in ids],
        }
        for urls in pages.values():  # warm the page cache (and templates, connections)
            for url in urls:
                client.get(url)
        print(f"[{vendor}] {n:,} published items; in-process Django test Client, {args.seconds:.0f} s per measure")
        print("  each page kind is measured interleaved with the trivial view (alternate requests), so both see the")
        print("  same machine load; ratio = page req/s ÷ trivial req/s of the same run")
        trivial = pages.pop("trivial view")
        for mode, before in (("warm (page cache; the normal case for anonymous visitors)", None),
                             ("cold (page cache emptied before every request: rendered from the database)",
                              cache.clear)):
            print(f"  {mode}")
            for label, urls in pages.items():
                if before is None:  # cached pages live PAGE_SECONDS (60 s): fill the cache afresh right before
                    cache.clear()
                    for url in urls:
                        client.get(url)
                (t_rate, _), (rate, p95) = _measure_pair(client, trivial, urls, args.seconds, before=before)
                queries = set()
                for u in urls[:20]:
                    if before is not None:
                        before()
                    queries.add(_queries(client, u))
                print(f"    {label:36s} {rate:7.0f} req/s  p95 {p95:6.1f} ms  | trivial {t_rate:6.0f} req/s  "
                      f"ratio {rate / t_rate:4.2f}  queries/page {sorted(queries)}")
        cache.clear()
        started = time.perf_counter()
        wrong = tally.mismatches()
        checked = time.perf_counter() - started
        started = time.perf_counter()
        rows = tally.rebuild()
        print(f"[{vendor}] tally: {PublicationTally.objects.filter(grain='full').count():,} full-grain rows "
              f"({rows:,} in all grains); {'exact' if not wrong else f'{len(wrong)} WRONG rows'} "
              f"(check {checked:.1f} s); rebuild {time.perf_counter() - started:.1f} s")
        if args.keep:
            print(f"kept database: --reuse {name}")


if __name__ == "__main__":
    main()
