"""Issuing documents: rendered in the step's transaction, the .docx built after commit, idempotent, swept when lost."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from sunshine.audit.services import events_for
from sunshine.documents import rendering, services
from sunshine.documents.models import Document, DocumentTemplate
from sunshine.documents.registry import DocumentKind, registered
from sunshine.documents.tasks import complete_document_task
from sunshine.files.models import StoredFile

from .conftest import NOTICE


def _paragraphs(stored) -> list[str]:
    from docx import Document as Docx

    with stored.file.open("rb") as handle:
        return [p.text for p in Docx(io.BytesIO(handle.read())).paragraphs]


def test_issue_renders_now_and_builds_the_docx_after_commit(notice_kind, subject, context, clerk,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.issue(subject, NOTICE, context=context, actor=clerk, number="发改告〔2026〕1号",
                                  file_stem="RX2026-ABCD2345-notice")
    assert document.file_pending and document.docx_file is None and document.issued_by == clerk
    assert document.title == "办理告知书" and document.kind_label == "办理告知书"
    assert document.case_key == f"orgs.department:{subject.pk}" and document.subject == subject
    assert "本机关将于2026年3月16日前办结" in document.html and "@media print" in document.html
    assert len(callbacks) == 1 and StoredFile.objects.count() == 0 and events_for(subject).count() == 0

    callbacks[0]()  # the commit: the task runs in-process, as without Redis
    document.refresh_from_db()
    assert not document.file_pending and document.docx_file.kind == "docx"
    assert document.docx_file.original_name == "RX2026-ABCD2345-notice.docx"
    assert _paragraphs(document.docx_file) == [
        "办理告知书", "发改告〔2026〕1号", "张三：",
        "您于2026年3月2日提出的申请（查询码：RX2026-ABCD2345）已收到，本机关将于2026年3月16日前办结。",
        "1. 身份证明", "特此告知。", "随县发展和改革局", "（印章）", "2026年3月3日"]
    [event] = events_for(subject)
    assert event.action == "documents.generate" and event.action_label == "生成文书文件" and event.actor == clerk
    assert event.after == {"document": document.pk, "kind": NOTICE, "title": "办理告知书",
                           "number": "发改告〔2026〕1号", "file": document.docx_file_id}


def test_the_text_is_the_case_as_it_stood_when_issued(notice_kind, subject, context,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.issue(subject, NOTICE, context=context)
    context["due_on"] = "2027年1月1日"  # the case moved on before the task ran
    callbacks[0]()
    document.refresh_from_db()
    assert any("2026年3月16日前办结" in p for p in _paragraphs(document.docx_file))


def test_an_idempotency_key_issues_once(notice_kind, subject, context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.issue(subject, NOTICE, context=context, idempotency_key="form:abc")
        again = services.issue(subject, NOTICE, context={**context, "due_on": "另一天"}, idempotency_key="form:abc")
        other = services.issue(subject, NOTICE, context=context, idempotency_key="form:xyz")
    assert again == first and other != first and len(callbacks) == 2
    assert Document.objects.count() == 2


def test_two_requests_issuing_with_the_same_key_at_once_get_one_document(notice_kind, subject, context, monkeypatch):
    """The second request did not see the first's row when it looked (both looked before either wrote): the unique
    constraint refuses its row, and it gets the first document; its own transaction carries on."""
    from django.db.models.query import QuerySet

    first = services.issue(subject, NOTICE, context=context, idempotency_key="form:race")
    real_first, looked = QuerySet.first, []

    def not_there_yet(queryset):
        if queryset.model is Document and not looked:
            looked.append(True)
            return None
        return real_first(queryset)

    monkeypatch.setattr(QuerySet, "first", not_there_yet)
    assert services.issue(subject, NOTICE, context=context, idempotency_key="form:race") == first
    assert looked and Document.objects.count() == 1


def test_a_retried_or_duplicated_task_attaches_one_file_and_one_event(notice_kind, subject, context,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.issue(subject, NOTICE, context=context)
    document.refresh_from_db()
    assert document.docx_file_id is not None
    for _ in range(2):
        assert complete_document_task.apply(args=[document.pk]).get() == "done"
    assert services.complete(document.pk).docx_file_id == document.docx_file_id
    assert StoredFile.objects.count() == 1 and events_for(subject).count() == 1
    assert complete_document_task.apply(args=[999999]).get() == "missing"


def test_two_runs_at_once_store_one_file(notice_kind, subject, context, monkeypatch,
                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        document = services.issue(subject, NOTICE, context=context)
    real, runs = rendering.docx_bytes, []

    def while_another_run_finishes(rendered):
        runs.append(rendered)
        if len(runs) == 1:  # between the first run's check and its claim, another run completes the document
            runs.append(services.complete(document.pk))
        return real(rendered)

    monkeypatch.setattr(rendering, "docx_bytes", while_another_run_finishes)
    outer = services.complete(document.pk)
    assert len(runs) == 3 and outer.docx_file_id == runs[-1].docx_file_id and not outer.file_pending
    assert StoredFile.objects.count() == 1 and events_for(subject).count() == 1


def test_a_failed_task_leaves_the_document_for_the_sweep(notice_kind, subject, context, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        stuck = services.issue(subject, NOTICE, context=context)
        fresh = services.issue(subject, NOTICE, context=context)

    def broken(rendered):
        raise OSError("disk full")

    monkeypatch.setattr(rendering, "docx_bytes", broken)
    assert complete_document_task.apply(args=[stuck.pk]).get() == "failed"  # no broker: logged, not retried
    monkeypatch.undo()
    Document.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert services.complete_pending(kinds=["other.kind"]) == 0
    assert services.complete_pending() == 1  # only the document pending for more than 10 minutes
    assert Document.objects.get(pk=fresh.pk).file_pending
    assert services.complete_pending(older_than=dt.timedelta(0), kinds=[NOTICE]) == 1
    assert not Document.objects.filter(file_pending=True).exists() and events_for(subject).count() == 2


def test_the_kind_finishes_its_own_rows_and_names_its_event(subject, context, django_capture_on_commit_callbacks):
    finished = []

    def on_complete(document):
        finished.append((document.pk, document.docx_file_id))
        return {"document": "app-row-7", "extra": True}

    kind = DocumentKind(code="documents.test_hooked", title="回执", template="documents/examples/notice.html",
                        on_complete=on_complete, audit_action="documents.generate")
    with registered(kind), django_capture_on_commit_callbacks(execute=True):
        document = services.issue(subject, kind.code, context=context)
    document.refresh_from_db()
    assert finished == [(document.pk, document.docx_file_id)]
    [event] = events_for(subject)
    assert event.after["document"] == "app-row-7" and event.after["extra"] is True


def test_unknown_kinds_and_unsaved_cases_are_programming_errors(notice_kind, subject, context):
    from sunshine.orgs.models import Department

    with pytest.raises(rendering.TemplateMissing):
        services.issue(subject, "documents.nothing", context=context)
    with pytest.raises(ValueError):
        services.issue(Department(code="x", name="x", division=subject.division), NOTICE, context=context)
    per_variant = DocumentKind(code="documents.test_variants", title="告知书",
                               template="documents/examples/{variant}.html")
    with registered(per_variant):
        assert "本机关将于" in services.issue(subject, per_variant.code, context=context, variant="notice").html
        with pytest.raises(rendering.TemplateMissing):
            services.issue(subject, per_variant.code, context=context, variant="urgent")  # no such template


def test_documents_of_a_case(notice_kind, subject, context, departments, django_assert_num_queries):
    services.issue(subject, NOTICE, context=context)
    services.issue(subject, NOTICE, context=context, visible_to_applicant=False)
    services.issue(departments["zjj"], NOTICE, context=context)
    with django_assert_num_queries(1):
        assert len(list(services.documents_of(subject))) == 2
    assert services.documents_of(subject, visible_to_applicant=True).count() == 1


def test_an_office_template_with_a_department_and_a_variant(notice_kind, subject, context, departments,
                                                           django_assert_num_queries):
    make = DocumentTemplate.objects.create
    make(kind=NOTICE, body="<p>全县通用。</p>")
    make(kind=NOTICE, variant="urgent", body="<p>全县加急。</p>", title="加急办理告知书")
    make(kind=NOTICE, department=subject, body="<p>本局通用。</p>")
    make(kind=NOTICE, department=subject, variant="urgent", body="<p>本局加急（停用）。</p>", is_active=False)
    make(kind="documents.other", body="<p>别的类别。</p>")

    def body(variant, department):
        with django_assert_num_queries(1):
            template = rendering.office_template(NOTICE, variant, department)
        return template.body

    assert body("urgent", subject) == "<p>全县加急。</p>"  # the variant's own first; the department's is inactive
    assert body("plain", subject) == "<p>本局通用。</p>"
    assert body("plain", departments["zjj"]) == "<p>全县通用。</p>"
    assert body("", None) == "<p>全县通用。</p>"
    rendered = rendering.render(NOTICE, context, variant="urgent", department=subject)
    assert rendered.title == "加急办理告知书" and ("p", "全县加急。") in rendered.blocks
    assert rendering.render(NOTICE, context, variant="urgent", title="给定标题").title == "给定标题"
    make(kind=NOTICE, department=subject, variant="urgent", body="<p>本局加急。</p>")
    assert body("urgent", subject) == "<p>本局加急。</p>"


def test_office_templates_cannot_reach_files_or_libraries(notice_kind, subject, context):
    DocumentTemplate.objects.create(kind=NOTICE, body='<p>{{ addressee }}</p>{% include "documents/_document.html" %}')
    from django.template import TemplateDoesNotExist

    with pytest.raises(TemplateDoesNotExist):
        rendering.render(NOTICE, context)


BIDI = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_bidi_controls_never_reach_a_letter(notice_kind, subject, context, django_capture_on_commit_callbacks):
    """An applicant named "\u202e三张" would read 张三 in the letter; an override in the title, the 文号, the items or
    the file name would reorder them. The HTML, the .docx (text and title) and the file name are without them."""
    context = {**context, "addressee": "\u202e三张", "items": [f"身份{BIDI}证明"],
               "tracking_code": "RX2026-\u2066ABCD2345\u2069"}
    with django_capture_on_commit_callbacks(execute=True):
        document = services.issue(subject, NOTICE, context=context, title="办理\u202e告知书",
                                  number="发改告〔2026〕\u202e1号", file_stem="RX2026\u202ecod.exe")
    document.refresh_from_db()
    for text in (document.html, document.title, document.number):
        assert [ch for ch in BIDI if ch in text] == [], text
    assert "三张：" in document.html and "身份证明" in document.html and "RX2026-ABCD2345" in document.html
    paragraphs = _paragraphs(document.docx_file)
    assert paragraphs[:3] == ["办理告知书", "发改告〔2026〕1号", "三张："] and "1. 身份证明" in paragraphs
    assert document.docx_file.original_name == "RX2026cod.exe.docx"


def test_documents_issued_with_bidi_controls_before_are_cleaned_when_built():
    """Rendering strips them now; a document stored earlier with one is cleaned when its .docx is made."""
    html = ('<article><h1 data-role="title">告知书</h1><p data-role="addressee">\u202e三张：</p>'
            '<p>申请人\u2067李四\u2069已到场。</p></article>')
    built = rendering.docx_bytes(rendering.Rendering(kind="x", title="告知\u202e书", number="",
                                                     html=html, blocks=rendering.html_blocks(html)))
    import zipfile

    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        xml = archive.read("word/document.xml").decode() + archive.read("docProps/core.xml").decode()
    assert not any(ch in xml for ch in BIDI)
    assert "三张：" in xml and "申请人李四已到场。" in xml and "告知书" in xml


def test_spreadsheet_cells_lose_bidi_controls_too():
    from sunshine.core.text import spreadsheet_cell

    assert spreadsheet_cell("\u202e三张") == "三张"
    assert spreadsheet_cell("=\u2066SUM(A1)") == "'=SUM(A1)"
