"""Hostile input against every staff endpoint: the pages under /gk/staff/, /ysq/staff/, /hd/staff/, /clocks/,
/privacy/, /notifications/, the workbench, and the staff API under /api/v1/ (token or session).

Each case logs in as a user who holds the capability and sends, field by field: a NUL character (PostgreSQL refuses
it in text: a view that hands raw request text to the database is a 500 there and not on SQLite), 100,000
characters (PostgreSQL enforces varchar lengths, SQLite does not), emoji, a lone surrogate (percent-encoded in a form
body, a \\ud800 escape in JSON), a date like 2026-02-30, a non-numeric or overflowing number or id, and for the JSON
API a list or a number instead of an object.

What every case asserts: never a 5xx; a refusal is a 4xx (or the page again) with a Chinese message, and the object
is unchanged; input that is accepted (emoji, a long text where the field is unbounded) is a redirect / 2xx. Each post
runs in a savepoint that is rolled back, so every value meets the object in the same state.

`test_every_staff_url_has_a_hostile_case` walks the URL resolver: a new URL name fails it until it gets a case here
(`@covers`) or a commented entry in NOT_STAFF. Run it on both databases:
    .venv/bin/pytest -q tests/test_hostile_staff.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/pytest -q tests/test_hostile_staff.py
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from sunshine.core.testing import has_chinese

pytestmark = pytest.mark.django_db

NUL = "政务\x00公开"
LONG = "长" * 100_000
EMOJI = "办理意见😀🏛️"
SURROGATE = "%ED%A0%80"  # a lone surrogate (U+D800) as percent-encoded UTF-8 in a form body
BAD_DATE = "2026-02-30"
BAD_NUMBERS = ["abc", "²", str(10 ** 30), "-1", "1.5"]
FORM_VALUES = [NUL, LONG, EMOJI]  # sent in every text field of a form

COVERED: set[str] = set()

# URL names that are not staff endpoints, each with why it is not swept here.
NOT_STAFF = {
    # Public and citizen pages and API: tests/test_hostile_input.py and the apps' test_hostile.py files.
    "api-token", "api-schema", "api-docs", "calendar-due-date", "api-publications", "api-publication-detail",
    "api-disclosure-request", "api-disclosure-request-document", "api-topic-submit", "api-topic-echo-wall",
    "workcalendar:calculator",
    "publications:index", "publications:guide", "publications:guides", "publications:guide-department",
    "publications:catalogue", "publications:category", "publications:departments", "publications:department",
    "publications:item", "publications:item-print", "publications:attachment", "publications:by-index-number",
    "publications:search", "publications:feed-category", "publications:feed-department",
    "disclosure_requests:index", "disclosure_requests:apply", "disclosure_requests:apply-done",
    "disclosure_requests:track", "disclosure_requests:track-detail", "disclosure_requests:track-supplement",
    "disclosure_requests:track-document", "disclosure_requests:track-document-pdf", "disclosure_requests:mine",
    "disclosure_requests:track-file", "api-disclosure-request-file",
    "participation:index", "participation:topic-new", "participation:topic-thanks", "participation:echo-wall",
    "participation:topic-track",
    # The hotline's public pages and API: sunshine/hotline/tests/test_hostile.py.
    "hotline:index", "hotline:mailbox", "hotline:write", "hotline:write-phone", "hotline:done", "hotline:track",
    "hotline:track-detail", "api-hotline-submit", "api-hotline-track", "hotline:kb", "hotline:kb-entry",
    # The call-centre and SMS gateway webhooks (signed JSON, no session): sunshine/hotline/tests/test_hostile.py.
    "hotline:hook-cti", "hotline:hook-sms",
    # Government services' public pages and API: sunshine/gov_services/tests/test_pages_api.py.
    "gov_services:catalogue", "gov_services:guide", "gov_services:apply", "gov_services:done", "gov_services:track",
    "gov_services:track-detail", "gov_services:track-letter", "gov_services:theme", "gov_services:material-file",
    "api-services-items",
    "api-services-item",
    "api-services-submit", "api-services-track",
    # the applicant's uploads and 实名认证: sunshine/gov_services/tests (test_online_uploads, test_prereview_realname)
    "gov_services:track-upload", "gov_services:realname",
    # §40 grants (public, read-only): sunshine/gov_services/tests/test_grants_published.py.
    "gov_services:decisions",
    # Portal: sign-in, registration, the citizen's page and the reader preferences (sunshine/accounts and
    # sunshine/portal tests); none takes text that reaches the database from a staff user.
    "portal:home", "portal:login", "portal:logout", "portal:after-login", "portal:register", "portal:my",
    "portal:font-size", "portal:reader-script",
}


def covers(*names):
    """Mark a test as the hostile case of these URL names (checked against the resolver)."""
    COVERED.update(names)
    return lambda fn: fn


def _url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("admin/"):
                continue
            ns = (p.namespace and (f"{namespace}:{p.namespace}" if namespace else p.namespace)) or namespace
            yield from _url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:  # the unnamed one is media/ (DEBUG/DEMO only)
            yield f"{namespace}:{p.name}" if namespace else p.name


# --- helpers ------------------------------------------------------------------------------------------------------

def _fields(obj) -> dict:
    fresh = type(obj).objects.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


@contextmanager
def _rolled_back():
    """Whatever the request writes is undone, so the next value meets the object in the same state."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _check(response, what="") -> int:
    """Never a 5xx; a 4xx carries a Chinese message. Returns the status code."""
    status = response.status_code
    assert status < 500, (what, status)
    if status >= 400:
        assert has_chinese(response.content.decode("utf-8", "replace")), (what, status, response.content[:300])
    return status


def _post(client, url, data, *, raw_surrogate_field=None):
    if raw_surrogate_field is None:
        return client.post(url, data)
    body = "&".join(f"{quote(k)}={SURROGATE if k == raw_surrogate_field else quote(str(v))}"
                    for k, v in {**data, raw_surrogate_field: ""}.items())
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def _error_messages(response) -> list[str]:
    """The error messages this request queued for the next page (a refusal that redirects); those of earlier
    requests still in the cookie are not its own."""
    queued = get_messages(response.wsgi_request)._queued_messages
    return [str(m) for m in queued if m.level >= messages.ERROR]


def sweep_form(client, url, valid: dict, *, texts=(), numbers=(), dates=(), choices=(), ids=(), hidden=(),
               ignored=(), obj=None, related=None, accept_long=(), nul_message=True):
    """Post `valid` with one field made hostile at a time.

    texts: free-text fields (NUL must be refused with the NUL message when `nul_message`; 100,000 characters refused
    unless named in accept_long; emoji and a lone surrogate must not be a 5xx). numbers / dates / choices / hidden
    (form tokens): refused; ids: refused or not found (404); ignored: fields the view does not read, never a 5xx.
    A refusal is a 400, the form page again (200), or a redirect with an error message; after it `obj`'s fields and
    what `related()` returns are unchanged."""
    def snapshot():
        return (_fields(obj) if obj is not None else None, related() if related else None)

    before = snapshot()
    cases = []
    for name in texts:
        cases += [(name, NUL, True), (name, LONG, name not in accept_long), (name, EMOJI, False)]
    for name in hidden:
        cases += [(name, NUL, True), (name, LONG, True)]
    for name in (*numbers, *ids):
        cases += [(name, v, True) for v in BAD_NUMBERS]
    for name in dates:
        cases += [(name, v, True) for v in (BAD_DATE, "2026-13-01", "abc", "0000-01-01", "9" * 40)]
    for name in choices:
        cases += [(name, v, True) for v in ("nope", NUL, "x" * 3000)]
    for name in ignored:
        cases += [(name, NUL, None), (name, LONG, None)]
    for name, value, must_refuse in cases:
        with _rolled_back():
            response = _post(client, url, {**valid, name: value})
            status = _check(response, (url, name, value[:20]))
            what = (url, name, value[:20], status)
            if must_refuse is None:
                continue
            errors = _error_messages(response) if status == 302 else []
            if status == 302 and errors:
                assert all(has_chinese(e) for e in errors), what
            refused = status >= 400 or errors or (status == 200 and must_refuse)
            if must_refuse:
                assert refused and status in ((200, 302, 400, 404) if name in ids else (200, 302, 400)), what
            if refused:
                assert snapshot() == before, what
                if name in texts and value == NUL and nul_message:
                    assert "空字符" in response.content.decode() + "".join(errors), what
            else:
                assert status in (200, 302), what
    for name in texts:  # a lone surrogate: decoded to U+FFFD by Django, never a 5xx
        with _rolled_back():
            _check(_post(client, url, valid, raw_surrogate_field=name), (url, name, "surrogate"))


def sweep_get(client, url, params: dict):
    """GET with each parameter hostile (NUL is answered by RejectNulMiddleware with a 400)."""
    for name, values in params.items():
        for value in [*values, NUL, LONG[:5000], EMOJI, "%ff", SURROGATE, *BAD_NUMBERS]:
            encoded = value if value.startswith("%") else quote(value, safe="")
            status = _check(client.get(f"{url}?{name}={encoded}"), (url, name, value[:20]))
            if "\x00" in value:
                assert status == 400


