"""Letters of a disclosure request (依申请公开文书), modelled on Jiangsu's standard set circulated nationally in
国办公开办函〔2020〕2号: 接收回执, 补正申请告知书, 延期答复告知书, 延迟答复告知书 (Art. 35), 征求意见函, 收费通知书,
and a 政府信息公开申请答复书 per outcome (Art. 36–39, 42, 30).

What is the disclosure app's own lives here: the kinds and their titles, the letter's context (`context_for`), the
reply bodies per outcome (templates under `templates/disclosure_requests/letters/`), the 文号 (`letter_number`) and
who may read a letter. Rendering, the .docx and the PDF, issuing in the step's transaction, completing after commit
and the sweep are the kernel's (`sunshine.documents`): each letter is a kernel `Document` (kind
"disclosure_requests.<kind>", variant = the reply's outcome), and the app's `RequestDocument` row points to it and
mirrors its file (`file`, `file_pending`) for the app's pages and API.

Templates: the defaults are on disk (`letters/<kind>.html`, reply bodies in `letters/reply/<outcome>.html`, the page
`letters/_document.html` extending the kernel's). An office overrides the title and body of any kind (for replies,
of any outcome; for one department or all) with a `documents.DocumentTemplate` in the admin.

Personal data: a letter to the applicant carries the applicant's full name (it is their own letter) and the
identity number masked (110105********002X; a unified social credit code identifies an organisation and is
shown in full). The consultation letter goes to a third party or another agency and never names the
applicant.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from sunshine.documents import rendering
from sunshine.documents import services as documents
from sunshine.documents.registry import DocumentKind, register
from sunshine.documents.rendering import docx_bytes, html_blocks, python_docx_bytes  # noqa: F401 (re-exported)

from .outcomes import Outcome

Letter = rendering.Rendering  # kind, title, number, html, blocks

RECEIPT, SUPPLEMENT, EXTENSION, CONSULTATION, FEE, REPLY, OTHER = (
    "receipt", "supplement_notice", "extension_notice", "consultation_letter", "fee_notice", "reply", "other")
REASONS, THIRD_PARTY_NOTICE = "reasons_notice", "third_party_notice"  # Art. 35 reasons; Art. 32 notice
DELAY = "delay_notice"  # Art. 35 reasonable delay: stored as kind "other" titled 延迟答复告知书

TITLES = {
    RECEIPT: "政府信息公开申请接收回执",
    SUPPLEMENT: "政府信息公开申请补正告知书",
    EXTENSION: "政府信息公开申请延期答复告知书",
    DELAY: "政府信息公开申请延迟答复告知书",
    CONSULTATION: "政府信息公开征求意见函",
    FEE: "政府信息公开信息处理费收费通知书",
    REASONS: "政府信息公开申请说明理由通知书",
    THIRD_PARTY_NOTICE: "政府信息公开决定告知书（第三方）",
    REPLY: "政府信息公开申请答复书",
}
# 文号 abbreviations: 〔year〕 number per request and kind, e.g. 发改依申答〔2025〕YSQ2025000123号.
NUMBER_ABBR = {RECEIPT: "收", SUPPLEMENT: "补", EXTENSION: "延", DELAY: "迟", CONSULTATION: "征", FEE: "费",
               REPLY: "答", REASONS: "理", THIRD_PARTY_NOTICE: "告"}
# Letters that are decisions the addressee may challenge carry a remedy paragraph (`remedy_text`). The fee notice
# carries none: 109号 does not let the fee decision be challenged on its own (the later "no longer processed"
# decision can: the reply of outcome fee_not_paid).
WITH_RIGHTS = {REPLY, DELAY, THIRD_PARTY_NOTICE}
NOT_TO_APPLICANT = {CONSULTATION, THIRD_PARTY_NOTICE}
TO_PARTY = {CONSULTATION, THIRD_PARTY_NOTICE}  # addressed to the consulted party, never naming the applicant

# Remedies (救济途径), 2023 行政复议法 (in force 2024-01-01) art. 23 ¶1 (4) and ¶2: a refusal to disclose (不予公开)
# goes to administrative review first (复议前置); everything else: review within 60 days or suit within 6 months.
REVIEW_FIRST, REVIEW_FIRST_FOR_WITHHELD, REVIEW_OR_SUIT = "review_first", "review_first_for_withheld", "review_or_suit"
REVIEW_FIRST_BASIS = "《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款"
OTHER_BY_TITLE = {"延迟答复告知书": DELAY, TITLES[DELAY]: DELAY}
LETTER_DIR = "disclosure_requests/letters"
KIND_PREFIX = "disclosure_requests."


def kind_code(kind: str) -> str:
    """The kernel document kind of a template kind: "reply" → "disclosure_requests.reply"."""
    return KIND_PREFIX + kind


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


def review_bodies(department) -> tuple[str, str]:
    """(行政复议机关, 人民法院) named in the letters of `department`.

    Per department (`ReviewBodySetting`, admin): a vertically managed agency (垂直管理, e.g. 国家税务总局随县税务局)
    names the next level up (2023 行政复议法 art. 27); any department may name its court (集中管辖). Otherwise
    the settings' SUNSHINE_LETTER_REVIEW_BODY / SUNSHINE_LETTER_COURT, else the people's government of the county
    (art. 24: a county department's case goes to the county government; a town's to the county) and the county's
    basic people's court."""
    from .models import ReviewBodySetting

    setting = None
    if department is not None and department.pk:
        setting = ReviewBodySetting.objects.filter(department=department).first()
    review = (setting.review_body if setting else "") or getattr(settings, "SUNSHINE_LETTER_REVIEW_BODY", "")
    court = (setting.court if setting else "") or getattr(settings, "SUNSHINE_LETTER_COURT", "")
    county = ""
    if department is not None:
        division = department.division
        if division.level != "county" and division.parent_id:
            division = division.parent if division.parent.level == "county" or not division.parent.parent_id \
                else division.parent.parent
        county = division.name
    return review or f"{county}人民政府", court or f"{county}人民法院"


