import hashlib
import os
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sunshine.audit.models import AuditEvent
from sunshine.files.models import StoredFile
from sunshine.files.services import FileRejected, inspect_bytes, store_bytes, store_upload
from sunshine.privacy.scanner import scan

from . import samples

pytestmark = pytest.mark.django_db
UNSUPPORTED = "不支持的文件类型：仅允许 PDF、DOCX、XLSX、OFD、JPG、PNG、TXT。"


def test_pdf_is_stored_hashed_and_its_text_extracted(clerk):
    data = samples.pdf_bytes()
    stored = store_upload(uploaded_file=SimpleUploadedFile("答复书.pdf", data, content_type="text/plain"),
                          actor=clerk, purpose="reply")
    stored.refresh_from_db()
    assert (stored.kind, stored.mime, stored.size) == ("pdf", "application/pdf", len(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.original_name == "答复书.pdf" and stored.uploaded_by == clerk and stored.purpose == "reply"
    assert stored.text_extracted is True
    assert "11010519491231002X" in stored.extracted_text
    assert [f.kind for f in scan(stored.extracted_text)] == ["resident_id", "mobile"]
    assert stored.file.name == f"files/{stored.created_at.astimezone():%Y/%m}/{stored.sha256[:2]}/{stored.sha256}.pdf"
    with stored.file.open("rb") as fh:
        assert fh.read() == data
    event = AuditEvent.objects.get(action="file.store", target_id=str(stored.pk))
    assert event.after["sha256"] == stored.sha256


def test_same_bytes_share_one_stored_object():
    data = samples.png_bytes()
    a = store_bytes(data=data, name="a.png")
    b = store_bytes(data=data, name="b.png")
    assert a.pk != b.pk and a.file.name == b.file.name
    assert default_storage.exists(a.file.name)


def test_docx_text_includes_paragraphs_tables_and_header():
    stored = store_bytes(data=samples.docx_bytes(), name="通知.docx")
    assert stored.kind == "docx" and stored.text_extracted
    text = stored.extracted_text
    assert "关于随县政府信息公开工作的通知" in text and "11010519491231002X" in text and "内部资料" in text
    assert {f.kind for f in scan(text)} == {"secret_marking", "mobile", "resident_id"}


def test_xlsx_cell_values_are_extracted():
    stored = store_bytes(data=samples.xlsx_bytes(), name="名单.xlsx")
    assert stored.kind == "xlsx"
    assert "补贴名单" in stored.extracted_text and "张三\t11010519491231002X\t1200" in stored.extracted_text


def test_ofd_txt_and_images():
    ofd = store_bytes(data=samples.ofd_bytes(), name="公文.ofd")
    assert ofd.kind == "ofd" and "秘密★1年" in ofd.extracted_text
    txt = store_bytes(data="联系电话13812345678\r\n".encode("gb18030"), name="说明.txt")
    assert txt.kind == "txt" and txt.extracted_text.startswith("联系电话13812345678")
    png = store_bytes(data=samples.png_bytes(), name="扫描件.PNG")
    assert (png.kind, png.mime, png.text_extracted) == ("png", "image/png", False)
    jpg = store_bytes(data=samples.jpg_bytes(), name="照片.jpeg")
    assert (jpg.kind, jpg.mime) == ("jpg", "image/jpeg")


def test_name_without_extension_gets_the_real_one():
    stored = store_bytes(data=samples.pdf_bytes(), name="扫描件")
    assert stored.original_name == "扫描件.pdf"


def test_path_components_of_the_name_are_dropped():
    stored = store_bytes(data=b"hello", name="../../etc/passwd.txt")
    assert stored.original_name == "passwd.txt"
    assert ".." not in stored.file.name


@pytest.mark.parametrize(("data", "name", "message"), [
    (samples.EXE_BYTES, "通知.pdf", "不支持的文件类型：仅允许 PDF、DOCX、XLSX、OFD、JPG、PNG、TXT。"),
    (samples.pdf_bytes(), "通知.exe", "不支持的文件类型：仅允许 PDF、DOCX、XLSX、OFD、JPG、PNG、TXT。"),
    (samples.pdf_bytes(), "说明.txt", "文件内容与扩展名不符：文件名为 .txt，内容却是PDF 文档。请确认后重新上传。"),
    (samples.png_bytes(), "照片.jpg", "文件内容与扩展名不符：文件名为 .jpg，内容却是PNG 图片。请确认后重新上传。"),
    (b"", "空.pdf", "文件为空，请重新选择。"),
    (samples.pdf_bytes()[:200], "截断.pdf", "文件已损坏，无法读取（PDF 文档）。"),
    (b"%PDF-1.4\n" + bytes(range(32, 127)) * 8 + b"\n%%EOF\n", "乱码.pdf", "文件已损坏，无法读取（PDF 文档）。"),
    (os.urandom(4096) + b"\x00", "随机.docx", "不支持的文件类型：仅允许 PDF、DOCX、XLSX、OFD、JPG、PNG、TXT。"),
    (samples.docx_bytes()[:1500], "截断.docx", "文件已损坏，无法读取。"),
    (samples.zip_with({"word/document.xml": b"<not-xml", "[Content_Types].xml": b"<x/>"}), "坏.docx",
     "文件已损坏，无法读取（Word 文档（DOCX））。"),
    (samples.zip_with({"readme.txt": b"hi"}), "压缩包.docx", UNSUPPORTED),
    (samples.png_bytes()[:30], "坏.png", "文件已损坏，无法读取（PNG 图片）。"),
    (b"abc\x01\x02def", "控制字符.txt", "不支持的文件类型：仅允许 PDF、DOCX、XLSX、OFD、JPG、PNG、TXT。"),
])
def test_rejections(data, name, message):
    with pytest.raises(FileRejected) as exc:
        store_bytes(data=data, name=name)
    assert exc.value.message == message
    assert StoredFile.objects.count() == 0


@override_settings(SUNSHINE_UPLOAD_MAX_BYTES=1024)
def test_size_limit():
    with pytest.raises(FileRejected) as exc:
        store_upload(uploaded_file=SimpleUploadedFile("大.txt", b"a" * 1025))
    assert exc.value.message == "文件过大：不得超过 1024 字节。"
    assert store_upload(uploaded_file=SimpleUploadedFile("小.txt", b"a" * 1024)).size == 1024


def test_default_size_limit_message():
    with override_settings(SUNSHINE_UPLOAD_MAX_BYTES=20 * 1024 * 1024), pytest.raises(FileRejected) as exc:
        inspect_bytes(data=b"a" * (20 * 1024 * 1024 + 1), name="大.txt")
    assert exc.value.message == "文件过大：不得超过 20 MB。"


def test_zip_bomb_is_refused_before_parsing():
    bomb = samples.zip_with({"word/document.xml": b"\x00" * (50 * 1024 * 1024), "[Content_Types].xml": b"<x/>"})
    assert len(bomb) < 200 * 1024
    with pytest.raises(FileRejected) as exc:
        store_bytes(data=bomb, name="炸弹.docx")
    assert exc.value.code == "file_zip_bomb"


def test_a_docx_unpacking_far_beyond_its_size_is_refused():
    """Found: a 5 MB .docx expanding to 157 MB cost 0.8 GB of memory (each entry's ratio under the per-entry cap)."""
    import os

    text = os.urandom(1024 * 1024).hex().encode()  # 2 MB that deflate packs only to about half
    parts = {f"word/media/part{i}.xml": text for i in range(12)}
    parts.update({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<x/>"})
    archive = samples.zip_with(parts)
    with override_settings(SUNSHINE_UPLOAD_MAX_UNPACKED_BYTES=16 * 1024 * 1024), pytest.raises(FileRejected) as exc:
        store_bytes(data=archive, name="大.docx")
    assert exc.value.code == "file_zip_bomb"


def test_one_xml_part_over_the_cap_is_refused():
    import os

    big = os.urandom(3 * 512 * 1024).hex().encode()  # 3 MB of XML-ish text, ratio about 2
    archive = samples.zip_with({"word/document.xml": big, "[Content_Types].xml": b"<x/>"})
    with override_settings(SUNSHINE_UPLOAD_MAX_XML_BYTES=2 * 1024 * 1024), pytest.raises(FileRejected) as exc:
        store_bytes(data=archive, name="长.docx")
    assert exc.value.code == "file_zip_bomb" and "超过 2 MB" in exc.value.message


def test_zip_with_too_many_entries_is_refused():
    entries = {f"xl/{i}.xml": b"" for i in range(5001)}
    entries["xl/workbook.xml"] = b"<x/>"
    with pytest.raises(FileRejected) as exc:
        store_bytes(data=samples.zip_with(entries, compression=zipfile.ZIP_STORED), name="多.xlsx")
    assert exc.value.code == "file_zip_bomb"


def test_password_protected_pdf_is_kept_without_text():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(samples.pdf_bytes())).pages[0])
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    stored = store_bytes(data=out.getvalue(), name="加密.pdf")
    assert (stored.kind, stored.text_extracted, stored.extracted_text) == ("pdf", False, "")