def sweep_json(api_client, url, valid: dict, *, texts=(), numbers=(), dates=(), choices=(), obj=None,
               related=None, accept_long=()):
    """The JSON counterpart of sweep_form, plus bodies that are not an object."""
    def snapshot():
        return (_fields(obj) if obj is not None else None, related() if related else None)

    before = snapshot()
    bodies = [json.dumps(b) for b in ([], [valid], 7, "text", None, True)]
    bodies += ['{"a": ', "[" * 5000 + "]" * 5000, json.dumps(valid).replace("}", ', "x": "\\ud800"}')]
    for body in bodies:
        with _rolled_back():
            response = api_client.post(url, body, content_type="application/json")
            assert _check(response, (url, body[:30])) >= 400 or body == "null", (url, body[:30])
            assert snapshot() == before, (url, body[:30])
    cases = []
    for name in texts:
        cases += [(name, NUL, True), (name, LONG, name not in accept_long), (name, EMOJI, False),
                  (name, 7, False), (name, ["a"], True), (name, {"a": 1}, True)]
    for name in numbers:
        cases += [(name, v, True) for v in BAD_NUMBERS]
    for name in dates:
        cases += [(name, v, True) for v in (BAD_DATE, "2026-13-01T00:00", "abc", "9" * 40)]
    for name in choices:
        cases += [(name, v, True) for v in ("nope", NUL, "x" * 3000, ["a"], 7)]
    for name, value, must_refuse in cases:
        with _rolled_back():
            response = api_client.post(url, {**valid, name: value}, format="json")
            status = _check(response, (url, name, str(value)[:20]))
            if must_refuse or status >= 400:
                assert 400 <= status < 500, (url, name, str(value)[:20], status)
                assert snapshot() == before, (url, name, str(value)[:20])
    for name in texts:
        with _rolled_back():
            body = json.dumps(valid | {name: "x"}).replace('"x"', '"\\ud800"')
            assert _check(api_client.post(url, body, content_type="application/json")) == 400


# --- fixtures -----------------------------------------------------------------------------------------------------


@pytest.fixture
def reviewer(make_staff, org):
    return make_staff("reviewer_fgw", department="fgw", role="审核人", real_name="孙审核")


def _draft(actor, **extra):
    from sunshine.publications import services
    from sunshine.publications.models import Category, Genre

    values = {"title": "关于2026年县级财政预算公开的通知", "document_number": "随发改发〔2026〕5号",
              "created_on": dt.date(2026, 1, 5), "body": "请按期公开部门预算。"} | extra
    return services.publication_create_draft(actor=actor, category=Category.objects.get(code="budget"),
                                             genre=Genre.objects.get(code="notice"), **values)


def _approve_fully(p, reviewer):
    from sunshine.publications import services
    from sunshine.publications.workflow import Status

    services.publication_approve(publication=p, actor=reviewer)
    p.refresh_from_db()
    if p.status == Status.LEGALITY_REVIEW:
        services.publication_approve(publication=p, actor=reviewer)
        p.refresh_from_db()
    return p


# --- /gk/staff/ -------------------------------------------------------------------------------------------------

@covers("publications:staff-list", "publications:staff-detail", "publications:staff-record",
        "publications:staff-file", "portal:workbench")
def test_publication_staff_pages_with_odd_parameters(client, clerk, org):
    p = _draft(clerk)
    client.force_login(clerk)
    sweep_get(client, "/gk/staff/", {"status": ["nope", "x" * 3000], "q": ["' OR 1=1 --"], "page": ["0"]})
    for url in (f"/gk/staff/{p.pk}/", f"/gk/staff/{p.pk}/record/", "/workbench/"):
        sweep_get(client, url, {"tab": ["x"]})
    assert _check(client.get(f"/gk/staff/{p.pk}/files/999999/")) == 404
    assert _check(client.get(f"/gk/staff/{10 ** 30}/")) == 404


@covers("publications:staff-create", "publications:staff-edit")
def test_publication_form_refuses_hostile_fields(client, clerk, org):
    from sunshine.publications.models import Publication

    client.force_login(clerk)
    valid = {"title": "关于印发随县预算公开办法的通知", "document_number": "随发改发〔2026〕6号", "category": "budget",
             "genre": "notice", "created_on": "2026-01-05", "validity": "", "summary": "摘要", "body": "正文",
             "interprets_numbers": ""}
    from sunshine.publications.models import Category, Genre
    valid["category"], valid["genre"] = Category.objects.get(code="budget").pk, Genre.objects.get(code="notice").pk
    sweep_form(client, "/gk/staff/new/", valid,
               texts=["title", "document_number", "summary", "body", "interprets_numbers"],
               dates=["created_on"], choices=["category", "genre", "validity"],
               related=Publication.objects.count, accept_long=["summary", "body"])
    p = _draft(clerk)
    sweep_form(client, f"/gk/staff/{p.pk}/edit/", valid,
               texts=["title", "document_number", "summary", "body", "interprets_numbers"],
               dates=["created_on"], choices=["category", "genre", "validity"], obj=p,
               accept_long=["summary", "body"])


@covers("publications:staff-action")
def test_publication_actions_refuse_hostile_fields(client, clerk, reviewer, office_head, org):
    from sunshine.publications import services
    from sunshine.publications.models import ReviewRecord

    submitted = _draft(clerk)
    services.publication_submit(publication=submitted, actor=clerk)
    approved, published = _draft(clerk, title="另一份通知"), _draft(clerk, title="第三份通知")
    for p in (approved, published):
        services.publication_submit(publication=p, actor=clerk)
        _approve_fully(p, reviewer)
    services.publication_publish(publication=published, actor=reviewer)
    records = ReviewRecord.objects.count

    client.force_login(reviewer)
    for action in ("approve", "return"):
        sweep_form(client, f"/gk/staff/{submitted.pk}/do/{action}/", {"comment": "同意"}, texts=["comment"],
                   obj=submitted, related=records)
    sweep_form(client, f"/gk/staff/{approved.pk}/do/publish/", {"publish_at": ""}, dates=["publish_at"],
               obj=approved, related=records)
    sweep_form(client, f"/gk/staff/{submitted.pk}/do/submit/", {}, ignored=["comment"])
    sweep_form(client, f"/gk/staff/{approved.pk}/do/unschedule/", {}, ignored=["comment"], obj=approved)
    assert _check(client.post(f"/gk/staff/{submitted.pk}/do/nope/")) == 404
    client.force_login(office_head)
    sweep_form(client, f"/gk/staff/{published.pk}/do/withdraw/", {"reason": "已失效"}, texts=["reason"],
               obj=published, related=records)
    sweep_form(client, f"/gk/staff/{published.pk}/do/supersede/",
               {"reason": "已被替代", "replacement": approved.index_number}, texts=["reason", "replacement"],
               obj=published, related=records)


@covers("publications:finding-resolve", "publications:attachment-public", "publications:upload",
        "publications:upload-replace")
def test_review_forms_refuse_hostile_fields(client, clerk, reviewer, org):
    from sunshine.publications import services
    from sunshine.publications.models import PublicationAttachment

    p = _draft(clerk, body="联系人手机 13871234567，请按期公开。")
    services.publication_attach(publication=p, actor=clerk,
                                uploaded_file=SimpleUploadedFile("附件.txt", "附件正文".encode(), "text/plain"))
    services.publication_submit(publication=p, actor=clerk)
    finding = p.findings.filter(is_current=True).first()
    attachment = PublicationAttachment.objects.get(publication=p)
    client.force_login(reviewer)
    sweep_form(client, f"/gk/staff/{p.pk}/findings/{finding.pk}/", {"resolution": "keep", "justification": "需要"},
               texts=["justification"], choices=["resolution"], obj=finding)
    assert _check(client.post(f"/gk/staff/{p.pk}/findings/999999/", {"resolution": "mask"})) == 404
    sweep_form(client, f"/gk/staff/{p.pk}/attachments/{attachment.pk}/public/", {"is_public": "0", "reason": "涉密"},
               texts=["reason"], choices=["is_public"], obj=attachment)
    # Uploads: no file, a hostile file name (found: a 255-character name overflowed the revision's reason, varchar
    # 200, a 500 on PostgreSQL only), an unknown kind; to a draft (accepted) and to an item in review.
    draft = _draft(clerk, title="草稿")
    for what in ("attachment", "table", f"replace/{attachment.pk}", "draft"):
        url = (f"/gk/staff/{draft.pk}/upload/attachment/" if what == "draft" else f"/gk/staff/{p.pk}/upload/{what}/")
        with _rolled_back():
            assert _check(client.post(url, {"file": ""})) == 302
        for name in ("a\x00b.txt", "长" * 5000 + ".txt", "😀.txt", "..\\..\\etc.txt"):
            with _rolled_back():
                upload = SimpleUploadedFile(name, "表格,内容\n1,2".encode(), "text/plain")
                _check(client.post(url, {"file": upload}), (url, name[:10]))
    assert _check(client.post(f"/gk/staff/{p.pk}/upload/nope/",
                              {"file": SimpleUploadedFile("a.txt", b"x", "text/plain")})) == 404