_review_bodies = review_bodies  # the former name


def remedy_for(kind: str, outcome: str = "") -> str:
    """The remedy a letter states: REVIEW_FIRST for a refusal (不予公开, every refused_* outcome),
    REVIEW_FIRST_FOR_WITHHELD for a partial disclosure (its withheld part is a refusal), REVIEW_OR_SUIT for every
    other reply and decision notice; "" for letters that decide nothing one can challenge (receipt, notices of a
    supplement, an extension, a consultation, reasons, the fee notice)."""
    if kind not in WITH_RIGHTS:
        return ""
    if kind == REPLY and outcome.startswith("refused_"):
        return REVIEW_FIRST
    if kind == REPLY and outcome == Outcome.PARTIALLY_DISCLOSED:
        return REVIEW_FIRST_FOR_WITHHELD
    return REVIEW_OR_SUIT


def remedy_text(kind: str, outcome: str, *, review_body: str, court: str) -> str:
    """The remedy paragraph of a letter (救济途径告知), naming the review body and the court."""
    remedy = remedy_for(kind, outcome)
    what = {REPLY: ("答复", "答复书"), THIRD_PARTY_NOTICE: ("决定", "告知书")}.get(kind, ("告知", "告知书"))
    if remedy == REVIEW_FIRST:
        return (f"如对本答复不服，可以自收到本答复书之日起六十日内向{review_body}申请行政复议。根据{REVIEW_FIRST_BASIS}"
                "的规定，对行政机关不予公开政府信息的决定不服的，应当先申请行政复议，不能直接向人民法院提起行政诉讼；"
                f"对行政复议决定不服的，可以依法向人民法院提起行政诉讼。")
    if remedy == REVIEW_FIRST_FOR_WITHHELD:
        return (f"如对本答复中不予公开的部分不服，可以自收到本答复书之日起六十日内向{review_body}申请行政复议。根据"
                f"{REVIEW_FIRST_BASIS}的规定，对该部分应当先申请行政复议，不能直接向人民法院提起行政诉讼；对行政复议"
                f"决定不服的，可以依法向人民法院提起行政诉讼。如对本答复的其他内容不服，可以自收到本答复书之日起六十日内"
                f"向{review_body}申请行政复议，或者自收到之日起六个月内向{court}提起行政诉讼。")
    if remedy == REVIEW_OR_SUIT:
        addressee = "贵方" if kind == THIRD_PARTY_NOTICE else ""
        return (f"{addressee}如对本{what[0]}不服，可以自收到本{what[1]}之日起六十日内向{review_body}申请行政复议，"
                f"或者自收到之日起六个月内向{court}提起行政诉讼。")
    return ""


