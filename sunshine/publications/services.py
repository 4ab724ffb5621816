"""Every write of proactive disclosure (主动公开): the only code that sets `Publication.status`.

Each function is atomic and keyword-only, and writes the review record (备案), a revision snapshot where content
changes, and an audit event. Every status change runs through the transition table (`workflow.WORKFLOW.step`:
the row locked, the table and the policy checked, the status set by compare-and-set, the audit event with the from
and to status); the other writes ask the policy (`permissions.POLICY.require`) for scope and capability.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.cases.workflow import SYSTEM
from sunshine.core.errors import CapabilityRequired, DomainError
from sunshine.publications import indexing, pagecache, tables, tally
from sunshine.publications.models import (
    DisclosureGuide,
    DisclosureSetting,
    Finding,
    IndexSequence,
    Publication,
    PublicationAttachment,
    PublicationRevision,
    ReviewRecord,
)
from sunshine.publications.permissions import DRAFT, EDIT_GUIDE, GUIDES, POLICY, REVIEW_CONFIDENTIALITY
from sunshine.publications.workflow import EDITABLE, IN_REVIEW, WORKFLOW, Action, Status

TIMELINESS_KIND = "publication.timeliness"
TIMELINESS_DAYS = 20  # Art. 26: within 20 working days of being created or changed
SUBSTANTIVE_FIELDS = ("title", "document_number", "summary", "body", "created_on")
EDITABLE_FIELDS = ("title", "document_number", "category", "genre", "created_on", "validity", "summary", "body")


# --- helpers ------------------------------------------------------------------------------------

def _name(actor) -> str:
    return actor.display_name if actor is not None and getattr(actor, "is_authenticated", False) else "系统"


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _review(publication, step, *, actor, decision=ReviewRecord.Decision.DONE, comment="", at=None) -> ReviewRecord:
    return ReviewRecord.objects.create(publication=publication, step=step, decision=decision, actor=_user(actor),
                                       actor_name=_name(actor), comment=comment, at=at or timezone.now())


def snapshot(publication: Publication, *, status: str | None = None) -> dict:
    """The item as a revision records it (`status`: the status it is about to take, inside a transition)."""
    return {
        "index_number": publication.index_number, "title": publication.title,
        "document_number": publication.document_number, "category": publication.category_id,
        "genre": publication.genre_id, "created_on": publication.created_on.isoformat(),
        "validity": publication.validity, "summary": publication.summary, "body": publication.body,
        "status": status or publication.status,
        "publish_at": publication.publish_at.isoformat() if publication.publish_at else None,
        "table_file": publication.table_file_id,
        "attachments": list(publication.attachments.values_list("file_id", "replacement_id", "is_public")),
        "interprets": list(publication.interprets.values_list("pk", flat=True)),
    }


def _revise(publication: Publication, *, actor, reason: str, status: str | None = None) -> PublicationRevision:
    limit = PublicationRevision._meta.get_field("reason").max_length  # "添加附件 <a 255-character file name>"
    reason = reason if len(reason) <= limit else reason[:limit - 1] + "…"
    Publication.objects.filter(pk=publication.pk).update(revision=F("revision") + 1)
    publication.refresh_from_db(fields=["revision"])
    return PublicationRevision.objects.create(publication=publication, number=publication.revision,
                                              snapshot=snapshot(publication, status=status), actor=_user(actor),
                                              reason=reason)


def setting_for(department) -> DisclosureSetting:
    """The department's policy, or the defaults (two-step chain, "{prefix}/{year}-{seq:05d}") unsaved."""
    try:
        return department.disclosure_setting
    except DisclosureSetting.DoesNotExist:
        return DisclosureSetting(department=department)


# --- index numbers (索引号) -----------------------------------------------------------------------

def format_index_number(setting: DisclosureSetting, *, year: int, seq: int) -> str:
    department = setting.department
    prefix = setting.index_prefix or department.credit_code or department.code
    try:
        return setting.index_pattern.format(prefix=prefix, code=department.code, year=year, seq=seq)
    except (KeyError, IndexError, ValueError) as exc:
        raise DomainError(f"索引号格式“{setting.index_pattern}”无效。", field="index_pattern") from exc