@covers("publications:guide-edit")
def test_guide_form_refuses_hostile_fields(client, office_head, org):
    from sunshine.publications.models import DisclosureGuide

    client.force_login(office_head)
    valid = {"office_name": "随县发改局办公室", "address": "随县神农大道1号", "hours": "工作日",
             "phone": "0722-1234567", "fax": "", "postal_code": "441300", "website": "", "email": "",
             "classification": "分类", "arrangement": "编排", "how_to_obtain": "获取", "other": ""}
    sweep_form(client, "/gk/staff/guide/fgw/", valid, texts=list(valid), related=DisclosureGuide.objects.count,
               accept_long=["classification", "arrangement", "how_to_obtain", "other"])
    assert _check(client.get("/gk/staff/guide/nope/")) == 404


# --- /ysq/staff/ ------------------------------------------------------------------------------------------------

def _application(**overrides):
    return {"applicant_name": "张三", "applicant_type": "natural_person", "id_number": "11010519491231002X",
            "phone": "13800138000", "address": "随县厉山镇神农大道1号", "email": "",
            "description": "请提供随政办发〔2024〕12号文件全文", "form": "electronic", "delivery": "online"} | overrides


def _case(department, **overrides):
    from sunshine.disclosure_requests import services

    return services.request_submit(data=_application(**overrides), department=department, channel="in_person").request


@covers("disclosure_requests:staff-list", "disclosure_requests:staff-detail", "disclosure_requests:staff-identity",
        "reports:request-table")
def test_request_staff_pages_with_odd_parameters(client, clerk, office_head, org):
    req = _case(org["fgw"])
    client.force_login(clerk)
    sweep_get(client, "/ysq/staff/", {"status": ["nope"], "open": ["2"], "q": ["YSQ" + "x" * 3000], "page": ["0"]})
    sweep_get(client, f"/ysq/staff/{req.pk}/", {"tab": ["x"]})
    with _rolled_back():
        assert _check(client.post(f"/ysq/staff/{req.pk}/identity/", {"junk": NUL})) == 200
    assert _check(client.post("/ysq/staff/999999/identity/")) == 404
    client.force_login(office_head)
    sweep_get(client, "/ysq/staff/report/", {"year": ["1899", "99999"], "department": ["nope", "x" * 3000],
                                             "export": ["xlsx", "csv"]})


@covers("disclosure_requests:staff-file", "disclosure_requests:staff-print")
def test_case_files_and_print_view_with_odd_parameters(client, clerk, other_clerk, org):
    req = _case(org["fgw"])
    letter = req.documents.get(kind="receipt")
    from sunshine.disclosure_requests import letters

    letter = letters.complete(letter.pk)
    assert letter.file_id
    client.force_login(clerk)
    sweep_get(client, f"/ysq/staff/{req.pk}/print/", {"x": ["y" * 3000]})
    sweep_get(client, f"/ysq/staff/{req.pk}/files/{letter.file_id}/", {"download": ["1"]})
    assert _check(client.get(f"/ysq/staff/{req.pk}/files/{10 ** 30}/")) == 404
    assert _check(client.get("/ysq/staff/999999/print/")) == 404
    client.force_login(other_clerk)
    assert _check(client.get(f"/ysq/staff/{req.pk}/print/")) == 404


@covers("documents:download")
def test_document_downloads_with_odd_parameters(client, clerk, other_clerk, org):
    letter = _case(org["fgw"]).documents.get(kind="receipt")
    client.force_login(clerk)
    for fmt in ("docx", "pdf", "html"):
        sweep_get(client, f"/documents/{letter.document_id}/{fmt}/", {"download": ["1"]})
    assert _check(client.get(f"/documents/{letter.document_id}/odt/")) == 404
    assert _check(client.get(f"/documents/{letter.document_id}/%E6%96%87/")) == 404
    assert _check(client.get(f"/documents/{10 ** 30}/pdf/")) == 404
    client.force_login(other_clerk)
    assert _check(client.get(f"/documents/{letter.document_id}/pdf/")) == 404


@covers("disclosure_requests:staff-new")
def test_staff_entry_refuses_hostile_fields(client, clerk, org):
    from sunshine.disclosure_requests.models import DisclosureRequest

    client.force_login(clerk)
    valid = _application(department="fgw", channel="in_person", received_on="", form_token="")
    sweep_form(client, "/ysq/staff/new/", valid,
               texts=["applicant_name", "id_number", "phone", "address", "email", "description"],
               dates=["received_on"],
               choices=["department", "applicant_type", "channel", "form", "delivery"], hidden=["form_token"],
               related=DisclosureRequest.objects.count)


# Each action of a case: the state it needs (P processing, S awaiting supplement, C consulting, F awaiting fee),
# who posts it, a valid body and its hostile fields.
REQUEST_ACTIONS = {
    "correct_receipt": ("P", "clerk", {"received_on": "", "reason": "登记错误"}, {"texts": ["reason"],
                                                                                 "dates": ["received_on"]}),
    "request_supplement": ("P", "clerk", {"items": "请写明文号", "period_days": "10", "late_reason": ""},
                           {"texts": ["items", "late_reason"], "numbers": ["period_days"]}),
    # The applicant's own step, still accepted from staff through the API; the case page offers record_supplement.
    "receive_supplement": ("S", "clerk", {"text": "文号为随政发〔2024〕1号"},
                           {"texts": ["text"], "nul_message": False}),
    "record_supplement": ("S", "clerk", {"text": "文号为随政发〔2024〕1号", "received_on": ""},
                          {"texts": ["text"], "dates": ["received_on"]}),
    # (the fee notice is posted on the day of the test: a signed-for day before it is refused too, like a bad one)
    "record_delivery": ("F", "clerk", {"consultation": "", "delivered_on": "2026-12-03"},
                        {"dates": ["delivered_on"], "ids": ["consultation"]}),
    "notify_third_party": ("C", "clerk", {"consultation": "", "content": "收费标准全文", "reasons": "涉及公共利益"},
                           {"texts": ["content", "reasons"], "ids": ["consultation"]}),
    "ask_reasons": ("P", "clerk", {"period_days": "10", "note": ""}, {"texts": ["note"], "numbers": ["period_days"]}),
    "record_reasons": ("P", "clerk", {"answer": "given", "text": "课题研究需要"},
                       {"texts": ["text"], "choices": ["answer"]}),
    "abandon_supplement": ("S", "clerk", {}, {"ignored": ["reason"]}),
    "forward": ("P", "clerk", {"to_department": "zjj", "reason": "属住建局职责"},
                {"texts": ["reason"], "choices": ["to_department"]}),
    "split": ("P", "clerk", {"items": "第一项\n第二项", "reason": "一事一申请"}, {"texts": ["items", "reason"]}),
    "start_consultation": ("P", "clerk", {"kind": "third_party", "party_name": "随县某公司", "delivery": "post"},
                           {"texts": ["party_name"], "choices": ["kind", "delivery"]}),
    "answer_consultation": ("C", "clerk", {"consultation": "", "answer": "consent", "text": "同意"},
                            {"texts": ["text"], "ids": ["consultation"], "choices": ["answer"]}),
    "approve_extension": ("P", "office_head", {"days": "20", "reason": "需要调取档案"},
                          {"texts": ["reason"], "numbers": ["days"]}),
    "reasonable_delay": ("P", "office_head", {"days": "10", "reason": "申请数量明显超过合理范围"},
                         {"texts": ["reason"], "numbers": ["days"]}),
    "issue_fee_notice": ("P", "clerk", {"method": "per_page", "pages": "10", "delivery": ""},
                         {"numbers": ["pages"], "choices": ["method", "delivery"]}),
    "record_payment": ("F", "clerk", {}, {"ignored": ["reason"]}),
    "abandon_fee": ("F", "clerk", {}, {"ignored": ["reason"]}),
    "draft_reply": ("P", "clerk", {"outcome": "not_held", "reply_text": "经检索，本机关未制作该信息。",
                                   "withheld_reason": "", "right_agency_name": ""},
                    {"texts": ["reply_text", "withheld_reason", "right_agency_name"], "choices": ["outcome"]}),
    "return_draft": ("A", "office_head", {"reason": "请补充检索范围"}, {"texts": ["reason"]}),
    "sign_off": ("A", "office_head", {"note": "同意"}, {"texts": ["note"]}),
    "reply": ("P", "clerk", {"outcome": "not_held", "reply_text": "经检索，本机关未制作该信息。", "withheld_reason": "",
                             "right_agency_name": ""},
              {"texts": ["reply_text", "withheld_reason", "right_agency_name"], "choices": ["outcome"]}),
    "withdraw": ("P", "clerk", {"reason": "申请人电话撤回"}, {"texts": ["reason"]}),
}
UNBOUNDED: list[str] = []  # every free text of a staff action has its limit (issue #8 item 8): a long text is refused


