"""Writes of the hotline (热线工单办理): intake, and every status change through `WORKFLOW.step` (the row locked, the
table and the policy checked, the status set by compare-and-set, the audit event with the from and to status).

Moments: each service takes `at` (an aware datetime, default now). Clocks counted in hours (urgent tickets) take
the moment, clocks counted in working days its local date (`limits.py` has the limits).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.caselinks.services import link_cases
from sunshine.clocks.models import Clock
from sunshine.clocks.services import (
    clock_cancel,
    clock_extend,
    clock_merge,
    clock_start,
    clock_stop,
    clock_transfer,
)
from sunshine.core.errors import DomainError, TransitionNotAllowed
from sunshine.notify.services import notify
from sunshine.orgs.models import Department, Division

from . import letters, limits
from .models import (
    CONTACT_CLOCK,
    REPLY_CLOCK,
    SIGN_CLOCK,
    SUPERVISION_CLOCK,
    Assignment,
    Callback,
    Mailbox,
    Matter,
    Reply,
    SupervisionOrder,
    Ticket,
)
from .selectors import callback_round_complete, callers_of
from .tracking_codes import hash_secret, new_secret, new_tracking_code, recall_secret, remember_secret
from .validation import clean_intake, fingerprint, optional_text, required_text, validate_idempotency_key
from .workflow import WORKFLOW, Status

HOURS = Clock.Unit.HOURS


@dataclass(frozen=True)
class Submission:
    ticket: Ticket
    secret: str  # "" for a replay more than 24 hours after the first submission
    created: bool


# --- helpers ----------------------------------------------------------------------------------------------------

def _now(at: dt.datetime | None) -> dt.datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise DomainError("时间须带时区。", code="invalid_datetime")
    return at


def _on(clock: Clock, at: dt.datetime):
    """The moment of an event for `clock`: the datetime for a clock in hours, its local date otherwise."""
    return at if clock.unit == HOURS else timezone.localdate(at)


def _running(clock: Clock | None) -> bool:
    return clock is not None and clock.state != Clock.State.STOPPED


def _start(kind: str, ticket: Ticket, department, limit: limits.Limit, at: dt.datetime, *, actor, reason: str = "",
           label: str = "") -> Clock:
    common = {"kind": kind, "subject": ticket, "department": department, "limit": limit.amount, "unit": limit.unit,
              "actor": actor, "reason": reason, "label": label or f"{ticket.tracking_code} {ticket.title}"[:200]}
    if limit.unit == HOURS:
        return clock_start(started_at=at, **common)
    return clock_start(started_on=timezone.localdate(at), **common)


def _sms(ticket: Ticket, body: str) -> None:
    if ticket.caller_phone:
        notify(channel="sms", body=body, phone=ticket.caller_phone, related=ticket)


def _tell_department(department, subject: str, body: str, ticket: Ticket) -> None:
    """An inbox message to the department's active staff (at most 20) about a ticket."""
    from sunshine.accounts.models import User

    for user in User.objects.filter(department=department, is_active=True, kind=User.Kind.STAFF).order_by("pk")[:20]:
        notify(channel="inbox", subject=subject, body=body, user=user, related=ticket)


def _check_department(department, *, ticket: Ticket, field: str = "department") -> None:
    if department is None or not isinstance(department, Department):
        raise DomainError("请选择承办部门。", code="required", field=field)
    if not department.is_active:
        raise DomainError("该部门已停用。", code="inactive", field=field)
    if ticket.accused_department_id and department.pk == ticket.accused_department_id:
        raise DomainError("举报件不得派给被举报单位办理。", code="accused_department", field=field)


def _check_assisting(assisting: Iterable, *, lead, ticket: Ticket) -> list[Department]:
    result = []
    for department in assisting or ():
        _check_department(department, ticket=ticket, field="assisting")
        if department.pk == lead.pk:
            raise DomainError("协办部门不能与主办部门相同。", code="assist_is_lead", field="assisting")
        if department.pk not in {d.pk for d in result}:
            result.append(department)
    return result


def _assign(ticket: Ticket, lead, assisting: list, *, at, actor, note: str) -> None:
    Assignment.objects.create(ticket=ticket, department=lead, role=Assignment.Role.LEAD, dispatched_at=at,
                              dispatched_by=actor, note=note)
    Assignment.objects.bulk_create([
        Assignment(ticket=ticket, department=d, role=Assignment.Role.ASSIST, dispatched_at=at, dispatched_by=actor,
                   note=note) for d in assisting])