def context_for(request, kind: str, *, extra: dict | None = None, today: dt.date | None = None) -> dict:
    """Everything a letter template may use. `extra` supplies case details the model does not hold
    (e.g. `released_parts`, `location`, `reason`, `consultation`, `days`); extra keys win."""
    today = today or timezone.localdate()
    department = request.department
    review_body, court = review_bodies(department)
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
        "released_delivery": delivery_note(request),
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
        "consultation_answered_on": chinese_date(getattr(consultation, "answered_on", None)),
        "decision_notice_content": getattr(consultation, "decision_notice_content", ""),
        "decision_notice_reasons": getattr(consultation, "decision_notice_reasons", ""),
        "to_party": kind in TO_PARTY,
        "fee_delivered_on": chinese_date(request.fee_delivered_on),
        "reasons_requested_on": chinese_date(request.reasons_requested_on),
        "reasons_due_on": chinese_date(request.reasons_due_on),
        "remedy": remedy_for(kind, request.outcome),
        "remedy_text": remedy_text(kind, request.outcome, review_body=review_body, court=court),
        "with_rights": bool(remedy_for(kind, request.outcome)),
    }
    ctx.update(extra)
    return ctx


def delivery_note(request) -> str:
    """How the information released with a reply reaches the applicant by the delivery they chose (获取方式): the
    sentence of the reply letter and of the notification, so a letter never says 见附件 without the files reaching
    the applicant (online: the tracking page; e-mail: attached to an e-mail as well; post and pickup: the printed
    送达清单 with the paper copies as well)."""
    delivery, email = getattr(request, "delivery", ""), getattr(request, "email", "")
    online = "可凭查询码和验证码在本机关网站“依申请公开—查询”页面下载"
    if delivery == "email" and email:
        return f"已随答复书发送至您的电子邮箱，也{online}"
    if delivery == "post":
        return f"纸质件已按送达清单随答复书邮寄至您的通信地址，也{online}"
    if delivery == "pickup":
        return f"请凭送达清单到本机关领取纸质件，也{online}"
    return f"请{online.removeprefix('可')}"


def letter_number(request, kind: str) -> str:
    department = request.department
    short = getattr(department, "short_name", "") or getattr(department, "name", "")
    if department is not None:
        short = short.removeprefix(department.division.name)
    year = (request.received_on or timezone.localdate()).year
    return f"{short}依申{NUMBER_ABBR[kind]}〔{year}〕{request.tracking_code}号"


def _checked(request, kind: str) -> None:
    if kind == REPLY and not request.outcome:
        raise ValueError("a reply letter needs the request's outcome")
    if kind not in TITLES:
        raise ValueError(f"unknown letter kind {kind!r}")


def render(request, kind: str, *, extra: dict | None = None, today: dt.date | None = None) -> Letter:
    """Render one letter (no database writes). `kind` is a template kind (see `template_kind`)."""
    _checked(request, kind)
    ctx = context_for(request, kind, extra=extra, today=today)
    try:
        return rendering.render(kind_code(kind), ctx, variant=request.outcome if kind == REPLY else "",
                                department=request.department, number=letter_number(request, kind))
    except rendering.TemplateMissing as exc:
        raise ValueError(f"no letter template for {kind} {request.outcome}") from exc