@covers("disclosure_requests:staff-action")
def _request_in_state(state, org, clerk):
    """A request in state P, S, C or F (its consultation in C), and a snapshot of what a refused action must not
    change."""
    from sunshine.disclosure_requests import services
    from sunshine.disclosure_requests.models import Consultation, DisclosureRequest

    consultation = None
    req = _case(org["fgw"])
    if state == "S":
        services.request_ask_supplement(request=req, items="请写明文号", period_days=10, actor=clerk)
    elif state == "C":
        consultation = services.consultation_start(request=req, kind="third_party", party_name="某公司", actor=clerk)
    elif state == "F":
        services.request_issue_fee_notice(request=req, method="per_page", pages=100, actor=clerk, delivery="post")
    elif state == "A":  # a drafted reply awaiting sign-off (签发)
        services.request_draft_reply(request=req, outcome="not_held", reply_text="经检索，本机关未制作该信息。",
                                     actor=clerk)
    req.refresh_from_db()

    def related():
        return (DisclosureRequest.objects.count(), Consultation.objects.filter(request=req).count(),
                list(Consultation.objects.filter(request=req).values_list("answer", "answer_text")))

    return req, consultation, related


@pytest.mark.parametrize("state", ["P", "S", "C", "F", "A"])
def test_request_actions_refuse_hostile_fields(client, clerk, office_head, org, state):
    from sunshine.disclosure_requests import views

    assert set(REQUEST_ACTIONS) == set(views.ACTION_FORMS)
    req, consultation, related = _request_in_state(state, org, clerk)

    users = {"clerk": clerk, "office_head": office_head}
    for action, (needs, who, valid, hostile) in REQUEST_ACTIONS.items():
        if needs != state:
            continue
        client.force_login(users[who])
        if "consultation" in valid and consultation is not None:
            valid = valid | {"consultation": str(consultation.pk)}
        sweep_form(client, f"/ysq/staff/{req.pk}/{action}/", valid, obj=req, related=related,
                   accept_long=UNBOUNDED, **hostile)
    client.force_login(clerk)
    assert _check(client.post(f"/ysq/staff/{req.pk}/nope/")) == 404


@covers("api-staff-disclosure-request", "api-staff-disclosure-request-action", "api-disclosure-request-staff",
        "api-disclosure-request-staff-action")
@pytest.mark.parametrize("state", ["P", "S", "C", "F", "A"])
def test_request_action_api_refuses_hostile_bodies(api_client, clerk, office_head, org, state):
    """The staff API of a case (/api/v1/staff/disclosure-requests/{id}/actions/{action}) runs the page's forms on
    JSON bodies: the same sweep, plus lists and objects. The deprecated old paths answer the same way."""

    req, consultation, related = _request_in_state(state, org, clerk)

    users = {"clerk": clerk, "office_head": office_head}
    base = f"/api/v1/staff/disclosure-requests/{req.pk}"
    for action, (needs, who, valid, hostile) in REQUEST_ACTIONS.items():
        if needs != state:
            continue
        api_client.force_authenticate(users[who])
        if "consultation" in valid and consultation is not None:
            valid = valid | {"consultation": str(consultation.pk)}
        fields = {key: hostile.get(key, ()) for key in ("texts", "dates", "choices")}
        fields["numbers"] = [*hostile.get("numbers", ()), *hostile.get("ids", ())]
        sweep_json(api_client, f"{base}/actions/{action}", valid, obj=req, related=related, accept_long=UNBOUNDED,
                   **fields)
    api_client.force_authenticate(clerk)
    sweep_get(api_client, base, {"x": ["y"]})
    for old_or_new in ("/api/v1/disclosure-requests/staff/", "/api/v1/staff/disclosure-requests/"):
        assert _check(api_client.get(f"{old_or_new}999999")) == 404
    assert _check(api_client.post(f"{base}/actions/nope", {}, format="json")) == 404
    assert _check(api_client.post(f"/api/v1/disclosure-requests/staff/{req.pk}/nope", {}, format="json")) == 404
    sweep_json(api_client, f"/api/v1/disclosure-requests/staff/{req.pk}/withdraw", {"reason": "撤回"}, obj=req,
               related=related, texts=["reason"])
    if state == "P":  # the reply's files, as multipart
        for name in ("a\x00b.txt", "长" * 5000 + ".txt", "😀.exe"):
            with _rolled_back():
                upload = SimpleUploadedFile(name, "正文".encode(), "text/plain")
                _check(api_client.post(f"{base}/actions/reply",
                                       {"outcome": "partially_disclosed", "reply_text": "部分公开",
                                        "withheld_reason": "涉及商业秘密", "files": [upload]},
                                       format="multipart"), name[:10])


@covers("api-staff-disclosure-requests")
def test_staff_entry_api_refuses_hostile_bodies(api_client, clerk, org):
    from sunshine.disclosure_requests.models import DisclosureRequest

    api_client.force_authenticate(clerk)
    valid = _application(department="fgw", channel="post", received_on="2026-06-12")
    sweep_json(api_client, "/api/v1/staff/disclosure-requests/", valid,
               texts=["applicant_name", "id_number", "phone", "address", "email", "description"],
               dates=["received_on"], choices=["department", "applicant_type", "channel", "form", "delivery"],
               related=DisclosureRequest.objects.count)
    for key in ("x" * 200, "a\x01b", EMOJI):
        with _rolled_back():
            response = api_client.post("/api/v1/staff/disclosure-requests/", valid, format="json",
                                       HTTP_IDEMPOTENCY_KEY=key)
            assert _check(response, key[:10]) in ((201,) if key == EMOJI else (400,))


@covers("disclosure_requests:review-cases", "disclosure_requests:review-case-edit")
def test_review_case_register_refuses_hostile_fields(client, clerk, org):
    from sunshine.disclosure_requests.models import ReviewLitigationCase

    req = _case(org["fgw"])
    client.force_login(clerk)
    valid = {"tracking_code": req.tracking_code, "kind": "review", "role": "original", "department": "",
             "case_number": "随政复〔2026〕1号", "body_name": "随县人民政府", "filed_on": "2026-01-05",
             "result": "pending", "decided_on": "", "note": "说明"}
    hostile = {"texts": ["case_number", "body_name", "note"], "dates": ["filed_on", "decided_on"],
               "choices": ["kind", "role", "result", "department"]}
    sweep_form(client, "/ysq/staff/review-cases/", valid, related=ReviewLitigationCase.objects.count,
               hidden=["tracking_code"], **hostile)
    sweep_get(client, "/ysq/staff/review-cases/", {"page": ["0", "x"]})
    case = ReviewLitigationCase.objects.create(request=req, department=org["fgw"], kind="review",
                                               filed_on=dt.date(2026, 1, 5))
    edit = valid.copy()
    edit.pop("tracking_code")
    sweep_form(client, f"/ysq/staff/review-cases/{case.pk}/", edit, obj=case, **hostile)
    assert _check(client.get("/ysq/staff/review-cases/999999/")) == 404


# --- /hd/staff/ -------------------------------------------------------------------------------------------------

def _topic():
    from sunshine.participation import services

    return services.topic_submit(citizen_name="张三丰", phone="13812345678", title="老旧小区改造清单",
                                 content="希望公开城区老旧小区改造的项目清单和资金安排。")


@covers("participation:staff-list", "participation:staff-detail", "participation:staff-forward",
        "participation:staff-answer", "participation:staff-hide", "participation:staff-sign-off",
        "participation:staff-return-draft")
def test_topic_staff_forms_refuse_hostile_fields(client, clerk, office_head, org):
    from sunshine.participation import services

    submitted, forwarded, public = _topic(), _topic(), _topic()
    services.topic_forward(topic=forwarded, department=org["fgw"], actor=office_head)
    services.topic_forward(topic=public, department=org["fgw"], actor=office_head)
    services.topic_publish(topic=public, actor=clerk, answer="已公开", publication_url="/gk/i/1/")
    services.topic_sign_off(topic=public, actor=office_head)
    drafted = _topic()
    services.topic_forward(topic=drafted, department=org["fgw"], actor=office_head)
    services.topic_answer(topic=drafted, actor=clerk, answer="已答复，待签发")
    client.force_login(office_head)
    sweep_form(client, f"/hd/staff/topics/{drafted.pk}/return/", {"reason": "请补充"}, texts=["reason"], obj=drafted,
               accept_long=[])
    sweep_form(client, f"/hd/staff/topics/{drafted.pk}/sign-off/", {"note": "同意"}, texts=["note"], obj=drafted,
               accept_long=[])
    sweep_get(client, "/hd/staff/topics/", {"status": ["nope"], "page": ["0"]})
    sweep_get(client, f"/hd/staff/topics/{submitted.pk}/", {"tab": ["x"]})
    sweep_form(client, f"/hd/staff/topics/{submitted.pk}/forward/", {"department": org["fgw"].pk, "note": "请办理"},
               texts=["note"], choices=["department"], numbers=["department"], obj=submitted, accept_long=["note"])
    sweep_form(client, f"/hd/staff/topics/{public.pk}/hide/", {"reason": "含不实内容"}, texts=["reason"], obj=public,
               accept_long=["reason"])
    client.force_login(clerk)
    sweep_form(client, f"/hd/staff/topics/{forwarded.pk}/answer/",
               {"action": "answer", "text": "已答复", "publication_url": ""},
               texts=["text", "publication_url"], choices=["action"], obj=forwarded, accept_long=["text"])
    assert _check(client.post("/hd/staff/topics/999999/answer/", {"action": "answer", "text": "x"})) == 404


