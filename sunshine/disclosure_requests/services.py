"""Every write to a disclosure request (依申请公开): the submission and the transitions.

Each transition runs through the kernel's engine, `WORKFLOW.step` (see `workflow.py` for the table): the row is
locked, the transition table and the actor's capability and department scope (`permissions.POLICY`) are checked;
then, inside the step, the service applies its own rules (a DomainError refuses and saves nothing), the statutory
clock operation (`sunshine.clocks.services`), issues the letter (`letters.issue`: its text fixed in the transaction,
its .docx built after commit by a task) and records the applicant's notifications (sent after commit). Leaving the
step writes the new status with a compare-and-set and the audit event (the codes `disclosure_request.<action>`) with
its from and to status.

The application's validation is in `validation.py`, tracking codes and secrets in `tracking_codes.py`, the periodic
closures in `sweeps.py`. The names of the first two are re-exported here for older callers only; new code imports
them from their modules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.caselinks.services import link_cases
from sunshine.cases.workflow import APPLICANT, SYSTEM
from sunshine.clocks import services as clocks
from sunshine.clocks.models import Clock
from sunshine.clocks.selectors import clocks_for_case
from sunshine.core import identity
from sunshine.core.errors import CapabilityRequired, DomainError, TransitionNotAllowed
from sunshine.orgs.models import Department

from . import deadlines, fees, letters
from .letters import delivery_note
from .models import SAME_DAY_DELIVERY, Consultation, DisclosureRequest, LetterDelivery, RequestDocument
from .outcomes import Outcome
from .permissions import HANDLE, HANDLE_DENIED, IDENTITY_DENIED, OWN_DRAFT_DENIED, POLICY, SIGN_OFF
from .signoff import needs_sign_off
from .tracking_codes import (  # noqa: F401  (re-exported for older callers)
    check_secret,
    hash_secret,
    new_secret,
    new_tracking_code,
    normalize_code,
    recall_secret,
    remember_secret,
)
from .validation import (  # noqa: F401  (re-exported for older callers)
    ADDRESS_MAX,
    APPLICANT_REASONS_MAX,
    CONSULTATION_TEXT_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    EMAIL_DELIVERY_NEEDS_ADDRESS,
    EMAIL_MAX,
    FORM_TOKEN_MAX,
    IDEMPOTENCY_KEY_MAX,
    NAME_MAX,
    NOTICE_TEXT_MAX,
    PARTY_NAME_MAX,
    PHONE_INVALID,
    PHONE_MAX,
    REASON_MAX,
    REPLY_TEXT_MAX,
    RIGHT_AGENCY_MAX,
    SUPPLEMENT_ITEMS_MAX,
    SUPPLEMENT_TEXT_MAX,
    WITHHELD_REASON_MAX,
    clean_application,
    collect_errors,
    limited_text,
    reason_required,
    staff_text,
    validate_applicant,
    validate_delivery,
    validate_description,
    validate_idempotency_key,
    validate_optional_email,
    validate_phone,
    validate_required_text,
)
from .workflow import WORKFLOW, Status

logger = logging.getLogger(__name__)

# The clocks of a request (one case key, "disclosure_requests.disclosurerequest:<pk>"): the department's reply
# limit, and the periods that run on the other side (obligor "applicant": the applicant's supplement and fee
# payment periods, a consulted third party's or agency's 15 working days; DOMAIN.md §5), whose lapse is never the
# department's lateness.
REPLY_CLOCK = "disclosure_request.reply"
SUPPLEMENT_CLOCK = "disclosure_request.supplement"
CONSULTATION_CLOCK = "disclosure_request.consultation"
FEE_CLOCK = "disclosure_request.fee"
REASONS_CLOCK = "disclosure_request.reasons"
APPLICANT_SIDE = Clock.Obligor.APPLICANT
DEFAULT_DEPARTMENT_CODE = "zfb"  # 县人民政府办公室 (houses the disclosure office)


def default_department() -> Department | None:
    return Department.objects.filter(code=DEFAULT_DEPARTMENT_CODE, is_active=True).first()


def fingerprint(data: dict) -> str:
    """A digest of a submission's fields, to tell a replay from a different application under the same key."""
    keys = ["department", "applicant_name", "applicant_type", "id_number", "phone", "address", "email", "description",
            "form", "delivery"]
    text = "\x1f".join(str(data.get(k, "")) for k in keys)
    return hashlib.sha256(text.encode()).hexdigest()


# --- side effects -----------------------------------------------------------------------------------------------

def issue_letter(request: DisclosureRequest, kind: str, *, actor=None, **context) -> RequestDocument:
    """Issue the letter of `kind` for the case: its printable HTML now, in this transaction; its .docx after commit
    (`letters.issue`, `letters.complete`)."""
    return letters.issue(request, kind, actor=actor, **context)


def _notify_applicant(request: DisclosureRequest, body: str, *, subject: str = "") -> None:
    """Record the applicant's notifications in the step's transaction (an outbox: `notify` sends after commit)."""
    from sunshine.notify.services import notify

    text = f"{body}（查询码 {request.tracking_code}）"
    if request.phone and identity.MOBILE_RE.match(request.phone):  # a landline gets the letter, not an SMS
        notify(channel="sms", phone=request.phone, body=text, related=request)
    if request.citizen_id:
        notify(channel="inbox", user=request.citizen, subject=subject or "政府信息公开申请", body=text,
               related=request)
    if request.email and request.delivery == DisclosureRequest.Delivery.EMAIL:
        notify(channel="email", email=request.email, subject=subject or "政府信息公开申请", body=text,
               related=request)


# --- helpers ----------------------------------------------------------------------------------------------------

def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _action_day(on: dt.date | None, request: DisclosureRequest, *floors: dt.date | None) -> dt.date:
    """The day of a staff action: `on` when given; otherwise today, but never before the receipt date (an online
    application that arrived on a holiday is received on the next working day, Art. 31) or the given floors."""
    if on is not None:
        return on
    days = [timezone.localdate(), request.received_on, *(f for f in floors if f is not None)]
    return max(days)


def _snapshot(request: DisclosureRequest) -> dict:
    return {"status": request.status, "outcome": request.outcome, "department": request.department_id,
            "received_on": request.received_on, "decided_on": request.decided_on}


@contextmanager
def _transition(request: DisclosureRequest, action: str, *, actor, performed_by: str = "", department=None):
    """`WORKFLOW.step` with the case's snapshot as the audit event's `before` (see `_after` for its `after`)."""
    with WORKFLOW.step(request, action, actor=actor, performed_by=performed_by, department=department) as step:
        step.audit(before=_snapshot(step.obj))
        yield step


def _after(step, **extra) -> dict:
    """The audit event's `after`: the case as the step leaves it (the new status included) and the step's facts."""
    return {**_snapshot(step.obj), "status": step.target, **extra}


def _stop_clock(clock, *, on: dt.date, actor, reason: str, outcome: str | None = None) -> None:
    """Stop a clock that is not stopped yet, on `on` (never before its start): outcome None → computed by the
    kernel (on time; late for the department's clock, lapsed for an applicant's period); or the given one."""
    if clock is not None and clock.state != clock.State.STOPPED:
        clocks.clock_stop(clock, on=max(on, clock.started_on), actor=actor, reason=reason, outcome=outcome)


def _start_reply_clock(request: DisclosureRequest, *, started_on: dt.date, actor, reason: str,
                       case_key: str = "") -> Clock:
    return clocks.clock_start(
        kind=REPLY_CLOCK, subject=request, department=request.department, started_on=started_on,
        limit_days=deadlines.REPLY_LIMIT_DAYS, actor=actor, label=f"依申请公开答复 {request.tracking_code}",
        reason=reason, case_key=case_key)


def _start_applicant_clock(request: DisclosureRequest, kind: str, *, started_on: dt.date, limit_days: int, actor,
                           label: str, reason: str) -> Clock:
    """A period that runs on the applicant's or a third party's side (obligor "applicant"), in the request's case."""
    return clocks.clock_start(kind=kind, subject=request, department=request.department, started_on=started_on,
                              limit_days=limit_days, actor=actor, label=f"{label} {request.tracking_code}",
                              reason=reason, obligor=APPLICANT_SIDE)


def _cancel_applicant_clocks(request: DisclosureRequest, *, on: dt.date, actor, reason: str) -> None:
    """Cancel the applicant's and third parties' periods of the case still running (the case ended)."""
    running = (clocks_for_case(clocks.default_case_key(request))
               .filter(obligor=APPLICANT_SIDE).exclude(state=Clock.State.STOPPED))
    for clock in running:
        _stop_clock(clock, on=on, actor=actor, reason=reason, outcome=Clock.Outcome.CANCELLED)


def _performer(check_capability: bool) -> str:
    """A periodic closure runs as the system (no capability; the table is still checked)."""
    return "" if check_capability else SYSTEM


# --- submission (Art. 29, 31) -----------------------------------------------------------------------------------