@transaction.atomic
def allocate_index_numbers(*, department, year: int, count: int = 1) -> list[str]:
    """Allocate `count` consecutive index numbers for the department and year, safe under concurrency.

    The sequence row is incremented with one UPDATE (a row lock on PostgreSQL, the write lock on SQLite),
    so two transactions never receive the same numbers.
    """
    if count <= 0:
        return []
    if not IndexSequence.objects.filter(department=department, year=year).exists():
        try:
            with transaction.atomic():
                IndexSequence.objects.create(department=department, year=year, last=0)
        except IntegrityError:
            pass  # created concurrently
    IndexSequence.objects.filter(department=department, year=year).update(last=F("last") + count)
    last = IndexSequence.objects.get(department=department, year=year).last
    setting = setting_for(department)
    return [format_index_number(setting, year=year, seq=seq) for seq in range(last - count + 1, last + 1)]


# --- the personal-data gate (敏感信息) --------------------------------------------------------------

def _scan_sources(publication: Publication):
    """Yield (source, attachment, file, text) for every text the public would receive."""
    yield Finding.Source.BODY, None, None, publication.body
    if publication.table_text:
        yield Finding.Source.TABLE, None, None, publication.table_text
    for attachment in publication.attachments.select_related("file", "replacement"):
        if attachment.is_public:
            public_file = attachment.public_file
            yield Finding.Source.ATTACHMENT, attachment, public_file, public_file.extracted_text or ""


def rescan(publication: Publication) -> list[Finding]:
    """Run the privacy scanner over the body, the table and each public attachment's text.

    A span found again keeps its resolution; new spans are unresolved; spans no longer found are kept
    for the record but marked not current. Returns the current findings.
    """
    from sunshine.privacy.scanner import scan

    existing = {(f.source, f.attachment_id, f.file_id, f.kind, f.start, f.end, f.masked): f
                for f in publication.findings.all()}
    seen: set[int] = set()
    new: list[Finding] = []
    for source, attachment, file, text in _scan_sources(publication):
        for hit in scan(text):
            key = (source, attachment.pk if attachment else None, file.pk if file else None, hit.kind, hit.start,
                   hit.end, hit.masked[:100])
            if key in existing:
                seen.add(existing[key].pk)
            else:
                new.append(Finding(publication=publication, source=source, attachment=attachment, file=file,
                                   kind=hit.kind, start=hit.start, end=hit.end, masked=hit.masked[:100]))
    publication.findings.filter(pk__in=seen).update(is_current=True)
    publication.findings.exclude(pk__in=seen).update(is_current=False)
    Finding.objects.bulk_create(new)
    return list(publication.findings.filter(is_current=True))


def apply_resolutions(text: str, findings) -> str:
    """The text with each "mask" finding replaced by its masked form and each "remove" finding deleted."""
    out = text
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        if f.resolution == Finding.Resolution.MASK:
            out = out[: f.start] + f.masked + out[f.end:]
        elif f.resolution == Finding.Resolution.REMOVE:
            out = out[: f.start] + "（已删除）" + out[f.end:]
    return out


# Title, document number and summary are published as written (item page, Atom feeds, API, search results): they
# have no findings to mask, so personal identifiers there stop publication. Credit codes and e-mail addresses are
# often an organisation's own public data (a penalty decision names the company; an office's mailbox) and pass.
METADATA_BLOCKED_KINDS = ("resident_id", "suspect_resident_id", "mobile", "bank_card", "secret_marking")


def metadata_problems(publication: Publication) -> list[str]:
    """Personal identifiers in the unmasked metadata (title, document number, summary), as Chinese labels."""
    from sunshine.privacy.scanner import KIND_LABELS, scan

    labels: dict[str, None] = {}
    for text in (publication.title, publication.document_number, publication.summary):
        for hit in scan(text or ""):
            if hit.kind in METADATA_BLOCKED_KINDS:
                labels[KIND_LABELS[hit.kind]] = None
    if not labels:
        return []
    return [f"标题、文号或内容概述中含有{'、'.join(labels)}：这些栏目公开时不做遮盖，请删除，"
            "或移入正文后在保密审查中处理。"]


