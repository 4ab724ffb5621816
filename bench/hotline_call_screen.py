"""The operator's call screen (来电受理) over a large ticket table: caller history, knowledge-base search and
duplicate suggestions (p95 and queries per page).

    .venv/bin/python bench/hotline_call_screen.py --n 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine .venv/bin/python bench/hotline_call_screen.py --n 1000000

Prepares a fresh database (the demo organisation, the demo mailboxes, catalogue and knowledge base, plus ~200
synthetic published entries in the kernel's search) and N tickets written in bulk: two years of calls, a caller
pool of N/4 numbers (some callers with dozens of tickets), towns and villages, 8 % of them still open, texts built
from a few hundred citizen phrasings. Then drives the pages in-process through Django's test `Client` (full
middleware, a logged-in operator) and prints p50 / p95 and the queries of each:

- `screen`: GET /rx/staff/call/?phone=… (the whole screen with the caller's history);
- `panels-text`: the side panels while typing (history, knowledge-base suggestions from the text, duplicates);
- `panels-kb`: the side panels with a knowledge-base query typed;
- `panels-cold`: panels-text with the per-process word cache of the duplicate pool emptied first.

`--keep` keeps the database and prints how to reuse it (`--reuse NAME`) for a run without seeding.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sunshine.publications.bench_support import fresh_database

PLACES = ["神农社区", "季梁大道", "烈山大道", "厉山镇中心小学", "高城镇卫生院", "殷店镇集镇", "县人民医院门口",
          "裕民新城小区", "城南新区", "汽车站附近", "菜市场", "三里岗村", "草店镇政府旁", "万和镇老街"]
PROBLEMS = [
    ("路灯不亮", "门口的路灯坏了好几天，晚上出行很不安全，请尽快维修"),
    ("停水", "家里已经连续停水两天了，也没有提前通知，生活很不方便"),
    ("噪音扰民", "附近工地晚上十一点以后还在施工，噪音很大睡不着"),
    ("拖欠工资", "在工地干了三个月，老板一直拖欠工资不给，多次讨要没有结果"),
    ("电梯故障", "小区电梯经常坏，物业一直推说没有配件，老人上下楼很困难"),
    ("道路坑洼", "路面坑坑洼洼，下雨天全是积水，车辆和行人通行困难"),
    ("垃圾清运", "垃圾堆了一个星期没人清运，气味很大，夏天蚊虫多"),
    ("社保补缴", "想问一下社保断缴了半年，现在怎么补缴，需要带什么材料"),
    ("医保报销", "在外地住院花了两万多，回来报销不知道需要哪些手续"),
    ("入学划片", "孩子明年上小学，户口和房子不在一个片区，不知道该去哪个学校报名"),
    ("乱收费", "停车场收费没有明码标价，收费比周边高很多"),
    ("油烟污染", "楼下饭店的油烟直接排到居民楼，窗户都不敢开"),
]
TAILS = ["希望有关部门尽快处理。", "请相关部门核实。", "已经反映过一次了还没解决。", "谢谢。", "麻烦帮忙协调一下。"]
KB_QUERIES = ["社保", "公租房", "异地就医", "身份证", "营业执照", "路灯", "低保", "公积金提取", "驾驶证", "入学"]


def _text(rng: random.Random) -> tuple[str, str]:
    title, body = rng.choice(PROBLEMS)
    place = rng.choice(PLACES)
    return f"{place}{title}", f"我是{place}的居民，{body}。{rng.choice(TAILS)}"


def seed(n: int, rng: random.Random) -> list[str]:
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from sunshine.hotline import demo, demo_kb, knowledge
    from sunshine.hotline.models import KnowledgeEntry, Mailbox, Matter, Ticket
    from sunshine.orgs.models import Department, Division

    class Quiet:
        def write(self, *_):
            pass

    demo._load_catalogue(Department)
    demo_kb.load(Quiet())  # needs the demo accounts: without them, entries are made below
    depts = list(Department.objects.filter(is_active=True).exclude(code__startswith="village-"))
    if not KnowledgeEntry.objects.exists():
        for code, question, answer, keywords, basis in demo_kb.ENTRIES:
            dept = next((d for d in depts if d.code == code), depts[0])
            KnowledgeEntry.objects.create(department=dept, question=question, answer=answer, keywords=keywords,
                                          basis=basis, status="published", published_at=timezone.now())
    base = list(KnowledgeEntry.objects.filter(status="published"))
    extra = [KnowledgeEntry(department=e.department, question=f"{e.question}（{town}）", answer=e.answer,
                            keywords=e.keywords, status="published", published_at=timezone.now())
             for e in base for town in ("厉山镇", "高城镇", "殷店镇", "草店镇", "小林镇", "淮河镇")]
    KnowledgeEntry.objects.bulk_create(extra)
    knowledge.reindex_published()
    box = Mailbox.objects.get(code="12345")
    matters = list(Matter.objects.all())
    places = list(Division.objects.filter(level__in=["town", "village"]).values_list("pk", flat=True))
    phones = [f"139{rng.randrange(10**8):08d}" for _ in range(max(1, n // 4))]
    now = timezone.now()
    span = 730 * 86400
    closed = Ticket.Status.CLOSED
    opened = [Ticket.Status.DISPATCHED, Ticket.Status.HANDLING, Ticket.Status.CALLBACK, Ticket.Status.RECEIVED]
    batch, made = [], 0
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(n):
            title, content = _text(rng)
            age = rng.random() ** 1.3 * span  # more recent calls than old ones
            status = rng.choice(opened) if (age < 40 * 86400 and rng.random() < 0.5) or rng.random() < 0.03 \
                else closed
            phone = phones[min(int(rng.paretovariate(1.2)) - 1, len(phones) - 1)] if rng.random() < 0.3 \
                else rng.choice(phones)
            batch.append(Ticket(
                tracking_code=f"RB{i:012d}", verification_secret_hash="x", mailbox=box, channel="phone",
                kind=rng.choice(["consult", "help", "complaint", "suggestion"]), matter=rng.choice(matters),
                place_id=rng.choice(places) if places and rng.random() < 0.7 else None, title=title,
                content=content, caller_name="张先生", caller_phone=phone, status=status,
                received_at=now - dt.timedelta(seconds=age), closed_at=now if status == closed else None))
            if len(batch) >= 5000:
                Ticket.objects.bulk_create(batch)
                made += len(batch)
                batch = []
                if made % 100000 == 0:
                    print(f"  {made} tickets, {time.perf_counter() - started:.0f} s", flush=True)
        Ticket.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE hotline_ticket")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"seeded {n} tickets and {KnowledgeEntry.objects.count()} knowledge-base entries in "
          f"{time.perf_counter() - started:.0f} s")
    return phones


def _operator():
    from sunshine.accounts.models import User
    from sunshine.accounts.roles import HOTLINE_OPERATOR, ensure_default_roles
    from sunshine.orgs.models import Department

    groups = {g.name: g for g in ensure_default_roles()}
    user, _ = User.objects.get_or_create(username="bench_operator", defaults={
        "kind": User.Kind.STAFF, "real_name": "话务员", "department": Department.objects.get(code="zfb")})
    user.groups.add(groups[HOTLINE_OPERATOR])
    return user


def measure(client, urls: list[str], *, before=None) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for url in urls:
        if before:
            before()
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if before:
        before()
    with CaptureQueriesContext(connection) as ctx:
        client.get(urls[0])
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(ctx.captured_queries), len(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=50000, help="tickets (default 50,000; target 1,000,000)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page kind")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", default="")
    args = parser.parse_args()
    rng = random.Random(12345)
    with fresh_database("bench_rx_call", keep=args.keep, reuse=args.reuse) as (vendor, name):
        from urllib.parse import urlencode

        from django.conf import settings
        from django.test import Client

        from sunshine.hotline import similarity
        from sunshine.hotline.models import Ticket

        if not args.reuse:
            seed(args.n, rng)
        total = Ticket.objects.count()
        top = Ticket.objects.order_by("-id").values_list("id", flat=True).first() or 1
        phones = list(Ticket.objects.filter(pk__in=[rng.randrange(1, top + 1) for _ in range(500)])
                      .values_list("caller_phone", flat=True))
        settings.ALLOWED_HOSTS = ["*"]
        client = Client()
        client.force_login(_operator())
        screen = [f"/rx/staff/call/?phone={rng.choice(phones)}" for _ in range(args.requests)]
        text_urls, kb_urls = [], []
        for _ in range(args.requests):
            title, content = _text(rng)
            params = {"caller_phone": rng.choice(phones), "title": title, "content": content}
            text_urls.append("/rx/staff/intake/call/panels/?" + urlencode(params))
            kb_urls.append("/rx/staff/intake/call/panels/?" + urlencode({**params, "q": rng.choice(KB_QUERIES)}))
        client.get(screen[0])  # warm-up (segmenter dictionary, templates)
        print(f"{vendor} ({name}): {total} tickets; p50 / p95 in ms, queries of one page")
        for label, urls, before in (("screen", screen, None), ("panels-text", text_urls, None),
                                    ("panels-kb", kb_urls, None),
                                    ("panels-cold", text_urls[: max(20, args.requests // 5)],
                                     similarity.clear_cache)):
            p50, p95, queries, count = measure(client, urls, before=before)
            print(f"  {label:12s} p50 {p50:7.1f}  p95 {p95:7.1f}  queries {queries:3d}  ({count} requests)")
        if args.keep:
            print(f"kept: --reuse {name}")


if __name__ == "__main__":
    main()
