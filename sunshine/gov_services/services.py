"""Services of government services (政务服务办件): every state change through `WORKFLOW.step` (one transaction,
the policy, the audit event), the clocks of the kernel, the letters of the kernel.

Clocks of a case (all `gov_services.*`, working days, 行政许可法 §82):
- `notice` (一次性告知期限, agency, 5 working days from the receipt of the materials, §32(4)); a notice not given in
  time: `sweeps.accept_late_notices` accepts the case as of the receipt day (`accepted_by_lapse`);
- `statutory` (法定时限, agency, the item's statutory limit from acceptance, default §42's 20; stopped by the
  decision), `promised` (承诺时限, agency, the item's promise from acceptance; stopped at 办结);
- `step` (环节时限: 审查, 决定, 制证, 送达, each with the item's own limit);
- `certificate` (制证期限, agency, 10 working days from a grant, §44).
§45 special procedures pause statutory, promised and step clocks (not counted) and resume them after.

Beside the steps: the fee due is computed at registration and owed before delivery and 办结 (`fees.py`); the
integrity flags are raised where their fact happens (`integrity.py`); a grant is published (§40, `grants.py`); no
grant while 容缺 materials are outstanding, and a lapsed period ends the case (`deferred.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.cases.workflow import APPLICANT, SYSTEM
from sunshine.clocks import services as clocks
from sunshine.clocks.models import Clock
from sunshine.core.errors import DomainError
from sunshine.core.text import has_visible_text
from sunshine.workcalendar.services import next_working_day

from . import fees, grants, integrity, letters, realname
from .models import Application, ApplicationMaterial, FlagKind, ServiceItem
from .rules import DEFAULT_STEPS, SPECIAL_NOT_COUNTED, notify_applicant
from .tracking_codes import hash_secret, new_secret, new_tracking_code, recall_secret, remember_secret
from .validation import clean_applicant, clean_form, validate_idempotency_key
from .workflow import WORKFLOW, Status

NOTICE_DAYS = 5  # 行政许可法 §32(4)
CERTIFICATE_DAYS = 10  # 行政许可法 §44
EXTENSION_DAYS = 10  # 行政许可法 §42: +10 with the head's approval
STEP_OF_STATE = {Status.REVIEWING: "review", Status.DECIDING: "decide", Status.CERTIFYING: "certify",
                 Status.DELIVERING: "deliver"}

K_NOTICE, K_STATUTORY, K_PROMISED = "gov_services.notice", "gov_services.statutory", "gov_services.promised"
K_STEP, K_CERTIFICATE = "gov_services.step", "gov_services.certificate"
K_DEFERRED = "gov_services.deferred"


def _fingerprint(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _invalid(exc: ValidationError) -> DomainError:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return DomainError(messages[0], code="invalid", field=field)
    return DomainError(exc.messages[0], code="invalid")


def _notify(application, body: str) -> None:
    notify_applicant(application, body)


def _today(on):
    return on or timezone.localdate()


# --- registration (登记) ------------------------------------------------------------------------------------------
@dataclass
class Submission:
    application: Application
    secret: str  # "" for a replay more than 24 hours after the first submission
    created: bool


def application_submit(*, item: ServiceItem, data: dict, channel: str, citizen=None, registered_by=None,
                       received_on: dt.date | None = None, idempotency_key: str | None = None,
                       uploads: dict | None = None) -> Submission:
    """Register an application (登记办件) online or at the central desk, under the item's current version.

    `data`: applicant fields and `form` (the item's form as data); `uploads`: {material id: uploaded file} (scans,
    through the kernel's files). With an idempotency key a replay returns the first application and the same secret.
    """
    try:
        key = validate_idempotency_key(idempotency_key)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    if channel == Application.Channel.ONLINE:
        realname.require_real_name(citizen)
    if not item.is_active or item.current_version_id is None:
        raise DomainError("该事项已取消或尚未发布，不能申请。", code="item_unavailable", field="item")
    version = item.current_version
    try:
        applicant = clean_applicant(data)
        form = clean_form(version.form_fields, data.get("form") or {})
    except ValidationError as exc:
        raise _invalid(exc) from exc
    try:
        fee_due = fees.amount_due(version.fee_schedule, form)  # 应收费用 (fen), kept with the version
    except fees.FeeScheduleError as exc:
        raise DomainError(f"无法按收费标准计算应缴费用：{exc}", code="invalid", field="form") from exc
    digest = _fingerprint({**applicant, "form": form, "item": item.code})
    for _attempt in range(4):
        if key:
            existing = Application.objects.filter(idempotency_key=key).first()
            if existing is not None:
                if existing.form_data.get("_fingerprint") not in ("", None, digest):
                    raise DomainError("该幂等键（Idempotency-Key）已用于另一份不同的申请。",
                                      code="idempotency_conflict")
                return Submission(application=existing, secret=recall_secret(key) or "", created=False)
        try:
            return _submit(item=item, version=version, applicant=applicant, form=form, channel=channel,
                           citizen=citizen, registered_by=registered_by, received_on=received_on, key=key,
                           digest=digest, uploads=uploads or {}, fee_due=fee_due)
        except IntegrityError:
            if not (key and Application.objects.filter(idempotency_key=key).exists()):
                raise
    raise DomainError("系统繁忙，请稍后重试。", code="busy")  # pragma: no cover


@transaction.atomic
def _submit(*, item, version, applicant, form, channel, citizen, registered_by, received_on, key, digest,
            uploads, fee_due=0) -> Submission:
    from sunshine.files.services import store_upload

    received_on = received_on or timezone.localdate()
    secret = new_secret()
    application = Application.objects.create(
        tracking_code=new_tracking_code(received_on.year), verification_secret_hash=hash_secret(secret),
        idempotency_key=key, item_version=version, department=item.department, window=item.window, channel=channel,
        citizen=citizen if (citizen is not None and getattr(citizen, "is_authenticated", False)) else None,
        registered_by=registered_by, form_data={**form, "_fingerprint": digest}, received_on=received_on,
        status=Status.REGISTERED, fee_due=fee_due, visits=1 if channel == Application.Channel.HALL else 0,
        visits_exceeded=channel == Application.Channel.HALL and version.visits < 1, **applicant)
    if key:
        remember_secret(secret, key)
    materials = {m.pk: m for m in version.materials.all()}
    for material_id, upload in uploads.items():
        material = materials.get(int(material_id))
        if material is None:
            raise DomainError("上传的材料不属于该事项。", code="invalid", field="materials")
        stored = store_upload(uploaded_file=upload, actor=registered_by or citizen, purpose="gov_services.material")
        ApplicationMaterial.objects.create(application=application, material=material, file=stored,
                                           received_on=received_on)
    application.notice_clock = clocks.clock_start(
        kind=K_NOTICE, subject=application, department=item.department, started_on=received_on,
        limit_days=NOTICE_DAYS, actor=registered_by, reason="收到申请材料（行政许可法第三十二条：五日内一次性告知）")
    application.save(update_fields=["notice_clock"])
    record(action="gov_services.application.submit", target=application, actor=registered_by or citizen,
           department=item.department, after={"channel": channel, "item": item.code, "version": version.version},
           to_status=Status.REGISTERED)
    _notify(application, f"您申请的“{item.name}”已登记，查询码{application.tracking_code}。")
    return Submission(application=application, secret=secret, created=True)


def application_dispatch(application, *, actor, window=None):
    """集中受理台 dispatches the case to the item's window (分送)."""
    with WORKFLOW.step(application, "dispatch", actor=actor) as step:
        target = window or step.obj.window
        step.set(window=target)
        step.audit(after={"window": target.number if target else ""})
    return step.obj


# --- acceptance (受理) --------------------------------------------------------------------------------------------
def _start_work(app, step, *, accepted_on, actor) -> None:
    """After acceptance: the review step, or for a combined matter (并联审批) its parallel tasks."""
    from . import parallel

    if step.target == Status.PARALLEL:
        parallel.start_tasks(app, accepted_on=accepted_on, actor=actor)
        app.step_clock, app.current_step = None, ""
    else:
        _start_step(app, "review", on=accepted_on, actor=actor)


def _start_limits(app, *, accepted_on, actor, reason):
    from . import parallel

    version = app.item_version
    if version.components.exists():  # 联办事项: joint statutory 45, the longest component promise
        parallel.start_limits(app, accepted_on=accepted_on, actor=actor, reason=reason)
        return
    statutory = 0 if version.on_the_spot else version.statutory_limit_days
    promised = 0 if version.on_the_spot else version.promised_limit_days
    app.statutory_clock = clocks.clock_start(kind=K_STATUTORY, subject=app, department=app.department,
                                             started_on=accepted_on, limit_days=statutory, actor=actor,
                                             reason=f"{reason}（{version.statutory_limit_basis}）")
    app.promised_clock = clocks.clock_start(kind=K_PROMISED, subject=app, department=app.department,
                                            started_on=accepted_on, limit_days=promised, actor=actor,
                                            reason=f"{reason}（承诺时限）")


def _steps(version) -> list[dict]:
    return version.steps or DEFAULT_STEPS


def _start_step(app, code: str, *, on, actor):
    step = next((s for s in _steps(app.item_version) if s.get("code") == code), None)
    if step is None:
        step = next(s for s in DEFAULT_STEPS if s["code"] == code)
    app.step_clock = clocks.clock_start(kind=K_STEP, subject=app, department=app.department, started_on=on,
                                        limit_days=int(step.get("limit_days") or 0), actor=actor,
                                        label=step["name"], reason=f"进入“{step['name']}”环节")
    app.current_step = code


def _stop_step(app, *, on, actor):
    """End the current step; a late step (even within the case's limit) or one shorter than its declared
    `min_days` is flagged for supervision."""
    if app.step_clock_id and app.step_clock.state != Clock.State.STOPPED:
        clock = clocks.clock_stop(app.step_clock, on=on, actor=actor)
        declared = next((s for s in _steps(app.item_version) if s.get("code") == app.current_step), {})
        integrity.check_step_end(app, clock, on=on, actor=actor, min_days=int(declared.get("min_days") or 0))


def _stop_notice(app, *, on, actor, outcome=None):
    if app.notice_clock_id and app.notice_clock.state != Clock.State.STOPPED:
        clocks.clock_stop(app.notice_clock, on=on, actor=actor, outcome=outcome)


def application_accept(application, *, actor, on: dt.date | None = None, deferred=()):
    """受理: the limits start on the acceptance day, or on the day the materials were completed after a timely
    one-time notice (行政许可法 §32); the 受理通知书 is issued. `deferred`: ids of minor materials the item allows to
    follow (容缺受理); the applicant's period for them (`deferred_period_days`) starts on the acceptance day."""
    on = _today(on)
    with WORKFLOW.step(application, "accept", actor=actor) as step:
        _accept_in(step, actor=actor, on=on, deferred=deferred)
    return step.obj


def _accept_in(step, *, actor, on, deferred):
    app = step.obj
    accepted_on = app.materials_complete_on or on
    names = []
    if deferred:
        allowed = {m.pk: m.name for m in app.item_version.materials.filter(deferrable=True)}
        wrong = [d for d in deferred if int(d) not in allowed]
        if wrong:
            raise DomainError("只有办事指南中标明“可容缺”的材料才能容缺受理。", code="invalid", field="deferred")
        names = [allowed[int(d)] for d in deferred]
        app.deferred_clock = clocks.clock_start(
            kind=K_DEFERRED, subject=app, department=app.department, started_on=accepted_on,
            limit_days=app.item_version.deferred_period_days, obligor=Clock.Obligor.APPLICANT, actor=actor,
            reason="容缺受理：" + "、".join(names))
        step.set(deferred_materials=names, deferred_clock=app.deferred_clock)
    _stop_notice(app, on=on, actor=actor)
    integrity.check_item_active(app, on=on, actor=actor)
    _start_limits(app, accepted_on=accepted_on, actor=actor, reason="受理")
    _start_work(app, step, accepted_on=accepted_on, actor=actor)
    step.set(accepted_on=accepted_on, statutory_clock=app.statutory_clock, promised_clock=app.promised_clock,
             step_clock=app.step_clock, current_step=app.current_step)
    step.audit(after={"accepted_on": accepted_on.isoformat(), "deferred": names})
    letters.issue_letter(app, letters.ACCEPTANCE, actor=actor, on=on, key="acceptance")
    _notify(app, f"您的办件{app.tracking_code}已受理，承诺于{app.promised_clock.due_date:%Y年%-m月%-d日}前办结。")


# --- online pre-review with one visit (网上预审，只跑一次) -----------------------------------------------------------
def _visit(step, *, count: bool = True) -> None:
    """到现场次数: one more visit of the applicant to the hall, compared with the item's declared visits (a case
    over it is flagged `visits_exceeded` for supervision)."""
    app = step.obj
    if count:
        visits = app.visits + 1
        step.set(visits=visits, visits_exceeded=visits > app.item_version.visits)


def missing_scans(app) -> list[str]:
    """The guide's required materials (not 容缺) of which no scan was received."""
    have = set(app.materials.exclude(file=None).values_list("material_id", flat=True))
    return [m.name for m in app.item_version.materials.all() if m.required and m.pk not in have]


def application_prereview(application, *, actor, on: dt.date | None = None, deferred=()):
    """网上预审通过: the window checks the scans of an online application and accepts it online (受理, the limits and
    the 受理通知书 as `accept`); the applicant is told by SMS to come once only, with the originals, when the result
    is ready (`deliver` then checks the originals and counts the visit). Scans missing: the one-time notice instead."""
    on = _today(on)
    with WORKFLOW.step(application, "prereview", actor=actor) as step:
        app = step.obj
        if app.channel != Application.Channel.ONLINE:
            raise DomainError("只有网上申请的办件可以网上预审；窗口申请请直接受理。", code="not_online")
        lacking = [n for n in missing_scans(app)
                   if n not in {m.name for m in app.item_version.materials.filter(pk__in=[int(d) for d in deferred])}]
        if lacking:
            raise DomainError("网上预审须核对全部必需材料的扫描件，尚缺：" + "、".join(lacking) +
                              "。请一次性告知申请人补正。", code="scans_missing")
        _accept_in(step, actor=actor, on=on, deferred=deferred)
        step.set(prereviewed_on=on)
        step.audit(after={"prereviewed_on": on.isoformat()})
        place = app.window.name if app.window_id else app.department.name
        _notify(app, f"您的办件{app.tracking_code}已通过网上预审并受理。办理结果办好后将短信通知您，届时请携带申请材料"
                     f"原件到{place}核验原件并领取结果，只需到现场一次。")
    return step.obj


def _call_for_collection(app) -> None:
    """The result is ready: an online pre-reviewed applicant is called once (originals and result together)."""
    if app.prereviewed_on:
        place = app.window.name if app.window_id else app.department.name
        _notify(app, f"您的办件{app.tracking_code}已办好。请携带申请材料原件到{place}，核验原件并领取结果（只需到现场"
                     "一次）。")


def application_refuse(application, *, actor, reasons: str, on: dt.date | None = None):
    """不予受理: only with reasons; the letter states the remedies (行政许可法 §32, §38)."""
    on = _today(on)
    reasons = (reasons or "").strip()
    if not has_visible_text(reasons):
        raise DomainError("不予受理必须说明理由。", code="invalid", field="reasons")
    with WORKFLOW.step(application, "refuse", actor=actor, reason=reasons) as step:
        app = step.obj
        _stop_notice(app, on=on, actor=actor)
        step.set(refusal_reasons=reasons)
        letters.issue_letter(app, letters.REFUSAL, actor=actor, on=on, key="refusal", reasons=reasons,
                             remedies=letters.REMEDIES)
        _notify(app, f"您的办件{app.tracking_code}不予受理，理由及救济途径见不予受理通知书。")
    return step.obj


def application_notify_missing(application, *, actor, missing: list[str], note: str = "",
                               on: dt.date | None = None):
    """一次性告知: ONE notice listing every missing material, within 5 working days of the receipt (§32(4))."""
    on = _today(on)
    missing = [m.strip() for m in (missing or []) if has_visible_text(m or "")]
    if not missing:
        raise DomainError("一次性告知书必须列明需要补正的全部材料。", code="invalid", field="missing")
    with WORKFLOW.step(application, "notify_missing", actor=actor) as step:
        app = step.obj
        if app.missing_materials:
            raise DomainError("一次性告知只能发出一次。", code="already_notified", field="missing")
        if app.notice_clock_id and app.notice_clock.due_date and on > app.notice_clock.due_date:
            raise DomainError(f"已超过五个工作日的告知期限（{app.notice_clock.due_date:%Y年%-m月%-d日}），"
                              "依法自收到材料之日起视为受理。", code="notice_late", field="missing")
        _stop_notice(app, on=on, actor=actor)
        step.set(missing_materials=missing)
        step.audit(after={"missing": missing})
        letters.issue_letter(app, letters.MISSING, actor=actor, on=on, key="missing", missing=missing,
                             reasons=note)
        _notify(app, f"您的办件{app.tracking_code}需补正材料，详见一次性告知书。")
    return step.obj


def application_receive_materials(application, *, on: dt.date | None = None, actor=None, uploads=None,
                                  performed_by: str = APPLICANT):
    """补齐材料 (the applicant online, or the window at the counter): the case goes back to the window."""
    from sunshine.files.services import store_upload

    on = _today(on)
    uploads = uploads or {}
    with WORKFLOW.step(application, "receive_materials", actor=actor, performed_by=performed_by) as step:
        app = step.obj
        materials = {m.pk: m for m in app.item_version.materials.all()}
        for material_id, upload in uploads.items():
            material = materials.get(int(material_id))
            if material is None:
                raise DomainError("上传的材料不属于该事项。", code="invalid", field="materials")
            stored = store_upload(uploaded_file=upload, actor=actor, purpose="gov_services.material")
            ApplicationMaterial.objects.create(application=app, material=material, file=stored, received_on=on)
        step.set(materials_complete_on=on)
        _visit(step, count=actor is not None and getattr(actor, "kind", "") == "staff")  # brought to the counter
        step.audit(after={"materials_complete_on": on.isoformat(), "files": len(uploads)})
    return step.obj


# --- the applicant's online uploads (补正 after a one-time notice; 容缺 materials) ---------------------------------
def online_received_on(submitted_on: dt.date) -> dt.date:
    """收到之日 of what the applicant sends online: the day itself when it is a working day, else the next working
    day — the kernel's rule for online submissions (`workcalendar.next_working_day`), as disclosure requests
    receive an online supplement (Art. 31(3), DOMAIN.md §5 [P])."""
    return next_working_day(submitted_on)


@dataclass
class Upload:
    application: Application
    received_on: dt.date | None
    created: bool  # False: a resubmission of the same form (nothing changed)


def _replayed(app, key: str) -> dt.date | None:
    """The receipt day of an earlier upload with the same form token (the row is locked by the caller)."""
    if not key:
        return None
    row = app.materials.filter(upload_key=key).order_by("id").first()
    return row.received_on if row is not None else None


def _store_listed(app, *, names: list[str], uploads: dict, stage: str, on: dt.date, actor, key: str) -> None:
    """Store one scan per listed material (`uploads`: {index in `names`: file}); every listed one is required."""
    from sunshine.files.services import store_upload

    lacking = [name for i, name in enumerate(names) if not uploads.get(i)]
    if lacking:
        raise DomainError("请上传全部所列材料，尚缺：" + "、".join(lacking) + "。", code="invalid", field="materials")
    by_name = {m.name.strip(): m for m in app.item_version.materials.all()}
    for i, name in enumerate(names):
        stored = store_upload(uploaded_file=uploads[i], actor=actor, purpose="gov_services.material")
        material = by_name.get(name.strip())
        ApplicationMaterial.objects.create(application=app, material=material,
                                           name="" if material is not None else name[:200], stage=stage,
                                           file=stored, received_on=on, upload_key=key)


def _check_owner(app, citizen) -> None:
    if citizen is not None and app.citizen_id is not None and app.citizen_id != citizen.pk:
        raise DomainError("没有找到该办件。", code="not_found")


def application_upload_missing(application, *, uploads: dict, citizen=None, key: str = "",
                               today: dt.date | None = None) -> Upload:
    """The applicant uploads online the materials the one-time notice listed (补齐材料, `receive_materials`
    performed by the applicant): one scan for each listed material (`uploads`: {index in `missing_materials`:
    file}, each through the kernel's files: sniffed, size-limited). The materials are complete on the day of the
    upload, or the next working day for an upload on a non-working day (`online_received_on`); the case goes back
    to the window, whose acceptance counts the limits from that day (§32). Idempotent by the form token `key`: a
    resubmission returns the first upload and changes nothing."""
    key = (key or "")[:80]
    on = online_received_on(_today(today))
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        _check_owner(app, citizen)
        done_on = _replayed(app, key)
        if done_on is not None:
            return Upload(application=app, received_on=done_on, created=False)
        with WORKFLOW.step(app, "receive_materials", actor=citizen, performed_by=APPLICANT) as step:
            app = step.obj
            _store_listed(app, names=list(app.missing_materials), uploads=uploads, stage="supplement", on=on,
                          actor=citizen, key=key)
            step.set(materials_complete_on=on)
            step.audit(after={"materials_complete_on": on.isoformat(), "files": len(app.missing_materials),
                              "online": True})
            _notify(app, f"已收到您补正的材料（{on:%Y年%-m月%-d日}），办件{app.tracking_code}已转窗口受理。")
    return Upload(application=step.obj, received_on=on, created=True)


def application_upload_deferred(application, *, uploads: dict, citizen=None, key: str = "",
                                today: dt.date | None = None) -> Upload:
    """The applicant uploads online the minor materials accepted as missing (容缺后补, `upload_deferred`): one scan
    for each (`uploads`: {index in `deferred_materials`: file}); the applicant's period stops on the day received
    (`online_received_on`): on time, or lapsed. Idempotent by the form token `key`."""
    key = (key or "")[:80]
    on = online_received_on(_today(today))
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        _check_owner(app, citizen)
        done_on = _replayed(app, key)
        if done_on is not None:
            return Upload(application=app, received_on=done_on, created=False)
        with WORKFLOW.step(app, "upload_deferred", actor=citizen, performed_by=APPLICANT) as step:
            app = step.obj
            if not app.deferred_materials or app.deferred_clock is None or \
                    app.deferred_clock.state == Clock.State.STOPPED:
                raise DomainError("该办件没有待后补的容缺材料。", code="nothing_deferred")
            _store_listed(app, names=list(app.deferred_materials), uploads=uploads, stage="deferred", on=on,
                          actor=citizen, key=key)
            clocks.clock_stop(app.deferred_clock, on=on, actor=citizen, reason="申请人网上补交容缺材料")
            step.audit(after={"received": app.deferred_materials, "received_on": on.isoformat(), "online": True})
            step.set(deferred_materials=[])
            _notify(app, f"已收到您补交的容缺材料（{on:%Y年%-m月%-d日}），办件{app.tracking_code}。")
    return Upload(application=step.obj, received_on=on, created=True)


def application_accept_by_lapse(application, *, on: dt.date | None = None):
    """No one-time notice within 5 working days: accepted on the day the materials were received (§32(4));
    flagged `accepted_by_lapse` for supervision. Run by the sweep."""
    on = _today(on)
    with WORKFLOW.step(application, "accept_by_lapse", performed_by=SYSTEM,
                       reason="五日内未一次性告知，自收到申请材料之日起即为受理") as step:
        app = step.obj
        _stop_notice(app, on=on, actor=None)
        _start_limits(app, accepted_on=app.received_on, actor=None, reason="逾期未告知视为受理")
        _start_work(app, step, accepted_on=app.received_on, actor=None)
        step.set(accepted_on=app.received_on, accepted_by_lapse=True, statutory_clock=app.statutory_clock,
                 promised_clock=app.promised_clock, step_clock=app.step_clock, current_step=app.current_step)
        integrity.raise_flag(app, FlagKind.NOTICE_LATE, on=on,
                             facts={"received_on": app.received_on.isoformat(),
                                    "notice_due": app.notice_clock.due_date.isoformat() if app.notice_clock else ""})
        integrity.check_item_active(app, on=on)
        letters.issue_letter(app, letters.ACCEPTANCE, actor=None, on=on, key="acceptance")
    return step.obj


def accept_late_notices(*, today: dt.date | None = None) -> int:
    """The periodic sweep (逾期未告知视为受理): every case still waiting for the window's answer whose notice period
    ended before `today`."""
    today = _today(today)
    ids = list(Application.objects.filter(
        status__in=[Status.REGISTERED, Status.DISPATCHED], notice_clock__state=Clock.State.RUNNING,
        notice_clock__due_date__lt=today).values_list("pk", flat=True))
    for app in Application.objects.filter(pk__in=ids):
        application_accept_by_lapse(app, on=today)
    return len(ids)


# --- steps (环节) -------------------------------------------------------------------------------------------------
def application_complete_review(application, *, actor, on: dt.date | None = None, opinion: str = ""):
    on = _today(on)
    with WORKFLOW.step(application, "complete_review", actor=actor, reason=opinion) as step:
        app = step.obj
        _stop_step(app, on=on, actor=actor)
        _start_step(app, "decide", on=on, actor=actor)
        step.set(step_clock=app.step_clock, current_step=app.current_step)
    return step.obj


def application_decide(application, *, actor, decision: str, reasons: str = "", on: dt.date | None = None):
    """准予许可 / 不予许可 (a refusal gives reasons and remedies, §38); a grant starts the certificate period (§44)."""
    on = _today(on)
    reasons = (reasons or "").strip()
    if decision not in Application.Decision.values:
        raise DomainError("请选择决定：准予许可或不予许可。", code="invalid", field="decision")
    if decision == Application.Decision.DENIED and not has_visible_text(reasons):
        raise DomainError("不予许可必须说明理由。", code="invalid", field="reasons")
    with WORKFLOW.step(application, "decide", actor=actor, reason=reasons) as step:
        app = step.obj
        deferred_open = bool(app.deferred_materials and app.deferred_clock_id
                             and app.deferred_clock.state != Clock.State.STOPPED)
        if decision == Application.Decision.GRANTED and deferred_open:
            names = "、".join(app.deferred_materials)
            raise DomainError(f"容缺受理的材料（{names}）尚未补齐，不能作出准予许可决定。",
                              code="deferred_outstanding", field="decision")
        if deferred_open:  # a refusal ends the applicant's period: nothing is owed any more
            clocks.clock_cancel(app.deferred_clock, on=on, actor=actor, reason="不予许可，无需再补交容缺材料")
        integrity.check_decision(app, on=on, actor=actor)
        app.decision = decision  # the callable target reads it
        step.go(WORKFLOW.get("decide").target(app))
        if app.statutory_clock_id and app.statutory_clock.state != Clock.State.STOPPED:
            clocks.clock_stop(app.statutory_clock, on=on, actor=actor)
        _stop_step(app, on=on, actor=actor)
        fields = {"decision": decision, "decision_reasons": reasons, "decided_on": on}
        if decision == Application.Decision.GRANTED:
            app.certificate_clock = clocks.clock_start(
                kind=K_CERTIFICATE, subject=app, department=app.department, started_on=on,
                limit_days=CERTIFICATE_DAYS, actor=actor, reason="准予许可（行政许可法第四十四条：十日内颁发证件）")
            _start_step(app, "certify", on=on, actor=actor)
            fields["certificate_clock"] = app.certificate_clock
        else:
            _start_step(app, "deliver", on=on, actor=actor)
        step.set(step_clock=app.step_clock, current_step=app.current_step, **fields)
        step.audit(after={"decision": decision})
        label = Application.Decision(decision).label
        letters.issue_letter(app, letters.DECISION, actor=actor, on=on, key="decision", decision=label,
                             reasons=reasons,
                             remedies=letters.REMEDIES if decision == Application.Decision.DENIED else "")
        if decision == Application.Decision.GRANTED:
            grants.publish_grant(app)  # 行政许可法 §40
        _notify(app, f"您的办件{app.tracking_code}已作出决定：{label}。")
        if decision == Application.Decision.DENIED:
            _call_for_collection(app)
    return step.obj


def application_issue_certificate(application, *, actor, number: str, on: dt.date | None = None):
    on = _today(on)
    number = (number or "").strip()
    if not has_visible_text(number):
        raise DomainError("请填写证照编号。", code="invalid", field="number")
    with WORKFLOW.step(application, "issue_certificate", actor=actor) as step:
        app = step.obj
        if app.certificate_clock_id and app.certificate_clock.state != Clock.State.STOPPED:
            clocks.clock_stop(app.certificate_clock, on=on, actor=actor)
        _stop_step(app, on=on, actor=actor)
        _start_step(app, "deliver", on=on, actor=actor)
        step.set(certificate_number=number, certificate_issued_on=on, step_clock=app.step_clock,
                 current_step=app.current_step)
        step.audit(after={"certificate_number": number})
        grants.publish_grant(app)
        _call_for_collection(app)
    return step.obj


DELIVERY_METHODS = {"in_person": "现场领取", "post": "邮寄送达", "electronic": "电子送达"}


def application_deliver(application, *, actor, on: dt.date | None = None, method: str = "in_person",
                        originals_checked: bool = False):
    """送达: the result is handed over; the case returns to the central desk (返回受理台). Collected in person: one
    visit (到现场次数). An online pre-reviewed case is collected in person with the originals checked at that visit
    (网上预审，只跑一次)."""
    on = _today(on)
    if method not in DELIVERY_METHODS:
        raise DomainError("请选择送达方式。", code="invalid", field="method")
    with WORKFLOW.step(application, "deliver", actor=actor) as step:
        app = step.obj
        fees.check_paid(app, "送达")
        if app.prereviewed_on:
            if method != "in_person":
                raise DomainError("网上预审的办件须由申请人到现场核验原件并领取结果。", code="invalid", field="method")
            if not originals_checked:
                raise DomainError("请先核验申请材料原件，再交付办理结果。", code="invalid", field="originals_checked")
            app.materials.update(originals_checked=True)
            step.set(originals_confirmed_on=on)
        _visit(step, count=method == "in_person")
        _stop_step(app, on=on, actor=actor)
        step.set(delivered_on=on, current_step="")
        step.audit(after={"method": method, "visits": app.visits})
    return step.obj


def application_complete(application, *, actor, on: dt.date | None = None):
    """办结: the central desk confirms completion; the promised limit stops."""
    on = _today(on)
    with WORKFLOW.step(application, "complete", actor=actor) as step:
        app = step.obj
        fees.check_paid(app, "办结")
        if app.promised_clock_id and app.promised_clock.state != Clock.State.STOPPED:
            clocks.clock_stop(app.promised_clock, on=on, actor=actor)
        step.set(completed_on=on)
        _notify(app, f"您的办件{app.tracking_code}已办结。")
    return step.obj


def application_receive_deferred(application, *, actor, on: dt.date | None = None):
    """收到容缺材料: the applicant's period stops (on time, or lapsed: never the agency's lateness)."""
    on = _today(on)
    with WORKFLOW.step(application, "receive_deferred", actor=actor) as step:
        app = step.obj
        if not app.deferred_materials or app.deferred_clock is None or app.deferred_clock.state == Clock.State.STOPPED:
            raise DomainError("该办件没有待后补的容缺材料。", code="nothing_deferred")
        clocks.clock_stop(app.deferred_clock, on=on, actor=actor, reason="收到容缺材料")
        _visit(step)  # brought to the counter
        step.audit(after={"received": app.deferred_materials})
        step.set(deferred_materials=[])
    return step.obj


# --- §45 special procedures and extension -------------------------------------------------------------------------
def _running(app):
    return [c for c in (app.statutory_clock, app.promised_clock, app.step_clock)
            if c is not None and c.state == Clock.State.RUNNING]


def application_start_special(application, *, actor, procedure: str, days: int, on: dt.date | None = None):
    """特别程序 (听证、检验、检测、专家评审 …): not counted (§45); the applicant is told its time in writing.
    A procedure the item counts (e.g. 公示 where its law says so) does not pause the limits."""
    on = _today(on)
    procedure = (procedure or "").strip()
    if not has_visible_text(procedure):
        raise DomainError("请选择特别程序。", code="invalid", field="procedure")
    if not isinstance(days, int) or days < 1 or days > 365:
        raise DomainError("特别程序所需时间应为1至365个工作日。", code="invalid", field="days")
    with WORKFLOW.step(application, "start_special", actor=actor, reason=procedure) as step:
        app = step.obj
        declared = app.item_version.special_procedure_named(procedure)
        counted = bool(declared.get("counted")) if declared else procedure not in SPECIAL_NOT_COUNTED
        if not counted:
            for clock in _running(app):
                clocks.clock_pause(clock, on=on, actor=actor,
                                   reason=f"{procedure}（行政许可法第四十五条，不计算在期限内）")
        step.set(paused_from=step.source, special_procedure=procedure)
        step.audit(after={"procedure": procedure, "days": days, "counted": counted})
        letters.issue_letter(app, letters.SPECIAL, actor=actor, on=on, key=f"special-{on:%Y%m%d}",
                             procedure=procedure, procedure_days=days)
        _notify(app, f"您的办件{app.tracking_code}需进行{procedure}，所需时间不计算在办理期限内。")
    return step.obj


def application_end_special(application, *, actor, on: dt.date | None = None):
    on = _today(on)
    with WORKFLOW.step(application, "end_special", actor=actor) as step:
        app = step.obj
        for clock in (app.statutory_clock, app.promised_clock, app.step_clock):
            if clock is not None and clock.state == Clock.State.PAUSED:
                clocks.clock_resume(clock, on=on, actor=actor, reason=f"{app.special_procedure}结束")
        step.set(paused_from="", special_procedure="")
    return step.obj


def application_extend(application, *, actor, reason: str, days: int = EXTENSION_DAYS):
    """延期 (行政许可法 §42: +10 working days with the head's approval; joint handling of a combined matter +15,
    §42 ¶2), once."""
    reason = (reason or "").strip()
    if not has_visible_text(reason):
        raise DomainError("延期必须说明理由。", code="invalid", field="reason")
    with WORKFLOW.step(application, "extend", actor=actor, reason=reason) as step:
        app = step.obj
        most = 15 if app.status == Status.PARALLEL else EXTENSION_DAYS
        if not isinstance(days, int) or not 1 <= days <= most:
            raise DomainError(f"延期天数应为1至{most}个工作日。", code="invalid", field="days")
        if app.extended:
            raise DomainError("该办件已延期一次，不能再次延期。", code="already_extended")
        clocks.clock_extend(app.statutory_clock, days=days, approver=actor, reason=reason, actor=actor,
                            check_capability=False)
        step.set(extended=True)
        step.audit(after={"days": days})
    return step.obj
