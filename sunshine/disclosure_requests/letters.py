"""Letters of a disclosure request (依申请公开文书), modelled on Jiangsu's standard set circulated nationally in
国办公开办函〔2020〕2号: 接收回执, 补正申请告知书, 延期答复告知书, 延迟答复告知书 (Art. 35), 征求意见函, 收费通知书,
and a 政府信息公开申请答复书 per outcome (Art. 36–39, 42, 30).

One source, two formats: each letter is a Django template rendered to printable HTML (with a print
stylesheet); the .docx is built from the same HTML blocks with python-docx, so both always say the same.

Two steps: `issue` renders the letter in the transaction of the case's step and stores its HTML as a
`RequestDocument` marked `file_pending`; `complete` (a task, after commit) builds the .docx from that stored
HTML, stores it through the files app and attaches it. The text is therefore the case as it stood at the step,
however late the task runs, and the slow .docx never holds the step's locks. `complete_pending` is the sweep.

Templates: the defaults are on disk (`templates/disclosure_requests/letters/<kind>.html`, reply bodies in
`letters/reply/<outcome>.html`). An office can override the title and body of any kind (and, for replies, any
outcome) through a `LetterTemplate` model in this app (kind, outcome, title, body as Django template text,
is_active) once it exists; until then the on-disk defaults are used.

Personal data: a letter to the applicant carries the applicant's full name (it is their own letter) and the
identity number masked (110105********002X; a unified social credit code identifies an organisation and is
shown in full). The consultation letter goes to a third party or another agency and never names the
applicant.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.db import transaction
from django.template import Context, Template, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from sunshine.core.text import xml_safe

from .outcomes import Outcome

logger = logging.getLogger(__name__)

RECEIPT, SUPPLEMENT, EXTENSION, CONSULTATION, FEE, REPLY, OTHER = (
    "receipt", "supplement_notice", "extension_notice", "consultation_letter", "fee_notice", "reply", "other")
DELAY = "delay_notice"  # Art. 35 reasonable delay: stored as kind "other" titled 延迟答复告知书

TITLES = {
    RECEIPT: "政府信息公开申请接收回执",
    SUPPLEMENT: "政府信息公开申请补正告知书",
    EXTENSION: "政府信息公开申请延期答复告知书",
    DELAY: "政府信息公开申请延迟答复告知书",
    CONSULTATION: "政府信息公开征求意见函",
    FEE: "政府信息公开信息处理费收费通知书",
    REPLY: "政府信息公开申请答复书",
}
# 文号 abbreviations: 〔year〕 number per request and kind, e.g. 发改依申答〔2025〕YSQ2025000123号.
NUMBER_ABBR = {RECEIPT: "收", SUPPLEMENT: "补", EXTENSION: "延", DELAY: "迟", CONSULTATION: "征", FEE: "费",
               REPLY: "答"}
# Letters that are decisions the applicant may challenge carry the review and litigation paragraph.
WITH_RIGHTS = {REPLY, FEE, DELAY}
NOT_TO_APPLICANT = {CONSULTATION}
OTHER_BY_TITLE = {"延迟答复告知书": DELAY, TITLES[DELAY]: DELAY}
LETTER_DIR = "disclosure_requests/letters"


def chinese_date(day: dt.date | None) -> str:
    """2025年3月1日 (成文日期 in Arabic numerals with 年月日, GB/T 9704-2012 §7.3.5.3)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def template_kind(kind: str, title: str = "") -> str:
    """The letter template for a document kind (kind "other" is resolved by its title)."""
    if kind == OTHER:
        if title in OTHER_BY_TITLE:
            return OTHER_BY_TITLE[title]
        raise ValueError(f"no letter template for kind 'other' titled {title!r}")
    if kind not in TITLES:
        raise ValueError(f"unknown letter kind {kind!r}")
    return kind


def _masked_id(request) -> str:
    from sunshine.privacy.masking import mask_resident_id

    number = request.id_number or ""
    if getattr(request, "id_type", "") == "credit_code":
        return number
    return mask_resident_id(number) if number else ""


def _review_bodies(department) -> tuple[str, str]:
    """(行政复议机关, 人民法院) for a letter of `department`: configurable in settings, else the division's
    people's government and basic people's court (2023 行政复议法 Art. 24: a county department's case goes to
    the county government)."""
    review = getattr(settings, "SUNSHINE_LETTER_REVIEW_BODY", "")
    court = getattr(settings, "SUNSHINE_LETTER_COURT", "")
    division = department.division.name if department is not None else ""
    return review or f"{division}人民政府", court or f"{division}人民法院"