def gate_problems(publication: Publication, findings: list[Finding]) -> list[str]:
    """Why the item cannot be published yet (empty list: it can)."""
    problems = metadata_problems(publication)
    unresolved = [f for f in findings if not f.resolution]
    if unresolved:
        problems.append(f"尚有 {len(unresolved)} 处敏感信息未处理（遮盖、删除或说明理由后保留）。")
    blocked = {f.attachment for f in findings
               if f.source == Finding.Source.ATTACHMENT and f.resolution in (Finding.Resolution.MASK,
                                                                             Finding.Resolution.REMOVE)}
    for attachment in blocked:
        problems.append(f"附件“{attachment.public_file.original_name}”含需遮盖或删除的内容："
                        "请上传遮盖后的替换文件，或将该附件设为不公开。")
    return problems


def _ensure_gate(publication: Publication) -> list[Finding]:
    findings = rescan(publication)
    problems = gate_problems(publication, findings)
    if problems:
        raise DomainError("不能发布：" + "".join(problems), code="unresolved_findings")
    return findings


def _public_texts(publication: Publication, findings: list[Finding]) -> None:
    body = [f for f in findings if f.source == Finding.Source.BODY]
    table = [f for f in findings if f.source == Finding.Source.TABLE]
    changed = any(f.resolution in (Finding.Resolution.MASK, Finding.Resolution.REMOVE) for f in body)
    publication.public_body = apply_resolutions(publication.body, body) if changed else None
    changed = any(f.resolution in (Finding.Resolution.MASK, Finding.Resolution.REMOVE) for f in table)
    publication.public_table_text = apply_resolutions(publication.table_text, table) if changed else None


@transaction.atomic
def finding_resolve(*, finding: Finding, actor, resolution: str, justification: str = "") -> Finding:
    """A reviewer resolves one finding: mask, remove, or keep with a written justification."""
    publication = finding.publication
    POLICY.require(actor, publication, REVIEW_CONFIDENTIALITY, "保密审查")
    if publication.status not in IN_REVIEW:
        raise DomainError("只有审查中的信息可以处理敏感信息。", code="not_in_review")
    if resolution not in (Finding.Resolution.MASK, Finding.Resolution.REMOVE, Finding.Resolution.KEEP):
        raise DomainError("请选择处理方式：遮盖、删除或保留。", field="resolution")
    justification = (justification or "").strip()
    if resolution == Finding.Resolution.KEEP and not justification:
        raise DomainError("选择保留时必须写明理由。", field="justification")
    before = {"resolution": finding.resolution, "justification": finding.justification}
    finding.resolution = resolution
    finding.justification = justification if resolution == Finding.Resolution.KEEP else ""
    finding.resolved_by = _user(actor)
    finding.resolved_at = timezone.now()
    finding.save(update_fields=["resolution", "justification", "resolved_by", "resolved_at"])
    _review(publication, ReviewRecord.Step.FINDING, actor=actor,
            comment=f"{finding.get_source_display()} {finding.kind_label} {finding.masked}："
                    f"{finding.get_resolution_display()}"
                    + (f"（理由：{justification}）" if justification and resolution == "keep" else ""))
    record(action="publication.finding.resolve", target=publication, actor=actor, before=before,
           after={"finding": finding.pk, "resolution": resolution, "justification": finding.justification},
           department=publication.department)
    return finding


IDENTITY_KINDS = ("resident_id", "suspect_resident_id", "bank_card")


def personal_data_viewed(*, publication: Publication, actor, findings: list[Finding], what: str = "detail") -> bool:
    """DOMAIN §12: every view of a full identity number by staff is audited. Returns whether one was recorded."""
    kinds = sorted({f.kind for f in findings if f.kind in IDENTITY_KINDS})
    if not kinds:
        return False
    record(action="publication.personal_data.view", target=publication, actor=actor,
           after={"kinds": kinds, "page": what}, department=publication.department)
    return True


