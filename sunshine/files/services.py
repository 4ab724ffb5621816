"""Storing attachments (附件入库): sniff by content, enforce the allowlist and size, hash, extract text.

`inspect_bytes` does every check and the text extraction without touching storage or the database, so a
form field can refuse a bad file before anything is saved; `store_upload` / `store_bytes` then store it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.core.errors import DomainError

from .models import StoredFile

logger = logging.getLogger(__name__)

ALLOWED_TEXT = "PDF、DOCX、XLSX、OFD、JPG、PNG、TXT"
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
    "jpg": "image/jpeg",
    "png": "image/png",
    "txt": "text/plain; charset=utf-8",
}
KIND_NAMES = {"pdf": "PDF 文档", "docx": "Word 文档（DOCX）", "xlsx": "Excel 表格（XLSX）", "ofd": "OFD 版式文档",
              "jpg": "JPG 图片", "png": "PNG 图片", "txt": "纯文本"}
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".ofd": "ofd", ".jpg": "jpg", ".jpeg": "jpg",
              ".png": "png", ".txt": "txt"}

# Bounds that keep a hostile file from exhausting memory or time.
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_RATIO = 200  # per entry, uncompressed / compressed (ordinary XML compresses 10-30×)
# The whole archive may unpack to at most this many times its own size (ordinary .docx/.xlsx: 2-10×; images are
# stored compressed already) — found: a 5 MB .docx unpacking to 157 MB (ratio 31) cost 0.8 GB of memory.
ZIP_MAX_TOTAL_RATIO = 20


def zip_max_uncompressed() -> int:
    """Declared unpacked size an archive may have in all (SUNSHINE_UPLOAD_MAX_UNPACKED_BYTES, default 100 MB)."""
    return int(getattr(settings, "SUNSHINE_UPLOAD_MAX_UNPACKED_BYTES", 100 * 1024 * 1024))


def zip_max_xml() -> int:
    """Unpacked size of one XML part (parsed in memory, several times its size): SUNSHINE_UPLOAD_MAX_XML_BYTES,
    default 20 MB — some thousand pages of text."""
    return int(getattr(settings, "SUNSHINE_UPLOAD_MAX_XML_BYTES", 20 * 1024 * 1024))
MAX_EXTRACTED_CHARS = 2 * 1024 * 1024  # same bound as the privacy scanner accepts
XLSX_MAX_CELLS = 1_000_000
PDF_MAX_PAGES = 2000


class FileRejected(DomainError):
    """The upload was refused (不接受的文件); `message` says why, in Chinese."""

    code = "file_rejected"


@dataclass(frozen=True)
class Inspection:
    """The result of checking a file: what it really is, its hash and its text."""

    kind: str
    mime: str
    size: int
    sha256: str
    name: str  # the original name, with the right extension added when it had none
    text: str
    text_extracted: bool


def _limit_text() -> str:
    mb = settings.SUNSHINE_UPLOAD_MAX_BYTES / 1024 / 1024
    return f"{mb:g} MB" if mb >= 1 else f"{settings.SUNSHINE_UPLOAD_MAX_BYTES} 字节"


def _broken(kind: str) -> FileRejected:
    return FileRejected(f"文件已损坏，无法读取（{KIND_NAMES[kind]}）。", code="file_broken")


# --- sniffing -------------------------------------------------------------------------------------

def _safe_zip(data: bytes) -> zipfile.ZipFile | None:
    """Open a ZIP and check its bounds (zip-bomb guard); None if it is not a readable ZIP."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return None
    if len(infos) > ZIP_MAX_ENTRIES:
        raise FileRejected("压缩结构异常：文件包含的条目过多。", code="file_zip_bomb")
    total = 0
    xml_max = zip_max_xml()
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            raise FileRejected("压缩结构异常：解压后体积过大，疑似压缩炸弹。", code="file_zip_bomb")
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > xml_max:
            raise FileRejected(f"文件内容过大：其中一部分解压后超过 {xml_max // (1024 * 1024)} MB，请拆分后再上传。",
                               code="file_zip_bomb")
    if total > zip_max_uncompressed() or (total > 8 * 1024 * 1024 and total > ZIP_MAX_TOTAL_RATIO * len(data)):
        raise FileRejected("压缩结构异常：解压后体积过大，疑似压缩炸弹。", code="file_zip_bomb")
    return archive


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")


def _decode_text(data: bytes) -> str | None:
    """Plain text: UTF-8 (with or without BOM) or GB18030, without NUL or other control characters."""
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL_RE.search(text):
            return None
        return text
    return None


