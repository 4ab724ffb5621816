"""Rendering a document (no database writes but the office-template look-up): one source, three formats.

Each kind's body is a Django template (on disk, or an office's `DocumentTemplate`), wrapped in the kind's page
(`documents/_document.html`: title, 文号, addressee, body, signature, seal, date, and a print stylesheet with the
GB/T 9704-2012 margins) to give the printable HTML. The .docx is built from the same HTML blocks with python-docx,
and the PDF from the same HTML with WeasyPrint, so all three always say the same."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from xml.sax.saxutils import escape as xml_escape

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template import Context, Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe

from sunshine.core.errors import DomainError
from sunshine.core.text import document_text, strip_bidi_controls

from . import registry

logger = logging.getLogger(__name__)


class TemplateMissing(ValueError):
    """No template for this kind and variant (a programming error of the issuing app, not the user's)."""


class PdfUnavailable(DomainError):
    """This server cannot make PDFs (WeasyPrint's system libraries or the Chinese fonts are missing)."""


@dataclass
class Rendering:
    """A rendered document: the complete printable HTML and its text blocks (role, text) for the .docx."""

    kind: str
    title: str
    number: str
    html: str
    blocks: list[tuple[str, str]] = field(default_factory=list)


# --- office templates -----------------------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def office_engine(string_if_invalid: str = "") -> Engine:
    """The engine of the offices' templates: Django's built-in tags and filters, no template loaders (so no
    `{% include %}` or `{% extends %}` of files) and no tag libraries (`{% load %}` fails)."""
    return Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True, debug=False,
                  string_if_invalid=string_if_invalid)


def office_template(kind_code: str, variant: str = "", department=None):
    """The office's active template for (kind, variant, department), or None for the built-in one: the variant's
    own before the blank variant, then the department's own before the one for all departments, the newest first.
    One query."""
    from django.apps import apps

    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    department_id = getattr(department, "pk", department)
    queryset = DocumentTemplate.objects.filter(kind=kind_code, is_active=True, variant__in={variant, ""})
    if department_id:
        queryset = queryset.filter(Q(department_id=department_id) | Q(department__isnull=True))
    else:
        queryset = queryset.filter(department__isnull=True)
    rows = list(queryset)
    if not rows:
        return None
    return min(rows, key=lambda t: (t.variant != variant, t.department_id is None, -t.pk))


_DEBUG_TAG = re.compile(r"{%-?\s*debug\b")
_INVALID = "\x00INVALID[%s]\x00"
_INVALID_FOUND = re.compile("\x00INVALID\\[([^\\]\x00]*)\\]\x00")


def validate_office_template(*, kind_code: str, variant: str, body: str) -> None:
    """Refuse (ValidationError in Chinese, per field) an office template that the kernel could not use: unknown kind
    or variant, a syntax error, a tag that reads files or the context dump, or one that fails or names a variable
    that does not exist when rendered with the kind's sample context."""
    kind = registry.get(kind_code)
    if kind is None:
        raise ValidationError({"kind": "未知的文书类别。"})
    if variant and not kind.variants:
        raise ValidationError({"variant": f"“{kind.title}”不区分样式，请留空。"})
    if variant and variant not in kind.variants:
        raise ValidationError({"variant": f"“{kind.title}”没有样式“{variant}”。可选："
                                          + "、".join(f"{code}（{label}）" for code, label in kind.variants.items())})
    if _DEBUG_TAG.search(body or ""):
        raise ValidationError({"body": "模板不能使用 {% debug %} 标签。"})
    try:
        office_engine().from_string(body or "")
    except TemplateSyntaxError as exc:
        raise ValidationError({"body": f"模板语法错误：{exc}"}) from exc
    if kind.sample_context is None:
        return
    sample = kind.sample_context()
    try:
        output = office_engine(_INVALID).from_string(body).render(Context(sample))
    except TemplateDoesNotExist as exc:
        raise ValidationError({"body": "模板不能引用其他模板（include、extends）。"}) from exc
    except Exception as exc:  # a filter or tag failing on real data: the office must see it now, not at issue time
        raise ValidationError({"body": f"模板无法用示例数据生成：{exc}"}) from exc
    unknown = sorted(set(_INVALID_FOUND.findall(output)))
    if unknown:
        names = "、".join(f"{{{{ {name} }}}}" for name in unknown)
        available = "、".join(sorted(name for name in sample if not name.startswith("_")))
        raise ValidationError({"body": f"模板中的变量不存在：{names}。可用的变量：{available}"})


# --- rendering ------------------------------------------------------------------------------------------------------