def context_for(request, kind: str, *, extra: dict | None = None, today: dt.date | None = None) -> dict:
    """Everything a letter template may use. `extra` supplies case details the model does not hold
    (e.g. `released_parts`, `location`, `reason`, `consultation`, `days`); extra keys win."""
    today = today or timezone.localdate()
    department = request.department
    review_body, court = _review_bodies(department)
    clock = getattr(request, "reply_clock", None)
    extra = dict(extra or {})
    consultation = extra.get("consultation")
    released = extra.get("released_parts")
    if released is None and request.pk:
        released = [f.original_name for f in request.reply_files.all()]
    ctx = {
        "r": request,
        "kind": kind,
        "title": TITLES.get(kind, ""),
        "applicant_name": request.applicant_name,
        "id_display": _masked_id(request),
        "agency": department.name if department is not None else "",
        "agency_address": getattr(department, "address", ""),
        "agency_phone": getattr(department, "phone", ""),
        "tracking_code": request.tracking_code,
        "description": request.description,
        "received_on": chinese_date(request.received_on),
        "today": chinese_date(today),
        "reply_due": chinese_date(clock.due_date) if clock else "",
        "form_label": request.get_form_display() if hasattr(request, "get_form_display") else "",
        "delivery_label": request.get_delivery_display() if hasattr(request, "get_delivery_display") else "",
        "outcome": request.outcome,
        "outcome_label": Outcome(request.outcome).label if request.outcome else "",
        "reply_text": request.reply_text,
        "withheld_reason": request.withheld_reason,
        "released_parts": released or [],
        "right_agency_name": request.right_agency_name,
        "supplement_items": [line.strip() for line in (request.supplement_items or "").splitlines() if line.strip()],
        "supplement_requested_on": chinese_date(request.supplement_requested_on),
        "supplement_due_on": chinese_date(request.supplement_due_on),
        "extension_days": request.extension_days,
        "delay_days": request.delay_days,
        "delay_reason": request.delay_reason,
        "fee_method_label": request.get_fee_method_display() if request.fee_method else "",
        "fee_method": request.fee_method,
        "fee_amount": request.fee_amount,
        "fee_pages": request.fee_pages,
        "fee_rank": request.fee_rank,
        "fee_notice_on": chinese_date(request.fee_notice_on),
        "fee_due_on": chinese_date(request.fee_due_on),
        "review_body": review_body,
        "court": court,
        "party_name": getattr(consultation, "party_name", ""),
        "party_is_agency": getattr(consultation, "kind", "") == "agency",
        "consultation_due": chinese_date(getattr(consultation, "due_on", None)),
        "with_rights": kind in WITH_RIGHTS,
    }
    ctx.update(extra)
    return ctx


# --- templates ---------------------------------------------------------------------------------------

def _override(kind: str, outcome: str):
    """An office's active LetterTemplate for (kind, outcome), or None for the built-in default."""
    from .models import LetterTemplate

    queryset = LetterTemplate.objects.filter(kind=kind, is_active=True)
    if kind == REPLY:
        return queryset.filter(outcome=outcome).order_by("-pk").first() or queryset.filter(
            outcome="").order_by("-pk").first()
    return queryset.order_by("-pk").first()


def _body_template_name(kind: str, outcome: str) -> str:
    if kind == REPLY:
        return f"{LETTER_DIR}/reply/{outcome}.html"
    return f"{LETTER_DIR}/{kind}.html"


@dataclass
class Letter:
    kind: str
    title: str
    number: str
    html: str  # the complete printable document
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (role, text) for the .docx


def letter_number(request, kind: str) -> str:
    department = request.department
    short = getattr(department, "short_name", "") or getattr(department, "name", "")
    if department is not None:
        short = short.removeprefix(department.division.name)
    year = (request.received_on or timezone.localdate()).year
    return f"{short}依申{NUMBER_ABBR[kind]}〔{year}〕{request.tracking_code}号"


def render(request, kind: str, *, extra: dict | None = None, today: dt.date | None = None) -> Letter:
    """Render one letter (no database writes). `kind` is a template kind (see `template_kind`)."""
    if kind == REPLY and not request.outcome:
        raise ValueError("a reply letter needs the request's outcome")
    ctx = context_for(request, kind, extra=extra, today=today)
    override = _override(kind, request.outcome if kind == REPLY else "")
    if override is not None:
        title = override.title or ctx["title"]
        body = Template(override.body).render(Context(ctx))
    else:
        title = ctx["title"]
        try:
            body = get_template(_body_template_name(kind, request.outcome)).render(ctx)
        except TemplateDoesNotExist as exc:
            raise ValueError(f"no letter template for {kind} {request.outcome}") from exc
    number = letter_number(request, kind)
    document_ctx = {**ctx, "title": title, "number": number, "body": mark_safe(body)}  # rendered (autoescaped) above
    html = render_to_string(f"{LETTER_DIR}/_document.html", document_ctx)
    return Letter(kind=kind, title=title, number=number, html=html, blocks=html_blocks(html))