# --- /rx/staff/ (the hotline) -----------------------------------------------------------------------------------

@covers("hotline:staff-office", "hotline:staff-department", "hotline:staff-ticket", "hotline:staff-action")
def test_hotline_staff_forms_refuse_hostile_fields(client, clerk, make_staff, org):
    from sunshine.hotline import services
    from sunshine.hotline.models import Mailbox

    operator = make_staff("rx_operator", department="gkb", role="话务员")
    box = Mailbox.objects.create(code="xzxx", name="县长信箱", kind="magistrate")

    def ticket():
        data = {"kind": "complaint", "title": "路灯不亮", "content": "小区门口的路灯坏了一个多星期了。",
                "caller_name": "张三丰", "caller_phone": "13812345678"}
        return services.ticket_submit(data=data, mailbox=box, channel="web").ticket

    received, dispatched, handling, review = ticket(), ticket(), ticket(), ticket()
    for t in (dispatched, handling, review):
        services.ticket_dispatch(ticket=t, department=org["fgw"], actor=operator)
    for t in (handling, review):
        services.ticket_sign_for(ticket=t, actor=clerk)
    services.ticket_contact(ticket=review, note="已联系", actor=clerk)
    services.ticket_reply(ticket=review, text="已修复。", resolved=True, actor=clerk)
    client.force_login(operator)
    sweep_get(client, "/rx/staff/", {"status": ["nope"], "page": ["0"]})
    sweep_get(client, f"/rx/staff/tickets/{received.pk}/", {"tab": ["x"]})
    base = f"/rx/staff/tickets/{received.pk}"
    sweep_form(client, f"{base}/dispatch/", {"department": org["fgw"].pk, "note": "请办理"}, texts=["note"],
               choices=["department", "matter"], numbers=["department"], ids=["assisting"], obj=received)
    sweep_form(client, f"{base}/merge/", {"into": dispatched.tracking_code, "reason": "重复"},
               texts=["into", "reason"], obj=received)
    sweep_form(client, f"/rx/staff/tickets/{review.pk}/send_back/", {"note": "答复不完整"}, texts=["note"],
               obj=review)
    assert _check(client.post(f"{base}/nope/", {"x": NUL})) in (400, 404)
    assert _check(client.post("/rx/staff/tickets/999999/dispatch/", {"department": org["fgw"].pk})) == 404
    client.force_login(clerk)
    sweep_get(client, "/rx/staff/department/", {"status": ["nope"], "page": ["0"]})
    sweep_form(client, f"/rx/staff/tickets/{dispatched.pk}/return/", {"reason": "不属于本局"}, texts=["reason"],
               obj=dispatched)
    sweep_form(client, f"/rx/staff/tickets/{handling.pk}/contact/", {"note": "电话联系"}, texts=["note"],
               obj=handling)
    sweep_form(client, f"/rx/staff/tickets/{handling.pk}/reply/", {"text": "已修复", "resolved": "on"},
               texts=["text"], ignored=["resolved"], obj=handling, accept_long=[])
    assert _check(client.post(f"/rx/staff/tickets/{received.pk}/dispatch/", {"department": org["fgw"].pk})) == 404
    assert _check(client.post(f"/rx/staff/tickets/{dispatched.pk}/reassign/", {"department": org["zjj"].pk})) == 403


@covers("hotline:staff-call", "hotline:staff-call-latest", "hotline:staff-intake", "hotline:staff-intake-panels",
        "hotline:staff-convert-disclosure", "hotline:staff-kb", "hotline:staff-kb-new", "hotline:staff-kb-entry",
        "hotline:staff-kb-action")
def test_hotline_intake_and_knowledge_pages_refuse_hostile_fields(client, clerk, make_staff, org):
    from sunshine.hotline import knowledge, services
    from sunshine.hotline.models import KnowledgeEntry, Mailbox, Ticket

    operator = make_staff("rx_operator", department="gkb", role="话务员")
    box = Mailbox.objects.create(code="12345", name="12345热线", kind="hotline")
    valid = {"caller_phone": "13812345678", "caller_name": "张三丰", "kind": "complaint", "urgency": "normal",
             "title": "路灯不亮", "content": "小区门口的路灯坏了一个多星期了。", "mailbox": box.pk, "op": "create",
             "form_token": "abc123"}
    client.force_login(operator)
    for url in ("/rx/staff/call/", "/rx/staff/intake/letter/"):
        sweep_get(client, url, {"phone": ["139"], "call": ["1"], "q": ["路灯"]})
        sweep_form(client, url, valid, texts=["title", "content", "caller_name", "address"],
                   choices=["kind", "urgency", "mailbox", "place", "matter", "accused_department"],
                   hidden=["form_token"], ignored=["q", "op", "kb_entry"], related=lambda: Ticket.objects.count(),
                   accept_long=[])
    sweep_get(client, "/rx/staff/intake/call/panels/", {"caller_phone": ["139"], "content": ["路灯"], "q": ["x"],
                                                        "place": ["1"], "title": ["路灯"]})
    sweep_get(client, "/rx/staff/call/latest/", {"x": ["1"]})
    assert _check(client.get("/rx/staff/intake/nope/")) == 404
    ticket = services.ticket_submit(data={k: valid[k] for k in ("kind", "title", "content", "caller_name",
                                                                "caller_phone")}, mailbox=box, channel="web").ticket
    application = {"department": "gkb", "applicant_type": "natural_person", "applicant_name": "张三丰",
                   "id_number": "11010519491231002X", "phone": "13812345678", "address": "随县厉山镇",
                   "description": "请提供厉山镇道路建设项目的招标文件。", "form": "electronic", "delivery": "online"}
    sweep_form(client, f"/rx/staff/tickets/{ticket.pk}/convert/disclosure/", application,
               texts=["applicant_name", "address", "description"], choices=["department", "applicant_type"],
               ignored=["note"], obj=ticket)
    sweep_form(client, f"/rx/staff/tickets/{ticket.pk}/convert/", {"reference": "随信〔2026〕1号"},
               texts=["reference", "note"], obj=ticket, accept_long=["note"])
    assert _check(client.get("/rx/staff/tickets/999999/convert/disclosure/")) == 404
    # the knowledge base: a department's clerk writes, the office head reviews
    writer = make_staff("kb_writer", department="fgw", role="经办人")
    client.force_login(writer)
    entry = {"question": "营业执照怎么办？", "answer": "到政务服务中心办理。", "keywords": "执照", "basis": "条例"}
    sweep_get(client, "/rx/staff/kb/", {"status": ["nope"], "page": ["0"]})
    sweep_form(client, "/rx/staff/kb/new/", entry, texts=["question", "answer", "keywords", "basis"],
               choices=["matter"], related=lambda: KnowledgeEntry.objects.count())
    draft = knowledge.entry_create(data=entry, actor=writer)
    sweep_form(client, f"/rx/staff/kb/{draft.pk}/", entry, texts=["question", "answer", "keywords", "basis"],
               choices=["matter"], obj=draft)
    knowledge.entry_submit(entry=draft, actor=writer)
    client.force_login(make_staff("kb_head", department="gkb", role="政务公开办负责人"))
    sweep_form(client, f"/rx/staff/kb/{draft.pk}/send_back/", {"note": "请补充"}, texts=["note"], obj=draft,
               nul_message=False)
    assert _check(client.post(f"/rx/staff/kb/{draft.pk}/nope/", {"x": NUL})) == 404
    assert _check(client.post("/rx/staff/kb/999999/publish/")) == 404
    client.force_login(clerk)
    assert _check(client.get("/rx/staff/call/")) == 403


# --- /zw/staff/ (government services) ---------------------------------------------------------------------------

