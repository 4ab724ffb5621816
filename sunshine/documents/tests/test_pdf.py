"""A document as PDF: Chinese text in embedded fonts (no empty boxes), nothing fetched from outside the HTML."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sunshine.documents import rendering, services

from .conftest import NOTICE


def pdf_fonts(reader: PdfReader) -> list[dict]:
    """Each font used: its name, whether its program is embedded, and whether it draws the .notdef glyph (GID 0,
    the empty box of a missing character): WeasyPrint writes the widths (/W) of exactly the glyphs it uses."""
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            widths = list(descendant.get("/W", []))
            first_gids = [w for w in widths if isinstance(w, int)]
            fonts.append({"name": str(font["/BaseFont"]),
                          "embedded": any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                          "notdef": 0 in first_gids})
    return fonts


def test_a_letter_as_pdf_keeps_its_chinese_text_in_embedded_fonts(notice_kind, subject, context):
    document = services.issue(subject, NOTICE, context=context, number="发改告〔2026〕1号")
    reader = PdfReader(io.BytesIO(services.pdf_bytes(document)))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("办理告知书", "发改告〔2026〕1号", "2026年3月16日", "2026年3月3日", "随县发展和改革局", "张三："):
        assert expected in text.replace(" ", ""), expected
    mediabox = reader.pages[0].mediabox
    assert (round(float(mediabox.width) / 72 * 25.4), round(float(mediabox.height) / 72 * 25.4)) == (210, 297)  # A4
    fonts = pdf_fonts(reader)
    assert fonts and all(f["embedded"] for f in fonts), fonts
    assert any("CJK-SC" in f["name"] for f in fonts), fonts  # simplified-Chinese glyph forms (lang zh-CN)
    assert not any(f["notdef"] for f in fonts), fonts


def test_the_pdf_is_built_once_and_kept(notice_kind, subject, context, clerk):
    from sunshine.files.models import StoredFile

    document = services.issue(subject, NOTICE, context=context, file_stem="RX2026-ABCD2345-notice")
    stored = services.pdf_file(document, actor=clerk)
    assert stored.kind == "pdf" and stored.original_name == "RX2026-ABCD2345-notice.pdf"
    assert "办理告知书" in stored.extracted_text  # the files app read it back
    document.refresh_from_db()
    assert document.pdf_file == stored and services.pdf_file(document) == stored
    assert StoredFile.objects.filter(kind="pdf").count() == 1


def test_nothing_outside_the_html_is_fetched(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text('h1::after { content: "LEAKED-FILE"; }')
    html = (f'<html><head><link rel="stylesheet" href="file://{secret}"></head><body><article>'
            f'<h1>标题</h1><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png"></article></body></html>')
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(rendering.pdf_bytes_from_html(html))).pages)
    assert "标题" in text and "LEAKED" not in text


def test_without_chinese_fonts_the_pdf_is_refused_not_made_of_boxes(monkeypatch):
    monkeypatch.setattr(rendering, "chinese_fonts_installed", lambda: False)
    with pytest.raises(rendering.PdfUnavailable) as info:
        rendering.pdf_bytes_from_html("<p>中文</p>")
    assert info.value.message.startswith("本服务器暂时无法生成 PDF 文件")


@pytest.mark.parametrize("items", range(26, 33))
def test_the_date_is_never_alone_on_the_last_page(notice_kind, subject, context, items):
    """The signature, seal and date stay together (a date alone on a page is no letter): around 29 items of the
    example the page break would otherwise fall between the seal and the date."""
    context["items"] = [f"材料{i}" for i in range(items)]
    document = services.issue(subject, NOTICE, context=context)
    pages = [p.extract_text().replace(" ", "") for p in PdfReader(io.BytesIO(services.pdf_bytes(document))).pages]
    [last] = [p for p in pages if "2026年3月3日" in p]
    assert "随县发展和改革局" in last and "（印章）" in last


def test_a_pdf_has_no_bidi_override(notice_kind, subject, context):
    """A name typed as "\u202e三张" would be drawn reversed (张三); a document stored with one before rendering
    stripped them is cleaned when its PDF is made."""
    document = services.issue(subject, NOTICE, context={**context, "addressee": "\u202e三张"})
    assert "\u202e" not in document.html
    document.html = document.html.replace("三张", "\u202e三张\u202c")  # as stored by an older version
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(services.pdf_bytes(document))).pages)
    assert "三张：" in text.replace(" ", "") and "\u202e" not in text
