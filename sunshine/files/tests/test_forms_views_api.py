import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory

from sunshine.files.forms import UploadField
from sunshine.files.models import StoredFile
from sunshine.files.services import store_bytes, store_upload
from sunshine.files.views import serve_stored_file

from . import samples

pytestmark = pytest.mark.django_db


class ApplicationForm(forms.Form):
    title = forms.CharField(label="标题")
    attachment = UploadField(label="附件")


def test_bad_attachment_error_is_on_the_field_and_other_values_are_kept():
    form = ApplicationForm(data={"title": "申请公开随县2025年预算"},
                           files={"attachment": SimpleUploadedFile("病毒.pdf", samples.EXE_BYTES)})
    assert not form.is_valid()
    assert form.errors == {"attachment": ["不支持的文件类型：仅允许 PDF、DOCX、XLSX、OFD、JPG、PNG、TXT。"]}
    html = Template("{{ form.as_div }}").render(Context({"form": form}))
    assert 'value="申请公开随县2025年预算"' in html
    assert "不支持的文件类型" in html
    assert StoredFile.objects.count() == 0


def test_good_attachment_is_stored_by_the_view_reusing_the_inspection(clerk):
    upload = SimpleUploadedFile("答复书.pdf", samples.pdf_bytes())
    form = ApplicationForm(data={"title": "答复"}, files={"attachment": upload})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["attachment"].sunshine_inspection.kind == "pdf"
    stored = store_upload(uploaded_file=form.cleaned_data["attachment"], actor=clerk)
    assert stored.kind == "pdf" and "11010519491231002X" in stored.extracted_text


def test_empty_upload_message():
    form = ApplicationForm(data={"title": "x"}, files={"attachment": SimpleUploadedFile("空.pdf", b"")})
    assert not form.is_valid()
    assert form.errors["attachment"] == ["文件为空，请重新选择。"]


def test_serve_stored_file_headers():
    stored = store_bytes(data=samples.pdf_bytes(), name="政府信息公开答复书.pdf")
    response = serve_stored_file(RequestFactory().get("/"), stored)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E6%94%BF%E5%BA%9C" in disposition
    assert b"".join(response.streaming_content) == samples.pdf_bytes()

    inline = serve_stored_file(RequestFactory().get("/"), store_bytes(data=samples.png_bytes(), name="图.png"),
                               as_attachment=False)
    assert inline["Content-Disposition"].startswith("inline;")
    assert "sandbox" in inline["Content-Security-Policy"]
    docx = serve_stored_file(RequestFactory().get("/"), store_bytes(data=samples.docx_bytes(), name="通知.docx"),
                             as_attachment=False)
    assert docx["Content-Disposition"].startswith("attachment;")  # never rendered inline


def test_api_upload(api_client, clerk):
    api_client.force_authenticate(clerk)
    response = api_client.post("/api/v1/files/", {"file": SimpleUploadedFile("名单.xlsx", samples.xlsx_bytes()),
                                                  "purpose": "publication"}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    stored = StoredFile.objects.get(pk=body["id"])
    assert body["name"] == "名单.xlsx" and body["sha256"] == stored.sha256 and body["size"] == stored.size
    assert body["mime"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert stored.uploaded_by == clerk and stored.purpose == "publication"


def test_api_upload_rejection_is_a_chinese_400(api_client, clerk):
    api_client.force_authenticate(clerk)
    response = api_client.post("/api/v1/files/", {"file": SimpleUploadedFile("a.pdf", samples.EXE_BYTES)},
                               format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["不支持的文件类型：仅允许 PDF、DOCX、XLSX、OFD、JPG、PNG、TXT。"]
    assert api_client.post("/api/v1/files/", {}, format="multipart").status_code == 400


def test_api_upload_is_staff_only(api_client, citizen):
    upload = {"file": SimpleUploadedFile("a.txt", b"hello")}
    assert api_client.post("/api/v1/files/", upload, format="multipart").status_code in (401, 403)
    api_client.force_authenticate(citizen)
    upload = {"file": SimpleUploadedFile("a.txt", b"hello")}
    assert api_client.post("/api/v1/files/", upload, format="multipart").status_code == 403
    assert StoredFile.objects.count() == 0