@dataclass
class Submission:
    request: DisclosureRequest
    secret: str  # "" for a replay more than 24 hours after the first submission (the secret is not kept longer)
    created: bool


def request_submit(*, data: dict, department: Department, channel: str = DisclosureRequest.Channel.ONLINE,
                   citizen=None, entered_by=None, received_on: dt.date | None = None,
                   idempotency_key: str | None = None, submitted_at: dt.datetime | None = None) -> Submission:
    """Register an application (登记申请). `data` holds validated fields (applicant_name, applicant_type, id_number,
    phone, address, email, description, form, delivery).

    With an idempotency key, a second call (even concurrent) returns the first request (`created=False`) and the
    same secret; a different application under the same key is refused.
    """
    try:
        key = validate_idempotency_key(idempotency_key)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="invalid_idempotency_key") from exc
    try:
        data = clean_application(data)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], code="invalid", field=field) from exc
    if received_on is not None and received_on > timezone.localdate():
        # a signed-for letter may lie in the past (Art. 31); a receipt date in the future is a typing error
        raise DomainError("收到申请日期不能晚于今天。", code="invalid_date", field="received_on")
    digest = fingerprint({**data, "department": department.code})
    for attempt in range(6):
        if key:
            existing = _find_by_key(key)
            if existing is not None:
                return _replay(existing, key, digest)
        try:
            return _submit(data=data, department=department, channel=channel, citizen=citizen, entered_by=entered_by,
                           received_on=received_on, key=key, digest=digest, submitted_at=submitted_at)
        except IntegrityError:
            if key and DisclosureRequest.objects.filter(idempotency_key=key).exists():
                continue  # a concurrent submission with the same key won: return it on the next pass
            if attempt >= 3:
                raise
        except OperationalError as exc:  # SQLite under heavy concurrency: "database is locked"
            if "locked" not in str(exc) or transaction.get_connection().in_atomic_block or attempt >= 5:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise DomainError("系统繁忙，请稍后重试。", code="busy")  # pragma: no cover


def _find_by_key(key: str) -> DisclosureRequest | None:
    return DisclosureRequest.objects.filter(idempotency_key=key).first()


def request_by_idempotency_key(key: str) -> DisclosureRequest | None:
    """The request registered under `key` (a page's "form:<token>"): for the page that answers a resubmission."""
    return _find_by_key(key) if key else None


def _replay(existing: DisclosureRequest, key: str, digest: str) -> Submission:
    if existing.idempotency_fingerprint and existing.idempotency_fingerprint != digest:
        raise DomainError("该幂等键（Idempotency-Key）已用于另一份不同的申请。", code="idempotency_conflict")
    return Submission(request=existing, secret=recall_secret(key) or "", created=False)


@transaction.atomic
def _submit(*, data, department, channel, citizen, entered_by, received_on, key, digest, submitted_at) -> Submission:
    submitted_at = submitted_at or timezone.now()
    submitted_on = timezone.localdate(submitted_at)
    if received_on is None:
        received_on = deadlines.receipt_date(channel=channel, submitted_on=submitted_on)
    id_type, id_number = validate_applicant(applicant_type=data["applicant_type"], id_number=data["id_number"])
    secret = new_secret()
    request = DisclosureRequest(
        tracking_code=new_tracking_code(received_on.year),
        verification_secret_hash=hash_secret(secret),
        department=department,
        applicant_name=data["applicant_name"].strip(),
        applicant_type=data["applicant_type"],
        id_type=id_type,
        id_number=id_number,
        phone=data["phone"],
        address=data["address"].strip(),
        email=data.get("email") or "",
        description=data["description"].strip(),
        form=data["form"],
        delivery=data["delivery"],
        channel=channel,
        citizen=citizen if (citizen is not None and getattr(citizen, "is_authenticated", False)) else None,
        entered_by=entered_by,
        submitted_at=submitted_at,
        received_on=received_on,
        status=Status.PROCESSING,
        idempotency_key=key,
        idempotency_fingerprint=digest if key else "",
    )
    request.save()
    if key:
        remember_secret(secret, key)
    request.reply_clock = _start_reply_clock(request, started_on=received_on, actor=entered_by,
                                             reason="收到申请（条例第三十三条：20个工作日）")
    request.save(update_fields=["reply_clock"])
    record(action="disclosure_request.submit", target=request, actor=entered_by or citizen, department=department,
           after=_snapshot(request) | {"channel": channel}, to_status=Status.PROCESSING)
    issue_letter(request, RequestDocument.Kind.RECEIPT, actor=entered_by)
    due = request.reply_clock.due_date
    _notify_applicant(request, f"您的政府信息公开申请已于{received_on:%Y年%m月%d日}收到，"
                               f"答复期限{due:%Y年%m月%d日}")
    return Submission(request=request, secret=secret, created=True)



# --- receipt date (Art. 31) -------------------------------------------------------------------------------------

def request_correct_receipt(*, request: DisclosureRequest, received_on: dt.date, reason: str,
                            actor) -> DisclosureRequest:
    """更正收到申请日期: the reply clock is replaced (audited with the reason): the old one stops as `superseded`
    (never counted as answered on time) and a new one, of the same case, counts 20 working days from the corrected
    date."""
    with _transition(request, "correct_receipt", actor=actor) as step:
        request = step.obj
        reason = reason_required(reason, "更正理由")
        if received_on > timezone.localdate() + dt.timedelta(days=31):
            raise DomainError("收到申请日期不能晚于今天一个月以上。", code="invalid_date", field="received_on")
        if received_on < timezone.localdate(request.submitted_at) - dt.timedelta(days=31):
            raise DomainError("收到申请日期不能早于提交日期一个月以上。", code="invalid_date", field="received_on")
        old = request.reply_clock
        _stop_clock(old, on=timezone.localdate(), actor=actor, outcome=Clock.Outcome.SUPERSEDED,
                    reason=f"更正收到申请日期为{received_on:%Y-%m-%d}，另行计时：{reason}")
        clock = _start_reply_clock(request, started_on=received_on, actor=actor,
                                   reason=f"更正收到申请日期：{reason}", case_key=old.case_key if old else "")
        step.set(received_on=received_on, reply_clock=clock)
        step.audit(after=_after(step), reason=reason)
    return step.obj


# --- supplement (Art. 30) ---------------------------------------------------------------------------------------

def request_ask_supplement(*, request: DisclosureRequest, items: str, period_days: int, actor,
                           on: dt.date | None = None, late_reason: str = "") -> DisclosureRequest:
    """一次性告知补正: once, within 7 working days of receipt (later only with a recorded reason); the reply clock
    is paused until the supplement arrives and then counted afresh."""
    with _transition(request, "request_supplement", actor=actor) as step:
        request = step.obj
        on = _action_day(on, request)
        items = limited_text(items, label="需要补正的事项", max_length=SUPPLEMENT_ITEMS_MAX, field="items")
        late_reason = limited_text(late_reason, label="逾期告知的理由", max_length=REASON_MAX, field="late_reason")
        if not items:
            raise DomainError("请逐项列明需要补正的事项。", code="items_required", field="items")
        if request.supplement_requested_on is not None:
            raise DomainError("补正只能一次性告知，本申请已告知过补正。", code="supplement_once")
        if not 1 <= int(period_days) <= 30:
            raise DomainError("补正期限应为 1 至 30 个工作日。", code="invalid_period", field="period_days")
        if on < request.received_on:
            raise DomainError("告知补正日期不能早于收到申请日期。", code="invalid_date", field="on")
        notice_deadline = deadlines.supplement_notice_deadline(request.received_on).date
        if on > notice_deadline and not late_reason:
            raise DomainError(
                f"条例第三十条要求自收到申请之日起7个工作日内（即{notice_deadline:%Y年%m月%d日}前）一次性告知补正，"
                "已超过该期限；如确需告知，请填写逾期告知的理由。", code="supplement_notice_late", field="late_reason")
        due = deadlines.supplement_due(on, int(period_days)).date
        clocks.clock_pause(request.reply_clock, on=on, actor=actor, reason="告知补正，等待申请人补正")
        supplement_clock = _start_applicant_clock(
            request, SUPPLEMENT_CLOCK, started_on=on, limit_days=int(period_days), actor=actor,
            label="依申请公开补正期限", reason="告知补正（条例第三十条）：申请人的补正期限")
        step.set(supplement_items=items, supplement_requested_on=on, supplement_due_on=due,
                 supplement_clock=supplement_clock)
        step.audit(after=_after(step, items=items, due_on=due, late_reason=late_reason), reason=late_reason)
        issue_letter(request, RequestDocument.Kind.SUPPLEMENT_NOTICE, actor=actor)
        _notify_applicant(request, f"您的政府信息公开申请需要补正，请于{due:%Y年%m月%d日}前补正：{items[:60]}",
                          subject="补正告知")
    return step.obj


