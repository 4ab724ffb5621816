"""The letters on the kernel's documents (sunshine.documents): registered kinds, PDF downloads for the applicant and
the staff in scope, the offices' templates checked against a letter's context, and the migration of existing rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pypdf import PdfReader

from sunshine.documents import registry
from sunshine.documents.rendering import validate_office_template

D = dt.date


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content)
    assert data[:5] == b"%PDF-"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace(" ", "")


def test_the_letters_are_registered_at_start_up():
    reply = registry.get("disclosure_requests.reply")
    assert reply is not None and reply.title == "政府信息公开申请答复书"
    assert reply.template_name("not_held") == "disclosure_requests/letters/reply/not_held.html"
    assert reply.variants["not_held"] == "无法提供：本机关不掌握相关政府信息"
    assert registry.get("disclosure_requests.delay_notice").title == "政府信息公开申请延迟答复告知书"
    assert registry.get("disclosure_requests.consultation_letter").audit_action == "disclosure_requests.letter.generate"


@pytest.fixture
def receipt(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(received_on=D(2026, 3, 2))
    return submission, submission.request.documents.get(kind="receipt")


def test_the_applicant_downloads_a_letter_as_pdf(client, receipt):
    submission, letter = receipt
    code = submission.request.tracking_code
    url = f"/ysq/track/{code}/documents/{letter.pk}/pdf/"
    assert client.get(url).status_code == 404  # not verified yet
    client.post("/ysq/track/", {"tracking_code": code, "secret": submission.secret})
    page = client.get(f"/ysq/track/{code}/").content.decode()
    assert f'<a href="{url}" download aria-label="政府信息公开申请接收回执（PDF）">PDF 版</a>' in page
    response = client.get(url)
    assert response.status_code == 200 and f"{code}-receipt.pdf" in response["Content-Disposition"]
    text = pdf_text(response)
    assert "政府信息公开申请接收回执" in text and "2026年3月2日收到您提出的政府信息公开申请" in text
    assert "110105********002X" in text and "11010519491231002X" not in text  # masked, as in the .docx
    assert client.get(f"/ysq/track/{code}/documents/{letter.pk + 999}/pdf/").status_code == 404


def test_a_secret_opens_only_its_own_letters_as_pdf(client, receipt, submit):
    submission, own = receipt
    theirs = submit(applicant_name="李四").request.documents.get(kind="receipt")
    code = submission.request.tracking_code
    client.post("/ysq/track/", {"tracking_code": code, "secret": submission.secret})
    assert client.get(f"/ysq/track/{code}/documents/{theirs.pk}/pdf/").status_code == 404
    assert client.get(f"/ysq/track/{theirs.request.tracking_code}/documents/{theirs.pk}/pdf/").status_code == 404
    assert client.get(f"/ysq/track/{code}/documents/{own.pk}/pdf/").status_code == 200


def test_staff_of_the_department_download_word_pdf_and_print(receipt, clerk, other_clerk):
    submission, letter = receipt
    staff = Client()
    staff.force_login(clerk)
    page = staff.get(f"/ysq/staff/{submission.request.pk}/").content.decode()
    for fmt in ("docx", "pdf", "html"):
        assert f'href="/documents/{letter.document_id}/{fmt}/"' in page
    assert "政府信息公开申请接收回执" in pdf_text(staff.get(f"/documents/{letter.document_id}/pdf/"))
    docx = staff.get(f"/documents/{letter.document_id}/docx/")
    assert docx.status_code == 200 and f"{submission.request.tracking_code}-receipt.docx" in docx["Content-Disposition"]
    outsider = Client()
    outsider.force_login(other_clerk)  # another department's clerk: as if the letter did not exist
    for fmt in ("docx", "pdf", "html"):
        assert outsider.get(f"/documents/{letter.document_id}/{fmt}/").status_code == 404


def test_the_app_row_mirrors_the_kernel_document(receipt):
    _, letter = receipt
    document = letter.document
    assert document.kind == "disclosure_requests.receipt" and document.title == letter.title
    assert document.html == letter.html and letter.file_id == document.docx_file_id is not None
    assert not letter.file_pending and not document.file_pending
    assert document.number.startswith("发改局依申收〔2026〕") and document.department == letter.request.department


def test_an_office_template_is_checked_against_a_letters_context():
    validate_office_template(kind_code="disclosure_requests.reply", variant="not_held",
                             body="<p>{{ applicant_name }}：本机关未制作{{ description }}（{{ received_on }}）。</p>")
    with pytest.raises(ValidationError) as info:
        validate_office_template(kind_code="disclosure_requests.reply", variant="not_held",
                                 body="<p>{{ applicant }}：经检索没有该信息。</p>")
    assert info.value.message_dict["body"][0].startswith("模板中的变量不存在：{{ applicant }}。可用的变量：")
    assert "applicant_name" in info.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as info:
        validate_office_template(kind_code="disclosure_requests.reply", variant="approved", body="<p>x</p>")
    assert "没有样式“approved”" in info.value.message_dict["variant"][0]
    with pytest.raises(ValidationError) as info:
        validate_office_template(kind_code="disclosure_requests.receipt", variant="not_held", body="<p>x</p>")
    assert info.value.message_dict == {"variant": ["“政府信息公开申请接收回执”不区分样式，请留空。"]}


# Run in a manage.py shell on the database as it was after 0003, with the models of that state.
SEED = """
import datetime as dt, json
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

old = MigrationLoader(connection).project_state(("disclosure_requests", "0003_requestdocument_file_pending")).apps
division = old.get_model("orgs", "Division").objects.create(code="421321", name="随县", level="county")
department = old.get_model("orgs", "Department").objects.create(code="fgw", name="随县发展和改革局",
                                                                 short_name="发改局", division=division)
