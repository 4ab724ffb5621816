"""A year of demo tickets (演示历史工单, 2025-12 … 2026-11) in the proportions of seed 003's hotline (23,328 calls in
eleven months: 96.8 % completed, 99.9 % satisfied, callbacks for three calls in four, 1,734 mailbox letters — about
7 % —, 17 on-site supervisions), about a quarter of its volume by default (`settings.HOTLINE_DEMO_HISTORY`, the
number of tickets; 0: none).

Loaded like a migration of the old hotline system's records (历史数据导入): the finished tickets are bulk inserted
with consistent rows (status and moments, the lead's and assisting assignments with returns and reassignments, the
approved replies, the callbacks per caller and round, a reopened round after an unsatisfied callback, supervision
orders with their responses, the stopped sign and reply clocks with their outcome, for the indicators), one audit
event records the import. The tickets still open at the end of November go through the services (clocks running,
audit, workflow) like any ticket. Idempotent: nothing is loaded when the first history ticket exists.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from sunshine.audit.services import record
from sunshine.clocks.models import Clock
from sunshine.workcalendar.services import add_working_days

from . import services
from .demo_catalogue import MATTERS
from .demo_texts import compose, person
from .models import (
    REPLY_CLOCK,
    SIGN_CLOCK,
    Assignment,
    Callback,
    Mailbox,
    Matter,
    Reply,
    SupervisionOrder,
    Ticket,
)
from .tracking_codes import hash_secret, new_tracking_code

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
FIRST_DAY, LAST_DAY = dt.date(2025, 12, 1), dt.date(2026, 11, 30)
DEFAULT_SIZE = 6000
KEY_PREFIX = "demo-h:"
SEED = 20251201
# monthly weights (Dec … Nov): winter heating and the summer's water, power and noise bring more calls
MONTH_WEIGHTS = [1.1, 1.0, 0.8, 0.95, 1.0, 1.0, 1.1, 1.2, 1.05, 1.0, 0.95, 1.0]
CHANNELS = [("phone", 0.80), ("web", 0.06), ("mobile", 0.06), ("sms", 0.04), ("walk_in", 0.02), ("letter", 0.02)]
REPLY_TEXTS = [
    "经核查，反映的问题属实，已责成相关单位整改到位，并电话告知来电人。",
    "已安排工作人员到现场查看，问题已处理完毕，来电人表示认可。",
    "经了解，该问题涉及相关政策规定，已向来电人详细解释并告知办理流程。",
    "已联系相关责任单位，限期整改，我单位将持续跟踪。",
    "经调查核实，已依法依规处理，处理结果已当面反馈来电人。",
    "已会同乡镇和相关部门现场协调，双方达成一致意见。",
]
DIRECT_ANSWERS = ["已按知识库答复来电人办理条件、材料和地点。", "已告知来电人办理流程和咨询电话。",
                  "已向来电人解释相关政策规定。"]
RETURN_REASONS = ["该事项不属于本单位职责，建议改派。", "经核实为属地管理事项，请派乡镇办理。",
                  "该事项应由行业主管部门办理。"]


@dataclass
class Planned:
    n: int
    matter: str
    lead: str  # department code that finally handles it (town-<code> for 属地)
    town: int | None
    village: str
    channel: str
    mailbox: str
    kind: str
    title: str
    content: str
    name: str
    phone: str
    consent: bool
    urgent: bool
    received_at: dt.datetime
    extra: dict = field(default_factory=dict)


def _town_code(index: int) -> str:
    from sunshine.orgs.demo import town_code

    return town_code(index)


def department_for(matter: tuple, town: int | None) -> str:
    """The catalogue's rule: a 属地 matter with a town goes to the town's government, else to its lead."""
    return f"town-{_town_code(town)}" if matter[3] and town is not None else matter[2]


def plan(size: int, *, seed: int = SEED) -> list[Planned]:
    """The year's tickets as plain data (no database): text, matter, place, channel, moment, final department."""
    from sunshine.orgs.demo import TOWNS, VILLAGES

    rng = random.Random(seed)
    days = [FIRST_DAY + dt.timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    day_weights = [MONTH_WEIGHTS[(d.month - 12) % 12] * (0.75 if d.weekday() >= 5 else 1.0) for d in days]
    # matter popularity: a few matters bring most calls (Zipf-like over a shuffled order)
    order = list(range(len(MATTERS)))
    rng.shuffle(order)
    matter_weights = [0.0] * len(MATTERS)
    for rank, i in enumerate(order):
        matter_weights[i] = 1.0 / (rank + 8) ** 0.8
    result = []
    chosen_days = rng.choices(days, weights=day_weights, k=size)
    chosen_days.sort()
    for n, day in enumerate(chosen_days, start=1):
        matter = rng.choices(MATTERS, weights=matter_weights)[0]
        channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
        town = rng.randrange(len(TOWNS))
        village = rng.choice(VILLAGES[TOWNS[town]])
        local = matter[3]
        # half the county departments' tickets name a county-seat place or none: no town on the ticket
        named_town = None if not local and rng.random() < 0.5 else town
        draft = compose(rng, matter=matter[0], phrases=matter[5], channel=channel, town=TOWNS[town],
                        village=village, local=local)
        if channel in ("web", "mobile", "letter"):
            mailbox = rng.choices(["xzxx", "sjxx", "dept", "12345"], weights=[45, 25, 15, 15])[0]
            if mailbox == "dept":
                mailbox = matter[2] if matter[2] in ("zjj", "rsj") and not local else "xzxx"
        else:
            mailbox = "12345"
        anonymous = draft.kind in ("consult", "suggestion", "praise") and rng.random() < 0.25
        name, phone = ("", "") if anonymous else person(rng)
        hour = rng.choices(range(24), weights=[1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 9, 10, 12, 12, 11, 10, 8,
                                                7, 6, 4, 3, 2])[0]
        received = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=TZ)
        result.append(Planned(
            n=n, matter=matter[0], lead=department_for(matter, named_town if local else None),
            town=named_town, village=village if named_town is not None else "", channel=channel, mailbox=mailbox,
            kind=draft.kind, title=draft.title, content=draft.content, name=name, phone=phone,
            consent=rng.random() < 0.35, urgent=rng.random() < 0.03, received_at=received))
    return result