@covers("gov_services:staff-desk", "gov_services:staff-window", "gov_services:staff-case", "gov_services:staff-action")
def test_gov_services_staff_forms_refuse_hostile_fields(client, make_staff, org):
    import datetime as dt

    from sunshine.gov_services import services
    from sunshine.gov_services.models import ServiceItem, ServiceItemVersion

    desk = make_staff("zw_desk", department="gkb", role="集中受理台")
    window = make_staff("zw_window", department="fgw", role="窗口人员")
    item = ServiceItem.objects.create(code="fgw-001", name="企业投资项目核准", item_type="licensing",
                                      department=org["fgw"])
    item.current_version = ServiceItemVersion.objects.create(
        item=item, version=1, legal_basis="《企业投资项目核准和备案管理条例》",
        form_fields=[{"name": "project_name", "label": "项目名称", "type": "text", "required": True}])
    item.save()
    data = {"applicant_name": "张三丰", "applicant_id_type": "resident_id",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13812345678",
            "form": {"project_name": "光伏项目"}}

    def case():
        return services.application_submit(item=item, data=data, channel="hall", registered_by=desk,
                                           received_on=dt.date(2026, 9, 21)).application

    registered, dispatched, deciding = case(), case(), case()
    for a in (dispatched, deciding):
        services.application_dispatch(a, actor=desk)
    services.application_accept(deciding, actor=window, on=dt.date(2026, 9, 22))
    services.application_complete_review(deciding, actor=window, on=dt.date(2026, 9, 23))
    client.force_login(desk)
    sweep_get(client, "/zw/staff/desk/", {"status": ["nope"], "page": ["0"], "item": ["nope"]})
    sweep_form(client, "/zw/staff/desk/", {"item": "fgw-001", "token": "t", **{k: v for k, v in data.items()
                                                                             if k != "form"},
                                            "f_project_name": "光伏项目"},
               texts=["applicant_name", "applicant_id_number", "applicant_phone", "f_project_name"],
               choices=["applicant_id_type"], ignored=["token"], accept_long=[])
    assert _check(client.post(f"/zw/staff/cases/{registered.pk}/nope/", {"x": NUL})) in (400, 404)
    assert _check(client.post("/zw/staff/cases/999999/dispatch/", {})) == 404
    client.force_login(window)
    sweep_get(client, "/zw/staff/window/", {"status": ["nope"], "page": ["0"]})
    sweep_get(client, f"/zw/staff/cases/{dispatched.pk}/", {"tab": ["x"]})
    base = f"/zw/staff/cases/{dispatched.pk}"
    sweep_form(client, f"{base}/refuse/", {"refuse-reasons": "不属于本机关职权"}, texts=["refuse-reasons"],
               obj=dispatched)
    sweep_form(client, f"{base}/notify_missing/", {"notify_missing-missing": "营业执照", "notify_missing-note": ""},
               texts=["notify_missing-missing", "notify_missing-note"], obj=dispatched)
    base = f"/zw/staff/cases/{deciding.pk}"
    sweep_form(client, f"{base}/decide/", {"decide-decision": "denied", "decide-reasons": "不符合规划"},
               texts=["decide-reasons"], choices=["decide-decision"], obj=deciding)
    sweep_form(client, f"{base}/start_special/", {"start_special-procedure": "检测", "start_special-days": "5"},
               choices=["start_special-procedure"], numbers=["start_special-days"], obj=deciding)
    assert _check(client.post(f"/zw/staff/cases/{registered.pk}/dispatch/", {})) == 403


@covers("gov_services:staff-tasks", "gov_services:staff-task", "gov_services:staff-task-action",
        "gov_services:staff-agent")
def test_gov_services_parallel_task_forms_refuse_hostile_fields(client, make_staff, org):
    """并联审批: the department's task pages and forms, the desk's green channel and agent, the agent's page."""
    import datetime as dt

    from sunshine.gov_services import parallel, services
    from sunshine.gov_services.models import CombinedComponent, ServiceItem, ServiceItemVersion

    desk = make_staff("zw_desk", department="gkb", role="集中受理台")
    window = make_staff("zw_window", department="fgw", role="窗口人员")
    zjj = make_staff("zw_zjj", department="zjj", role="窗口人员")
    agent = make_staff("zw_agent", department="gkb", role="代办员")
    fields = [{"name": "project_name", "label": "项目名称", "type": "text", "required": True}]

    def item(code, department, **extra):
        it = ServiceItem.objects.create(code=code, name=f"事项{code}", item_type="licensing",
                                        department=org[department], **extra)
        it.current_version = ServiceItemVersion.objects.create(item=it, version=1, legal_basis="依据",
                                                               form_fields=fields)
        it.save()
        return it

    parts = [item("fgw-101", "fgw"), item("zjj-101", "zjj")]
    combined = item("lb-001", "fgw", is_combined=True)
    for i, part in enumerate(parts, 1):
        CombinedComponent.objects.create(version=combined.current_version, item=part, position=i)
    data = {"applicant_name": "张三丰", "applicant_id_type": "resident_id",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13812345678",
            "form": {"project_name": "光伏项目"}}
    app = services.application_submit(item=combined, data=data, channel="hall", registered_by=desk,
                                      received_on=dt.date(2026, 9, 21)).application
    app = services.application_dispatch(app, actor=desk)
    app = services.application_accept(app, actor=window, on=dt.date(2026, 9, 22))
    tasks = {t.department.code: t for t in app.tasks.select_related("department")}
    deciding = parallel.task_complete_review(tasks["zjj"], actor=zjj, on=dt.date(2026, 9, 23))
    client.force_login(zjj)
    sweep_get(client, "/zw/staff/tasks/", {"status": ["nope"], "page": ["0"]})
    sweep_get(client, f"/zw/staff/tasks/{deciding.pk}/", {"tab": ["x"]})
    base = f"/zw/staff/tasks/{deciding.pk}"
    sweep_form(client, f"{base}/decide/", {"decide-decision": "denied", "decide-reasons": "不符合规划"},
               texts=["decide-reasons"], choices=["decide-decision"], obj=deciding)
    sweep_form(client, f"{base}/start_special/", {"start_special-procedure": "检测", "start_special-days": "5"},
               choices=["start_special-procedure"], numbers=["start_special-days"], obj=deciding)
    assert _check(client.post(f"{base}/nope/", {"x": NUL})) in (400, 404)
    assert _check(client.post(f"/zw/staff/tasks/{tasks['fgw'].pk}/complete_review/", {})) == 404
    assert _check(client.get(f"/zw/staff/tasks/{tasks['fgw'].pk}/")) == 404
    assert _check(client.post("/zw/staff/tasks/999999/decide/", {})) == 404
    assert _check(client.get("/zw/staff/agent/")) == 403
    client.force_login(desk)
    base = f"/zw/staff/cases/{app.pk}"
    sweep_form(client, f"{base}/set_green_channel/", {"set_green_channel-on": "on",
                                                       "set_green_channel-reason": "重点项目"},
               texts=["set_green_channel-reason"], ignored=["set_green_channel-on"], obj=None)
    sweep_form(client, f"{base}/assign_agent/", {"assign_agent-agent": str(agent.pk)}, ids=["assign_agent-agent"])
    assert _check(client.post(f"{base}/assign_agent/", {"assign_agent-agent": str(zjj.pk)})) == 400
    client.force_login(agent)
    sweep_get(client, "/zw/staff/agent/", {"page": ["0"]})


@covers("api-staff-services-applications", "api-staff-services-application", "api-staff-services-application-action")
def test_gov_services_staff_api_refuses_hostile_bodies(api_client, make_staff, org):
    import datetime as dt

    from sunshine.gov_services import services
    from sunshine.gov_services.models import Application, ServiceItem, ServiceItemVersion

    desk = make_staff("zw_api_desk", department="gkb", role="集中受理台")
    window = make_staff("zw_api_window", department="fgw", role="窗口人员")
    item = ServiceItem.objects.create(code="fgw-001", name="企业投资项目核准", item_type="licensing",
                                      department=org["fgw"])
    item.current_version = ServiceItemVersion.objects.create(
        item=item, version=1, legal_basis="《企业投资项目核准和备案管理条例》",
        form_fields=[{"name": "project_name", "label": "项目名称", "type": "text", "required": True}])
    item.save()
    data = {"applicant_name": "张三丰", "applicant_id_type": "resident_id",
            "applicant_id_number": "11010519491231002X", "applicant_phone": "13812345678"}
    base = "/api/v1/staff/services/applications/"
    api_client.force_authenticate(desk)
    sweep_json(api_client, base, {**data, "item": "fgw-001", "channel": "hall", "received_on": "2026-09-21",
                                  "form": {"project_name": "光伏项目"}},
               texts=["applicant_name", "applicant_id_number", "applicant_phone"], dates=["received_on"],
               choices=["item", "channel", "applicant_id_type"], related=Application.objects.count)
    sweep_get(api_client, base, {"status": ["nope"], "queue": ["x"], "before": ["0"], "limit": ["101"],
                                 "item": ["x"], "channel": ["x"], "visits_exceeded": ["x"]})
    dispatched = services.application_submit(item=item, data={**data, "form": {"project_name": "光伏"}},
                                             channel="hall", registered_by=desk,
                                             received_on=dt.date(2026, 9, 21)).application
    services.application_dispatch(dispatched, actor=desk)
    api_client.force_authenticate(window)
    sweep_get(api_client, f"{base}{dispatched.pk}", {"x": ["y"]})
    assert _check(api_client.get(f"{base}999999")) == 404
    assert _check(api_client.post(f"{base}{dispatched.pk}/actions/nope", {}, format="json")) == 404
    sweep_json(api_client, f"{base}{dispatched.pk}/actions/refuse", {"reasons": "不属于本机关职权"},
               texts=["reasons"], obj=dispatched)
    sweep_json(api_client, f"{base}{dispatched.pk}/actions/notify_missing", {"missing": "营业执照", "note": ""},
               texts=["missing", "note"], obj=dispatched)
    sweep_json(api_client, f"{base}{dispatched.pk}/actions/accept", {"deferred": []}, obj=None)