request = old.get_model("disclosure_requests", "DisclosureRequest").objects.create(
    tracking_code="YSQ2025-OLD00001", verification_secret_hash="x" * 64, department=department,
    applicant_name="张三", applicant_type="natural_person", id_type="resident_id", id_number="11010519491231002X",
    phone="13800138000", address="随县", description="某文件", submitted_at=timezone.now(),
    received_on=dt.date(2025, 3, 3), status="closed", outcome="not_held", decided_on=dt.date(2025, 3, 20))
stored = old.get_model("files", "StoredFile").objects.create(
    file="files/x.docx", original_name="YSQ2025-OLD00001-reply.docx", mime="application/x", kind="docx", size=1,
    sha256="0" * 64)
rows = old.get_model("disclosure_requests", "RequestDocument").objects
number = '<p class="number" data-role="number">发改局依申答〔2025〕YSQ2025-OLD00001号</p>'
reply = rows.create(request=request, kind="reply", title="政府信息公开申请答复书", file=stored,
                    html=f"<article>{number}<p>答复 &amp; 说明</p></article>")
delay = rows.create(request=request, kind="other", title="政府信息公开申请延迟答复告知书", file_pending=True,
                    html="<article><p>延迟</p></article>")
issued_at = timezone.now() - dt.timedelta(days=400)
rows.filter(pk=reply.pk).update(created_at=issued_at)
old.get_model("disclosure_requests", "LetterTemplate").objects.create(
    kind="reply", outcome="not_held", title="样式二", body="<p>{{ applicant_name }}</p>", is_active=False)
print("RESULT" + json.dumps({"reply": reply.pk, "delay": delay.pk, "file": stored.pk, "department": department.pk,
                             "issued_at": issued_at.isoformat()}))
"""

CHECK = """
import json
from sunshine.disclosure_requests.models import RequestDocument
from sunshine.documents.models import Document, DocumentTemplate

def row(document):
    return {"id": document.pk, "kind": document.kind, "variant": document.variant, "number": document.number,
            "file": document.docx_file_id, "pending": document.file_pending, "html": document.html,
            "created_at": document.created_at.isoformat(), "subject": document.subject.tracking_code,
            "department": document.department_id, "file_stem": document.file_stem,
            "visible": document.visible_to_applicant}

letters = {r.pk: {"html": r.html, **row(r.document)} for r in RequestDocument.objects.select_related("document")}
fresh = Document.objects.create(subject_type_id=Document.objects.get(pk=min(letters)).subject_type_id,
                                subject_id="1", case_key="x", kind="k", title="t", html="")
templates = list(DocumentTemplate.objects.values_list("kind", "variant", "title", "body", "is_active"))
print("RESULT" + json.dumps({"letters": letters, "fresh": fresh.pk, "templates": templates}))
"""


def _shell(code: str, env: dict) -> dict:
    import json
    import subprocess
    import sys

    from sunshine.core.testing import MANAGE, ROOT

    done = subprocess.run([sys.executable, str(MANAGE), "shell", "-c", code], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-5000:]
    [line] = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    return json.loads(line.removeprefix("RESULT"))


def test_the_migration_keeps_every_letter_and_office_template(tmp_path):
    """0004 on a database with letters and templates from before (its own database, migrated in other processes):
    each letter gets its kernel document (same id, text, 文号, file, pending flag, issue time) and each template
    becomes a kernel template."""
    import os

    from sunshine.core.testing import is_postgres, pg_admin_execute, run_manage, with_database

    base_url, pg_name = os.environ.get("DATABASE_URL", ""), ""
    if base_url and is_postgres(base_url):
        pg_name = f"sunshine_migration_{os.getpid()}"
        pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        pg_admin_execute(base_url, f'CREATE DATABASE "{pg_name}"')
        database_url = with_database(base_url, pg_name)
    else:
        database_url = f"sqlite:///{tmp_path / 'migration.sqlite3'}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sunshine.settings", "SUNSHINE_DEMO": "1",
           "DATABASE_URL": database_url, "SUNSHINE_DATA_DIR": str(tmp_path / "data"), "REDIS_URL": ""}
    try:
        with open(tmp_path / "migrate.log", "w") as log:
            run_manage(["migrate", "--noinput", "-v", "0"], env, log)  # then back to before the move (0004 undone)
            run_manage(["migrate", "--noinput", "-v", "0", "disclosure_requests", "0003_requestdocument_file_pending"],
                       env, log)
            seeded = _shell(SEED, env)
            run_manage(["migrate", "--noinput", "-v", "0"], env, log)
        checked = _shell(CHECK, env)
    finally:
        if pg_name:
            pg_admin_execute(base_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')

    reply, delay = checked["letters"][str(seeded["reply"])], checked["letters"][str(seeded["delay"])]
    assert reply["id"] == seeded["reply"] and reply["kind"] == "disclosure_requests.reply"
    assert reply["variant"] == "not_held" and reply["number"] == "发改局依申答〔2025〕YSQ2025-OLD00001号"
    assert reply["file"] == seeded["file"] and reply["pending"] is False and reply["visible"] is True
    assert reply["html"].endswith("<p>答复 &amp; 说明</p></article>") and reply["created_at"] == seeded["issued_at"]
    assert reply["subject"] == "YSQ2025-OLD00001" and reply["department"] == seeded["department"]
    assert reply["file_stem"] == "YSQ2025-OLD00001-reply"
    assert delay["kind"] == "disclosure_requests.delay_notice" and delay["pending"] is True and delay["number"] == ""
    assert checked["templates"] == [["disclosure_requests.reply", "not_held", "样式二", "<p>{{ applicant_name }}</p>",
                                     False]]
    assert checked["fresh"] > seeded["delay"]  # PostgreSQL's sequence moved past the ids the migration gave