def sniff(data: bytes) -> tuple[str | None, zipfile.ZipFile | None]:
    """The real kind of `data` (pdf/docx/xlsx/ofd/jpg/png/txt) judged by content only, or None."""
    if data.startswith(b"PK\x03\x04"):
        archive = _safe_zip(data)
        if archive is None:  # looks like a ZIP (DOCX/XLSX/OFD) but its directory cannot be read
            raise FileRejected("文件已损坏，无法读取。", code="file_broken")
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return "docx", archive
        if "xl/workbook.xml" in names:
            return "xlsx", archive
        if "OFD.xml" in names or "ofd.xml" in names:
            return "ofd", archive
        return None, None
    guessed = filetype.guess(data[:8192])
    if guessed is not None:
        return {"pdf": "pdf", "jpg": "jpg", "png": "png"}.get(guessed.extension), None
    if _decode_text(data) is not None:
        return "txt", None
    return None, None


# --- validation and text extraction per kind --------------------------------------------------------

def _bounded(parts, limit: int = MAX_EXTRACTED_CHARS) -> str:
    out, size = [], 0
    for part in parts:
        if not part:
            continue
        out.append(part)
        size += len(part) + 1
        if size >= limit:
            break
    return "\n".join(out)[:limit]


def _pdf_text(data: bytes) -> tuple[str, bool]:
    from pypdf import PdfReader

    if b"%%EOF" not in data[-2048:]:  # a truncated PDF has lost its trailer
        raise _broken("pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises PdfReadError, ValueError, KeyError … on damaged structure
        raise _broken("pdf") from exc
    if encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # e.g. AES without the optional crypto dependency
            opened = False
        if not opened:
            return "", False  # kept, but its text cannot be read: callers see text_extracted=False
    try:
        pages = reader.pages
        if len(pages) == 0:
            raise _broken("pdf")
    except FileRejected:
        raise
    except Exception as exc:
        raise _broken("pdf") from exc
    texts, total = [], 0
    try:
        for i, page in enumerate(pages):
            if i >= PDF_MAX_PAGES:
                break
            texts.append(page.extract_text() or "")
            total += len(texts[-1])
            if total >= MAX_EXTRACTED_CHARS:
                break
    except Exception:  # pypdf raises many types on odd content streams; the file itself opened fine
        logger.warning("pdf text extraction failed", exc_info=True)
        return _bounded(texts), False
    return _bounded(texts), True


def _docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise _broken("docx") from exc
    except Exception as exc:  # lxml.etree.XMLSyntaxError and friends
        raise _broken("docx") from exc

    def table_texts(table):
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield paragraph.text
                for inner in cell.tables:
                    yield from table_texts(inner)

    def texts():
        for section in document.sections:  # headers and footers carry secret markings (密级) too
            for part in (section.header, section.footer):
                if part is not None and not part.is_linked_to_previous:
                    for paragraph in part.paragraphs:
                        yield paragraph.text
        for paragraph in document.paragraphs:
            yield paragraph.text
        for table in document.tables:
            yield from table_texts(table)

    return _bounded(texts())


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, XML errors …
        raise _broken("xlsx") from exc

    def texts():
        cells = 0
        try:
            for sheet in workbook.worksheets:
                yield sheet.title
                for row in sheet.iter_rows(values_only=True):
                    values = [str(v) for v in row if v is not None and v != ""]
                    cells += len(row)
                    if values:
                        yield "\t".join(values)
                    if cells >= XLSX_MAX_CELLS:
                        return
        finally:
            workbook.close()

    try:
        return _bounded(texts())
    except Exception as exc:
        raise _broken("xlsx") from exc


def _ofd_text(archive: zipfile.ZipFile) -> str:
    """OFD (GB/T 33190): the text lives in <ofd:TextCode> elements of each page's Content.xml."""
    try:
        ElementTree.fromstring(archive.read("OFD.xml" if "OFD.xml" in archive.namelist() else "ofd.xml"))
    except (ElementTree.ParseError, KeyError, zipfile.BadZipFile) as exc:
        raise _broken("ofd") from exc

    def texts():
        for name in sorted(archive.namelist()):
            if not name.endswith("Content.xml"):
                continue
            try:
                root = ElementTree.fromstring(archive.read(name))
            except (ElementTree.ParseError, zipfile.BadZipFile) as exc:
                raise _broken("ofd") from exc
            line = [el.text or "" for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "TextCode"]
            yield "".join(line)

    return _bounded(texts())


def _image_ok(kind: str, data: bytes) -> bool:
    if kind == "png":
        return data[12:16] == b"IHDR" and b"IEND" in data[-12:]
    return data[:3] == b"\xff\xd8\xff" and b"\xff\xd9" in data[-64:]


def inspect_bytes(*, data: bytes, name: str) -> Inspection:
    """Check `data` as a file called `name`; raise FileRejected with the reason, or return what it is."""
    name = os.path.basename((name or "").replace("\\", "/"))
    # Control, format (zero-width, bidi override) and separator characters other than the space never reach a
    # download's Content-Disposition header, the database (PostgreSQL refuses NUL) or a listing.
    name = "".join(ch for ch in name if ch.isprintable() or ch == "\u3000")  # 全角空格 stays
    name = name.strip() or "未命名文件"
    if not data:
        raise FileRejected("文件为空，请重新选择。", code="file_empty")
    if len(data) > settings.SUNSHINE_UPLOAD_MAX_BYTES:
        raise FileRejected(f"文件过大：不得超过 {_limit_text()}。", code="file_too_large")
    kind, archive = sniff(data)
    if kind is None:
        raise FileRejected(f"不支持的文件类型：仅允许 {ALLOWED_TEXT}。", code="file_type")
    stem, ext = os.path.splitext(name)
    ext = ext.lower()
    if ext:
        claimed = EXTENSIONS.get(ext)
        if claimed is None:
            raise FileRejected(f"不支持的文件类型：仅允许 {ALLOWED_TEXT}。", code="file_type")
        if claimed != kind:
            raise FileRejected(
                f"文件内容与扩展名不符：文件名为 {ext}，内容却是{KIND_NAMES[kind]}。请确认后重新上传。",
                code="file_type_mismatch")
    else:
        name = f"{stem}.{kind}"  # no extension: name it after its content

    text, extracted = "", True
    if kind == "pdf":
        text, extracted = _pdf_text(data)
    elif kind == "docx":
        text = _docx_text(data)
    elif kind == "xlsx":
        text = _xlsx_text(data)
    elif kind == "ofd":
        text = _ofd_text(archive)
    elif kind == "txt":
        text = (_decode_text(data) or "")[:MAX_EXTRACTED_CHARS]
    else:
        if not _image_ok(kind, data):
            raise _broken(kind)
        extracted = False  # no OCR: an image's text is unknown
    return Inspection(kind=kind, mime=MIME[kind], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                      name=name[:255], text=text.replace("\x00", ""), text_extracted=extracted)


def inspect_upload(uploaded_file) -> Inspection:
    """`inspect_bytes` for a Django UploadedFile (read once; size checked before reading)."""
    if uploaded_file is None:
        raise FileRejected("请选择要上传的文件。", code="file_missing")
    if uploaded_file.size is not None and uploaded_file.size > settings.SUNSHINE_UPLOAD_MAX_BYTES:
        raise FileRejected(f"文件过大：不得超过 {_limit_text()}。", code="file_too_large")
    uploaded_file.seek(0)
    data = uploaded_file.read(settings.SUNSHINE_UPLOAD_MAX_BYTES + 1)
    uploaded_file.seek(0)
    return inspect_bytes(data=data, name=uploaded_file.name)


# --- storing -----------------------------------------------------------------------------------------

def _storage_name(inspection: Inspection) -> str:
    now = timezone.localtime()
    return f"files/{now:%Y/%m}/{inspection.sha256[:2]}/{inspection.sha256}.{inspection.kind}"


@transaction.atomic
def _store(*, data: bytes, inspection: Inspection, actor, purpose: str) -> StoredFile:
    name = _storage_name(inspection)
    # Content-addressed: identical bytes stored in the same month share one object in storage.
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        name = saved
    uploader = actor if (actor is not None and getattr(actor, "is_authenticated", False)) else None
    stored = StoredFile(original_name=inspection.name, mime=inspection.mime, kind=inspection.kind,
                        size=inspection.size, sha256=inspection.sha256, extracted_text=inspection.text,
                        text_extracted=inspection.text_extracted, uploaded_by=uploader, purpose=purpose[:100])
    stored.file.name = name
    stored.save()
    record(action="file.store", target=stored, actor=uploader,
           after={"name": stored.original_name, "kind": stored.kind, "size": stored.size, "sha256": stored.sha256,
                  "purpose": stored.purpose})
    return stored


def store_upload(*, uploaded_file, actor=None, purpose: str = "") -> StoredFile:
    """Check and store an uploaded file (Django UploadedFile); raise FileRejected if it is refused."""
    inspection = getattr(uploaded_file, "sunshine_inspection", None)  # set by files.forms.UploadField
    uploaded_file.seek(0)
    data = uploaded_file.read(settings.SUNSHINE_UPLOAD_MAX_BYTES + 1)
    if inspection is None or inspection.sha256 != hashlib.sha256(data).hexdigest():
        inspection = inspect_bytes(data=data, name=uploaded_file.name)
    return _store(data=data, inspection=inspection, actor=actor, purpose=purpose)


def store_bytes(*, data: bytes, name: str, actor=None, purpose: str = "") -> StoredFile:
    """Check and store generated bytes (letters, exports) under `name`."""
    inspection = inspect_bytes(data=data, name=name)
    return _store(data=data, inspection=inspection, actor=actor, purpose=purpose)
