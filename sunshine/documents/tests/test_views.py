"""Staff downloads of documents (/documents/<id>/<docx|pdf|html>/): the kind decides who may read; others get 404."""

from __future__ import annotations

import pytest

from sunshine.documents import rendering, services
from sunshine.documents.registry import DocumentKind, registered

from .conftest import NOTICE


@pytest.fixture
def document(notice_kind, subject, context, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.issue(subject, NOTICE, context=context, file_stem="RX2026-ABCD2345-notice")
    issued.refresh_from_db()
    return issued


def url(document, fmt):
    return f"/documents/{document.pk}/{fmt}/"


def test_without_a_rule_of_its_kind_only_superusers_download(document, client, admin_client, clerk, citizen):
    client.force_login(clerk)
    for fmt in ("docx", "pdf", "html"):
        assert client.get(url(document, fmt)).status_code == 404
    client.force_login(citizen)
    assert client.get(url(document, "docx")).status_code == 404
    docx = admin_client.get(url(document, "docx"))
    assert docx.status_code == 200 and "RX2026-ABCD2345-notice.docx" in docx["Content-Disposition"]
    assert b"".join(docx.streaming_content)[:2] == b"PK"
    pdf = admin_client.get(url(document, "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    html = admin_client.get(url(document, "html"))
    assert html.status_code == 200 and "sandbox" in html["Content-Security-Policy"]
    assert "办理告知书" in html.content.decode()
    assert admin_client.get(url(document, "odt")).status_code == 404
    assert admin_client.get(f"/documents/{document.pk + 1000}/pdf/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(document, client):
    response = client.get(url(document, "pdf"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_kinds_rule_decides(document, client, clerk, other_clerk):
    allowed = DocumentKind(code=NOTICE, title="办理告知书", template="documents/examples/notice.html",
                           can_view=lambda user, doc: doc.subject_id == str(user.department_id))
    with registered(allowed):
        client.force_login(clerk)  # of the department the document is about
        assert client.get(url(document, "html")).status_code == 200
        client.force_login(other_clerk)
        assert client.get(url(document, "html")).status_code == 404


def test_a_docx_still_being_built_is_built_for_the_download(notice_kind, subject, context, admin_client,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        pending = services.issue(subject, NOTICE, context=context)
    response = admin_client.get(url(pending, "docx"))
    assert response.status_code == 200 and f"document-{pending.pk}.docx" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_where_pdfs_cannot_be_made_the_page_says_so_in_chinese(document, admin_client, monkeypatch):
    monkeypatch.setattr(rendering, "chinese_fonts_installed", lambda: False)
    response = admin_client.get(url(document, "pdf"))
    assert response.status_code == 503 and "本服务器暂时无法生成 PDF 文件" in response.content.decode()