@covers("gov_services:staff-supervision")
def test_gov_services_supervision_page_with_odd_parameters(client, make_staff, org):
    supervisor = make_staff("zw_supervisor", department="gkb", role="监察")
    window = make_staff("zw_window2", department="fgw", role="窗口人员")
    client.force_login(window)
    assert _check(client.get("/zw/staff/supervision/")) == 403
    client.force_login(supervisor)
    sweep_get(client, "/zw/staff/supervision/", {"kind": ["nope", "step_overdue"], "department": ["nope", "fgw"],
                                                 "page": ["0", "-1", "99999"]})
    assert client.post("/zw/staff/supervision/", {}).status_code == 405


@covers("gov_services:staff-guides", "gov_services:staff-guide-new", "gov_services:staff-guides-export",
        "gov_services:staff-guides-import", "gov_services:staff-guide-draft", "gov_services:staff-guide",
        "gov_services:staff-guide-action", "gov_services:staff-guide-material-file")
def test_gov_services_guide_editor_refuses_hostile_fields(client, make_staff, org):
    from sunshine.gov_services import catalogue
    from sunshine.gov_services.models import ServiceItemVersion

    drafter = make_staff("zw_drafter", department="fgw", role="经办人")
    reviewer = make_staff("zw_reviewer", department="fgw", role="审核人")
    draft = catalogue.item_create(code="fgw-001", department=org["fgw"], actor=drafter, facts={
        "name": "企业投资项目核准", "item_type": "licensing", "audience": "company"}, content={
        "legal_basis": "《企业投资项目核准和备案管理条例》", "statutory_limit_days": 20, "promised_limit_days": 10,
        "materials": [{"name": "项目申请报告", "form": "original", "copies": 1, "required": True}]})
    client.force_login(drafter)
    sweep_get(client, "/zw/staff/guides/", {"q": ["x"], "state": ["nope"], "page": ["0"]})
    sweep_get(client, "/zw/staff/guides/export.xlsx", {"x": ["1"]})
    sweep_form(client, "/zw/staff/guides/new/", {"code": "fgw-002", "department": org["fgw"].pk, "name": "备案",
                                                 "item_type": "licensing", "audience": "company",
                                                 "legal_basis": "《条例》"},
               texts=["code", "name", "legal_basis"], choices=["item_type", "audience"], ids=["department"],
               related=lambda: ServiceItemVersion.objects.count(), accept_long=[])
    valid = {"name": "企业投资项目核准", "item_type": "licensing", "audience": "company", "window": "",
             "change_note": "", "legal_basis": "《条例》", "fee_standard": "不收费", "statutory_limit_days": "20",
             "promised_limit_days": "10", "deferred_period_days": "10", "visits": "1",
             "m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "1", "m-0-name": "项目申请报告", "m-0-form": "original",
             "m-0-copies": "1", "m-0-required": "True", "m-0-deferrable": "False", "m-0-note": "",
             "s-TOTAL_FORMS": "1", "s-INITIAL_FORMS": "0", "s-0-code": "review", "s-0-name": "审查", "s-0-role": "",
             "s-0-limit_days": "5", "p-TOTAL_FORMS": "0", "p-INITIAL_FORMS": "0",
             "f-TOTAL_FORMS": "1", "f-INITIAL_FORMS": "0", "f-0-name": "project_name", "f-0-label": "项目名称",
             "f-0-type": "text", "f-0-required": "True", "f-0-help": "", "f-0-options": ""}
    for prefix in "mspf":
        valid[f"{prefix}-MIN_NUM_FORMS"], valid[f"{prefix}-MAX_NUM_FORMS"] = "0", "1000"
    url = f"/zw/staff/guides/{draft.pk}/"
    sweep_form(client, url, valid, texts=["name", "legal_basis", "place", "m-0-name", "s-0-name", "f-0-label",
                                          "f-0-name", "change_note"],
               numbers=["statutory_limit_days", "promised_limit_days", "m-0-copies", "s-0-limit_days"],
               choices=["item_type", "audience", "m-0-form", "s-0-code", "f-0-type"],
               hidden=["m-TOTAL_FORMS"], ignored=["then"], obj=draft, accept_long=[])
    assert _check(client.post(f"{url}nope/", {"x": NUL})) in (400, 404)
    assert _check(client.post("/zw/staff/guides/999999/submit/", {})) == 404
    assert _check(client.post("/zw/staff/guides/items/nope/draft/", {})) == 404
    sweep_form(client, "/zw/staff/guides/import/", {"file": ""}, ignored=["x"])
    material = draft.materials.first()
    sweep_form(client, f"{url}materials/{material.pk}/template/", {"file": ""}, ignored=["x"], obj=material)
    assert _check(client.post(f"{url}materials/999999/template/", {})) in (200, 302, 400, 404)
    assert _check(client.post(f"{url}materials/{material.pk}/nope/", {})) == 404
    client.post(f"{url}submit/", {})
    client.force_login(reviewer)
    sweep_form(client, f"{url}return/", {"reason": "材料不全"}, texts=["reason"], obj=draft)
    assert _check(client.post(f"{url}approve/", {})) in (200, 302)


# --- clocks, notifications, privacy ----------------------------------------------------------------------------

@covers("clocks:clock-list", "clocks:clock-detail", "clocks-list", "clocks-warnings")
def test_clock_pages_and_api_with_odd_parameters(client, api_client, clerk, org):
    from sunshine.clocks.models import Clock

    _case(org["fgw"])
    clock = Clock.objects.filter(department=org["fgw"]).first()
    client.force_login(clerk)
    api_client.force_authenticate(clerk)
    sweep_get(client, "/clocks/", {"level": ["nope"], "page": ["0"]})
    sweep_get(client, f"/clocks/{clock.pk}/", {"x": ["y"]})
    for name in ("state", "level", "department"):
        for value in ("nope", "x" * 3000, EMOJI, *BAD_NUMBERS, "9" * 19):
            assert _check(api_client.get("/api/v1/clocks/", {name: value})) == 400, (name, value)
    assert api_client.get("/api/v1/clocks/", {"page": "abc"}).status_code == 404
    assert _check(api_client.get("/api/v1/clocks/warnings", {"x": NUL})) == 400


@covers("notify:inbox", "notify:mark-read", "notify:mark-all-read", "notify-api-inbox", "notify-api-mark-read")
def test_notifications_with_odd_input(client, api_client, clerk, other_clerk, org):
    from sunshine.notify.models import Notification

    mine = Notification.objects.create(user=clerk, channel="inbox", subject="测试", body="正文")
    theirs = Notification.objects.create(user=other_clerk, channel="inbox", subject="测试", body="正文")
    client.force_login(clerk)
    api_client.force_authenticate(clerk)
    sweep_get(client, "/notifications/", {"page": ["0"]})
    sweep_get(client, "/api/v1/notifications/", {"page": ["1"]})
    assert _check(client.post(f"/notifications/{theirs.pk}/read", {"x": NUL})) == 404
    assert _check(api_client.post(f"/api/v1/notifications/{theirs.pk}/read", [], format="json")) == 404
    assert _fields(theirs)["read_at"] is None
    assert _check(api_client.post(f"/api/v1/notifications/{mine.pk}/read", "[[[", content_type="application/json")
                  ) in (200, 400)
    assert _check(client.post("/notifications/read-all", {"x": NUL, "y": LONG})) == 302


@covers("privacy:scan", "privacy-api-scan")
def test_privacy_scan_with_hostile_text(client, api_client, clerk, org):
    client.force_login(clerk)
    sweep_form(client, "/privacy/", {"text": "联系人手机 13871234567"}, texts=["text"], accept_long=["text"])
    api_client.force_authenticate(clerk)
    sweep_json(api_client, "/api/v1/privacy/scan", {"text": "联系人手机 13871234567"}, texts=["text"],
               accept_long=["text"])


# --- staff API -----------------------------------------------------------------------------------------------------

@covers("api-me", "api-disclosure-requests", "api-report-request-table", "api-report-review-litigation-table",
        "api-report-proactive-disclosure-table")
def test_staff_api_reads_with_odd_parameters(api_client, clerk, office_head, org):
    api_client.force_authenticate(clerk)
    sweep_get(api_client, "/api/v1/auth/me", {"x": ["y"]})
    for value in ("nope", "x" * 3000, EMOJI, *BAD_NUMBERS):
        assert _check(api_client.get("/api/v1/disclosure-requests/", {"status": value})) == 400
    api_client.force_authenticate(office_head)
    sweep_get(api_client, "/api/v1/reports/request-table", {"year": ["1899"], "department": ["nope", "x" * 3000]})
    assert _check(api_client.get("/api/v1/reports/request-table", {"year": "2025", "department": "x" * 3000})) == 404
    sweep_get(api_client, "/api/v1/reports/review-litigation-table", {"year": ["1899"],
                                                                      "department": ["nope", "x" * 3000]})
    sweep_get(api_client, "/api/v1/reports/proactive-disclosure-table", {"year": ["1899"],
                                                                         "department": ["nope", "x" * 3000]})
    assert _check(api_client.get("/api/v1/reports/proactive-disclosure-table",
                                 {"year": "2025", "department": "x" * 3000})) == 404


