"""Government services: the window's work queue (窗口办件) and the central desk's dispatch page (集中受理台) over N
applications, against a trivial Django view served the same way (as bench/publications_pages.py).

    .venv/bin/python bench/gov_services_queues.py --n 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine .venv/bin/python bench/gov_services_queues.py --n 1000000

Prepares a fresh database with the demo organisation (24 departments), 48 service items (two per department) and N
applications bulk-generated with `bulk_create` (not through the services: no clocks, letters, audit), statuses in
proportion to a running hall (about 80 % completed, 2 % not accepted, the rest spread over the open states), then
drives the staff pages in-process through Django's test `Client` logged in as the window clerk of 市场监管局 (scjgj)
and as the central desk: the window's queue (first page, following "更早的办件" five pages, a deep page, a status
filter) and the desk's (registered and returned cases to dispatch or complete; a status filter over the completed
ones). Each kind is measured interleaved with the trivial view (same client, same session, same middleware), so
both see the same machine load. Prints req/s, p95, the ratio and the queries per page; `--keep` keeps the database
(`--reuse NAME` runs again without seeding).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sunshine.publications.bench_support import fresh_database

# status → share (per mille) of the applications
MIX = [("completed", 800), ("not_accepted", 20), ("registered", 10), ("dispatched", 20), ("awaiting_materials", 15),
       ("reviewing", 50), ("deciding", 30), ("special", 5), ("certifying", 15), ("delivering", 15), ("returned", 20)]


def _urlconf():
    from django.http import HttpResponse
    from django.urls import include, path

    def trivial(request):
        return HttpResponse("ok")

    module = types.ModuleType("bench_zw_urls")
    module.urlpatterns = [path("bench-trivial/", trivial), path("", include("sunshine.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


def _measure_pair(client, trivial_urls, urls, seconds: float):
    lat = ([], [])
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        for k, batch in enumerate((trivial_urls, urls)):
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


def _seed(n: int, chunk: int = 100_000) -> None:
    """48 items, then N applications by INSERT … SELECT over a number series (PostgreSQL generate_series, SQLite
    a recursive CTE), copying one template row made through the ORM (so columns other apps add get their
    defaults) and varying the tracking code, item, department, status, channel, dates and applicant."""
    from django.db import connection, transaction

    from sunshine.gov_services.models import Application, ServiceItem, ServiceItemVersion
    from sunshine.orgs.models import Department

    departments = list(Department.objects.filter(division__level="county").order_by("sort_order", "code")[:24])
    versions = []
    for d in departments:
        for k in (1, 2):
            item = ServiceItem.objects.create(code=f"{d.code}-b{k}", name=f"{d.short_name or d.name}压测事项{k}",
                                              item_type="licensing", department=d)
            v = ServiceItemVersion.objects.create(item=item, version=1, legal_basis="《中华人民共和国行政许可法》",
                                                  published_on=dt.date(2025, 1, 2))
            item.current_version = v
            item.save(update_fields=["current_version"])
            versions.append(v)
    template = Application.objects.create(
        tracking_code="ZW2024-T0000000", item_version=versions[0], department_id=versions[0].item.department_id,
        channel="hall", status="completed", applicant_name="模板", applicant_id_type="resident_id",
        applicant_id_number="11010519491231002X", applicant_phone="13900000000", received_on=dt.date(2024, 1, 1))
    pg = connection.vendor == "postgresql"
    k = len(versions)
    version_case = "CASE " + " ".join(f"WHEN g % {k} = {i} THEN {v.pk}" for i, v in enumerate(versions)) + " END"
    department_case = "CASE " + " ".join(f"WHEN g % {k} = {i} THEN {v.item.department_id}"
                                         for i, v in enumerate(versions)) + " END"
    bounds, total = [], 0
    for status, share in MIX:
        total += share
        bounds.append(f"WHEN ((g % 1000) * 7919) % 1000 < {total} THEN '{status}'")
    days = f"(g * 1000 / {max(n, 1)})"
    override = {
        "tracking_code": ("'ZW2024-B' || lpad(g::text, 7, '0')" if pg else "'ZW2024-B' || substr('0000000' || g, -7)"),
        "item_version_id": version_case, "department_id": department_case,
        "status": "CASE " + " ".join(bounds) + " END",
        "channel": "CASE WHEN g % 3 = 0 THEN 'online' ELSE 'hall' END",
        "applicant_name": "'申请人' || (g % 9973)",
        "applicant_phone": ("'139' || lpad((g % 100000000)::text, 8, '0')" if pg
                            else "'139' || substr('00000000' || (g % 100000000), -8)"),
        "received_on": (f"DATE '2024-01-01' + {days}::int" if pg else f"date('2024-01-01', '+' || {days} || ' days')"),
        "visits": "CASE WHEN g % 3 = 0 THEN 0 ELSE 1 END",
    }
    columns = [f.column for f in Application._meta.concrete_fields
               if not getattr(f, "generated", False) and f.column != "id"]
    select = ", ".join(override.get(c, f't."{c}"') for c in columns)
    table = Application._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    for lo in range(1, n + 1, chunk):
        hi = min(n, lo + chunk - 1)
        if pg:
            sql = (f'INSERT INTO "{table}" ({names}) SELECT {select} FROM generate_series({lo}, {hi}) AS s(g), '
                   f'"{table}" t WHERE t.id = {template.pk}')
        else:
            sql = (f'INSERT INTO "{table}" ({names}) WITH RECURSIVE s(g) AS (SELECT {lo} UNION ALL SELECT g + 1 '
                   f'FROM s WHERE g < {hi}) SELECT {select} FROM s, "{table}" t WHERE t.id = {template.pk}')
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        print(f"  … {hi:,} applications", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100000, help="applications to generate")
    parser.add_argument("--seconds", type=float, default=6.0, help="measuring time per page kind")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", default="", help="database prepared by an earlier --keep run")
    args = parser.parse_args()
    with fresh_database("bench_zw_queues", keep=args.keep, reuse=args.reuse) as (vendor, name):
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        from sunshine.accounts.models import User
        from sunshine.accounts.roles import ensure_default_roles
        from sunshine.gov_services.models import Application
        from sunshine.orgs.models import Department

        if not args.reuse:
            started = time.perf_counter()
            _seed(args.n)
            with connection.cursor() as cursor:  # as autovacuum would on a live database (visibility map, stats)
                cursor.execute("VACUUM ANALYZE gov_services_application" if vendor == "postgresql"
                               else "ANALYZE")
            print(f"[{vendor}] generated {args.n:,} applications in {time.perf_counter() - started:.0f} s")
        roles = {g.name: g for g in ensure_default_roles()}
        window, _ = User.objects.get_or_create(username="bench_window", defaults={
            "kind": "staff", "real_name": "压测窗口", "department": Department.objects.get(code="scjgj")})
        window.groups.add(roles["窗口人员"])
        desk, _ = User.objects.get_or_create(username="bench_desk", defaults={
            "kind": "staff", "real_name": "压测受理台", "department": Department.objects.get(code="zwfw")})
        desk.groups.add(roles["集中受理台"])
        n = Application.objects.count()
        settings.ROOT_URLCONF = _urlconf()
        settings.ALLOWED_HOSTS = ["*"]
        settings.DEBUG = False
        from django.urls import clear_url_caches

        clear_url_caches()
        print(f"[{vendor}] {n:,} applications; in-process Django test Client, {args.seconds:.0f} s per measure; "
              "ratio = page req/s ÷ trivial req/s, measured interleaved")
        for who, user, base, extra in (
                ("window (市场监管局)", window, "/zw/staff/window/", ["status=reviewing", "status=awaiting_materials"]),
                ("desk (集中受理台)", desk, "/zw/staff/desk/", ["status=completed", "status=returned"])):
            client = Client()
            client.force_login(user)
            # follow "更早的办件" five pages, and a deep page (before the median id of the queue)
            pages, url = [base], base
            for _ in range(5):
                body = client.get(url).content.decode()
                marker = 'rel="next"'
                if marker not in body:
                    break
                href = body[:body.index(marker)].rsplit('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
                url = href if href.startswith("/") else base + href
                pages.append(url)
            deep = f"{base}?before={Application.objects.order_by('id').values_list('id', flat=True)[n // 2]}"
            kinds = {"first page": [base], "pages 2-6 (更早的办件)": pages[1:] or [base], "deep page": [deep],
                     "status filter": [f"{base}?{q}" for q in extra]}
            for urls in kinds.values():
                for u in urls:
                    client.get(u)
            print(f"  {who}")
            for label, urls in kinds.items():
                (t_rate, _), (rate, p95) = _measure_pair(client, ["/bench-trivial/"], urls, args.seconds)
                queries = sorted({_queries(client, u) for u in urls})
                print(f"    {label:26s} {rate:7.0f} req/s  p95 {p95:6.1f} ms  | trivial {t_rate:6.0f} req/s  "
                      f"ratio {rate / t_rate:4.2f}  queries/page {queries}")
        if args.keep:
            print(f"kept database: --reuse {name}")


if __name__ == "__main__":
    main()