# --- HTML → .docx ----------------------------------------------------------------------------------

class _BlockParser(HTMLParser):
    """Collect the text blocks of the letter <article>: (role, text) with role from the element's class."""

    BLOCKS = {"h1", "p", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._in_article = 0
        self._stack: list[tuple[str, str]] = []
        self._text: list[str] = []
        self._list_index: list[int] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article += 1
        if not self._in_article:
            return
        if tag == "ol":
            self._list_index.append(0)
        if tag in self.BLOCKS:
            role = attrs.get("data-role") or ("title" if tag == "h1" else "li" if tag == "li" else "p")
            if tag == "li" and self._list_index:
                self._list_index[-1] += 1
                self._text = [f"{self._list_index[-1]}. "]
            else:
                self._text = []
            self._stack.append((tag, role))
        if tag == "br" and self._stack:
            self._text.append("\n")

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if tag == "ol" and self._list_index:
            self._list_index.pop()
        if self._stack and self._stack[-1][0] == tag:
            _, role = self._stack.pop()
            text = re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", re.sub(r"[ \t\r\f\v]+", " ", "".join(self._text)))
            text = text.strip()
            if text:
                self.blocks.append((role, text))
            self._text = []

    def handle_data(self, data):
        if self._stack:
            self._text.append(data.replace("\n", " "))


def html_blocks(html: str) -> list[tuple[str, str]]:
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def python_docx_bytes(letter: Letter) -> bytes:
    """The letter as .docx through python-docx: 仿宋 body, centred title and 文号, indented paragraphs,
    right-aligned signature. The reference for `docx_bytes`, which writes the same package faster."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = xml_safe(letter.title)
    normal = document.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)  # 三号
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for role, text in letter.blocks:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(xml_safe(text))  # applicants' text may hold control characters XML cannot store
        fmt = paragraph.paragraph_format
        if role == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(22)  # 二号
        elif role == "number":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif role in ("signature", "date", "seal"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif role == "addressee":
            pass
        else:
            fmt.first_line_indent = Pt(32)  # two characters
        fmt.line_spacing = 1.5
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_TITLE_MARK = "SUNSHINE-LETTER-TITLE"
_SPACING = '<w:spacing w:line="360" w:lineRule="auto"/>'  # line_spacing = 1.5
_PARAGRAPH_PROPERTIES = {
    "title": _SPACING + '<w:jc w:val="center"/>',
    "number": _SPACING + '<w:jc w:val="center"/>',
    "signature": _SPACING + '<w:jc w:val="right"/>',
    "date": _SPACING + '<w:jc w:val="right"/>',
    "seal": _SPACING + '<w:jc w:val="right"/>',
    "addressee": _SPACING,
}
_INDENTED = _SPACING + '<w:ind w:firstLine="640"/>'  # first_line_indent = Pt(32): two characters
_RUN_PROPERTIES = {"title": "<w:rPr><w:b/><w:sz w:val=\"44\"/></w:rPr>"}  # bold, 二号 (22 pt)
_TEXT_RUNS = re.compile(r"[^\t\r\n]+|[\t\r\n]")


@lru_cache(maxsize=1)
def _package() -> tuple[list[tuple[str, bytes]], tuple[str, str], tuple[str, str]]:
    """python-docx's package of a letter with no paragraphs, once per process: its parts in order, and the
    document and core-properties XML split where the paragraphs and the title go."""
    data = python_docx_bytes(Letter(kind="", title=_TITLE_MARK, number="", html=""))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    texts = dict(parts)
    document = texts["word/document.xml"].decode()
    core = texts["docProps/core.xml"].decode()
    cut = document.index("<w:sectPr")
    return parts, (document[:cut], document[cut:]), tuple(core.split(_TITLE_MARK, 1))


def _paragraph_xml(role: str, text: str) -> str:
    """One paragraph exactly as python-docx writes `add_paragraph().add_run(text)` with the formats above."""
    content = []
    for piece in _TEXT_RUNS.findall(text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in "\r\n":
            content.append("<w:br/>")
        else:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    run = _RUN_PROPERTIES.get(role, "") + "".join(content)
    properties = _PARAGRAPH_PROPERTIES.get(role, _INDENTED)
    return f"<w:p><w:pPr>{properties}</w:pPr>{f'<w:r>{run}</w:r>' if run else '<w:r/>'}</w:p>"


def docx_bytes(letter: Letter) -> bytes:
    """The letter as .docx: the package `python_docx_bytes` writes (same parts, same XML), with only the body and
    the title written per letter. python-docx re-reads and re-serialises its ~800 KB of style parts for every
    document (~45 ms); this takes ~10 ms, most of it compressing those parts."""
    parts, (body_start, body_end), (core_start, core_end) = _package()
    paragraphs = "".join(_paragraph_xml(role, xml_safe(text)) for role, text in letter.blocks)
    replaced = {"word/document.xml": (body_start + paragraphs + body_end).encode(),
                "docProps/core.xml": (core_start + xml_escape(xml_safe(letter.title)) + core_end).encode()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, replaced.get(name, data))
    return buffer.getvalue()


# --- issuing and completing ------------------------------------------------------------------------

def issue(request, kind: str, *, actor=None, extra: dict | None = None, title: str = "", **context):
    """Issue a letter of the case inside the caller's transaction: render it now (the case as it stands at this
    step: dates, due date, outcome, consultation), store it as a `RequestDocument` with its printable HTML and
    `file_pending`, and have the .docx built after commit through the task layer (`complete`).

    Building the .docx and storing it (the files app re-reads it for its text) costs tens of ms: out of the
    transaction, it no longer holds the write lock (SQLite) or the row locks of the step. Without Redis the task
    runs in this process right after commit; with Redis a Celery worker runs it.

    `kind` is a `RequestDocument.Kind` value; kind "other" needs a known `title` (延迟答复告知书). Keyword
    arguments besides `actor`/`extra`/`title` are added to the template context (e.g. `consultation=`)."""
    from sunshine.core.tasks import enqueue

    from .models import RequestDocument

    template = template_kind(kind, title)
    letter = render(request, template, extra={**(extra or {}), **context})
    document = RequestDocument.objects.create(request=request, kind=kind, title=letter.title, html=letter.html,
                                              file_pending=True,
                                              visible_to_applicant=template not in NOT_TO_APPLICANT)
    actor_id = actor.pk if (actor is not None and getattr(actor, "is_authenticated", False)) else None
    enqueue("disclosure_requests.complete_letter", document.pk, actor_id=actor_id)  # tasks.complete_letter_task
    return document


def _file_name(document) -> str:
    kind = document.kind
    if kind == OTHER:
        kind = OTHER_BY_TITLE.get(document.title, OTHER)
    return f"{document.request.tracking_code}-{kind}.docx"


def complete(document_id: int, *, actor_id: int | None = None):
    """Build the .docx of an issued letter from its stored HTML, store it (files.store_bytes) and attach it, with
    the audit event `disclosure_requests.letter.generate`. Idempotent: a letter already complete is left as it is,
    and of two runs at once only one attaches a file (the claim is a conditional UPDATE in the same transaction as
    the file and the event). Returns the document (None if it no longer exists)."""
    from django.contrib.auth import get_user_model

    from sunshine.audit.services import record
    from sunshine.files.services import store_bytes

    from .models import RequestDocument

    document = (RequestDocument.objects.select_related("request__department__division")
                .filter(pk=document_id).first())
    if document is None or not document.file_pending:
        return document
    blocks = html_blocks(document.html)
    number = next((text for role, text in blocks if role == "number"), "")
    data = docx_bytes(Letter(kind=document.kind, title=document.title, number=number, html=document.html,
                             blocks=blocks))  # outside any transaction
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    request = document.request
    with transaction.atomic():
        if not RequestDocument.objects.filter(pk=document.pk, file_pending=True).update(file_pending=False):
            document.refresh_from_db()
            return document  # another run completed it meanwhile
        stored = store_bytes(data=data, name=_file_name(document), actor=actor, purpose="disclosure_letter")
        RequestDocument.objects.filter(pk=document.pk).update(file=stored)
        record(action="disclosure_requests.letter.generate", target=request, actor=actor,
               after={"document": document.pk, "kind": document.kind, "title": document.title, "number": number,
                      "file": stored.pk}, department=request.department)
    document.file, document.file_pending = stored, False
    return document


def complete_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """Complete every letter still pending after `older_than` (its task was lost: broker down at commit, worker
    killed, or failed every attempt). Run by `ysq_close_expired` and periodically by Celery beat. Returns the
    number completed; a letter that fails again stays pending and is logged."""
    from .models import RequestDocument

    cutoff = timezone.now() - older_than
    ids = list(RequestDocument.objects.filter(file_pending=True, created_at__lt=cutoff)
               .order_by("created_at", "id").values_list("pk", flat=True)[:1000])
    done = 0
    for pk in ids:
        try:
            document = complete(pk)
        except Exception:
            logger.exception("could not complete disclosure-request letter %s", pk)
            continue
        done += document is not None and not document.file_pending
    return done