@covers("files-api-upload")
def test_file_upload_api_with_odd_input(api_client, clerk, org):
    from sunshine.files.models import StoredFile

    api_client.force_authenticate(clerk)
    for purpose in (NUL, LONG, EMOJI):
        with _rolled_back():
            upload = SimpleUploadedFile("a.txt", "正文".encode(), "text/plain")
            response = api_client.post("/api/v1/files/", {"file": upload, "purpose": purpose}, format="multipart")
            assert _check(response, purpose[:10]) in ((400,) if purpose != EMOJI else (201,))
    count = StoredFile.objects.count()
    for body in ("[]", "7", '{"file": "x"}'):
        assert _check(api_client.post("/api/v1/files/", body, content_type="application/json")) == 415
    assert _check(api_client.post("/api/v1/files/", {"purpose": "x"}, format="multipart")) == 400
    for name in ("a\x00b.txt", "长" * 5000 + ".txt"):
        with _rolled_back():
            upload = SimpleUploadedFile(name, "正文".encode(), "text/plain")
            _check(api_client.post("/api/v1/files/", {"file": upload}, format="multipart"), name[:10])
    assert StoredFile.objects.count() == count


@covers("api-publication-draft-create", "api-publication-draft", "api-publication-attach")
def test_draft_api_refuses_hostile_bodies(api_client, clerk, org):
    from sunshine.publications.models import Publication

    api_client.force_authenticate(clerk)
    valid = {"title": "关于印发随县预算公开办法的通知", "document_number": "", "category": "budget", "genre": "notice",
             "created_on": "2026-01-05", "validity": "", "summary": "", "body": "正文", "department": "fgw"}
    sweep_json(api_client, "/api/v1/publications/drafts/", valid,
               texts=["title", "document_number", "summary", "body", "department"], dates=["created_on"],
               choices=["category", "genre", "validity"], related=Publication.objects.count,
               accept_long=["summary", "body"])
    p = _draft(clerk)
    assert _check(api_client.get(f"/api/v1/publications/drafts/{p.pk}", {"x": "y"})) == 200
    assert _check(api_client.get("/api/v1/publications/drafts/999999")) == 404
    url = f"/api/v1/publications/drafts/{p.pk}/attachments"
    assert _check(api_client.post(url, {"x": NUL}, format="multipart")) == 400
    assert _check(api_client.post(url, "[]", content_type="application/json")) == 415
    for name in ("a\x00b.txt", "长" * 5000 + ".txt", "😀.txt"):
        with _rolled_back():
            upload = SimpleUploadedFile(name, "正文".encode(), "text/plain")
            _check(api_client.post(url, {"file": upload}, format="multipart"), name[:10])


@covers("api-publication-finding", "api-publication-submit", "api-publication-approve", "api-publication-return",
        "api-publication-publish", "api-publication-withdraw")
def test_review_api_refuses_hostile_bodies(api_client, clerk, reviewer, office_head, org):
    from sunshine.publications import services
    from sunshine.publications.models import ReviewRecord

    with_finding = _draft(clerk, body="联系人手机 13871234567，请按期公开。")
    services.publication_submit(publication=with_finding, actor=clerk)
    finding = with_finding.findings.filter(is_current=True).first()
    clean = _draft(clerk, title="另一份通知")
    services.publication_submit(publication=clean, actor=clerk)
    approved = _draft(clerk, title="第三份通知")
    services.publication_submit(publication=approved, actor=clerk)
    _approve_fully(approved, reviewer)
    records = ReviewRecord.objects.count

    api_client.force_authenticate(reviewer)
    base = "/api/v1/publications/drafts"
    sweep_json(api_client, f"{base}/{with_finding.pk}/findings/{finding.pk}", {"resolution": "keep",
                                                                              "justification": "需要"},
               texts=["justification"], choices=["resolution"], obj=finding)
    for action in ("approve", "return"):
        sweep_json(api_client, f"{base}/{clean.pk}/{action}", {"comment": "同意"}, texts=["comment"], obj=clean,
                   related=records)
    sweep_json(api_client, f"{base}/{approved.pk}/publish", {"publish_at": None}, dates=["publish_at"],
               obj=approved, related=records)
    draft = _draft(clerk, title="第四份通知")
    api_client.force_authenticate(clerk)
    with _rolled_back():
        assert _check(api_client.post(f"{base}/{draft.pk}/submit", "[]", content_type="application/json")) == 400
    api_client.force_authenticate(office_head)
    services.publication_publish(publication=approved, actor=reviewer)
    sweep_json(api_client, f"{base}/{approved.pk}/withdraw", {"reason": "已失效"}, texts=["reason"], obj=approved,
               related=records)


# --- the resolver ------------------------------------------------------------------------------------------------

def test_every_staff_url_has_a_hostile_case():
    """A URL name that is neither covered above nor listed (with a reason) in NOT_STAFF fails here."""
    names = set(_url_names())
    missing = sorted(names - COVERED - NOT_STAFF)
    assert not missing, f"staff URLs without a hostile case: {missing}"
    assert not (COVERED | NOT_STAFF) - names, f"stale names: {sorted((COVERED | NOT_STAFF) - names)}"
    assert not COVERED & NOT_STAFF


# --- the hotline's staff API, indicators and briefs (rxind) ----------------------------------------------------------

@covers("api-staff-hotline-tickets", "api-staff-hotline-ticket", "api-staff-hotline-ticket-action",
        "hotline:staff-indicators", "hotline:staff-briefs", "hotline:staff-brief", "hotline:staff-brief-docx")
def test_hotline_staff_api_and_report_pages_refuse_hostile_input(client, api_client, make_staff, org):
    import datetime as dt

    from sunshine.hotline import briefs, services
    from sunshine.hotline.models import Brief, Mailbox, Ticket

    operator = make_staff("rx_operator_api", department="gkb", role="话务员")
    box = Mailbox.objects.create(code="xzxx", name="县长信箱", kind="magistrate")
    api_client.force_authenticate(operator)
    valid = {"mailbox": "xzxx", "channel": "phone", "kind": "complaint", "title": "路灯不亮",
             "content": "小区门口的路灯坏了一个多星期了。", "caller_name": "张三丰", "caller_phone": "13812345678"}
    sweep_json(api_client, "/api/v1/staff/hotline/tickets/", valid,
               texts=["title", "content", "caller_name", "caller_phone", "address"], dates=["received_at"],
               choices=["mailbox", "channel", "kind", "urgency", "place", "accused_department", "matter"],
               related=Ticket.objects.count)
    received = services.ticket_submit(data={k: v for k, v in valid.items() if k not in ("mailbox", "channel")},
                                      mailbox=box, channel="phone").ticket
    base = f"/api/v1/staff/hotline/tickets/{received.pk}"
    sweep_json(api_client, f"{base}/actions/dispatch", {"department": "fgw", "note": "请办理"}, texts=["note"],
               choices=["department", "matter"], obj=received, accept_long=["note"])
    sweep_json(api_client, f"{base}/actions/close_directly", {"answer": "已解答"}, texts=["answer"], obj=received,
               accept_long=["answer"])
    sweep_get(api_client, "/api/v1/staff/hotline/tickets/", {"status": ["nope"], "queue": ["x"], "page": ["0"]})
    sweep_get(api_client, base, {"x": ["y"]})
    assert _check(api_client.get("/api/v1/staff/hotline/tickets/999999")) == 404
    assert _check(api_client.post(f"{base}/actions/nope", {}, format="json")) == 404

    client.force_login(operator)
    sweep_get(client, "/rx/staff/indicators/", {"start": ["2026-13"], "end": ["x"], "group": ["nope"],
                                                "department": ["x"], "town": ["x"], "export": ["xlsx"]})
    for name in ("department", "town"):
        for value in BAD_NUMBERS:
            assert _check(client.get("/rx/staff/indicators/", {"start": "2026-10", "end": "2026-10",
                                                               name: value})) == 400
    sweep_form(client, "/rx/staff/briefs/", {"kind": "monthly", "start": "2026-10", "end": ""},
               texts=["start", "end"], choices=["kind", "matter"], numbers=["matter"], related=Brief.objects.count,
               nul_message=False)
    brief = briefs.generate(kind="monthly", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31), actor=operator)
    sweep_get(client, f"/rx/staff/briefs/{brief.pk}/", {"x": ["y"]})
    assert client.get(f"/rx/staff/briefs/{brief.pk}/docx/").status_code == 200
    assert _check(client.get("/rx/staff/briefs/999999/")) == 404
    assert _check(client.get("/rx/staff/briefs/999999/docx/")) == 404


@covers("api-hotline-suggest-department")
def test_department_suggester_api_refuses_hostile_bodies(api_client, make_staff, org):
    """承办部门推荐: a question, not a change; odd bodies are Chinese 400s and nothing is stored but models."""
    from sunshine.hotline.models import Ticket

    operator = make_staff("rx_operator_suggest", department="gkb", role="话务员")
    api_client.force_authenticate(operator)
    sweep_json(api_client, "/api/v1/staff/hotline/suggest-department", {"text": "小区门口的路灯坏了"},
               texts=["text"], related=Ticket.objects.count)