# --- drafting ------------------------------------------------------------------------------------

def _clock_start(publication: Publication, *, actor) -> None:
    from sunshine.clocks.services import clock_start

    clock_start(kind=TIMELINESS_KIND, subject=publication, department=publication.department,
                started_on=publication.created_on, limit_days=TIMELINESS_DAYS, actor=actor,
                reason="主动公开时效（条例第二十六条：形成或变更之日起20个工作日内公开）", label=publication.title)


def _running_clock(publication: Publication):
    from sunshine.clocks.models import Clock
    from sunshine.clocks.selectors import clocks_for

    return clocks_for(publication).filter(kind=TIMELINESS_KIND).exclude(state=Clock.State.STOPPED).last()


# Text sizes (issue 11: a 12 MB body with 300,000 phone numbers took 69 s to submit and made a 106 MB staff page).
BODY_MAX_CHARS = 200_000  # about a hundred pages; longer documents are attachments
SUMMARY_MAX_CHARS = 5_000


def _check_text_sizes(*, summary: str, body: str) -> None:
    if len(body or "") > BODY_MAX_CHARS:
        raise DomainError(f"正文不能超过{BODY_MAX_CHARS}个字（现有{len(body)}个字）；较长的文件请作为附件上传。",
                          code="too_long", field="body")
    if len(summary or "") > SUMMARY_MAX_CHARS:
        raise DomainError(f"摘要不能超过{SUMMARY_MAX_CHARS}个字。", code="too_long", field="summary")


def _check_fields(values: dict) -> None:
    if not (values.get("title") or "").strip():
        raise DomainError("请填写标题。", field="title")
    if values.get("created_on") is None:
        raise DomainError("请填写生成日期。", field="created_on")
    if values["created_on"] > timezone.localdate():
        raise DomainError("生成日期不能晚于今天。", field="created_on")


@transaction.atomic
def publication_create_draft(*, actor, title: str, category, genre, created_on: dt.date, department=None,
                             document_number: str = "", validity: str = "", summary: str = "", body: str = "",
                             interprets=(), source: str = "manual") -> Publication:
    """A clerk drafts a catalogue item (起草): index number allocated, timeliness clock started."""
    POLICY.require(actor, None, DRAFT, "起草主动公开信息")
    if department is None:
        department = actor.department
    if department is None:
        raise DomainError("请选择发布机构。", field="department")
    if not POLICY.covers_department(actor, department):
        raise CapabilityRequired("只能为本部门起草信息。")
    values = {"title": title, "created_on": created_on, "genre": genre, "validity": validity}
    _check_fields(values)
    _check_text_sizes(summary=summary, body=body)
    index_number = allocate_index_numbers(department=department, year=created_on.year)[0]
    publication = Publication.objects.create(
        index_number=index_number, title=title.strip(), document_number=document_number.strip(),
        department=department, level=department.division.level, category=category, genre=genre,
        created_on=created_on, validity=validity, summary=summary, body=body, status=Status.DRAFT,
        source=source, created_by=_user(actor))
    if interprets:
        publication.interprets.set(interprets)
    _review(publication, ReviewRecord.Step.CREATE, actor=actor)
    _revise(publication, actor=actor, reason="起草")
    _clock_start(publication, actor=actor)
    record(action="publication.create", target=publication, actor=actor, after=snapshot(publication),
           department=department)
    return publication