def _lead(ticket: Ticket) -> Assignment | None:
    return ticket.assignments.filter(active=True, role=Assignment.Role.LEAD).first()


# --- intake (受理) -----------------------------------------------------------------------------------------------

def ticket_submit(*, data: dict, mailbox: Mailbox, channel: str, place: Division | None = None,
                  matter: Matter | None = None, accused_department: Department | None = None, entered_by=None,
                  idempotency_key: str | None = None, at: dt.datetime | None = None) -> Submission:
    """Register a ticket (受理). With an idempotency key a second call (even concurrent) returns the first ticket
    and the same secret (`created=False`); the same key with other content is refused."""
    key = validate_idempotency_key(idempotency_key)
    if channel not in Ticket.Channel.values:
        raise DomainError("渠道无效。", code="invalid", field="channel")
    if mailbox is None or not mailbox.is_active:
        raise DomainError("该信箱暂停受理。", code="inactive", field="mailbox")
    cleaned = clean_intake(data)
    if place is not None and place.level not in (Division.Level.TOWN, Division.Level.VILLAGE):
        raise DomainError("请选择乡镇或村（社区）。", code="invalid", field="place")
    if accused_department is not None and cleaned["kind"] != Ticket.Kind.REPORT:
        accused_department = None  # only a 举报 names an accused unit
    digest = fingerprint({**cleaned, "mailbox": mailbox.code, "place": place.pk if place else None,
                          "accused": accused_department.pk if accused_department else None})
    for attempt in range(6):
        if key:
            existing = Ticket.objects.filter(idempotency_key=key).first()
            if existing is not None:
                if existing.idempotency_fingerprint != digest:
                    raise DomainError("该幂等键（Idempotency-Key）已用于另一件不同的诉求。",
                                      code="idempotency_conflict")
                return Submission(existing, recall_secret(key) or "", False)
        try:
            return _submit(cleaned=cleaned, mailbox=mailbox, channel=channel, place=place, matter=matter,
                           accused=accused_department, entered_by=entered_by, key=key, digest=digest, at=_now(at))
        except IntegrityError:
            if key and Ticket.objects.filter(idempotency_key=key).exists():
                continue  # a concurrent submission with the same key won: return it on the next pass
            if attempt >= 3:
                raise
        except OperationalError as exc:  # SQLite under concurrency: "database is locked"
            if "locked" not in str(exc) or transaction.get_connection().in_atomic_block or attempt >= 5:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise DomainError("系统繁忙，请稍后重试。", code="busy")  # pragma: no cover


@transaction.atomic
def _submit(*, cleaned, mailbox, channel, place, matter, accused, entered_by, key, digest, at) -> Submission:
    secret = new_secret()
    ticket = Ticket.objects.create(
        tracking_code=new_tracking_code(timezone.localdate(at).year), verification_secret_hash=hash_secret(secret),
        idempotency_key=key, idempotency_fingerprint=digest if key else "", mailbox=mailbox, channel=channel,
        place=place, matter=matter, accused_department=accused, received_at=at,
        entered_by=entered_by if getattr(entered_by, "is_authenticated", False) else None, **cleaned)
    if key:
        remember_secret(secret, key)
    record(action="hotline.ticket.submit", target=ticket, actor=entered_by,
           after={"status": ticket.status, "mailbox": mailbox.code, "channel": channel, "kind": ticket.kind,
                  "urgency": ticket.urgency})
    if channel == Ticket.Channel.SMS:  # the reply to an SMS carries what the citizen needs to track it
        _sms(ticket, f"您的诉求已受理，查询码{ticket.tracking_code}，验证码{secret}，请妥善保存。"
                     "我们将尽快办理并答复。")
    else:
        _sms(ticket, f"您的诉求已受理，查询码{ticket.tracking_code}。我们将尽快办理并答复。")
    return Submission(ticket, secret, True)


# --- dispatch (派单), sign (签收), return (退单), reassign (改派) -----------------------------------------------------