def render(kind_code: str, context: dict, *, variant: str = "", department=None, title: str = "",
           number: str = "") -> Rendering:
    """Render one document of a registered kind: the office's template if it has one, else the kind's template on
    disk; `title` (if given) wins over the office's title, which wins over the kind's."""
    kind = registry.get(kind_code)
    if kind is None or not kind.template:
        raise TemplateMissing(f"document kind {kind_code!r} is not registered with a template")
    override = office_template(kind.code, variant, department)
    if override is not None:
        body = office_engine().from_string(override.body).render(Context(context))
        title = title or override.title or kind.title
    else:
        try:
            body = get_template(kind.template_name(variant)).render(context)
        except TemplateDoesNotExist as exc:
            raise TemplateMissing(f"no template for {kind_code} {variant!r}") from exc
        title = title or kind.title
    # bidirectional overrides in a name or a text (an applicant's "\u202e三张" reads 张三) never reach the letter:
    # the stored HTML, hence the .docx, the PDF and the printable page, is without them
    title, number = strip_bidi_controls(title), strip_bidi_controls(number)
    page = {**context, "title": title, "number": number, "body": mark_safe(body)}
    html = strip_bidi_controls(render_to_string(kind.wrapper, page))
    return Rendering(kind=kind.code, title=title, number=number, html=html, blocks=html_blocks(html))


# --- HTML → blocks → .docx ------------------------------------------------------------------------------------------

class _BlockParser(HTMLParser):
    """Collect the text blocks of the document's <article>: (role, text) with role from the element's data-role."""

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


def python_docx_bytes(rendering: Rendering) -> bytes:
    """The document as .docx through python-docx: 仿宋 body, centred title and 文号, indented paragraphs,
    right-aligned signature. The reference for `docx_bytes`, which writes the same package faster."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = document_text(rendering.title)
    normal = document.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)  # 三号
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for role, text in rendering.blocks:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(document_text(text))  # applicants' text: control characters, bidi overrides
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
    """python-docx's package of a document with no paragraphs, once per process: its parts in order, and the
    document and core-properties XML split where the paragraphs and the title go."""
    data = python_docx_bytes(Rendering(kind="", title=_TITLE_MARK, number="", html=""))
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


def docx_bytes(rendering: Rendering) -> bytes:
    """The document as .docx: the package `python_docx_bytes` writes (same parts, same XML), with only the body and
    the title written per document. python-docx re-reads and re-serialises its ~800 KB of style parts for every
    document (~45 ms); this takes ~10 ms, most of it compressing those parts."""
    parts, (body_start, body_end), (core_start, core_end) = _package()
    # (documents issued before bidi controls were stripped at rendering are cleaned here too)
    paragraphs = "".join(_paragraph_xml(role, document_text(text)) for role, text in rendering.blocks)
    replaced = {"word/document.xml": (body_start + paragraphs + body_end).encode(),
                "docProps/core.xml": (core_start + xml_escape(document_text(rendering.title)) + core_end).encode()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, replaced.get(name, data))
    return buffer.getvalue()


# --- HTML → PDF -----------------------------------------------------------------------------------------------------

PDF_UNAVAILABLE = ("本服务器暂时无法生成 PDF 文件（缺少 PDF 组件或中文字体），请下载 Word 文件或打印网页版，"
                   "并联系系统管理员。")


@lru_cache(maxsize=1)
def chinese_fonts_installed() -> bool:
    """Whether fontconfig knows a font covering Chinese (`fc-list :lang=zh`); True when it cannot be asked."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    try:
        found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                               timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(found.strip())


def pdf_bytes_from_html(html: str) -> bytes:
    """The printable HTML as PDF (WeasyPrint: A4, the page's print stylesheet, the Chinese fonts embedded as subsets).
    Nothing outside the HTML is fetched (files, the network): only `data:` URLs are allowed. Raises `PdfUnavailable`
    when WeasyPrint's libraries (pango) or Chinese fonts are missing on this server."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: pango is not installed
        logger.error("WeasyPrint cannot load: %s", exc)
        raise PdfUnavailable(PDF_UNAVAILABLE, code="pdf_unavailable") from exc
    if not chinese_fonts_installed():
        logger.error("no font covering Chinese is installed (fonts-noto-cjk): a PDF would show empty boxes")
        raise PdfUnavailable(PDF_UNAVAILABLE, code="pdf_fonts_missing")
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    return HTML(string=strip_bidi_controls(html), url_fetcher=fetcher, media_type="print").write_pdf()