def request_receive_supplement(*, request: DisclosureRequest, text: str, actor=None,
                               on: dt.date | None = None) -> DisclosureRequest:
    """收到补正 (the applicant's own step online, verified by the caller: secret or account): the reply limit (20
    working days) is counted afresh from the day the supplement is received (Art. 30). Sent on a non-working day,
    it is received on the next working day, as an online application is (Art. 31(3), DOMAIN.md §5 [P]).

    A clerk records a supplement received on paper with `request_record_supplement` (its own action, 登记纸质补正);
    a staff actor here is still accepted with the handling capability on a request of their department (the day
    of the step, as before)."""
    with _transition(request, "receive_supplement", actor=actor, performed_by=APPLICANT) as step:
        request = step.obj
        staff = actor is not None and getattr(actor, "kind", "") == "staff"
        if staff:
            POLICY.require(actor, request, capability=HANDLE, denied=HANDLE_DENIED)
        if on is None and not staff:
            on = deadlines.supplement_received_on(online=True, submitted_on=timezone.localdate())
        on = _action_day(on, request, request.supplement_requested_on)
        _apply_supplement(step, text=text, on=on, actor=actor)
    return step.obj


def request_record_supplement(*, request: DisclosureRequest, text: str, received_on: dt.date | None = None,
                              actor) -> DisclosureRequest:
    """登记纸质补正: a clerk records a supplement the applicant handed in or posted (the day it was received or
    signed for; default today); the reply limit is counted afresh from that day (Art. 30)."""
    with _transition(request, "record_supplement", actor=actor) as step:
        request = step.obj
        on = received_on or max(timezone.localdate(), request.supplement_requested_on)
        if on > timezone.localdate():
            raise DomainError("收到补正日期不能晚于今天。", code="invalid_date", field="received_on")
        _apply_supplement(step, text=text, on=on, actor=actor, field="received_on")
    return step.obj


def _apply_supplement(step, *, text: str, on: dt.date, actor, field: str = "on") -> None:
    request = step.obj
    text = limited_text(text, label="补正内容", max_length=SUPPLEMENT_TEXT_MAX, field="text")
    if not text:
        raise DomainError("请填写补正内容。", code="text_required", field="text")
    if on < request.supplement_requested_on:
        raise DomainError("补正日期不能早于告知补正日期。", code="invalid_date", field=field)
    _stop_clock(request.supplement_clock, on=on, actor=actor, reason="申请人已补正")
    clocks.clock_restart(request.reply_clock, on=on, limit_days=deadlines.REPLY_LIMIT_DAYS, actor=actor,
                         reason="收到补正，答复期限自收到补正之日起重新计算（条例第三十条）")
    step.set(supplement_received_on=on, supplement_text=text)
    step.audit(after=_after(step, supplement_received_on=on))
    due = request.reply_clock.due_date
    _notify_applicant(request, f"已收到您的补正（{on:%Y年%m月%d日}），答复期限重新计算为{due:%Y年%m月%d日}")


def _close(step, *, outcome: str, on: dt.date, actor, reason: str = "", extra: dict | None = None,
           by_applicant: bool = False) -> None:
    """Close the case in `step` with `outcome` decided on `on`: its clocks stop, the status becomes closed.

    A reply stops the reply clock on time or late (computed). A case the applicant ended (`by_applicant`: withdrawn,
    the supplement or the fee not provided) stops it as `cancelled`: never on time, never late for the department.
    The applicant's and third parties' periods still running are cancelled (an abandonment stops its own period
    first, lapsed)."""
    request = step.obj
    _cancel_applicant_clocks(request, on=on, actor=actor, reason=reason or "办结")
    _stop_clock(request.reply_clock, on=on, actor=actor, reason=reason or "办结",
                outcome=Clock.Outcome.CANCELLED if by_applicant else None)
    step.set(outcome=outcome, decided_on=on, **(extra or {}))
    step.audit(after=_after(step), reason=reason)


def request_abandon_supplement(*, request: DisclosureRequest, actor=None, on: dt.date | None = None,
                               check_capability: bool = True) -> DisclosureRequest:
    """逾期未补正，视为放弃申请 (Art. 30): only after the supplement period has ended. Without `check_capability`
    the daily sweep runs it as the system."""
    with _transition(request, "abandon_supplement", actor=actor, performed_by=_performer(check_capability)) as step:
        request = step.obj
        on = _today(on)
        if request.supplement_due_on is None or on <= request.supplement_due_on:
            raise DomainError(f"补正期限（{request.supplement_due_on:%Y年%m月%d日}）尚未届满，不能视为放弃申请。",
                              code="supplement_period_running")
        reason = "申请人逾期未补正，视为放弃申请（条例第三十条）"
        _stop_clock(request.supplement_clock, on=on, actor=actor, reason=reason)  # after its due date: lapsed
        _close(step, outcome=Outcome.SUPPLEMENT_NOT_PROVIDED, on=on, actor=actor, reason=reason, by_applicant=True)
        _notify_applicant(request, "您未在补正期限内补正，视为放弃申请，本机关不再处理该申请")
    return step.obj


# --- routing: forward within the county, split (一事一申请) ---------------------------------------------------------

def request_forward(*, request: DisclosureRequest, to_department: Department, reason: str,
                    actor) -> DisclosureRequest:
    """转至本县负责机关办理: the request moves to `to_department`; its reply limit is unchanged (the applicant does
    not bear the internal routing): the reply clock is transferred (`clock_transfer`, keep_limit): the old clock
    stops as `transferred` (never on time) and the receiving department's clock carries the same start, pauses and
    due date; the ledger shows the transfer at both clocks."""
    with _transition(request, "forward", actor=actor, department=to_department) as step:
        request = step.obj
        reason = reason_required(reason, "转办理由")
        if to_department.pk == request.department_id:
            raise DomainError("请选择其他机关。", code="same_department", field="to_department")
        if request.consultations.exists() or request.extension_days or request.delay_days:
            raise DomainError("已征求意见或已延期的申请不能再转办，请以“非本机关负责公开”答复。",
                              code="forward_too_late")
        old = request.reply_clock
        new_clock = clocks.clock_transfer(old, to_department, on=max(timezone.localdate(), old.started_on),
                                          actor=actor, reason=f"{reason}（答复期限不变）", keep_limit=True)
        step.set(forwarded_from=request.department, department=to_department, forwarded_to=to_department,
                 reply_clock=new_clock)
        step.audit(after=_after(step), reason=reason)
        _notify_applicant(request, f"您的政府信息公开申请已转至{to_department.name}办理")
    return step.obj


def request_split(*, request: DisclosureRequest, items: Sequence[str], actor,
                  reason: str = "") -> list[DisclosureRequest]:
    """拆分申请（一事一申请）: one child request per item, each with its own reply clock from the same receipt date
    and a case link "split_from" to the parent (recorded at both ends).

    The parent becomes `split` with no outcome, so the annual table counts only the children; its reply clock stops
    as `superseded` (replaced by the children's clocks: never answered on time).
    """
    with _transition(request, "split", actor=actor) as step:
        request = step.obj
        items = [text for text in map(staff_text, items) if text]
        reason = limited_text(reason, label="说明", max_length=REASON_MAX, field="reason")
        if any(len(item) > DESCRIPTION_MAX for item in items):
            raise DomainError(f"拆分后的每项申请内容不能超过{DESCRIPTION_MAX}个字。", code="too_long", field="items")
        if len(items) < 2:
            raise DomainError("拆分至少需要两项内容，每行一项。", code="split_items", field="items")
        if len(items) > 50:
            raise DomainError("一次最多拆分为50件。", code="split_items", field="items")
        started_on = request.supplement_received_on or request.received_on
        children = [_split_child(request, number, item, started_on=started_on, actor=actor,
                                 reason=reason or "一事一申请")
                    for number, item in enumerate(items, start=1)]
        _stop_clock(request.reply_clock, on=max(timezone.localdate(), started_on), actor=actor,
                    outcome=Clock.Outcome.SUPERSEDED,
                    reason=f"已拆分为{len(children)}件申请（一事一申请），由各件的答复期限替代")
        step.audit(after=_after(step, children=[c.tracking_code for c in children]), reason=reason)
        codes = "、".join(c.tracking_code for c in children)
        _notify_applicant(request, f"您的申请包含多项内容，已按一事一申请拆分为{len(children)}件分别办理：{codes}")
    return children


def _split_child(request: DisclosureRequest, number: int, item: str, *, started_on: dt.date, actor,
                 reason: str) -> DisclosureRequest:
    child = DisclosureRequest.objects.create(
        tracking_code=f"{request.tracking_code}-{number}",
        verification_secret_hash=request.verification_secret_hash,
        department=request.department, applicant_name=request.applicant_name,
        applicant_type=request.applicant_type, id_type=request.id_type, id_number=request.id_number,
        phone=request.phone, address=request.address, email=request.email, description=item, form=request.form,
        delivery=request.delivery, channel=request.channel, citizen=request.citizen, entered_by=actor,
        submitted_at=request.submitted_at, received_on=request.received_on, status=Status.PROCESSING,
        parent=request, supplement_received_on=request.supplement_received_on)
    child.reply_clock = _start_reply_clock(child, started_on=started_on, actor=actor,
                                           reason=f"由申请 {request.tracking_code} 拆分（一事一申请）")
    child.save(update_fields=["reply_clock"])
    link_cases(child, request, "split_from", actor=actor, reason=reason)
    record(action="disclosure_request.split_child", target=child, actor=actor, department=child.department,
           after=_snapshot(child) | {"parent": request.tracking_code}, to_status=Status.PROCESSING)
    return child


