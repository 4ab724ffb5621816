"""The hotline's staff queues over N tickets (default 1,000,000) against a trivial Django view (issue #10 item 11).

    .venv/bin/python bench/hotline_queues.py --n 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sunshine .venv/bin/python bench/hotline_queues.py --n 1000000

Prepares a fresh database with the demo organisation (`fresh_database`, as bench/publications_pages.py) and N
tickets bulk-inserted (bulk_create in batches, no service call: synthetic rows in the proportions of seed 003:
96.8 % closed, the rest in every open state), spread over a year, 30 departments and the 17 towns; every
ticket dispatched has its lead assignment, 5 % an assisting department; the open ones have their sign and reply
clocks (the queue's deadline chips). Then drives, in-process through Django's test Client (full middleware,
templates), interleaved with a trivial view on the same stack:
- the department's queue `/rx/staff/department/` (待签收 + 办理中; pages 1-5; all its closed tickets, deep pages);
- the office's queue `/rx/staff/` (待派单, 退单待审, 答复待审, 待回访; pages 1-5; by status; deep pages);
- the staff API list `/api/v1/staff/hotline/tickets/?queue=department`;
and prints req/s, p95, the ratio to the trivial view and the queries per page. `--keep` / `--reuse NAME` as in
bench/publications_pages.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.publications_pages import _measure_pair, _queries, _urlconf
from sunshine.publications.bench_support import fresh_database

STATES = [("closed", 0.955), ("merged", 0.013), ("received", 0.004), ("dispatched", 0.006), ("returned", 0.001),
          ("handling", 0.014), ("reply_review", 0.002), ("callback", 0.005)]
KINDS = ["consult", "help", "complaint", "report", "suggestion", "praise"]
CHANNELS = ["phone", "phone", "phone", "web", "mobile", "sms", "walk_in", "letter"]


def seed(n: int, *, batch: int = 5000, stdout=sys.stdout) -> None:
    """N synthetic tickets, their assignments and the open tickets' clocks, bulk-inserted."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from sunshine.accounts.models import User
    from sunshine.clocks.models import Clock
    from sunshine.hotline.models import Assignment, Mailbox, Ticket
    from sunshine.hotline.tracking_codes import hash_secret
    from sunshine.orgs.models import Department, Division

    rnd = random.Random(10)
    ticket_type = ContentType.objects.get_for_model(Ticket)
    box, _ = Mailbox.objects.get_or_create(code="12345", defaults={"name": "12345热线", "kind": "hotline"})
    departments = list(Department.objects.filter(is_active=True).exclude(code="zfb").order_by("code")
                       .values_list("pk", flat=True))[:30]
    places = list(Division.objects.filter(level__in=["town", "village"]).values_list("pk", flat=True))
    secret = hash_secret("BENCH-SECRET")
    zipf = [1 / (i + 1) for i in range(len(departments))]  # the first department is the busiest (~25 %)
    states, weights = zip(*STATES, strict=True)
    zone = timezone.get_current_timezone()
    end = dt.datetime(2026, 11, 30, 18, 0, tzinfo=zone)
    span = 365 * 24 * 3600
    office = Department.objects.get(code="zfb")  # 政府办: the hotline office
    clerk = User.objects.create_user("bench_clerk", password="x", kind="staff", real_name="压测经办",
                                     department_id=departments[0])
    clerk.groups.add(Group.objects.get(name="经办人"))
    operator = User.objects.create_user("bench_operator", password="x", kind="staff", real_name="压测话务员",
                                        department=office)
    operator.groups.add(Group.objects.get(name="话务员"))
    started = time.perf_counter()
    # the newest tickets are the open ones: a ticket received long ago is closed
    for first in range(0, n, batch):
        size = min(batch, n - first)
        tickets = []
        for i in range(first, first + size):
            age = rnd.random()
            received = end - dt.timedelta(seconds=int(age * span))
            state = rnd.choices(states, weights)[0] if age < 0.05 else (
                "closed" if rnd.random() < 0.986 else "merged")
            dispatched = state not in ("received", "merged") and not (state == "closed" and rnd.random() < 0.05)
            department = rnd.choices(departments, zipf)[0] if dispatched else None
            tickets.append(Ticket(
                tracking_code=f"RX2026-B{i:07d}", verification_secret_hash=secret, mailbox=box,
                channel=rnd.choice(CHANNELS), kind=rnd.choice(KINDS), title=f"压测工单{i}",
                content="小区门口路灯不亮，晚上出行不便，请尽快维修。", caller_name="张三",
                caller_phone=f"139{rnd.randrange(10 ** 8):08d}", status=state, department_id=department,
                place_id=rnd.choice(places), received_at=received,
                dispatched_at=received + dt.timedelta(hours=1) if dispatched else None,
                signed_at=received + dt.timedelta(hours=3) if state in ("handling", "reply_review", "callback",
                                                                       "closed") and dispatched else None,
                closed_at=received + dt.timedelta(days=4) if state == "closed" else None))
        with transaction.atomic():
            # the open tickets' clocks first (their ids go into the tickets: no UPDATE afterwards)
            clocks = []
            for t in tickets:
                if t.department_id is None or t.status not in ("dispatched", "handling", "returned", "reply_review",
                                                               "callback"):
                    continue
                day = timezone.localtime(t.dispatched_at).date()
                for kind, days, attr in (("hotline.sign", 1, "sign_clock"), ("hotline.reply", 5, "reply_clock")):
                    signed = kind == "hotline.sign" and t.signed_at is not None
                    clocks.append((t, attr, Clock(
                        kind=kind, case_key=f"hotline.ticket:{t.tracking_code}", subject_id=t.tracking_code,
                        subject_type=ticket_type, department_id=t.department_id, label=kind, started_on=day,
                        limit_days=days, due_date=day + dt.timedelta(days=days + 2),
                        state="stopped" if signed else "running", outcome="on_time" if signed else "")))
            Clock.objects.bulk_create([c for _, _, c in clocks], batch_size=batch)
            for t, attr, clock in clocks:
                setattr(t, f"{attr}_id", clock.pk)
            Ticket.objects.bulk_create(tickets, batch_size=batch)
            assignments = []
            for t in tickets:
                if t.department_id is None:
                    continue
                assignments.append(Assignment(ticket_id=t.pk, department_id=t.department_id, role="lead",
                                              dispatched_at=t.dispatched_at, signed_at=t.signed_at,
                                              outcome="done" if t.status == "closed" else "active"))
                if rnd.random() < 0.05:
                    assignments.append(Assignment(ticket_id=t.pk, department_id=rnd.choice(departments),
                                                  role="assist", dispatched_at=t.dispatched_at))
            Assignment.objects.bulk_create(assignments, batch_size=batch)
        if (first // batch) % 20 == 0:
            print(f"  {first + size:,} tickets ({time.perf_counter() - started:.0f} s)", file=stdout, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="tickets to seed")
    parser.add_argument("--seconds", type=float, default=6.0, help="measuring time per page kind")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", default="", help="database prepared by an earlier --keep run")
    args = parser.parse_args()
    with fresh_database("bench_hotline", keep=args.keep, reuse=args.reuse) as (vendor, name):
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        from sunshine.accounts.models import User
        from sunshine.hotline.models import Ticket

        if not args.reuse:
            started = time.perf_counter()
            seed(args.n)
            with connection.cursor() as cursor:  # planner statistics (SQLite: as `PRAGMA optimize` keeps them)
                cursor.execute("ANALYZE")
            print(f"[{vendor}] seeded {args.n:,} tickets in {time.perf_counter() - started:.0f} s")
        settings.ROOT_URLCONF = _urlconf()
        settings.ALLOWED_HOSTS = ["*"]
        settings.DEBUG = False
        from django.urls import clear_url_caches

        clear_url_caches()
        clerk, operator = User.objects.get(username="bench_clerk"), User.objects.get(username="bench_operator")
        n = Ticket.objects.count()
        mine = Ticket.objects.filter(department_id=clerk.department_id).count()
        department, office = Client(), Client()
        department.force_login(clerk)
        office.force_login(operator)
        pages = [
            ("department queue (pages 1-5)", department, [f"/rx/staff/department/?page={p}" for p in range(1, 6)]),
            ("department: closed (pages 1-5)", department,
             [f"/rx/staff/department/?status=closed&page={p}" for p in range(1, 6)]),
            ("department: closed, deep pages", department,
             [f"/rx/staff/department/?status=closed&page={p}" for p in (50, 100, 101, 10 ** 6)]),
            ("office queue (pages 1-5)", office, [f"/rx/staff/?page={p}" for p in range(1, 6)]),
            ("office: by status (page 1)", office,
             [f"/rx/staff/?status={s}" for s in ("received", "returned", "reply_review", "callback", "handling")]),
            ("office: closed, deep pages", office, [f"/rx/staff/?status=closed&page={p}" for p in (1, 50, 100, 101)]),
            ("staff API list (department)", department,
             [f"/api/v1/staff/hotline/tickets/?queue=department&page={p}" for p in range(1, 4)]),
        ]
        for _, client, urls in pages:  # warm up: templates, connections, plans
            for url in urls:
                assert client.get(url).status_code == 200, url
        print(f"[{vendor}] {n:,} tickets; the department's clerk leads {mine:,}; in-process Django test Client, "
              f"{args.seconds:.0f} s per measure, interleaved with the trivial view (ratio = page ÷ trivial req/s)")
        trivial = ["/bench-trivial/"]
        for label, client, urls in pages:
            (t_rate, _), (rate, p95) = _measure_pair(client, trivial, urls, args.seconds)
            queries = sorted({_queries(client, u) for u in urls})
            print(f"  {label:34s} {rate:7.0f} req/s  p95 {p95:6.1f} ms  | trivial {t_rate:6.0f} req/s  "
                  f"ratio {rate / t_rate:4.2f}  queries/page {queries}")
        if args.keep:
            print(f"kept database: --reuse {name}")


if __name__ == "__main__":
    main()