def ticket_dispatch(*, ticket: Ticket, department: Department, actor, assisting: Iterable = (),
                    matter: Matter | None = None, note: str = "", at: dt.datetime | None = None) -> Ticket:
    """The office dispatches to a lead department (主办) with assisting ones (协办); the sign and reply clocks start."""
    at = _now(at)
    with WORKFLOW.step(ticket, "dispatch", actor=actor, department=department) as step:
        t = step.obj
        note = optional_text(note, "note", "派单意见")
        _check_department(department, ticket=t)
        assisting = _check_assisting(assisting, lead=department, ticket=t)
        urgent = t.urgency == Ticket.Urgency.URGENT
        setting = limits.current_settings()
        sign = _start(SIGN_CLOCK, t, department, limits.sign_limit(urgent=urgent, setting=setting), at, actor=actor)
        reply = _start(REPLY_CLOCK, t, department, limits.reply_limit(urgent=urgent, setting=setting), at,
                       actor=actor)
        _assign(t, department, assisting, at=at, actor=actor, note=note)
        step.set(department=department, dispatched_at=at, sign_clock=sign, reply_clock=reply,
                 return_until=limits.return_until(timezone.localdate(at), setting=setting),
                 matter=matter or t.matter)
        step.audit(after={"department": department.code, "assisting": [d.code for d in assisting],
                          "matter": (matter or t.matter).code if (matter or t.matter) else ""}, reason=note)
        _tell_department(department, "新派工单", f"工单{t.tracking_code}“{t.title}”已派至本部门主办，请及时签收。", t)
    return step.obj


def ticket_sign_for(*, ticket: Ticket, actor, at: dt.datetime | None = None) -> Ticket:
    """The lead department signs for the ticket (签收): the sign clock stops, the contact clock starts."""
    at = _now(at)
    with WORKFLOW.step(ticket, "sign_for", actor=actor) as step:
        t = step.obj
        if _running(t.sign_clock):
            clock_stop(t.sign_clock, on=_on(t.sign_clock, at), actor=actor)
        contact = _start(CONTACT_CLOCK, t, t.department,
                         limits.contact_limit(urgent=t.urgency == Ticket.Urgency.URGENT), at, actor=actor)
        t.assignments.filter(active=True, role=Assignment.Role.LEAD).update(signed_at=at)
        step.set(signed_at=at, contact_clock=contact)
    return step.obj


def ticket_return(*, ticket: Ticket, reason: str, actor, at: dt.datetime | None = None) -> Ticket:
    """The lead department returns a wrongly dispatched ticket (退单) within the return window, with a reason; the
    office reviews it. The clocks keep running until the review."""
    at = _now(at)
    with WORKFLOW.step(ticket, "return", actor=actor) as step:
        t = step.obj
        reason = required_text(reason, "reason", "退单理由", maximum=2000)
        if t.return_until and timezone.localdate(at) > t.return_until:
            raise DomainError(f"已超过退单时限（派单后2个工作日内，截至{t.return_until:%Y年%m月%d日}），不能退单；"
                              "如确需调整，请联系热线办。", code="return_window_closed", field="reason")
        t.assignments.filter(active=True, role=Assignment.Role.LEAD).update(
            returned_at=at, return_reason=reason, outcome=Assignment.Outcome.RETURNED)
        step.audit(after={"department": t.department.code}, reason=reason)
    return step.obj


def ticket_reject_return(*, ticket: Ticket, note: str, actor, at: dt.datetime | None = None) -> Ticket:
    """The office finds the return unfounded (驳回退单): the ticket goes back to the same department, whose clocks
    never stopped."""
    _now(at)
    with WORKFLOW.step(ticket, "reject_return", actor=actor) as step:
        t = step.obj
        note = required_text(note, "note", "驳回理由", maximum=2000)
        t.assignments.filter(active=True, role=Assignment.Role.LEAD).update(
            return_justified=False, review_note=note, outcome=Assignment.Outcome.RETURN_REJECTED)
        step.audit(reason=note)
        _tell_department(t.department, "退单被驳回", f"工单{t.tracking_code}的退单未获同意：{note[:100]}", t)
    return step.obj