# --- consultation (Art. 32, 34) ---------------------------------------------------------------------------------

def consultation_start(*, request: DisclosureRequest, kind: str, party_name: str, actor,
                       on: dt.date | None = None, delivery: str = LetterDelivery.ONLINE) -> Consultation:
    """征求意见: 15 working days for the consulted party from the day it receives the letter; the reply clock is
    paused from the day the letter is sent (Art. 33 ¶3). Sent online or handed over (`delivery`): received that
    day, the party's period starts now; posted: its period starts when the clerk records the signed-for day
    (`request_record_delivery`)."""
    with _transition(request, "start_consultation", actor=actor) as step:
        request = step.obj
        on = _action_day(on, request, request.supplement_received_on)
        party_name = staff_text(party_name)
        if not party_name:
            raise DomainError("请填写被征求意见的第三方或机关名称。", code="party_required", field="party_name")
        if len(party_name) > PARTY_NAME_MAX:
            raise DomainError(f"被征求意见方不能超过{PARTY_NAME_MAX}个字。", code="too_long", field="party_name")
        if kind not in Consultation.Kind.values:
            raise DomainError("请选择征求意见对象类型。", code="invalid_kind", field="kind")
        if on < request.received_on:
            raise DomainError("征求意见日期不能早于收到申请日期。", code="invalid_date", field="on")
        if delivery not in LetterDelivery.values:
            raise DomainError("请选择送达方式。", code="invalid_delivery", field="delivery")
        consultation = Consultation.objects.create(request=request, kind=kind, party_name=party_name, started_on=on,
                                                   delivery=delivery)
        if delivery in SAME_DAY_DELIVERY:
            _consultation_delivered(request, consultation, delivered_on=on, actor=actor)
        if request.reply_clock.state == request.reply_clock.State.RUNNING:
            clocks.clock_pause(request.reply_clock, on=on, actor=actor,
                               reason=f"征求{party_name}意见，所需时间不计入答复期限（条例第三十三条）")
        step.audit(after=_after(step, party=party_name, kind=kind, delivery=delivery, due_on=consultation.due_on))
        issue_letter(request, RequestDocument.Kind.CONSULTATION_LETTER, actor=actor, consultation=consultation)
        _notify_applicant(request, "您申请的信息涉及第三方或其他机关，正在征求意见，征求意见时间不计入答复期限")
    return consultation


@transaction.atomic
def consultation_answer(*, consultation: Consultation, answer: str, text: str = "", actor=None,
                        on: dt.date | None = None, check_capability: bool = True) -> Consultation:
    """登记意见 (consent / objection / silent at the end of the period). When every consultation of the request is
    answered, the consultation ends (`finish_consultation`): the reply clock resumes from the day of the last
    answer. Without `check_capability` the daily sweep records a silence as the system."""
    with WORKFLOW.step(consultation.request, "answer_consultation", actor=actor,
                       performed_by=_performer(check_capability)) as step:
        request = step.obj
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        on = on or max(timezone.localdate(), consultation.started_on)
        if consultation.answer:
            raise DomainError("该征求意见已登记答复。", code="already_answered")
        if answer not in {Consultation.Answer.CONSENT, Consultation.Answer.OBJECTION, Consultation.Answer.SILENT}:
            raise DomainError("请选择意见。", code="invalid_answer", field="answer")
        recorded_on = on  # the party's period stops on the day the answer (or the silence) is registered
        text = limited_text(text, label="意见内容", max_length=CONSULTATION_TEXT_MAX, field="text")
        if answer == Consultation.Answer.SILENT:
            if consultation.due_on is None:
                raise DomainError("征求意见函的送达日期尚未登记，征求意见期限尚未起算，不能登记为逾期未提出意见。",
                                  code="not_delivered", field="answer")
            if on <= consultation.due_on:
                raise DomainError(
                    f"征求意见期限（{consultation.due_on:%Y年%m月%d日}）尚未届满，不能登记为逾期未提出意见。",
                    code="consultation_running", field="answer")
            on = consultation.due_on  # the period ended on its last day: the clock resumes from there
        if on < consultation.started_on:
            raise DomainError("答复日期不能早于征求意见日期。", code="invalid_date", field="on")
        consultation.answer, consultation.answered_on, consultation.answer_text = answer, on, text
        consultation.save(update_fields=["answer", "answered_on", "answer_text"])
        _stop_clock(consultation.clock, on=recorded_on, actor=actor,
                    reason=f"{consultation.party_name}：{consultation.get_answer_display()}")
        step.audit(after={"party": consultation.party_name, "answer": answer, "answered_on": on,
                          "deemed_consent": consultation.deemed_consent})
    if not request.consultations.filter(answer="").exists():
        _finish_consultation(request, actor=actor)
    return consultation


def _consultation_delivered(request: DisclosureRequest, consultation: Consultation, *, delivered_on: dt.date,
                            actor) -> None:
    """The party received the letter on `delivered_on`: its 15 working days start (a third party's clock)."""
    party = consultation.party_name
    consultation.delivered_on = delivered_on
    consultation.due_on = deadlines.consultation_due(delivered_on).date
    consultation.clock = _start_applicant_clock(
        request, CONSULTATION_CLOCK, started_on=delivered_on, limit_days=deadlines.CONSULTATION_DAYS, actor=actor,
        label=f"征求{party}意见期限",
        reason=f"{party}于{delivered_on:%Y年%m月%d日}收到征求意见函（条例第三十二条、第三十四条）：15个工作日")
    consultation.save(update_fields=["delivered_on", "due_on", "clock"])


def _finish_consultation(request: DisclosureRequest, *, actor) -> None:
    """征求意见结束: follows the answer that leaves none pending (the system's step, in the answer's transaction)."""
    with _transition(request, "finish_consultation", actor=actor, performed_by=SYSTEM) as step:
        request = step.obj
        resume_on = request.consultations.aggregate(last=Max("answered_on"))["last"]
        clock = request.reply_clock
        if clock.state == clock.State.PAUSED:
            clocks.clock_resume(clock, on=max(resume_on, clock.paused_on), actor=actor, reason="征求意见结束，恢复计时")
        step.audit(after=_after(step))


# --- extension (Art. 33) and reasonable delay (Art. 35) ---------------------------------------------------------

def request_approve_extension(*, request: DisclosureRequest, days: int, reason: str, actor,
                              on: dt.date | None = None) -> DisclosureRequest:
    """延期答复: at most 20 working days, once, approved by the head of the disclosure office, with a notice, and
    only before the reply limit has passed (Art. 33 ¶2): approved on `on` (default today) after the due date it is
    refused and the reply clock stays as it is (late)."""
    with _transition(request, "approve_extension", actor=actor) as step:
        request = step.obj
        reason = reason_required(reason, "延期理由")
        days = int(days)
        if request.extension_days:
            raise DomainError("答复期限只能延长一次。", code="extension_once")
        if not 1 <= days <= deadlines.EXTENSION_MAX_DAYS:
            raise DomainError("延长的期限最长不得超过20个工作日。", code="extension_max", field="days")
        _ensure_in_time(request, "延期答复须在答复期限届满前批准并告知申请人（条例第三十三条第二款）", on=on)
        clocks.clock_extend(request.reply_clock, days=days, approver=actor,
                            reason=f"延期答复（条例第三十三条）：{reason}", actor=actor, check_capability=False)
        step.set(extension_days=days, extension_approved_by=actor)
        step.audit(after=_after(step, days=days, due_date=request.reply_clock.due_date), reason=reason)
        issue_letter(request, RequestDocument.Kind.EXTENSION_NOTICE, actor=actor)
        _notify_applicant(request, f"经批准，答复期限延长{days}个工作日，延长后的答复期限为"
                                   f"{request.reply_clock.due_date:%Y年%m月%d日}", subject="延期答复告知")
    return step.obj