@transaction.atomic
def publication_update(*, publication: Publication, actor, interprets=None, **fields) -> Publication:
    """Edit a draft or returned item; a substantive change restarts the timeliness clock (Art. 26 “变更”)."""
    POLICY.require(actor, publication, DRAFT, "修改主动公开信息")
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status not in EDITABLE:
        raise DomainError("只有草稿或退回修改的信息可以修改。", code="not_editable")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"不能修改字段：{', '.join(sorted(unknown))}。")
    before = snapshot(publication)
    for name, value in fields.items():
        setattr(publication, name, value.strip() if isinstance(value, str) and name != "body" else value)
    _check_fields({"title": publication.title, "created_on": publication.created_on, "genre": publication.genre,
                   "validity": publication.validity})
    _check_text_sizes(summary=publication.summary, body=publication.body)
    publication.save()
    if interprets is not None:
        publication.interprets.set(interprets)
    changed = [n for n in SUBSTANTIVE_FIELDS if before.get(n) != snapshot(publication).get(n)]
    if changed:
        clock = _running_clock(publication)
        if clock is not None:
            from sunshine.clocks.services import clock_restart

            clock_restart(clock, on=timezone.localdate(), actor=actor, reason="信息内容变更，重新起算公开时限")
    _review(publication, ReviewRecord.Step.EDIT, actor=actor, comment="修改：" + "、".join(
        str(Publication._meta.get_field(n).verbose_name) for n in fields))
    _revise(publication, actor=actor, reason="修改")
    record(action="publication.update", target=publication, actor=actor, before=before, after=snapshot(publication),
           department=publication.department)
    return publication


def _read_upload(uploaded_file) -> bytes:
    data = uploaded_file.read()
    uploaded_file.seek(0)
    return data


@transaction.atomic
def publication_attach(*, publication: Publication, actor, uploaded_file) -> PublicationAttachment:
    """Add an attachment (附件) to a draft; the file is sniffed and its text extracted by `files`."""
    from sunshine.files.services import store_upload

    POLICY.require(actor, publication, DRAFT, "上传附件")
    if publication.status not in EDITABLE:
        raise DomainError("只有草稿或退回修改的信息可以添加附件。", code="not_editable")
    stored = store_upload(uploaded_file=uploaded_file, actor=actor, purpose="publication.attachment")
    attachment = PublicationAttachment.objects.create(publication=publication, file=stored,
                                                      sort_order=publication.attachments.count())
    _revise(publication, actor=actor, reason=f"添加附件 {stored.original_name}")
    record(action="publication.attach", target=publication, actor=actor,
           after={"attachment": attachment.pk, "file": stored.pk, "name": stored.original_name},
           department=publication.department)
    return attachment


@transaction.atomic
def publication_set_table(*, publication: Publication, actor, uploaded_file) -> Publication:
    """Attach an XLSX table (村务/三资公开表) shown on the item page as an HTML table."""
    from sunshine.files.services import store_upload

    POLICY.require(actor, publication, DRAFT, "上传表格")
    if publication.status not in EDITABLE:
        raise DomainError("只有草稿或退回修改的信息可以上传表格。", code="not_editable")
    text, truncated = tables.xlsx_to_text(_read_upload(uploaded_file))
    stored = store_upload(uploaded_file=uploaded_file, actor=actor, purpose="publication.table")
    publication.table_file = stored
    publication.table_text = text
    publication.table_truncated = truncated
    publication.save(update_fields=["table_file", "table_text", "table_truncated", "updated_at"])
    _revise(publication, actor=actor, reason=f"上传表格 {stored.original_name}")
    record(action="publication.table", target=publication, actor=actor,
           after={"file": stored.pk, "rows": text.count("\n"), "truncated": truncated},
           department=publication.department)
    return publication


@transaction.atomic
def attachment_replace(*, attachment: PublicationAttachment, actor, uploaded_file) -> PublicationAttachment:
    """A reviewer uploads a redacted replacement for an attachment whose original holds personal data."""
    from sunshine.files.services import store_upload

    publication = attachment.publication
    POLICY.require(actor, publication, REVIEW_CONFIDENTIALITY, "保密审查")
    if publication.status not in IN_REVIEW | EDITABLE:
        raise DomainError("该信息当前不能替换附件。", code="not_in_review")
    stored = store_upload(uploaded_file=uploaded_file, actor=actor, purpose="publication.attachment.redacted")
    before = {"replacement": attachment.replacement_id}
    attachment.replacement = stored
    attachment.save(update_fields=["replacement"])
    rescan(publication)
    _review(publication, ReviewRecord.Step.FINDING, actor=actor,
            comment=f"上传附件“{attachment.file.original_name}”的遮盖版本“{stored.original_name}”")
    _revise(publication, actor=actor, reason="替换附件为遮盖版本")
    record(action="publication.attachment.replace", target=publication, actor=actor, before=before,
           after={"attachment": attachment.pk, "replacement": stored.pk}, department=publication.department)
    return attachment