def size_setting() -> int:
    return int(getattr(settings, "HOTLINE_DEMO_HISTORY", DEFAULT_SIZE))


# --- loading ---------------------------------------------------------------------------------------------------

def _working_hours_after(moment: dt.datetime, hours: float) -> dt.datetime:
    return moment + dt.timedelta(hours=hours)


def _day_after(moment: dt.datetime, working_days: int, rng: random.Random) -> dt.datetime:
    day = add_working_days(timezone_date(moment), working_days).date
    return dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60)), tzinfo=TZ)


def timezone_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(TZ).date()


def load(stdout, *, size: int | None = None, users: dict | None = None) -> int:
    """Load the year (idempotent). Returns the number of tickets created."""
    size = size_setting() if size is None else size
    if size <= 0 or Ticket.objects.filter(idempotency_key=f"{KEY_PREFIX}1").exists():
        return 0
    from sunshine.accounts.models import User
    from sunshine.orgs.models import Department, Division

    users = users or {u.username: u for u in User.objects.filter(
        username__in=["hotline", "clerk", "clerk2", "officehead", "admin"])}
    if "hotline" not in users:
        return 0
    depts = {d.code: d for d in Department.objects.all()}
    divisions = {d.code: d for d in Division.objects.filter(level__in=["town", "village"])}
    villages_by_name = {d.name: d for d in divisions.values() if d.level == "village"}
    boxes = {b.code: b for b in Mailbox.objects.all()}
    matters = {m.code: m for m in Matter.objects.all()}
    planned = [p for p in plan(size) if p.lead in depts and p.matter in matters]
    end = dt.datetime.combine(LAST_DAY, dt.time(23, 0), tzinfo=TZ)
    rng = random.Random(SEED + 1)
    history, open_ones = [], []
    for p in planned:
        age = (end - p.received_at).days
        if age <= 12 and rng.random() < max(0.0, 0.9 - age * 0.06):
            open_ones.append(p)
        else:
            history.append(p)
    with transaction.atomic():
        created = _bulk(history, rng=rng, users=users, depts=depts, divisions=divisions,
                        villages=villages_by_name, boxes=boxes, matters=matters)
        record(action="hotline.history.import", target=boxes["12345"], actor=None,
               after={"tickets": created, "from": str(FIRST_DAY), "to": str(LAST_DAY)},
               reason="演示：导入原热线系统一年的历史工单")
    with transaction.atomic():  # one commit (the notifications are sent after it)
        opened = _through_services(open_ones, rng=rng, users=users, depts=depts, divisions=divisions,
                                   villages=villages_by_name, boxes=boxes, matters=matters)
    stdout.write(f"hotline: 导入历史工单 {created} 件（{FIRST_DAY:%Y-%m}至{LAST_DAY:%Y-%m}），"
                 f"办理中 {opened} 件")
    return created + opened