def ticket_reassign(*, ticket: Ticket, department: Department, actor, assisting: Iterable = (),
                    justified: bool = True, note: str = "", at: dt.datetime | None = None) -> Ticket:
    """The office reassigns (改派) to another lead department (and new assisting ones).

    The clocks transfer (`clock_transfer`): the old department's end as `transferred`, never late. `justified`
    (the return was right, or the office corrects its own dispatch): the new department gets a fresh limit from
    today, so the detour counts against nobody. Not justified: the running limit moves with its history."""
    at = _now(at)
    with WORKFLOW.step(ticket, "reassign", actor=actor, department=department) as step:
        t = step.obj
        note = optional_text(note, "note", "改派意见")
        _check_department(department, ticket=t)
        if department.pk == t.department_id:
            raise DomainError("改派的部门与当前主办部门相同。", code="same_department", field="department")
        assisting = _check_assisting(assisting, lead=department, ticket=t)
        reason = note or "改派"
        keep = not justified
        if _running(t.sign_clock):
            sign = clock_transfer(t.sign_clock, department, on=_on(t.sign_clock, at), actor=actor, reason=reason,
                                  keep_limit=keep)
        else:  # signed already: the new department signs again
            sign = _start(SIGN_CLOCK, t, department, limits.sign_limit(urgent=t.urgency == Ticket.Urgency.URGENT),
                          at, actor=actor, reason=f"改派：{reason}")
        reply = t.reply_clock
        if _running(reply):
            reply = clock_transfer(reply, department, on=_on(reply, at), actor=actor, reason=reason, keep_limit=keep)
        if _running(t.contact_clock):
            clock_cancel(t.contact_clock, on=_on(t.contact_clock, at), actor=actor, reason="改派，由新部门先行联系")
        was_returned = step.source == Status.RETURNED
        old = list(t.assignments.filter(active=True))
        for a in old:
            a.active = False
            a.outcome = Assignment.Outcome.REASSIGNED
            if a.role == Assignment.Role.LEAD and was_returned:
                a.return_justified = justified
                a.review_note = note
        Assignment.objects.bulk_update(old, ["active", "outcome", "return_justified", "review_note"])
        _assign(t, department, assisting, at=at, actor=actor, note=note)
        step.set(department=department, dispatched_at=at, signed_at=None, contacted_at=None, sign_clock=sign,
                 reply_clock=reply, contact_clock=None,
                 return_until=limits.return_until(timezone.localdate(at)))
        step.audit(before={"department": t.department.code if t.department_id else ""},
                   after={"department": department.code, "assisting": [d.code for d in assisting],
                          "justified": justified}, reason=note)
        _tell_department(department, "改派工单", f"工单{t.tracking_code}“{t.title}”已改派至本部门主办，请及时签收。", t)
    return step.obj


# --- handling (办理) ---------------------------------------------------------------------------------------------

def ticket_contact(*, ticket: Ticket, note: str, actor, at: dt.datetime | None = None) -> Ticket:
    """The lead department contacts the citizen first (先行联系) and records how."""
    at = _now(at)
    with WORKFLOW.step(ticket, "contact", actor=actor) as step:
        t = step.obj
        note = required_text(note, "note", "联系情况", maximum=2000)
        if t.contacted_at:
            raise DomainError("已登记先行联系。", code="already_contacted", field="note")
        if _running(t.contact_clock):
            clock_stop(t.contact_clock, on=_on(t.contact_clock, at), actor=actor)
        step.set(contacted_at=at)
        step.audit(reason=note)
    return step.obj


def ticket_extend(*, ticket: Ticket, days: int, reason: str, actor) -> Ticket:
    """The office head approves an extension (延期) for a complex case: at most 10 working days in all."""
    with WORKFLOW.step(ticket, "extend", actor=actor) as step:
        t = step.obj
        reason = required_text(reason, "reason", "延期理由", maximum=2000)
        maximum = limits.current_settings().max_extension_days
        if not isinstance(days, int) or days < 1:
            raise DomainError("延期天数须为正整数。", code="invalid", field="days")
        if t.extended_days + days > maximum:
            raise DomainError(f"延期累计不得超过{maximum}个工作日（已延期{t.extended_days}个工作日）。",
                              code="extension_too_long", field="days")
        clock = t.reply_clock
        if not _running(clock):
            raise TransitionNotAllowed("办理时限已结束，不能延期。")
        if clock.unit == HOURS:
            raise DomainError("紧急工单按小时计时，不能按工作日延期。", code="urgent_no_extension", field="days")
        clock_extend(clock, days=days, approver=actor, reason=reason, actor=actor, check_capability=False)
        step.set(extended_days=t.extended_days + days)
        step.audit(after={"days": days, "due_date": clock.due_date}, reason=reason)
    return step.obj