@transaction.atomic
def attachment_set_public(*, attachment: PublicationAttachment, actor, is_public: bool, reason: str = "") -> (
        PublicationAttachment):
    """A reviewer decides whether an attachment is published at all."""
    publication = attachment.publication
    POLICY.require(actor, publication, REVIEW_CONFIDENTIALITY, "保密审查")
    if publication.status not in IN_REVIEW | EDITABLE:
        raise DomainError("该信息当前不能修改附件的公开属性。", code="not_in_review")
    attachment.is_public = bool(is_public)
    attachment.save(update_fields=["is_public"])
    rescan(publication)
    _review(publication, ReviewRecord.Step.FINDING, actor=actor,
            comment=f"附件“{attachment.file.original_name}”设为{'公开' if is_public else '不公开'}"
                    + (f"：{reason}" if reason else ""))
    record(action="publication.attachment.public", target=publication, actor=actor,
           after={"attachment": attachment.pk, "is_public": attachment.is_public}, reason=reason,
           department=publication.department)
    return attachment


# --- transitions (WORKFLOW.step: lock, table, policy, compare-and-set, audit) ---------------------------------------

@contextmanager
def _step(publication: Publication, action: Action, *, actor, reason: str = "", performed_by: str = ""):
    """`WORKFLOW.step` on the item, with the public tally moved in the same transaction (`tally.py`)."""
    with WORKFLOW.step(publication, action, actor=actor, reason=reason, performed_by=performed_by,
                       lock_related=("department",)) as step:
        counted_before = tally.key_of(step.obj)
        yield step
        after = copy.copy(step.obj)
        after.status = step.target
        tally.move(counted_before, tally.key_of(after))


def publication_submit(*, publication: Publication, actor) -> list[Finding]:
    """Submit for review (提交审查): the scanner runs and its findings are shown to clerk and reviewer."""
    with _step(publication, Action.SUBMIT, actor=actor) as step:
        locked = step.obj
        findings = rescan(locked)
        step.set(review_comment="")
        _review(locked, ReviewRecord.Step.SUBMIT, actor=actor,
                comment=f"扫描发现敏感信息 {len(findings)} 处" if findings else "未发现敏感信息")
        _revise(locked, actor=actor, reason="提交审查", status=step.target)
        step.audit(after={"findings": len(findings)})
    return findings


def _approve(publication: Publication, action: Action, *, actor, comment: str) -> Publication:
    review_step = (ReviewRecord.Step.LEGALITY if action == Action.APPROVE_LEGALITY
                   else ReviewRecord.Step.CONFIDENTIALITY)
    with _step(publication, action, actor=actor, reason=comment) as step:
        locked = step.obj
        if action == Action.APPROVE_CONFIDENTIALITY:
            unresolved = [f for f in rescan(locked) if not f.resolution]
            if unresolved:
                raise DomainError(f"保密审查不能通过：尚有 {len(unresolved)} 处敏感信息未处理。",
                                  code="unresolved_findings")
            problems = metadata_problems(locked)
            if problems:
                raise DomainError("保密审查不能通过：" + "".join(problems), code="unresolved_findings")
        _review(locked, review_step, actor=actor, decision=ReviewRecord.Decision.APPROVED, comment=comment)
    return step.obj


def publication_approve_confidentiality(*, publication: Publication, actor, comment: str = "") -> Publication:
    """Confidentiality review passed (保密审查通过): to legality review, or approved in a one-step chain."""
    return _approve(publication, Action.APPROVE_CONFIDENTIALITY, actor=actor, comment=comment)