def request_reasonable_delay(*, request: DisclosureRequest, days: int, reason: str, actor,
                             on: dt.date | None = None) -> DisclosureRequest:
    """延迟答复的合理期限 (Art. 35): for an application whose volume or frequency clearly exceeds a reasonable range
    and whose reasons the agency accepts (the reasons step recorded them as given); recorded and notified, once per
    request, and only before the reply limit has passed (as an extension)."""
    with _transition(request, "reasonable_delay", actor=actor) as step:
        request = step.obj
        reason = reason_required(reason, "延迟答复的理由")
        days = int(days)
        if request.delay_days:
            raise DomainError("本申请已确定过延迟答复期限。", code="delay_once")
        if not 1 <= days <= 60:
            raise DomainError("延迟答复期限应为 1 至 60 个工作日。", code="delay_range", field="days")
        if request.reasons_answer != DisclosureRequest.ReasonsAnswer.GIVEN:
            raise DomainError("确定延迟答复的合理期限前，应当先要求申请人说明理由，并登记申请人已说明理由"
                              "（条例第三十五条）。", code="reasons_step_required")
        _ensure_in_time(request, "延迟答复的合理期限须在答复期限届满前确定并告知申请人（条例第三十五条）", on=on)
        clocks.clock_extend(request.reply_clock, days=days, approver=actor,
                            reason=f"申请数量、频次明显超过合理范围，确定延迟答复的合理期限（条例第三十五条）：{reason}",
                            actor=actor, check_capability=False)
        step.set(delay_days=days, delay_reason=reason)
        step.audit(after=_after(step, days=days, due_date=request.reply_clock.due_date), reason=reason)
        issue_letter(request, RequestDocument.Kind.OTHER, actor=actor, title="延迟答复告知书")
        _notify_applicant(request,
                          f"因申请数量明显超过合理范围，答复期限延迟至{request.reply_clock.due_date:%Y年%m月%d日}")
    return step.obj


def _ensure_in_time(request: DisclosureRequest, rule: str, *, on: dt.date | None = None) -> None:
    """An extension or a reasonable delay only before the reply limit has passed (on `on`, the day of approval and
    notice, default today); afterwards refused, and the reply clock stays as it is (late)."""
    clock = request.reply_clock
    on = on or timezone.localdate()
    paused_on = clock.paused_on if clock.state == clock.State.PAUSED else None
    if deadlines.reply_limit_passed(due_date=clock.due_date, on=on, paused_on=paused_on):
        raise DomainError(f"答复期限已于{clock.due_date:%Y年%m月%d日}届满，不能再延长。{rule}；"
                          "已超期的申请请尽快作出答复。", code="reply_limit_passed")


# --- reasons before an "excessive" decision (Art. 35) ------------------------------------------------------------

def request_ask_reasons(*, request: DisclosureRequest, period_days: int, actor, note: str = "",
                        on: dt.date | None = None) -> DisclosureRequest:
    """要求申请人说明理由 (Art. 35): before deciding that the number or frequency of applications clearly exceeds a
    reasonable range, the office asks the applicant to state reasons within a period (the applicant's clock); the
    reply limit keeps running (Art. 35 pauses nothing). Once per request."""
    with _transition(request, "ask_reasons", actor=actor) as step:
        request = step.obj
        on = _action_day(on, request, request.supplement_received_on)
        note = limited_text(note, label="补充说明", max_length=NOTICE_TEXT_MAX, field="note")
        if request.reasons_requested_on is not None:
            raise DomainError("本申请已要求申请人说明过理由。", code="reasons_once")
        if not 1 <= int(period_days) <= deadlines.REASONS_PERIOD_MAX_DAYS:
            raise DomainError(f"说明理由的期限应为 1 至 {deadlines.REASONS_PERIOD_MAX_DAYS} 个工作日。",
                              code="invalid_period", field="period_days")
        due = deadlines.reasons_due(on, int(period_days)).date
        reasons_clock = _start_applicant_clock(
            request, REASONS_CLOCK, started_on=on, limit_days=int(period_days), actor=actor,
            label="依申请公开说明理由期限", reason="要求申请人说明理由（条例第三十五条）：申请人的期限")
        step.set(reasons_requested_on=on, reasons_due_on=due, reasons_clock=reasons_clock)
        step.audit(after=_after(step, period_days=int(period_days), due_on=due, note=note))
        issue_letter(request, RequestDocument.Kind.REASONS_NOTICE, actor=actor, note=note)
        _notify_applicant(request, f"您申请的数量、频次明显超过合理范围，请于{due:%Y年%m月%d日}前说明理由",
                          subject="说明理由通知")
    return step.obj


def request_record_reasons(*, request: DisclosureRequest, answer: str, actor, text: str = "",
                           on: dt.date | None = None) -> DisclosureRequest:
    """登记申请人说明理由情况 (Art. 35): the reasons the applicant stated, or their silence (only after the period).
    Then: reasons not reasonable → the "excessive" reply; reasonable but too much to answer in time → a reasonable
    delay (`request_reasonable_delay`); or any other reply."""
    with _transition(request, "record_reasons", actor=actor) as step:
        request = step.obj
        on = _action_day(on, request, request.reasons_requested_on)
        if request.reasons_requested_on is None:
            raise DomainError("尚未要求申请人说明理由。", code="reasons_not_asked")
        if request.reasons_answer:
            raise DomainError("已登记申请人说明理由的情况。", code="reasons_recorded")
        text = limited_text(text, label="申请人说明的理由", max_length=APPLICANT_REASONS_MAX, field="text")
        if answer == DisclosureRequest.ReasonsAnswer.GIVEN:
            if not text:
                raise DomainError("请填写申请人说明的理由。", code="text_required", field="text")
        elif answer == DisclosureRequest.ReasonsAnswer.SILENT:
            if on <= request.reasons_due_on:
                raise DomainError(f"说明理由的期限（{request.reasons_due_on:%Y年%m月%d日}）尚未届满，"
                                  "不能登记为逾期未说明理由。", code="reasons_period_running", field="answer")
        else:
            raise DomainError("请选择申请人说明理由的情况。", code="invalid_answer", field="answer")
        if on < request.reasons_requested_on:
            raise DomainError("登记日期不能早于要求说明理由的日期。", code="invalid_date", field="on")
        _stop_clock(request.reasons_clock, on=on, actor=actor,
                    reason=DisclosureRequest.ReasonsAnswer(answer).label)
        step.set(reasons_answer=answer, reasons_answered_on=on, reasons_text=text)
        step.audit(after=_after(step, answer=answer, answered_on=on))
    return step.obj


# --- Art. 32 notice to an objecting third party ------------------------------------------------------------------

def request_notify_third_party(*, request: DisclosureRequest, consultation: Consultation, content: str, reasons: str,
                               actor, on: dt.date | None = None) -> DisclosureRequest:
    """书面告知第三方 (Art. 32): the office decided to disclose although the third party objected (not disclosing
    would seriously affect the public interest); before the reply it tells the third party in writing what will
    be disclosed and why. The reply `disclosed` is refused while an objecting third party has no such notice."""
    with _transition(request, "notify_third_party", actor=actor) as step:
        request = step.obj
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        on = _action_day(on, request, consultation.answered_on)
        if consultation.request_id != request.pk:
            raise DomainError("该征求意见不属于本申请。", code="invalid_consultation", field="consultation")
        if consultation.kind != Consultation.Kind.THIRD_PARTY or consultation.answer != Consultation.Answer.OBJECTION:
            raise DomainError("只有不同意公开的第三方需要书面告知决定公开的内容和理由。", code="not_objecting",
                              field="consultation")
        if consultation.decision_notice_on is not None:
            raise DomainError("已书面告知该第三方。", code="already_notified", field="consultation")
        content = limited_text(content, label="决定公开的内容", max_length=NOTICE_TEXT_MAX, field="content")
        reasons = limited_text(reasons, label="决定公开的理由", max_length=NOTICE_TEXT_MAX, field="reasons")
        if not content:
            raise DomainError("请写明决定公开的政府信息内容。", code="content_required", field="content")
        if not reasons:
            raise DomainError("请写明决定公开的理由。", code="reason_required", field="reasons")
        consultation.decision_notice_on = on
        consultation.decision_notice_content, consultation.decision_notice_reasons = content, reasons
        consultation.save(update_fields=["decision_notice_on", "decision_notice_content", "decision_notice_reasons"])
        step.audit(after=_after(step, party=consultation.party_name, notice_on=on))
        issue_letter(request, RequestDocument.Kind.THIRD_PARTY_NOTICE, actor=actor, consultation=consultation)
    return step.obj


# --- delivery of a posted letter (arts. 32, 34; 109号) ------------------------------------------------------------