def ticket_reply(*, ticket: Ticket, text: str, resolved: bool, actor, at: dt.datetime | None = None) -> Ticket:
    """The lead department replies (答复) after contacting the citizen; the office reviews the reply."""
    at = _now(at)
    with WORKFLOW.step(ticket, "reply", actor=actor) as step:
        t = step.obj
        text = required_text(text, "text", "答复内容")
        if not t.contacted_at and any(c.caller_phone for c in callers_of(t)):
            raise DomainError("请先与群众联系（先行联系）并登记，再提交答复。", code="contact_first", field="text")
        Reply.objects.create(ticket=t, department=t.department, round=t.round, text=text, resolved=bool(resolved),
                             author=actor, created_at=at)
        if _running(t.reply_clock):
            clock_stop(t.reply_clock, on=_on(t.reply_clock, at), actor=actor)
        step.set(replied_at=at)
        step.audit(after={"resolved": bool(resolved), "round": t.round})
    return step.obj


def _pending_reply(t: Ticket) -> Reply:
    reply = t.replies.filter(review=Reply.Review.PENDING).order_by("-id").first()
    if reply is None:  # the table lets only a replied ticket into review; a row lost would be a defect
        raise DomainError("没有待审核的答复。", code="no_reply")
    return reply


def ticket_approve_reply(*, ticket: Ticket, actor, note: str = "", at: dt.datetime | None = None) -> Ticket:
    """The office approves the reply (审核通过): every caller of the case is told, the reply letter is issued."""
    at = _now(at)
    with WORKFLOW.step(ticket, "approve_reply", actor=actor) as step:
        t = step.obj
        note = optional_text(note, "note", "审核意见")
        reply = _pending_reply(t)
        reply.review, reply.review_note, reply.reviewed_by, reply.reviewed_at = Reply.Review.APPROVED, note, actor, at
        reply.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
        letters.issue_reply(t, reply, actor=actor)
        for caller in callers_of(t):
            _sms(caller, f"您反映的“{caller.title[:20]}”（{caller.tracking_code}）已由{t.department.name}答复，"
                         "可凭查询码和验证码查看；我们将进行回访。")
        step.audit(after={"reply": reply.pk}, reason=note)
    return step.obj


def ticket_send_back(*, ticket: Ticket, note: str, actor, at: dt.datetime | None = None) -> Ticket:
    """The office sends the reply back (退回重办): a new limit of `redo_days` starts for the department."""
    at = _now(at)
    with WORKFLOW.step(ticket, "send_back", actor=actor) as step:
        t = step.obj
        note = required_text(note, "note", "退回理由", maximum=2000)
        reply = _pending_reply(t)
        reply.review, reply.review_note, reply.reviewed_by, reply.reviewed_at = Reply.Review.SENT_BACK, note, actor, at
        reply.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
        setting = limits.current_settings()
        limit = (limits.reply_limit(urgent=True, setting=setting) if t.urgency == Ticket.Urgency.URGENT
                 else limits.Limit(Clock.Unit.WORKING_DAYS, setting.redo_days))
        clock = _start(REPLY_CLOCK, t, t.department, limit, at, actor=actor, reason=f"退回重办：{note}")
        step.set(reply_clock=clock, replied_at=None)
        step.audit(reason=note)
        _tell_department(t.department, "工单被退回重办", f"工单{t.tracking_code}的答复被退回重办：{note[:100]}", t)
    return step.obj


# --- callback (回访), reopen (重办), close (办结) ------------------------------------------------------------------

def ticket_callback(*, ticket: Ticket, caller_ticket: Ticket | None = None, resolved: bool, satisfaction: str,
                    actor, note: str = "", at: dt.datetime | None = None) -> Ticket:
    """The office calls one caller back (回访) and records resolved / satisfaction. Once every caller of the round
    is called back and none is unsatisfied the ticket is closed; otherwise the office reopens it (once) or closes."""
    at = _now(at)
    with WORKFLOW.step(ticket, "callback", actor=actor) as step:
        t = step.obj
        note = optional_text(note, "note", "回访记录")
        if satisfaction not in Callback.Satisfaction.values:
            raise DomainError("请选择满意度（满意、基本满意、不满意）。", code="invalid", field="satisfaction")
        callers = {c.pk: c for c in callers_of(t)}
        caller = callers.get(caller_ticket.pk if caller_ticket is not None else t.pk)
        if caller is None:
            raise DomainError("该来电人不属于本工单。", code="not_a_caller", field="caller_ticket")
        if not caller.caller_phone:
            raise DomainError("该来电人未留联系电话，无法回访。", code="no_phone", field="caller_ticket")
        if Callback.objects.filter(caller_ticket=caller, round=t.round).exists():
            raise DomainError("该来电人本轮已回访。", code="already_called", field="caller_ticket")
        Callback.objects.create(ticket=t, caller_ticket=caller, round=t.round, resolved=bool(resolved),
                                satisfaction=satisfaction, note=note, operator=actor, made_at=at)
        complete, unsatisfied = callback_round_complete(t)
        if complete and not unsatisfied:
            step.go(Status.CLOSED)
            step.set(closed_at=at)
            t.assignments.filter(active=True).update(outcome=Assignment.Outcome.DONE)
        step.audit(after={"caller": caller.tracking_code, "resolved": bool(resolved), "satisfaction": satisfaction,
                          "round": t.round})
    return step.obj