def publication_approve_legality(*, publication: Publication, actor, comment: str = "") -> Publication:
    """Legality review passed (规范性审核通过): approved, waiting for publication."""
    return _approve(publication, Action.APPROVE_LEGALITY, actor=actor, comment=comment)


def publication_approve(*, publication: Publication, actor, comment: str = "") -> Publication:
    """Approve the current review step: confidentiality (保密审查) or legality (规范性审核)."""
    action = (Action.APPROVE_LEGALITY if publication.status == Status.LEGALITY_REVIEW
              else Action.APPROVE_CONFIDENTIALITY)
    return _approve(publication, action, actor=actor, comment=comment)


# the review step a return is recorded under, by the status it returns from
RETURNED_FROM = {Status.SUBMITTED: ReviewRecord.Step.CONFIDENTIALITY,
                 Status.LEGALITY_REVIEW: ReviewRecord.Step.LEGALITY, Status.APPROVED: ReviewRecord.Step.PUBLISH}


def publication_return(*, publication: Publication, actor, comment: str) -> Publication:
    """Return to the clerk with comments (退回修改)."""
    comment = (comment or "").strip()
    if not comment:
        raise DomainError("退回时必须填写修改意见。", field="comment")
    with _step(publication, Action.RETURN, actor=actor, reason=comment) as step:
        step.set(review_comment=comment)
        _review(step.obj, RETURNED_FROM[Status(step.source)], actor=actor, decision=ReviewRecord.Decision.RETURNED,
                comment=comment)
    return step.obj


def _go_public(step, *, actor, at, findings: list[Finding]) -> None:
    locked = step.obj
    _public_texts(locked, findings)
    step.set(published_at=at, public_body=locked.public_body, public_table_text=locked.public_table_text)
    clock = _running_clock(locked)
    if clock is not None:
        from sunshine.clocks.services import clock_stop

        clock_stop(clock, on=timezone.localdate(at), actor=actor, reason="已公开")
    indexing.index_publication(locked)
    pagecache.bump_version()
    _review(locked, ReviewRecord.Step.PUBLISH, actor=actor, decision=ReviewRecord.Decision.APPROVED, at=at)
    _revise(locked, actor=actor, reason="发布", status=step.target)
    step.audit(after={"published_at": at, "masked": locked.public_body is not None})


def publication_publish(*, publication: Publication, actor, publish_at: dt.datetime | None = None) -> Publication:
    """Publish now, or schedule for `publish_at` (定时发布). Refused while any finding is unresolved."""
    now = timezone.now()
    action = Action.SCHEDULE if publish_at is not None and publish_at > now else Action.PUBLISH
    with _step(publication, action, actor=actor) as step:
        locked = step.obj
        findings = _ensure_gate(locked)
        if action == Action.SCHEDULE:
            step.set(publish_at=publish_at)
            _review(locked, ReviewRecord.Step.SCHEDULE, actor=actor, decision=ReviewRecord.Decision.APPROVED,
                    comment=f"定时于 {timezone.localtime(publish_at):%Y-%m-%d %H:%M} 发布")
            step.audit(after={"publish_at": publish_at})
        else:
            _go_public(step, actor=actor, at=now, findings=findings)
    return step.obj


def publication_unschedule(*, publication: Publication, actor) -> Publication:
    """Cancel a scheduled publication (取消定时发布): back to approved."""
    with _step(publication, Action.UNSCHEDULE, actor=actor) as step:
        step.set(publish_at=None)
    return step.obj


def publication_publish_due(*, publication: Publication, now: dt.datetime | None = None) -> Publication:
    """The system publishes one scheduled item whose time has come (到期自动发布), through the gate again; it is
    published at its scheduled time. Refused before that time."""
    now = now or timezone.now()
    with _step(publication, Action.PUBLISH_DUE, actor=None, performed_by=SYSTEM) as step:
        locked = step.obj
        if locked.publish_at is not None and locked.publish_at > now:
            raise DomainError("尚未到定时发布时间。", code="not_due")
        findings = _ensure_gate(locked)
        _go_public(step, actor=None, at=locked.publish_at or now, findings=findings)
    return step.obj