def request_record_delivery(*, request: DisclosureRequest, delivered_on: dt.date, actor,
                            consultation: Consultation | None = None) -> DisclosureRequest:
    """登记送达日期: the day a posted consultation letter (`consultation`) or fee notice (none given) was signed
    for. The other side's period starts then: the consulted party's 15 working days, the applicant's 20 working
    days to pay (counted from the day after receipt)."""
    with _transition(request, "record_delivery", actor=actor) as step:
        request = step.obj
        if delivered_on > timezone.localdate():
            raise DomainError("送达日期不能晚于今天。", code="invalid_date", field="delivered_on")
        if consultation is not None:
            consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
            if consultation.request_id != request.pk:
                raise DomainError("该征求意见不属于本申请。", code="invalid_consultation", field="consultation")
            if consultation.delivered_on is not None or consultation.answer:
                raise DomainError("该征求意见函的送达日期已登记。", code="already_delivered", field="consultation")
            if delivered_on < consultation.started_on:
                raise DomainError("送达日期不能早于发出征求意见函的日期。", code="invalid_date", field="delivered_on")
            _consultation_delivered(request, consultation, delivered_on=delivered_on, actor=actor)
            step.audit(after=_after(step, party=consultation.party_name, delivered_on=delivered_on,
                                    due_on=consultation.due_on))
        else:
            if request.status != Status.AWAITING_FEE:
                raise DomainError("请选择要登记送达日期的征求意见函。", code="consultation_required",
                                  field="consultation")
            if request.fee_delivered_on is not None:
                raise DomainError("收费通知的送达日期已登记。", code="already_delivered")
            if delivered_on < request.fee_notice_on:
                raise DomainError("送达日期不能早于收费通知日期。", code="invalid_date", field="delivered_on")
            _fee_notice_delivered(step, delivered_on=delivered_on, actor=actor)
            step.audit(after=_after(step, delivered_on=delivered_on, due_on=request.fee_due_on))
    return step.obj


def _fee_notice_delivered(step, *, delivered_on: dt.date, actor) -> None:
    """The applicant received the fee notice on `delivered_on`: 20 working days to pay, from the next day."""
    request = step.obj
    due = deadlines.fee_payment_due(delivered_on).date
    fee_clock = _start_applicant_clock(
        request, FEE_CLOCK, started_on=delivered_on, limit_days=deadlines.FEE_PAYMENT_DAYS, actor=actor,
        label="依申请公开缴费期限",
        reason=f"申请人于{delivered_on:%Y年%m月%d日}收到收费通知（国办函〔2020〕109号）：申请人的缴费期限")
    step.set(fee_delivered_on=delivered_on, fee_due_on=due, fee_clock=fee_clock)


# --- fees (Art. 42, 国办函〔2020〕109号) ----------------------------------------------------------------------------

def rank_in_month(request: DisclosureRequest) -> int:
    """This application's rank among the applicant's applications to the same agency in its calendar month."""
    first = request.received_on.replace(day=1)
    return DisclosureRequest.objects.filter(
        Q(received_on__lt=request.received_on) | Q(received_on=request.received_on, pk__lte=request.pk),
        id_number=request.id_number, department_id=request.department_id, received_on__gte=first,
    ).exclude(status=Status.SPLIT).count()


def default_fee_delivery(request: DisclosureRequest) -> str:
    """How the fee notice reaches the applicant unless the clerk says otherwise: by post if they asked for post,
    else online (SMS, inbox or e-mail, received the same day)."""
    return LetterDelivery.POST if request.delivery == DisclosureRequest.Delivery.POST else LetterDelivery.ONLINE


def request_issue_fee_notice(*, request: DisclosureRequest, method: str, actor, pages: int = 0,
                             on: dt.date | None = None, delivery: str = "") -> DisclosureRequest:
    """收费通知: the amount by 109号's bands (per page only for paper, e-mail or copied electronic data: never for
    inspection); 20 working days to pay from the day after the applicant receives the notice (online or in person
    the day it is sent; by post the signed-for day, `request_record_delivery`); the reply clock waits until
    payment."""
    with _transition(request, "issue_fee_notice", actor=actor) as step:
        request = step.obj
        on = _action_day(on, request, request.supplement_received_on)
        if request.fee_notice_on is not None:
            raise DomainError("本申请已发出过收费通知。", code="fee_once")
        rank = rank_in_month(request)
        if method == fees.PER_ITEM:
            amount = fees.fee_per_item(rank)
        elif method == fees.PER_PAGE:
            if not fees.per_page_allowed(request.form):
                raise DomainError(fees.PER_PAGE_REFUSED, code="per_page_not_allowed", field="method")
            if int(pages) < 1:
                raise DomainError("按量计收请填写页数。", code="pages_required", field="pages")
            if int(pages) > fees.MAX_FEE_PAGES:
                raise DomainError(f"页数过多：不能超过{fees.MAX_FEE_PAGES}页。", code="pages_too_many", field="pages")
            amount = fees.fee_per_page(int(pages))
        else:
            raise DomainError("请选择收费方式。", code="invalid_method", field="method")
        if amount <= 0:
            raise DomainError(f"按该方式计算无需收费（本月第{rank}件；按量计收30页以内免费），不能发出收费通知。",
                              code="no_fee", field="method")
        delivery = delivery or default_fee_delivery(request)
        if delivery not in LetterDelivery.values:
            raise DomainError("请选择送达方式。", code="invalid_delivery", field="delivery")
        clocks.clock_pause(request.reply_clock, on=on, actor=actor,
                           reason="发出收费通知，至申请人缴费之日不计入答复期限（国办函〔2020〕109号）")
        step.set(fee_method=method, fee_pages=int(pages or 0), fee_rank=rank, fee_amount=amount, fee_notice_on=on,
                 fee_delivery=delivery)
        if delivery in SAME_DAY_DELIVERY:
            _fee_notice_delivered(step, delivered_on=on, actor=actor)
        due = request.fee_due_on
        step.audit(after=_after(step, method=method, amount=amount, rank=rank, pages=pages, delivery=delivery,
                                due_on=due))
        issue_letter(request, RequestDocument.Kind.FEE_NOTICE, actor=actor)
        when = f"请于{due:%Y年%m月%d日}前缴纳" if due else "请自收到收费通知之日起20个工作日内缴纳"
        _notify_applicant(request, f"您的申请需缴纳信息处理费{amount}元，{when}，逾期视为放弃申请",
                          subject="收费通知")
    return step.obj


def request_record_payment(*, request: DisclosureRequest, actor, on: dt.date | None = None) -> DisclosureRequest:
    """登记缴费: the reply clock resumes from the day of payment."""
    with _transition(request, "record_payment", actor=actor) as step:
        request = step.obj
        on = _action_day(on, request, request.fee_notice_on)
        if on < request.fee_notice_on:
            raise DomainError("缴费日期不能早于收费通知日期。", code="invalid_date", field="on")
        if request.fee_due_on is not None and on > request.fee_due_on:
            raise DomainError(f"缴费期限（{request.fee_due_on:%Y年%m月%d日}）已过，应按逾期未缴费处理。",
                              code="fee_period_over", field="on")
        _stop_clock(request.fee_clock, on=on, actor=actor, reason="申请人已缴费")
        clocks.clock_resume(request.reply_clock, on=on, actor=actor, reason="申请人已缴费，恢复计时")
        step.set(fee_paid_on=on)
        step.audit(after=_after(step, paid_on=on, amount=request.fee_amount))
        _notify_applicant(request, "已收到您缴纳的信息处理费，我们将继续办理您的申请")
    return step.obj


def request_abandon_fee(*, request: DisclosureRequest, actor=None, on: dt.date | None = None,
                        check_capability: bool = True) -> DisclosureRequest:
    """逾期未缴费，不再处理 (109号): only after the payment period has ended. Without `check_capability` the daily
    sweep runs it as the system."""
    with _transition(request, "abandon_fee", actor=actor, performed_by=_performer(check_capability)) as step:
        request = step.obj
        on = _today(on)
        if request.fee_due_on is None:
            raise DomainError("收费通知的送达日期尚未登记，缴费期限尚未起算。", code="fee_not_delivered")
        if on <= request.fee_due_on:
            raise DomainError(f"缴费期限（{request.fee_due_on:%Y年%m月%d日}）尚未届满。", code="fee_period_running")
        reason = "申请人逾期未缴纳信息处理费，不再处理该申请"
        _stop_clock(request.fee_clock, on=on, actor=actor, reason=reason)  # after its due date: lapsed
        _close(step, outcome=Outcome.FEE_NOT_PAID, on=on, actor=actor, reason=reason, by_applicant=True)
        _notify_applicant(request, "您未在期限内缴纳信息处理费，本机关不再处理该申请")
    return step.obj


# --- reply (Art. 36–39) ------------------------------------------------------------------------------------------

REASON_REQUIRED_OUTCOMES = frozenset(o for o in Outcome.values if o.startswith("refused_")) | {
    Outcome.NEEDS_PRODUCTION, Outcome.UNCLEAR_AFTER_SUPPLEMENT, Outcome.PETITION_COMPLAINT, Outcome.REPEATED,
    Outcome.PUBLICATION, Outcome.EXCESSIVE, Outcome.CONFIRM_OR_REISSUE, Outcome.SPECIAL_REGISTRATION, Outcome.OTHER,
    Outcome.NOT_HELD, Outcome.ALREADY_PUBLISHED}
# Outcomes reached by their own transitions, never by a reply.
NOT_BY_REPLY = frozenset({Outcome.SUPPLEMENT_NOT_PROVIDED, Outcome.FEE_NOT_PAID, Outcome.WITHDRAWN})
REPLY_FILE_PURPOSE = "依申请公开答复附件"