def ticket_reopen(*, ticket: Ticket, reason: str, actor, at: dt.datetime | None = None) -> Ticket:
    """An unsatisfied ticket is reopened once (重办) with a new limit (default 5 working days)."""
    at = _now(at)
    with WORKFLOW.step(ticket, "reopen", actor=actor) as step:
        t = step.obj
        reason = required_text(reason, "reason", "重办理由", maximum=2000)
        if t.reopen_count >= 1:
            raise DomainError("每件工单只能重办一次。", code="reopened_once", field="reason")
        if not Callback.objects.filter(ticket=t, round=t.round,
                                       satisfaction=Callback.Satisfaction.UNSATISFIED).exists():
            raise DomainError("只有回访不满意的工单才能重办。", code="not_unsatisfied", field="reason")
        setting = limits.current_settings()
        limit = (limits.reply_limit(urgent=True, setting=setting) if t.urgency == Ticket.Urgency.URGENT
                 else limits.Limit(Clock.Unit.WORKING_DAYS, setting.reopen_days))
        clock = _start(REPLY_CLOCK, t, t.department, limit, at, actor=actor, reason=f"重办：{reason}")
        step.set(reply_clock=clock, reopen_count=t.reopen_count + 1, round=t.round + 1, replied_at=None)
        step.audit(after={"round": t.round + 1}, reason=reason)
        _tell_department(t.department, "工单重办", f"工单{t.tracking_code}回访不满意，请重新办理：{reason[:100]}", t)
    return step.obj


def ticket_close(*, ticket: Ticket, actor, note: str = "", at: dt.datetime | None = None) -> Ticket:
    """The office closes the ticket (办结) once every caller who can be reached is called back."""
    at = _now(at)
    with WORKFLOW.step(ticket, "close", actor=actor) as step:
        t = step.obj
        note = optional_text(note, "note", "办结说明")
        complete, _unsatisfied = callback_round_complete(t)
        if not complete:
            raise DomainError("还有来电人未回访，不能办结。", code="callbacks_missing")
        t.assignments.filter(active=True).update(outcome=Assignment.Outcome.DONE)
        step.set(closed_at=at)
        step.audit(reason=note)
    return step.obj


def ticket_close_directly(*, ticket: Ticket, answer: str = "", actor, entry=None,
                          at: dt.datetime | None = None) -> Ticket:
    """A consultation answered on the spot (直接办结): closed without dispatch. With `entry` (a published knowledge
    base entry) the answer is the entry's and the ticket records it (`kb_entry`): counted as answered from the
    knowledge base in the statistics."""
    at = _now(at)
    with WORKFLOW.step(ticket, "close_directly", actor=actor) as step:
        t = step.obj
        if entry is not None:
            from .models import KnowledgeEntry

            if t.kind != Ticket.Kind.CONSULT:
                raise DomainError("只有咨询类诉求可以用知识库当场解答办结。", code="not_consultation", field="kind")
            entry = KnowledgeEntry.objects.filter(pk=entry.pk, status=KnowledgeEntry.State.PUBLISHED).first()
            if entry is None:
                raise DomainError("该知识库条目未发布或已撤回。", code="kb_not_published", field="kb_entry")
            answer = answer or entry.answer
        answer = required_text(answer, "answer", "答复内容")
        step.set(closed_directly=True, direct_answer=answer, closed_at=at, replied_at=at, kb_entry=entry)
        step.audit(after={"kb_entry": entry.pk if entry is not None else None})
        _sms(t, f"您的咨询（{t.tracking_code}）已答复：{answer[:60]}")
    return step.obj


# --- conversion (转办: 依申请公开 or 信访) ------------------------------------------------------------------------

DISCLOSURE, PETITION = "disclosure_request", "petition"