# --- issuing and completing (the kernel's) ---------------------------------------------------------------------------

def issue(request, kind: str, *, actor=None, extra: dict | None = None, title: str = "", **context):
    """Issue a letter of the case inside the caller's transaction: a kernel `Document` rendered now (the case as it
    stands at this step: dates, due date, outcome, consultation), whose .docx the kernel builds after commit, and
    the app's `RequestDocument` pointing to it, `file_pending` until the file is attached (`_mirror_file`).

    `kind` is a `RequestDocument.Kind` value; kind "other" needs a known `title` (延迟答复告知书). Keyword
    arguments besides `actor`/`extra`/`title` are added to the template context (e.g. `consultation=`)."""
    from .models import RequestDocument

    template = template_kind(kind, title)
    _checked(request, template)
    ctx = context_for(request, template, extra={**(extra or {}), **context})
    try:
        document = documents.issue(
            request, kind_code(template), context=ctx, actor=actor,
            variant=request.outcome if template == REPLY else "", number=letter_number(request, template),
            department=request.department, visible_to_applicant=template not in NOT_TO_APPLICANT,
            file_stem=f"{request.tracking_code}-{template}")
    except rendering.TemplateMissing as exc:
        raise ValueError(f"no letter template for {template} {request.outcome}") from exc
    return RequestDocument.objects.create(request=request, kind=kind, title=document.title, html=document.html,
                                          file_pending=True, visible_to_applicant=document.visible_to_applicant,
                                          document=document)


def complete(document_id: int, *, actor_id: int | None = None):
    """Complete the kernel document of the `RequestDocument` `document_id` (`documents.services.complete`:
    idempotent; the file and the audit event `disclosure_requests.letter.generate` in one transaction). Returns
    the RequestDocument, refreshed (None if it no longer exists)."""
    from .models import RequestDocument

    row = RequestDocument.objects.filter(pk=document_id).first()
    if row is None or row.document_id is None:
        return row
    documents.complete(row.document_id, actor_id=actor_id)
    row.refresh_from_db()
    return row


def complete_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=10)) -> int:
    """The kernel's sweep (`documents.services.complete_pending`) for this app's letters: those still pending after
    `older_than` (their task was lost). Run by `ysq_close_expired`; Celery beat runs the kernel's for every app."""
    return documents.complete_pending(older_than=older_than, kinds=[kind.code for kind in KINDS])


# --- the kinds, registered with the kernel ---------------------------------------------------------------------------

def _mirror_file(document) -> dict | None:
    """Inside the kernel's completion: attach the .docx to the app's row, and name that row in the audit event."""
    from .models import RequestDocument

    row = RequestDocument.objects.filter(document=document).values("pk", "kind").first()
    if row is None:
        return None
    RequestDocument.objects.filter(pk=row["pk"]).update(file=document.docx_file, file_pending=False)
    return {"document": row["pk"], "kind": row["kind"]}


def can_view(user, document) -> bool:
    """Staff see the letters of the requests they may see (the app's policy, `permissions.POLICY.can_see`: their
    department's, or all with the view-all capability); anyone else nothing."""
    from .models import DisclosureRequest
    from .permissions import POLICY

    request = DisclosureRequest.objects.filter(pk=document.subject_id).only("pk", "department_id").first()
    return request is not None and POLICY.can_see(user, request)