def request_reply(*, request: DisclosureRequest, outcome: str, reply_text: str, actor, withheld_reason: str = "",
                  right_agency_name: str = "", files: Iterable = (), uploads: Iterable = (),
                  on: dt.date | None = None) -> DisclosureRequest:
    """作出答复 with exactly one outcome: the clerk's reply.

    Where the outcome needs sign-off (签发, `signoff.needs_sign_off`: refusals and partial disclosures always; the
    others unless `SUNSHINE_SIGN_OFF_ALL_OUTCOMES` is false) this is the draft (`request_draft_reply`): the case
    waits in `awaiting_sign_off` and the reply is issued when a signer approves it (`request_sign_off`). Otherwise
    the reply is issued at once (transition `reply` from `processing`): the reply clock stops (on time or late),
    `decided_on` is the reply date, the letter is issued and the applicant told.

    The released information (`reply_files`) is given as `files` (StoredFile rows already stored) or as `uploads`
    (the uploaded files, e.g. a form's cleaned data): uploads are checked after the reply's own rules and stored only
    then, inside the step's transaction, so a refused reply (wrong state, capability, a missing reason, a refused
    file) stores nothing; should the transaction fail after storing, the stored objects no other row uses are
    removed from storage again (`_discard_stored`)."""
    if outcome in Outcome.values and needs_sign_off(outcome):
        return request_draft_reply(request=request, outcome=outcome, reply_text=reply_text, actor=actor,
                                   withheld_reason=withheld_reason, right_agency_name=right_agency_name, files=files,
                                   uploads=uploads, on=on)
    uploads = list(uploads)
    stored: list = []
    try:
        with _transition(request, "reply", actor=actor) as step:
            request = step.obj
            on = _action_day(on, request, request.supplement_received_on)
            files = list(files)
            reply_text, withheld_reason = staff_text(reply_text), staff_text(withheld_reason)
            right_agency_name = staff_text(right_agency_name)
            _check_reply(request, outcome=outcome, reply_text=reply_text, withheld_reason=withheld_reason,
                         right_agency_name=right_agency_name, with_files=bool(files or uploads), on=on)
            if needs_sign_off(outcome):  # pragma: no cover - an unknown outcome is refused by _check_reply
                raise DomainError("该答复须经签发。", code="sign_off_required", field="outcome")
            _store_uploads(uploads, actor=actor, into=stored)
            if files or stored:
                request.reply_files.add(*files, *(s for s, _new in stored))
            _issue(step, outcome=outcome, reply_text=reply_text, withheld_reason=withheld_reason,
                   right_agency_name=right_agency_name, on=on, actor=actor)
    except BaseException:
        _discard_stored(stored)
        raise
    return step.obj


def _issue(step, *, outcome: str, reply_text: str, withheld_reason: str, right_agency_name: str, on: dt.date,
           actor) -> None:
    """The reply's effects (in the `reply` step): the case closes with the outcome, the reply letter is issued and
    the applicant is told (with the way the released files reach them, if any)."""
    request = step.obj
    _close(step, outcome=outcome, on=on, actor=actor,
           extra={"reply_text": reply_text, "withheld_reason": withheld_reason,
                  "right_agency_name": right_agency_name})
    issue_letter(request, RequestDocument.Kind.REPLY, actor=actor)
    released = request.reply_files.count()
    body = f"您的政府信息公开申请已答复（{Outcome(outcome).label}），请查看答复书"
    if released:
        body += f"；随答复提供的信息{released}份，{delivery_note(request)}"
    _notify_applicant(request, body, subject="答复")
    if released and request.delivery == DisclosureRequest.Delivery.EMAIL and request.email:
        _email_released_files(request)


def _email_released_files(request: DisclosureRequest) -> None:
    """E-mail delivery (获取方式：电子邮件): the released files go to the applicant's address as attachments."""
    from sunshine.notify.services import notify

    names = "、".join(f.original_name for f in request.reply_files.all())
    notify(channel="email", email=request.email, subject="政府信息公开申请答复：提供的信息",
           body=f"随答复提供的信息（查询码 {request.tracking_code}）见本邮件附件：{names}。", related=request,
           attachments=list(request.reply_files.all()))


# --- sign-off (签发) of a reply ------------------------------------------------------------------------------------

def request_draft_reply(*, request: DisclosureRequest, outcome: str, reply_text: str, actor,
                        withheld_reason: str = "", right_agency_name: str = "", files: Iterable = (),
                        uploads: Iterable = (), on: dt.date | None = None) -> DisclosureRequest:
    """拟定答复（报签发）: the clerk's draft, checked by the reply's rules (`_check_reply`), waits for sign-off; the
    reply clock keeps running. New files replace those of an earlier (returned) draft; without new files the
    earlier ones stay. The signers of the case's department are told."""
    uploads = list(uploads)
    stored: list = []
    try:
        with _transition(request, "draft_reply", actor=actor) as step:
            request = step.obj
            on = _action_day(on, request, request.supplement_received_on)
            files = list(files)
            reply_text, withheld_reason = staff_text(reply_text), staff_text(withheld_reason)
            right_agency_name = staff_text(right_agency_name)
            kept = not (files or uploads) and request.reply_files.exists()
            _check_reply(request, outcome=outcome, reply_text=reply_text, withheld_reason=withheld_reason,
                         right_agency_name=right_agency_name, with_files=bool(files or uploads or kept), on=on)
            _store_uploads(uploads, actor=actor, into=stored)
            if files or stored:
                request.reply_files.set([*files, *(s for s, _new in stored)])
            step.set(draft_outcome=outcome, draft_reply_text=reply_text, draft_withheld_reason=withheld_reason,
                     draft_right_agency_name=right_agency_name, drafted_by=actor, drafted_at=timezone.now(),
                     draft_returned_reason="")
            step.audit(after=_after(step, draft_outcome=outcome, files=request.reply_files.count()))
            _notify_signers(request, f"申请 {request.tracking_code} 的答复（{Outcome(outcome).label}）已拟定，"
                                     f"待您签发。", exclude=actor)
    except BaseException:
        _discard_stored(stored)
        raise
    return step.obj


def request_return_draft(*, request: DisclosureRequest, reason: str, actor) -> DisclosureRequest:
    """退回修改: the signer returns the draft with a reason; the case is back in 办理中 for the drafter (the draft
    and its files are kept for the next draft)."""
    _refuse_own_draft(request, actor)
    with _transition(request, "return_draft", actor=actor) as step:
        request = step.obj
        _refuse_own_draft(request, actor)
        reason = reason_required(reason, "退回理由")
        step.set(draft_returned_reason=reason)
        step.audit(after=_after(step, draft_outcome=request.draft_outcome), reason=reason)
        if request.drafted_by_id and request.drafted_by.is_active:
            from sunshine.notify.services import notify

            notify(channel="inbox", user=request.drafted_by, subject="答复被退回修改", related=request,
                   body=f"申请 {request.tracking_code} 拟定的答复已被退回修改：{reason}")
    return step.obj


def request_sign_off(*, request: DisclosureRequest, actor, note: str = "",
                     on: dt.date | None = None) -> DisclosureRequest:
    """签发: a holder of the sign-off capability in the case's scope, other than the drafter, approves the draft
    (`sign_off`, awaiting_sign_off → signed_off); the reply is then issued at once, as the system's step in the same
    transaction (`reply`, signed_off → closed: the old reply's effects, the letter dated `on`, default today)."""
    _refuse_own_draft(request, actor)
    with transaction.atomic():
        with _transition(request, "sign_off", actor=actor) as step:
            request = step.obj
            _refuse_own_draft(request, actor)
            note = staff_text(note)
            step.set(signed_off_by=actor, signed_off_at=timezone.now())
            step.audit(after=_after(step, draft_outcome=request.draft_outcome,
                                    drafted_by=request.drafted_by_id), reason=note)
        return request_issue_reply(request=step.obj, actor=actor, on=on)


def request_issue_reply(*, request: DisclosureRequest, actor=None, on: dt.date | None = None) -> DisclosureRequest:
    """作出答复 of a signed-off draft (the system's step after `sign_off`): the draft's outcome, text and files are
    checked again on the day of issue and become the reply."""
    with _transition(request, "reply", actor=actor, performed_by=SYSTEM) as step:
        request = step.obj
        if step.source != Status.SIGNED_OFF:  # an unsigned draft is never issued this way
            raise TransitionNotAllowed(f"当前状态为“{WORKFLOW.state_label(step.source)}”，答复尚未签发，不能发出。",
                                       code="transition_not_allowed")
        on = _action_day(on, request, request.supplement_received_on)
        _check_reply(request, outcome=request.draft_outcome, reply_text=request.draft_reply_text,
                     withheld_reason=request.draft_withheld_reason,
                     right_agency_name=request.draft_right_agency_name,
                     with_files=request.reply_files.exists(), on=on)
        _issue(step, outcome=request.draft_outcome, reply_text=request.draft_reply_text,
               withheld_reason=request.draft_withheld_reason, right_agency_name=request.draft_right_agency_name,
               on=on, actor=actor)
    return step.obj


