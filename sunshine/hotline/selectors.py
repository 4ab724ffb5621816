"""Reads of the hotline: staff queues scoped by the policy, the caller's tracking view, the public mailbox pages
(consented letters masked, monthly figures), the callers of a merged case, likely duplicates."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from sunshine.orgs.models import Department, Division
from sunshine.privacy.masking import mask_mobile, mask_name, mask_text

from .models import Callback, Mailbox, Matter, Reply, Ticket
from .permissions import HIDDEN_CALLER, POLICY
from .tracking_codes import check_secret, normalize_code
from .workflow import OPEN_STATES, Status

QUEUE_PAGE_SIZE = 30
QUEUE_MAX_PAGES = 100  # the newest 3,000 tickets of a queue; older ones by status (and, later, search)


class CappedPaginator(Paginator):
    """A queue's pages without counting a million rows: the count stops at `QUEUE_MAX_PAGES` pages (one
    COUNT over a LIMITed subquery, an index range), `capped` says there are more; a page beyond is the last."""

    def __init__(self, object_list, per_page=QUEUE_PAGE_SIZE, max_pages=QUEUE_MAX_PAGES, parts=None):
        """`parts`: disjoint querysets whose union is `object_list` (a department's led and assisted tickets),
        each read on its own index in received_at order and merged here (no OR over a department's history)."""
        super().__init__(object_list, per_page)
        self.max_rows = per_page * max_pages
        self.capped = False
        self.parts = parts

    def _page_ids(self, bottom: int, top: int) -> list[int]:
        if not self.parts:
            return list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = heapq.merge(*[list(part.order_by("-received_at", "-id").values_list("received_at", "pk")[:top])
                             for part in self.parts], reverse=True)
        return [pk for _, pk in itertools.islice(rows, bottom, top)]

    def page(self, number):
        """Two steps (a deferred join): the page's ids from the index alone, sorted and sliced; then those rows
        with their related rows. Sorting a department's whole history of wide joined rows is what was slow."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._page_ids(bottom, bottom + self.per_page)
        rows = {t.pk: t for t in self.object_list.filter(pk__in=ids).order_by()} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    @cached_property
    def count(self) -> int:
        found = sum(part.order_by()[:self.max_rows + 1].count() for part in (self.parts or [self.object_list]))
        self.capped = found > self.max_rows
        return min(found, self.max_rows)


OFFICE_STATES = (Status.RECEIVED, Status.RETURNED, Status.REPLY_REVIEW, Status.CALLBACK)
DEPARTMENT_STATES = (Status.DISPATCHED, Status.HANDLING)


def may_work_on_tickets(user) -> bool:
    return POLICY.opens_pages(user)


def ticket_rows() -> QuerySet[Ticket]:
    """Tickets with what a queue's row shows (no scope: for rows whose ids a scoped query chose)."""
    return Ticket.objects.select_related("mailbox", "department", "matter", "place", "sign_clock", "reply_clock",
                                         "contact_clock")


def tickets_visible_to(user) -> QuerySet[Ticket]:
    return POLICY.visible_to(user, Ticket.objects.select_related(
        "mailbox", "department", "matter", "place", "sign_clock", "reply_clock", "contact_clock"))


def office_queue(user, status: str = "") -> QuerySet[Ticket]:
    """The hotline office's queue (派单队列): to dispatch, returns to review, replies to review, callbacks."""
    qs = tickets_visible_to(user)
    return qs.filter(status=status) if status else qs.filter(status__in=OFFICE_STATES)


def department_tickets(user, *, states=None, status: str = "") -> QuerySet[Ticket]:
    """The tickets of the user's own department (led now, or assisted on an active assignment), as a queue reads
    them over a million tickets: the assisted ids are read first (a short list from the assignments' index), so
    the condition is `department = X OR id IN (…)`, two index ranges, never a join with DISTINCT nor a scan."""
    from .models import Assignment

    department_id = user.department_id
    if not department_id:
        return Ticket.objects.none()
    assisted = list(Assignment.objects.filter(department_id=department_id, active=True, role=Assignment.Role.ASSIST)
                    .order_by().values_list("ticket_id", flat=True))
    condition = Q(department_id=department_id)
    if assisted:
        condition |= Q(pk__in=assisted)
    qs = Ticket.objects.select_related("mailbox", "department", "matter", "place", "sign_clock", "reply_clock",
                                       "contact_clock").filter(condition)
    if status:
        return qs.filter(status=status)
    return qs.filter(status__in=states) if states else qs


def department_parts(user, *, states=None, status: str = "") -> list[QuerySet[Ticket]]:
    """`department_tickets` as two disjoint parts for `CappedPaginator`: the tickets it leads (one range of the
    (department, status, received_at) index) and those it assists and does not lead (a short id list)."""
    from .models import Assignment

    department_id = user.department_id
    if not department_id or not may_work_on_tickets(user):
        return [Ticket.objects.none()]
    assisted = list(Assignment.objects.filter(department_id=department_id, active=True, role=Assignment.Role.ASSIST)
                    .order_by().values_list("ticket_id", flat=True))
    parts = [Ticket.objects.filter(department_id=department_id)]
    if assisted:
        parts.append(Ticket.objects.filter(pk__in=assisted).exclude(department_id=department_id))
    if status:
        return [p.filter(status=status) for p in parts]
    return [p.filter(status__in=states) for p in parts] if states else parts


def department_queue(user, status: str = "") -> QuerySet[Ticket]:
    """A department's queue: the tickets it leads or assists, waiting to be signed or in hand (or in `status`)."""
    if not may_work_on_tickets(user):
        return Ticket.objects.none()
    return department_tickets(user, states=DEPARTMENT_STATES, status=status)


def lead_for(matter: Matter | None, place: Division | None) -> Department | None:
    """The catalogue's lead department (派单目录): the town of the place where towns handle the matter (属地),
    else the matter's lead department."""
    if matter is None:
        return None
    if matter.town_handles and place is not None:
        town = place if place.level == Division.Level.TOWN else (
            place.parent if place.level == Division.Level.VILLAGE else None)
        if town is not None:
            department = Department.objects.filter(division=town, is_active=True, code__startswith="town-").first()
            if department is not None:
                return department
    return matter.lead_department


def catalogue_matches(ticket: Ticket, *, limit: int = 3) -> list[dict]:
    """The dispatch catalogue's matters whose keywords or example phrases occur in the ticket's title and text
    (派单目录匹配, the operator's first suggestion), most hits first, each with the department it would go to."""
    text = f"{ticket.title} {ticket.content}"
    found = []
    for matter in Matter.objects.filter(is_active=True).select_related("lead_department"):
        words = [*matter.keyword_list(), *[e.strip() for e in matter.examples.splitlines() if e.strip()]]
        hits = sum(1 for w in words if w in text)
        if hits:
            found.append({"matter": matter, "hits": hits, "department": lead_for(matter, ticket.place)})
    found.sort(key=lambda m: (-m["hits"], m["matter"].code))
    return found[:limit]


def callers_of(ticket: Ticket) -> list[Ticket]:
    """Every caller of a case: the ticket itself and the tickets merged into it (并单), oldest first."""
    return [ticket, *Ticket.objects.filter(merged_into=ticket).order_by("received_at", "id")]


def callback_round_complete(ticket: Ticket) -> tuple[bool, bool]:
    """(every caller who left a phone number is called back in this round, any of them is unsatisfied)."""
    reachable = [c.pk for c in callers_of(ticket) if c.caller_phone]
    done = dict(Callback.objects.filter(caller_ticket_id__in=reachable, round=ticket.round)
                .values_list("caller_ticket_id", "satisfaction"))
    complete = all(pk in done for pk in reachable)
    return complete, Callback.Satisfaction.UNSATISFIED in done.values()


def caller_display(user, ticket: Ticket) -> dict:
    """The caller as this staff user may see them: a 举报's reporter is the office's only."""
    if not POLICY.can_see_caller(user, ticket):
        return {"name": HIDDEN_CALLER, "phone": HIDDEN_CALLER, "hidden": True}
    return {"name": ticket.caller_name or "（未留姓名）", "phone": ticket.caller_phone or "（未留电话）",
            "hidden": False}


def possible_duplicates(ticket: Ticket, *, days: int = 30, limit: int = 5) -> list[Ticket]:
    """Open tickets that may be the same request (并单建议): the same caller, or the same place and matter, within
    `days` of this one."""
    since = ticket.received_at - dt.timedelta(days=days)
    condition = Q()
    if ticket.caller_phone:
        condition |= Q(caller_phone=ticket.caller_phone)
    if ticket.place_id and ticket.matter_id:
        condition |= Q(place_id=ticket.place_id, matter_id=ticket.matter_id)
    if not condition:
        return []
    return list(Ticket.objects.filter(condition, received_at__gte=since, status__in=OPEN_STATES,
                                      merged_into__isnull=True).exclude(pk=ticket.pk)
                .select_related("department").order_by("-received_at")[:limit])


def ticket_for_caller(tracking_code: str, secret: str) -> Ticket | None:
    code = normalize_code(tracking_code or "")
    if len(code) == 14:  # RX2026-ABCDEFGH, typed with or without the hyphen
        code = f"{code[:6]}-{code[6:]}"
    ticket = Ticket.objects.select_related("mailbox", "department").filter(tracking_code=code).first()
    if ticket is None or not check_secret(ticket, secret or ""):
        return None
    return ticket


def tracking_body(ticket: Ticket) -> dict:
    """What the caller sees of their ticket: status, department, the approved replies (of the case it joined)."""
    case = ticket.merged_into or ticket
    replies = [{"round": r.round, "text": r.text, "department": r.department.name,
                "date": timezone.localtime(r.created_at).date().isoformat()}
               for r in Reply.objects.filter(ticket=case, review=Reply.Review.APPROVED).select_related("department")]
    if case.closed_directly:
        replies = [{"round": 1, "text": case.direct_answer, "department": "12345热线",
                    "date": timezone.localtime(case.closed_at).date().isoformat()}]
    return {
        "tracking_code": ticket.tracking_code,
        "status": ticket.status,
        "status_label": ticket.get_status_display(),
        "case_status_label": Status(case.status).label,
        "merged_into": case.tracking_code if ticket.merged_into_id else None,
        "mailbox": ticket.mailbox.name,
        "kind_label": ticket.get_kind_display(),
        "title": ticket.title,
        "received_at": timezone.localtime(ticket.received_at).isoformat(timespec="minutes"),
        "department": case.department.name if case.department_id and case.status != Status.RECEIVED else "",
        "replies": replies,
    }


# --- the public mailbox pages -------------------------------------------------------------------------------------

def public_letters(mailbox: Mailbox) -> QuerySet[Ticket]:
    """Letters whose writers consented to publication, closed, never a 举报 (DOMAIN.md §8), newest first."""
    return (Ticket.objects.filter(mailbox=mailbox, consent_publish=True, status=Status.CLOSED)
            .exclude(kind=Ticket.Kind.REPORT).select_related("department").order_by("-closed_at", "-id"))


def _masked(text: str, ticket: Ticket) -> str:
    """Personal data masked (the privacy scanner), and the writer's own name wherever the text repeats it."""
    text = mask_text(text or "")
    if ticket.caller_name and len(ticket.caller_name) >= 2:
        text = text.replace(ticket.caller_name, mask_name(ticket.caller_name))
    return text


def public_entry(ticket: Ticket) -> dict:
    """One public letter: the writer's name masked, personal data in the texts masked, the last approved reply."""
    reply = (ticket.replies.filter(review=Reply.Review.APPROVED).order_by("-id").first()
             if not ticket.closed_directly else None)
    return {
        "tracking_code": ticket.tracking_code,
        "writer": mask_name(ticket.caller_name) if ticket.caller_name else "匿名",
        "phone": mask_mobile(ticket.caller_phone) if ticket.caller_phone else "",
        "title": _masked(ticket.title, ticket),
        "content": _masked(ticket.content, ticket),
        "kind_label": ticket.get_kind_display(),
        "received_on": timezone.localtime(ticket.received_at).date(),
        "department": ticket.department.name if ticket.department_id else "12345热线",
        "reply": _masked(reply.text if reply else ticket.direct_answer, ticket),
        "replied_on": timezone.localtime(reply.created_at if reply else ticket.closed_at).date(),
    }


def mailbox_figures(mailbox: Mailbox, *, months: int = 6, today: dt.date | None = None) -> list[dict]:
    """Each of the last `months` months of a mailbox (信箱月度统计), in three grouped queries:
    received (受理时间), replied and replied on time (答复时间, the reply clock's outcome), satisfied callbacks
    (回访时间: 满意 + 基本满意 of the callbacks made)."""
    from sunshine.core.statistics import count_by_group

    today = today or timezone.localdate()
    first = dt.date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    tickets = Ticket.objects.filter(mailbox=mailbox)
    received = count_by_group(tickets, counts={"received": Q()}, date_field="received_at", start=first, end=today,
                              group_by=("month",))
    replied = count_by_group(tickets, counts={"replied": Q(), "on_time": Q(reply_clock__outcome="on_time")},
                             date_field="replied_at", start=first, end=today, group_by=("month",))
    callbacks = count_by_group(Callback.objects.filter(caller_ticket__mailbox=mailbox),
                               counts={"callbacks": Q(), "satisfied": Q(satisfaction__in=["satisfied", "basic"])},
                               date_field="made_at", start=first, end=today, group_by=("month",))
    rows: dict[str, dict] = {}
    month = first
    while month <= today:
        key = f"{month:%Y-%m}"
        rows[key] = {"month": key, "received": 0, "replied": 0, "on_time": 0, "callbacks": 0, "satisfied": 0}
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for part in (received, replied, callbacks):
        for row in part:
            rows[row["month"]].update({k: v for k, v in row.items() if k != "month"})
    return list(reversed(rows.values()))
