"""Reader toggle between simplified and traditional characters (简/繁) for the public pages.

The reader's choice is the `sunshine_script` cookie (`hans` or `hant`, set by `portal:reader-script`; no cookie:
pages as written). `base_public.html` then renders `<html lang="zh-Hant" data-reader-script="hant">` (or
`zh-Hans`/`hans`), and the page is converted on the server once rendered:

- `ReaderScriptMiddleware` converts every HTML response that carries that marker in its `<html>` tag, i.e. the
  public pages and nothing else (staff pages, JSON, files, feeds are never touched);
- the public page cache (`publications.pagecache`) converts before storing, so a cached page is converted once
  (its key holds the script) and the middleware leaves it alone (`response.reader_script_converted`).

Only what a reader reads is converted: text nodes and the human-readable attributes `title`, `alt`,
`aria-label`, `placeholder`. Never: tag and attribute names, other attribute values (URLs, ids, names, form
values), `<script>`/`<style>`/`<textarea>` content (code, JSON, a form value), comments, and any element marked
`translate="no"` (the HTML attribute for "not to be translated": index numbers, the toggle itself).
"""

from __future__ import annotations

import re

from sunshine.core.chinese_script import HANS, HANT, SCRIPTS, convert_many, has_traditional

SCRIPT_COOKIE = "sunshine_script"
HANT_LABEL = "繁體"  # the toggle's label (portal/base_public.html), in traditional on every page
LANGS = {HANS: "zh-Hans", HANT: "zh-Hant", "": "zh-CN"}
MARKER_WINDOW = 1024  # the <html> tag is within the first bytes of a page

_MARKER_RE = re.compile(rb"<html\b[^>]*\bdata-reader-script=\"(hans|hant)\"", re.I)
# A comment, a doctype/declaration, or a tag (attribute values may hold ">" inside quotes).
_TOKEN_RE = re.compile(r"""<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>""", re.S)
_RAW_TEXT = frozenset({"script", "style", "textarea", "template"})  # content kept as it is
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
_NO_TRANSLATE_RE = re.compile(r"""\btranslate\s*=\s*(?:"no"|'no'|no\b)""", re.I)
_READABLE_ATTR_RE = re.compile(r"""(\s(?:title|alt|aria-label|placeholder)\s*=\s*)("[^"]*"|'[^']*')""", re.I)
_CJK_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U000323af]")


def reader_script(request) -> str:
    """The reader's choice: HANS, HANT, or "" (pages as written)."""
    value = request.COOKIES.get(SCRIPT_COOKIE, "")
    return value if value in SCRIPTS else ""


def convert_html(html: str, script: str) -> str:
    """`html` with its readable text in `script` (HANS or HANT); markup and machine values unchanged."""
    pieces: list[str] = []  # the output, in order
    slots: list[int] = []  # indexes in `pieces` of the texts to convert
    texts: list[str] = []

    def text(value: str) -> None:
        if _CJK_RE.search(value):
            slots.append(len(pieces))
            texts.append(value)
        pieces.append(value)

    pos = 0
    skip_name, skip_depth = "", 0  # inside an element marked translate="no"
    length = len(html)
    while pos < length:
        m = _TOKEN_RE.search(html, pos)
        end = m.start() if m else length
        if end > pos:
            if skip_depth:
                pieces.append(html[pos:end])
            else:
                text(html[pos:end])
        if m is None:
            break
        pos = m.end()
        closing, name, attrs = m.group(1), (m.group(2) or "").lower(), m.group(3) or ""
        if not name:  # comment or declaration
            pieces.append(m.group())
            continue
        if closing:
            pieces.append(m.group())
            if skip_depth and name == skip_name:
                skip_depth -= 1
            continue
        self_closing = attrs.rstrip().endswith("/")
        if skip_depth:
            pieces.append(m.group())
            if name == skip_name and name not in _VOID and not self_closing:
                skip_depth += 1
        elif _NO_TRANSLATE_RE.search(attrs):
            pieces.append(m.group())
            if name not in _VOID and not self_closing:
                skip_name, skip_depth = name, 1
        elif _CJK_RE.search(attrs) and _READABLE_ATTR_RE.search(attrs):
            pieces.append("<" + m.group(2))
            last = 0
            for a in _READABLE_ATTR_RE.finditer(attrs):
                pieces.append(attrs[last:a.start(2)])
                value = a.group(2)
                pieces.append(value[0])
                text(value[1:-1])
                pieces.append(value[-1])
                last = a.end(2)
            pieces.append(attrs[last:] + ">")
        else:
            pieces.append(m.group())
        if name in _RAW_TEXT and not self_closing:
            close = re.compile(rf"</{name}\s*>", re.I).search(html, pos)
            stop = close.start() if close else length
            pieces.append(html[pos:stop])
            pos = stop
    for slot, converted in zip(slots, convert_many(texts, script), strict=True):
        pieces[slot] = converted
    return "".join(pieces)


def page_script(content: bytes) -> str:
    """The script a rendered public page asks for (its <html data-reader-script>), or ""."""
    m = _MARKER_RE.search(content[:MARKER_WINDOW])
    return m.group(1).decode() if m else ""


def convert_response(response):
    """Convert a rendered public page in place (once); any other response is returned untouched."""
    if getattr(response, "reader_script_converted", False) or getattr(response, "streaming", False):
        return response
    if not response.get("Content-Type", "").startswith("text/html"):
        return response
    response.reader_script_converted = True
    script = page_script(response.content)
    if not script:
        return response
    charset = response.charset or "utf-8"
    html = response.content.decode(charset)
    if script == HANS and not has_traditional(html.replace(HANT_LABEL, "")):
        return response  # nothing traditional but the toggle's label (translate="no"): nothing to do
    response.content = convert_html(html, script).encode(charset)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


class ReaderScriptMiddleware:
    """Converts public pages to the reader's script (see the module docstring). Last in MIDDLEWARE, so it sees
    the response first, before anything computes a length or a digest of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if SCRIPT_COOKIE not in request.COOKIES:
            return response  # the common case: pages as written, no work at all
        return convert_response(response)