def _place(p: Planned, divisions, villages):
    if p.town is None:
        return None
    town_name = divisions[_town_code(p.town)].name
    return villages.get(f"{town_name}{p.village}") or divisions[_town_code(p.town)]


def _new_ticket(p: Planned, *, boxes, matters, divisions, villages, office) -> Ticket:
    return Ticket(
        tracking_code=new_tracking_code(p.received_at.year), verification_secret_hash=hash_secret(f"demo-{p.n}"),
        idempotency_key=f"{KEY_PREFIX}{p.n}", mailbox=boxes.get(p.mailbox) or boxes["12345"], channel=p.channel,
        kind=p.kind, urgency="urgent" if p.urgent else "normal", matter=matters[p.matter],
        place=_place(p, divisions, villages), title=p.title, content=p.content, caller_name=p.name,
        caller_phone=p.phone, consent_publish=p.consent, received_at=p.received_at,
        entered_by=office if p.channel in ("phone", "walk_in", "letter") else None)


def _next_ids(*models) -> list[int]:
    from django.db.models import Max

    return [(m.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 for m in models]


def _reset_sequences(*models) -> None:
    """After rows inserted with explicit ids, the database's id sequences move past them (PostgreSQL)."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _bulk(history: list[Planned], *, rng, users, depts, divisions, villages, boxes, matters) -> int:
    """Insert the finished tickets and their rows in one pass: ids are given up front (tickets and clocks refer to
    each other), so no row is updated afterwards."""
    office, head = users["hotline"], users.get("officehead")
    ticket_type = ContentType.objects.get_for_model(Ticket)
    next_ticket, next_clock = _next_ids(Ticket, Clock)
    tickets, assignments, replies, callbacks, orders, clocks = [], [], [], [], [], []
    last_case: dict[tuple, Ticket] = {}
    on_site_left = max(1, round(len(history) * 17 / 23328))
    helpers = [d for c, d in depts.items() if len(c) <= 6 and c != "zfb"]
    wrong_choices = [d for c, d in depts.items() if not c.startswith("village-")]

    def clock(kind, t, department, start, urgent, hours, days, stopped):
        nonlocal next_clock
        row = _stopped(kind, t, department, start, urgent, hours, days, stopped, _due(start, urgent, hours, days),
                       ticket_type)
        row.pk, next_clock = next_clock, next_clock + 1
        clocks.append(row)
        return row

    for p in history:
        t = _new_ticket(p, boxes=boxes, matters=matters, divisions=divisions, villages=villages, office=office)
        t.pk, next_ticket = next_ticket, next_ticket + 1
        t.status = Ticket.Status.CLOSED
        tickets.append(t)
        key = (p.matter, p.town)
        r = rng.random()
        target = last_case.get(key)
        if (p.kind == "consult" and r < 0.7) or (p.kind == "help" and r < 0.05):  # answered on the spot
            t.closed_directly, t.direct_answer = True, rng.choice(DIRECT_ANSWERS)
            t.closed_at = t.replied_at = p.received_at + dt.timedelta(minutes=rng.randrange(3, 20))
            continue
        if (p.kind in ("complaint", "help") and r > 0.975 and target is not None
                and (p.received_at - target.received_at).days <= 30):  # a repeat call (并单)
            t.status, t.merged_into = Ticket.Status.MERGED, target
            t.closed_at = p.received_at + dt.timedelta(minutes=rng.randrange(10, 90))
            if p.phone:  # each caller with a phone is called back with the case
                callbacks.append(Callback(ticket=target, caller_ticket=t, round=1, resolved=True,
                                          satisfaction=_satisfaction(rng), operator=office,
                                          made_at=max(target.closed_at, t.closed_at) + dt.timedelta(minutes=30)))
            continue
        last_case[key] = t
        lead = depts[p.lead]
        dispatched = p.received_at + dt.timedelta(hours=rng.uniform(0.2, 1.0) if p.urgent else rng.uniform(0.3, 6))
        if rng.random() < 0.03:  # a wrong dispatch, returned within the window and reassigned (justified)
            wrong = rng.choice([d for d in wrong_choices if d.pk != lead.pk])
            returned = dispatched + dt.timedelta(hours=rng.uniform(2, 20))
            assignments.append(Assignment(
                ticket=t, department=wrong, role=Assignment.Role.LEAD, active=False,
                outcome=Assignment.Outcome.REASSIGNED, dispatched_at=dispatched, dispatched_by=office,
                returned_at=returned, return_reason=rng.choice(RETURN_REASONS), return_justified=True,
                review_note="退单理由成立，改派。"))
            dispatched = returned + dt.timedelta(hours=rng.uniform(0.5, 3))
        signed = dispatched + dt.timedelta(hours=rng.uniform(0.2, 1.5) if p.urgent else rng.uniform(0.5, 20))
        if rng.random() < 0.02:  # signed late
            signed = _day_after(dispatched, 2, rng)
        contacted = signed + dt.timedelta(hours=rng.uniform(0.3, 6))
        if p.urgent:
            replied = contacted + dt.timedelta(hours=rng.uniform(1, 18))
        else:
            late = rng.random() < 0.03
            replied = _day_after(dispatched, rng.choice([6, 7, 8]) if late else rng.choice([1, 2, 3, 4, 5]), rng)
        replied = max(replied, contacted + dt.timedelta(hours=2))
        approved = replied + dt.timedelta(hours=rng.uniform(1, 20))
        t.department, t.dispatched_at, t.signed_at, t.contacted_at = lead, dispatched, signed, contacted
        t.return_until = add_working_days(timezone_date(dispatched), 2).date
        t.sign_clock = clock(SIGN_CLOCK, t, lead, dispatched, p.urgent, 2, 1, signed)
        t.reply_clock = clock(REPLY_CLOCK, t, lead, dispatched, p.urgent, 24, 5, replied)
        assignments.append(Assignment(ticket=t, department=lead, role=Assignment.Role.LEAD, active=True,
                                      outcome=Assignment.Outcome.DONE, dispatched_at=dispatched,
                                      dispatched_by=office, signed_at=signed))
        if rng.random() < 0.08:
            helper = rng.choice([d for d in helpers if d.pk != lead.pk])
            assignments.append(Assignment(ticket=t, department=helper, role=Assignment.Role.ASSIST, active=True,
                                          outcome=Assignment.Outcome.DONE, dispatched_at=dispatched,
                                          dispatched_by=office))
        if rng.random() < 0.012 and head is not None:
            on_site = on_site_left > 0 and rng.random() < 0.3
            on_site_left -= on_site
            issued = signed + dt.timedelta(days=1)
            orders.append(SupervisionOrder(
                ticket=t, department=lead, kind="on_site" if on_site else "written", issued_by=head, issued_at=issued,
                reason="群众多次来电反映，办理进度缓慢。", response="已加快办理，问题已解决。", responded_by=None,
                responded_at=issued + dt.timedelta(hours=rng.uniform(4, 40))))
        replies.append(Reply(ticket=t, department=lead, round=1, text=rng.choice(REPLY_TEXTS),
                             resolved=rng.random() < 0.93, created_at=replied, review=Reply.Review.APPROVED,
                             reviewed_by=office, reviewed_at=approved))
        closed = approved + dt.timedelta(hours=rng.uniform(3, 40))
        t.replied_at = replied
        if p.phone:
            unsatisfied = rng.random() < 0.001  # seed 003: 99.9 % satisfied
            callbacks.append(Callback(ticket=t, caller_ticket=t, round=1, resolved=not unsatisfied,
                                      satisfaction="unsatisfied" if unsatisfied else _satisfaction(rng),
                                      operator=office, made_at=closed))
            if unsatisfied:  # reopened once (重办), replied again, basically satisfied
                t.reopen_count, t.round = 1, 2
                again = _day_after(closed, rng.choice([2, 3, 4]), rng)
                replies.append(Reply(ticket=t, department=lead, round=2, text="重办：已再次到现场处理，问题已解决。",
                                     resolved=True, created_at=again, review=Reply.Review.APPROVED,
                                     reviewed_by=office, reviewed_at=again + dt.timedelta(hours=2)))
                closed = again + dt.timedelta(days=1)
                t.replied_at = again
                callbacks.append(Callback(ticket=t, caller_ticket=t, round=2, resolved=True, satisfaction="basic",
                                          operator=office, made_at=closed))
        t.closed_at = closed
    Clock.objects.bulk_create(clocks, batch_size=1000)
    Ticket.objects.bulk_create(tickets, batch_size=500)
    _reset_sequences(Ticket, Clock)
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    Reply.objects.bulk_create(replies, batch_size=1000)
    Callback.objects.bulk_create(callbacks, batch_size=1000)
    SupervisionOrder.objects.bulk_create(orders, batch_size=1000)
    return len(tickets)


def _satisfaction(rng: random.Random) -> str:
    return "satisfied" if rng.random() < 0.93 else "basic"


def _due(start: dt.datetime, urgent: bool, hours: int, days: int) -> tuple[dt.date, dt.datetime | None]:
    if urgent:
        due_at = start + dt.timedelta(hours=hours)
        return due_at.astimezone(TZ).date(), due_at
    return add_working_days(timezone_date(start), days).date, None


def _stopped(kind, t, department, start, urgent, hours, days, stopped, due, ticket_type) -> Clock:
    due_date, due_at = due
    on_time = stopped <= due_at if urgent else timezone_date(stopped) <= due_date
    return Clock(kind=kind, unit=Clock.Unit.HOURS if urgent else Clock.Unit.WORKING_DAYS,
                 case_key=f"hotline.ticket:{t.pk}", subject_type=ticket_type, subject_id=str(t.pk),
                 department=department, label=f"{t.tracking_code} {t.title}"[:200], started_on=timezone_date(start),
                 started_at=start if urgent else None, limit_days=hours if urgent else days, due_date=due_date,
                 due_at=due_at, state=Clock.State.STOPPED, stopped_on=timezone_date(stopped),
                 stopped_at=stopped if urgent else None,
                 outcome=Clock.Outcome.ON_TIME if on_time else Clock.Outcome.LATE)


# --- the open tickets of the last days, through the services ------------------------------------------------------

def _through_services(open_ones: list[Planned], *, rng, users, depts, divisions, villages, boxes, matters) -> int:
    office = users["hotline"]
    clerks = {"fgj": users.get("clerk"), "zjj": users.get("clerk2")}
    end = dt.datetime.combine(LAST_DAY, dt.time(23, 0), tzinfo=TZ)
    states = Counter()
    for p in open_ones:
        box = boxes.get(p.mailbox) or boxes["12345"]
        data = {"kind": p.kind, "urgency": "urgent" if p.urgent else "normal", "title": p.title,
                "content": p.content, "caller_name": p.name, "caller_phone": p.phone, "consent_publish": p.consent}
        if p.kind == "report" and not p.phone:
            data["kind"] = "complaint"
        ticket = services.ticket_submit(
            data=data, mailbox=box, channel=p.channel, place=_place(p, divisions, villages),
            matter=matters[p.matter], entered_by=office if p.channel == "phone" else None,
            idempotency_key=f"{KEY_PREFIX}{p.n}", at=p.received_at).ticket
        age_hours = (end - p.received_at).total_seconds() / 3600
        lead = depts[p.lead]
        clerk = clerks.get(p.lead) or users.get("admin")
        state = _open_state(rng, age_hours)
        states[state] += 1
        if state == "received":
            continue
        at = p.received_at + dt.timedelta(hours=min(2, age_hours / 4))
        wrong = state == "returned"
        first = depts["fgj"] if wrong and p.lead != "fgj" else (depts["zjj"] if wrong else lead)
        ticket = services.ticket_dispatch(ticket=ticket, department=first, matter=matters[p.matter], actor=office,
                                          at=at)
        if state == "dispatched":
            continue
        actor = clerks.get(first.code) or users.get("admin")
        if wrong:
            services.ticket_return(ticket=ticket, reason=rng.choice(RETURN_REASONS), actor=actor,
                                   at=at + dt.timedelta(hours=1))
            continue
        step = min(age_hours / 8, 20)
        ticket = services.ticket_sign_for(ticket=ticket, actor=clerk, at=at + dt.timedelta(hours=step))
        if state == "handling":
            continue
        ticket = services.ticket_contact(ticket=ticket, note="已电话联系来电人，了解了具体情况。", actor=clerk,
                                         at=at + dt.timedelta(hours=2 * step))
        if state == "contacted":
            continue
        ticket = services.ticket_reply(ticket=ticket, text=rng.choice(REPLY_TEXTS), resolved=True, actor=clerk,
                                       at=at + dt.timedelta(hours=3 * step))
        if state == "reply_review":
            continue
        services.ticket_approve_reply(ticket=ticket, actor=office, at=at + dt.timedelta(hours=3.5 * step))
    return len(open_ones)


def _open_state(rng: random.Random, age_hours: float) -> str:
    if age_hours < 12:
        return rng.choice(["received", "dispatched", "dispatched"])
    if age_hours < 48:
        return rng.choice(["dispatched", "handling", "returned", "handling"])
    return rng.choices(["handling", "contacted", "reply_review", "callback", "returned"], weights=[3, 4, 2, 3, 1])[0]