def publish_due(*, now: dt.datetime | None = None) -> tuple[int, list[str]]:
    """Publish every scheduled item whose time has come (`manage.py publish_due`, also a periodic task).

    Each item is published in its own transaction and goes through the gate again; an item that fails
    it stays scheduled and is reported.
    """
    now = now or timezone.now()
    published, errors = 0, []
    for pk in Publication.objects.filter(status=Status.SCHEDULED, publish_at__lte=now).values_list("pk", flat=True):
        try:
            publication_publish_due(publication=Publication(pk=pk), now=now)
            published += 1
        except DomainError as exc:
            errors.append(f"{pk}: {exc.message}")
    return published, errors


def publication_withdraw(*, publication: Publication, actor, reason: str) -> Publication:
    """Withdraw a published item (撤回): its URL then shows the notice with the reason; removed from search."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("撤回时必须填写原因。", field="reason")
    with _step(publication, Action.WITHDRAW, actor=actor, reason=reason) as step:
        now = timezone.now()
        step.set(withdrawn_at=now, withdrawal_reason=reason)
        indexing.unindex_publication(step.obj)
        pagecache.bump_version()
        _review(step.obj, ReviewRecord.Step.WITHDRAW, actor=actor, comment=reason, at=now)
        _revise(step.obj, actor=actor, reason="撤回", status=step.target)
    return step.obj


def publication_supersede(*, publication: Publication, actor, replacement: Publication, reason: str) -> Publication:
    """Mark a published item as replaced by another published item (被替代), with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("替代时必须填写原因。", field="reason")
    if replacement is None or replacement.pk == publication.pk:
        raise DomainError("请选择另一条已发布的信息作为替代文件。", field="replacement")
    if replacement.status != Status.PUBLISHED:
        raise DomainError("替代文件必须是已发布的信息。", field="replacement")
    with _step(publication, Action.SUPERSEDE, actor=actor, reason=reason) as step:
        now = timezone.now()
        step.set(withdrawn_at=now, withdrawal_reason=reason, superseded_by=replacement)
        indexing.unindex_publication(step.obj)
        pagecache.bump_version()
        _review(step.obj, ReviewRecord.Step.SUPERSEDE, actor=actor, comment=f"被《{replacement.title}》替代：{reason}",
                at=now)
        _revise(step.obj, actor=actor, reason="替代", status=step.target)
        step.audit(after={"superseded_by": replacement.pk})
    return step.obj


# --- the disclosure guide (公开指南) ---------------------------------------------------------------

GUIDE_FIELDS = ("classification", "arrangement", "how_to_obtain", "office_name", "address", "hours", "phone", "fax",
                "postal_code", "website", "email", "other")


@transaction.atomic
def guide_save(*, department, actor, **fields) -> DisclosureGuide:
    """Create or edit an agency's disclosure guide (Art. 12)."""
    GUIDES.require(actor, None, EDIT_GUIDE, "编辑公开指南")
    if not POLICY.covers_department(actor, department):
        raise CapabilityRequired(GUIDES.out_of_scope_message)
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise DomainError(f"未知字段：{', '.join(sorted(unknown))}。")
    if not (fields.get("office_name") or "").strip():
        raise DomainError("请填写政府信息公开工作机构名称。", field="office_name")
    if fields.get("phone") and not re.fullmatch(r"[0-9０-９\-—（）() 、,，转]{5,60}", fields["phone"]):
        raise DomainError("联系电话格式不正确。", field="phone")
    guide = DisclosureGuide.objects.filter(department=department).first()
    before = {n: getattr(guide, n) for n in GUIDE_FIELDS} if guide else None
    if guide is None:
        guide = DisclosureGuide(department=department)
    for name, value in fields.items():
        setattr(guide, name, (value or "").strip())
    guide.updated_by = _user(actor)
    guide.save()
    pagecache.bump_version()
    record(action="publication.guide.save", target=guide, actor=actor, before=before,
           after={n: getattr(guide, n) for n in GUIDE_FIELDS}, department=department)
    return guide