def _refuse_own_draft(request: DisclosureRequest, actor) -> None:
    if actor is not None and request.drafted_by_id is not None and request.drafted_by_id == actor.pk:
        raise CapabilityRequired(OWN_DRAFT_DENIED)


def signers_of(request: DisclosureRequest) -> list:
    """The active staff who may sign off the request's reply: holders of SIGN_OFF in its scope (the department's
    reviewers, and those with every department in their scope, e.g. the disclosure office head)."""
    from sunshine.accounts.models import User

    app_label, codename = SIGN_OFF.split(".")
    holders = (User.objects.filter(is_active=True, kind=User.Kind.STAFF)
               .filter(Q(groups__permissions__content_type__app_label=app_label,
                         groups__permissions__codename=codename)
                       | Q(user_permissions__content_type__app_label=app_label,
                           user_permissions__codename=codename)).distinct())
    return [user for user in holders if POLICY.can_see(user, request)]


def _notify_signers(request: DisclosureRequest, body: str, *, exclude=None) -> None:
    from sunshine.notify.services import notify

    for user in signers_of(request):
        if exclude is not None and user.pk == exclude.pk:
            continue
        notify(channel="inbox", user=user, subject="待签发的答复", body=body, related=request)


def _check_reply(request: DisclosureRequest, *, outcome: str, reply_text: str, withheld_reason: str,
                 right_agency_name: str, with_files: bool, on: dt.date) -> None:
    """The reply's own rules (the state, capability and scope are the engine's): one outcome, its required texts
    and their limits, and the steps the law puts before some outcomes (Art. 32 notice to an objecting third party
    before a disclosure; Art. 35 reasons before an "excessive" decision)."""
    if outcome not in Outcome.values or outcome in NOT_BY_REPLY:
        raise DomainError("请选择答复结果。", code="invalid_outcome", field="outcome")
    limited_text(reply_text, label="答复内容", max_length=REPLY_TEXT_MAX, field="reply_text")
    limited_text(withheld_reason, label="不予公开部分的理由", max_length=WITHHELD_REASON_MAX, field="withheld_reason")
    _check_steps_before_reply(request, outcome=outcome, on=on)
    if outcome in REASON_REQUIRED_OUTCOMES and not reply_text:
        raise DomainError("请填写答复内容（理由、依据或获取方式）。", code="text_required", field="reply_text")
    if outcome == Outcome.UNCLEAR_AFTER_SUPPLEMENT and request.supplement_received_on is None:
        raise DomainError("只有补正后仍不明确的申请才能选择该结果。", code="no_supplement", field="outcome")
    if outcome == Outcome.NOT_THIS_AGENCY and not right_agency_name:
        raise DomainError("请写明负责公开该信息的机关名称及联系方式（条例第三十六条第五项）。", code="agency_required",
                          field="right_agency_name")
    if outcome == Outcome.PARTIALLY_DISCLOSED:
        if not with_files:
            raise DomainError("部分公开须附上可以公开的信息内容（条例第三十七条）。", code="files_required",
                              field="files")
        if not withheld_reason:
            raise DomainError("部分公开须说明不予公开部分的理由（条例第三十七条）。", code="reason_required",
                              field="withheld_reason")
    if len(right_agency_name) > RIGHT_AGENCY_MAX:
        raise DomainError(f"负责公开的机关名称及联系方式不能超过{RIGHT_AGENCY_MAX}个字。", code="too_long",
                          field="right_agency_name")
    if on < request.received_on:
        raise DomainError("答复日期不能早于收到申请日期。", code="invalid_date", field="on")


def _check_steps_before_reply(request: DisclosureRequest, *, outcome: str, on: dt.date) -> None:
    """Steps the law puts before certain replies (part of `_check_reply`)."""
    if outcome == Outcome.DISCLOSED:
        # Art. 32: disclosing over a third party's objection needs a written notice of content and reasons first.
        unnotified = [c.party_name for c in request.consultations.all()
                      if c.kind == Consultation.Kind.THIRD_PARTY and c.answer == Consultation.Answer.OBJECTION
                      and (c.decision_notice_on is None or c.decision_notice_on > on)]
        if unnotified:
            raise DomainError(f"第三方（{'、'.join(unnotified)}）不同意公开。决定予以公开的，应当在答复前将决定公开的"
                              "内容和理由书面告知第三方（条例第三十二条），请先“书面告知第三方决定公开”。",
                              code="third_party_notice_required", field="outcome")
    if outcome == Outcome.EXCESSIVE and not request.reasons_answer:
        # Art. 35: the applicant is asked for reasons first; their answer or silence is recorded.
        raise DomainError("作出“无正当理由大量反复申请”的决定前，应当先要求申请人说明理由，并登记其说明的理由或"
                          "逾期未说明（条例第三十五条）。", code="reasons_step_required", field="outcome")


def _store_uploads(uploads: list, *, actor, into: list) -> None:
    """Store the reply's uploads (every one checked before the first is stored), appending (StoredFile, new) pairs
    to `into` as they are stored: `new` when its object was not in storage before (the storage is
    content-addressed: identical files share one object)."""
    from sunshine.files.models import StoredFile
    from sunshine.files.services import FileRejected, inspect_upload, store_upload

    for upload in uploads:
        if getattr(upload, "sunshine_inspection", None) is None:
            try:
                upload.sunshine_inspection = inspect_upload(upload)  # reused by store_upload
            except FileRejected as exc:
                raise DomainError(exc.message, code=exc.code, field="files") from exc
    known = set(StoredFile.objects.filter(sha256__in=[u.sunshine_inspection.sha256 for u in uploads])
                .values_list("file", flat=True))
    for upload in uploads:
        stored_file = store_upload(uploaded_file=upload, actor=actor, purpose=REPLY_FILE_PURPOSE)
        into.append((stored_file, stored_file.file.name not in known))
        known.add(stored_file.file.name)


def _discard_stored(stored: list[tuple]) -> None:
    """After a failed reply (its transaction rolled back): remove from storage the objects it stored that no
    StoredFile row uses."""
    if not stored:
        return
    from django.core.files.storage import default_storage

    from sunshine.files.models import StoredFile

    for stored_file, new in stored:
        name = stored_file.file.name
        if new and not StoredFile.objects.filter(file=name).exists():
            try:
                default_storage.delete(name)
            except OSError:  # pragma: no cover - storage unavailable: the object stays, logged
                logger.exception("could not remove %s after a failed reply", name)


def request_withdraw(*, request: DisclosureRequest, reason: str, actor, on: dt.date | None = None) -> DisclosureRequest:
    """申请人撤回申请 (recorded by a clerk at the applicant's request)."""
    with _transition(request, "withdraw", actor=actor) as step:
        request = step.obj
        reason = reason_required(reason, "撤回说明")
        _close(step, outcome=Outcome.WITHDRAWN, on=_action_day(on, request, request.supplement_received_on),
               actor=actor, reason=reason, by_applicant=True)
        _notify_applicant(request, "您的政府信息公开申请已撤回")
    return step.obj


# --- reading the identity number (not a transition) -------------------------------------------------------------

def reveal_identity(*, request: DisclosureRequest, actor) -> str:
    """The full identity number, for staff who handle the case; every view is audited (DOMAIN.md §12)."""
    if not POLICY.can_reveal_identity(actor, request):
        raise CapabilityRequired(IDENTITY_DENIED)
    with transaction.atomic():
        record(action="disclosure_request.view_identity", target=request, actor=actor, department=request.department,
               reason="查看申请人完整证件号码")
    return request.id_number


__all__ = [
    "CONSULTATION_CLOCK",
    "DEFAULT_DEPARTMENT_CODE",
    "FEE_CLOCK",
    "NOT_BY_REPLY",
    "REASONS_CLOCK",
    "REPLY_CLOCK",
    "SUPPLEMENT_CLOCK",
    "Submission",
    "consultation_answer",
    "consultation_start",
    "default_department",
    "default_fee_delivery",
    "delivery_note",
    "issue_letter",
    "rank_in_month",
    "request_abandon_fee",
    "request_abandon_supplement",
    "request_approve_extension",
    "request_ask_reasons",
    "request_ask_supplement",
    "request_by_idempotency_key",
    "request_correct_receipt",
    "request_draft_reply",
    "request_forward",
    "request_issue_fee_notice",
    "request_issue_reply",
    "request_notify_third_party",
    "request_reasonable_delay",
    "request_receive_supplement",
    "request_record_delivery",
    "request_record_payment",
    "request_record_reasons",
    "request_record_supplement",
    "request_reply",
    "request_return_draft",
    "request_sign_off",
    "request_split",
    "request_submit",
    "request_withdraw",
    "reveal_identity",
    "signers_of",
]