def sample_context(kind: str) -> dict:
    """A letter's context on sample data (no database), against which the admin tries an office's template."""
    from sunshine.orgs.models import Department, Division

    from .models import Consultation, DisclosureRequest

    department = Department(code="fgw", name="随县发展和改革局", short_name="发改局", address="随县神农大道1号",
                            phone="0722-1234567", division=Division(code="421321", name="随县", level="county"))
    request = DisclosureRequest(
        tracking_code="YSQ2026-SAMPLE23", department=department, applicant_name="张三", applicant_type="natural_person",
        id_type="resident_id", id_number="11010519491231002X", phone="13812345678", address="随县厉山镇",
        description="2025年城区停车场收费标准", received_on=dt.date(2026, 3, 2), status="closed",
        outcome=Outcome.PARTIALLY_DISCLOSED, decided_on=dt.date(2026, 3, 20), reply_text="答复内容。",
        withheld_reason="第3页涉及个人隐私。", right_agency_name="随县住房和城乡建设局",
        supplement_items="请写明文件名称", supplement_requested_on=dt.date(2026, 3, 4),
        supplement_due_on=dt.date(2026, 3, 18), extension_days=20, delay_days=30, delay_reason="申请数量较大",
        fee_method="per_item", fee_rank=12, fee_amount=100, fee_notice_on=dt.date(2026, 3, 5),
        fee_due_on=dt.date(2026, 4, 2))
    request.reasons_requested_on, request.reasons_due_on = dt.date(2026, 3, 4), dt.date(2026, 3, 18)
    consultation = Consultation(request=request, kind="third_party", party_name="随县某公司",
                                started_on=dt.date(2026, 3, 9), delivered_on=dt.date(2026, 3, 9),
                                due_on=dt.date(2026, 3, 30), answer="objection", answered_on=dt.date(2026, 3, 16),
                                decision_notice_content="2025年城区停车场收费标准全文",
                                decision_notice_reasons="收费标准关系公众切身利益，不公开可能对公共利益造成重大影响")
    extra = {"consultation": consultation, "released_parts": ["第1–2页"], "location": "随县人民政府门户网站",
             "reason": "需要调取档案", "basis": "《不动产登记暂行条例》", "previous": "YSQ2026-EARLIER2",
             "withdrawn_on": "2026年3月10日"}
    return context_for(request, kind, extra=extra, today=dt.date(2026, 3, 20))


def _kind(kind: str, **options) -> DocumentKind:
    return DocumentKind(code=kind_code(kind), title=TITLES[kind], template=f"{LETTER_DIR}/{kind}.html",
                        wrapper=f"{LETTER_DIR}/_document.html", can_view=can_view, on_complete=_mirror_file,
                        audit_action="disclosure_requests.letter.generate",
                        sample_context=lambda: sample_context(kind), **options)


KINDS = [
    _kind(RECEIPT), _kind(SUPPLEMENT), _kind(EXTENSION), _kind(DELAY), _kind(CONSULTATION), _kind(FEE),
    _kind(REASONS), _kind(THIRD_PARTY_NOTICE),
    DocumentKind(code=kind_code(REPLY), title=TITLES[REPLY], template=f"{LETTER_DIR}/reply/{{variant}}.html",
                 wrapper=f"{LETTER_DIR}/_document.html", variants=dict(Outcome.choices), can_view=can_view,
                 on_complete=_mirror_file, audit_action="disclosure_requests.letter.generate",
                 sample_context=lambda: sample_context(REPLY)),
    # files of kind "other" that are not letters: registered for their permission only (never rendered)
    DocumentKind(code=kind_code(OTHER), title="其他文书", can_view=can_view, on_complete=_mirror_file,
                 audit_action="disclosure_requests.letter.generate"),
]


def register_kinds() -> None:
    """Called once at start-up (`DisclosureRequestsConfig.ready`, later the app's manifest)."""
    for kind in KINDS:
        register(kind)


def letter_response(request, doc):
    """A letter of the case (`RequestDocument`) for its reader: its stored file (.docx), or its printable HTML in a
    sandbox. The caller has checked who may read it (the applicant's secret or account, or the staff policy)."""
    from django.http import HttpResponse

    from sunshine.files.views import serve_stored_file

    if doc.file_id:
        return serve_stored_file(request, doc.file, as_attachment=True)
    response = HttpResponse(doc.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