def ticket_convert(*, ticket: Ticket, to: str, actor, data: dict | None = None, reference: str = "",
                   note: str = "", at: dt.datetime | None = None):
    """A ticket that is really a disclosure request (依申请公开) or a petition (信访) is handed over (转办).

    - `disclosure_request`: the disclosure app's registered conversion (`sunshine.caselinks.conversions`, asked by
      name: no domain imports another) registers the application from `data` (its own form's cleaned data) and
      links both cases (`converted_to`); a refusal there leaves nothing on either side.
    - `petition`: there is no petition app: the hand-over to the county 信访局 is recorded with its reference
      number (信访件编号).

    The ticket ends 已转办 (`converted`): its running clocks are cancelled and its assignments end, so it counts
    against no department. Returns (ticket, Conversion or None)."""
    from sunshine.caselinks import conversions

    at = _now(at)
    result = None
    with WORKFLOW.step(ticket, "convert", actor=actor) as step:
        t = step.obj
        note = optional_text(note, "note", "转办说明")
        if to == DISCLOSURE:
            result = conversions.get(DISCLOSURE).convert(source=t, data=data or {}, actor=actor)
            reference = result.reference
            message = f"您反映的“{t.title[:20]}”（{t.tracking_code}）属于政府信息公开申请，已转为依申请公开申请办理，" \
                      f"查询码{reference}。"
        elif to == PETITION:
            reference = required_text(reference, "reference", "信访件编号", maximum=60)
            message = (f"您反映的“{t.title[:20]}”（{t.tracking_code}）已按信访程序转交县信访局办理，"
                       f"信访件编号{reference}。")
        else:
            raise DomainError("请选择转办去向（依申请公开或信访）。", code="invalid", field="to")
        for clock in (t.sign_clock, t.contact_clock, t.reply_clock):
            if _running(clock):
                clock_cancel(clock, on=_on(clock, at), actor=actor, reason=f"转办：{reference}")
        t.assignments.filter(active=True).update(active=False, outcome=Assignment.Outcome.DONE)
        step.set(converted_kind=to, converted_reference=reference, converted_at=at, closed_at=at)
        step.audit(after={"to": to, "reference": reference}, reason=note)
        _sms(t, message)
    return step.obj, result


# --- intake from the call-centre system and the SMS gateway -------------------------------------------------------

def call_record(*, provider: str, call) -> tuple:
    """Store an incoming call pushed by the CTI (idempotent by provider and call id). Returns (event, created)."""
    from .models import CallEvent

    event, created = CallEvent.objects.get_or_create(
        provider=provider[:30], call_id=call.call_id,
        defaults={"seat": call.seat, "caller_number": call.caller, "started_at": call.started_at})
    return event, created


SMS_CALLER_NAME = "短信来信人"
SMS_KIND_WORDS = [(Ticket.Kind.REPORT, ("举报",)), (Ticket.Kind.COMPLAINT, ("投诉",)),
                  (Ticket.Kind.SUGGESTION, ("建议",)), (Ticket.Kind.PRAISE, ("表扬", "感谢")),
                  (Ticket.Kind.CONSULT, ("咨询", "请问", "怎么办", "如何", "吗", "？", "?"))]


def sms_kind(text: str) -> str:
    """The kind of an SMS ticket from the citizen's own words (the operator may correct it at dispatch)."""
    for kind, words in SMS_KIND_WORDS:
        if any(w in text for w in words):
            return kind
    return Ticket.Kind.HELP


def sms_receive(*, provider: str, sms, mailbox: Mailbox | None = None) -> Submission:
    """An SMS to the hotline becomes a ticket (channel 短信) of the 12345 mailbox; the sender gets the tracking code
    and the verification secret by SMS. Idempotent by the gateway's message id (a retried push is one ticket). A
    message too short to act on is refused and the sender is told by SMS what to send."""
    from sunshine.core.identity import normalize_mobile

    mailbox = mailbox or Mailbox.objects.filter(kind=Mailbox.Kind.HOTLINE, is_active=True).order_by(
        "sort_order", "code").first()
    try:
        phone = normalize_mobile(sms.sender)
    except ValidationError:
        raise DomainError("发送号码无效。", code="invalid", field="from") from None
    text = sms.text.strip()
    # an SMS names no one: the number is the identity a 投诉/举报 needs for its reply and callback
    data = {"kind": sms_kind(text), "title": text[:30], "content": text, "caller_phone": phone,
            "caller_name": SMS_CALLER_NAME,
            "consent_publish": False}
    try:
        return ticket_submit(data=data, mailbox=mailbox, channel=Ticket.Channel.SMS,
                             idempotency_key=f"sms:{provider[:30]}:{sms.message_id}", at=sms.received_at)
    except DomainError as exc:
        if exc.field == "content":
            notify(channel="sms", phone=phone, body="您的短信内容过短，请详细描述诉求（不少于10个字）后重新发送，"
                                                     "或拨打12345热线。")
        raise


# --- merge (并单) ------------------------------------------------------------------------------------------------

MERGE_TARGET_STATES = frozenset({Status.RECEIVED, Status.DISPATCHED, Status.RETURNED, Status.HANDLING,
                                 Status.REPLY_REVIEW})


def ticket_merge(*, ticket: Ticket, into: Ticket, actor, reason: str = "", at: dt.datetime | None = None) -> Ticket:
    """Merge a repeat ticket into the case that goes on (并单): its clocks end as merged, a case link is recorded at
    both ends, and its caller gets the case's reply and callback."""
    at = _now(at)
    with WORKFLOW.step(ticket, "merge", actor=actor) as step:
        t = step.obj
        reason = optional_text(reason, "reason", "并单说明")
        if into is None or into.pk == t.pk:
            raise DomainError("请选择要并入的另一件工单。", code="invalid", field="into")
        target = Ticket.objects.select_for_update().get(pk=into.pk)
        if target.status not in MERGE_TARGET_STATES or target.merged_into_id:
            raise DomainError("只能并入尚在办理中的工单。", code="invalid_target", field="into")
        if t.merged_tickets.exists():
            raise DomainError("已有工单并入本工单，请将其他工单并入本工单，而不是反向并单。", code="has_merged",
                              field="into")
        for clock in (t.sign_clock, t.contact_clock, t.reply_clock):
            if _running(clock):
                clock_merge(clock, on=_on(clock, at), actor=actor, reason=f"并入{target.tracking_code}")
        t.assignments.filter(active=True).update(active=False, outcome=Assignment.Outcome.DONE)
        link_cases(t, target, "merged_into", actor=actor, reason=reason)
        step.set(merged_into=target)
        step.audit(after={"into": target.tracking_code}, reason=reason)
    return step.obj


# --- supervision (督办) ------------------------------------------------------------------------------------------

def ticket_supervise(*, ticket: Ticket, reason: str, actor, kind: str = SupervisionOrder.Kind.WRITTEN,
                     at: dt.datetime | None = None) -> SupervisionOrder:
    """A supervision order (督办) to the lead department, with its own clock (default 3 working days)."""
    at = _now(at)
    with WORKFLOW.step(ticket, "supervise", actor=actor) as step:
        t = step.obj
        reason = required_text(reason, "reason", "督办事由", maximum=2000)
        if kind not in SupervisionOrder.Kind.values:
            raise DomainError("督办方式无效。", code="invalid", field="kind")
        order = SupervisionOrder.objects.create(ticket=t, department=t.department, kind=kind, reason=reason,
                                                issued_by=actor, issued_at=at)
        limit = limits.Limit(Clock.Unit.WORKING_DAYS, limits.current_settings().supervision_days)
        order.clock = _start(SUPERVISION_CLOCK, t, t.department, limit, at, actor=actor, reason=reason,
                             label=f"督办 {t.tracking_code}")
        order.save(update_fields=["clock"])
        step.audit(after={"order": order.pk, "kind": kind}, reason=reason)
        _tell_department(t.department, "督办通知", f"工单{t.tracking_code}被督办：{reason[:100]}，请书面回复。", t)
    return order


def ticket_respond_supervision(*, ticket: Ticket, order: SupervisionOrder, response: str, actor,
                               at: dt.datetime | None = None) -> SupervisionOrder:
    """The department's written response to a supervision order (督办回复): its clock stops."""
    at = _now(at)
    with WORKFLOW.step(ticket, "respond_supervision", actor=actor) as step:
        t = step.obj
        response = required_text(response, "response", "书面回复")
        order = SupervisionOrder.objects.select_for_update().filter(pk=getattr(order, "pk", None), ticket=t).first()
        if order is None or not order.is_open:
            raise DomainError("没有待回复的督办单。", code="no_order", field="order")
        if _running(order.clock):
            clock_stop(order.clock, on=_on(order.clock, at), actor=actor)
        order.response, order.responded_by, order.responded_at = response, actor, at
        order.save(update_fields=["response", "responded_by", "responded_at"])
        step.audit(after={"order": order.pk})
    return order


ACTION_LABELS = {name: t.label for name, t in WORKFLOW.transitions.items()}
