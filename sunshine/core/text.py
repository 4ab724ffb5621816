"""Text hygiene for what leaves the site in other formats (.docx, .xlsx), for parsed JSON and for required fields."""

from __future__ import annotations

import re
import unicodedata

# Characters XML 1.0 (hence .docx and .xlsx) cannot hold: C0 controls except tab/newline/CR, lone surrogates,
# and the non-characters U+FFFE/U+FFFF.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# Bidirectional controls: the Arabic letter mark, LRM/RLM, the embeddings and overrides U+202A–U+202E and the
# isolates U+2066–U+2069 (the same set StripBidiControlsMiddleware removes from pages). "\u202e三张" shows as 张三.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML cannot store (vertical tab and form feed become a newline)."""
    return XML_UNSAFE.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def strip_bidi_controls(text: str) -> str:
    """`text` without bidirectional controls (`BIDI_CONTROLS`): for what the site writes into documents, where no
    middleware sees it (.docx, PDF, their file names and titles)."""
    return BIDI_CONTROLS.sub("", text) if text else text


def document_text(text: str) -> str:
    """Text for a .docx or .xlsx: without the characters XML cannot store and without bidirectional controls."""
    return strip_bidi_controls(xml_safe(text))


def spreadsheet_cell(value):
    """A value for an exported spreadsheet cell: text that a spreadsheet would run as a formula (=, +, -, @, tab,
    CR, LF) gets a leading apostrophe (the OWASP CSV-injection rule); numbers stay."""
    if not isinstance(value, str):
        return value
    value = document_text(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def has_visible_text(value: str) -> bool:
    """Whether `value` has a character a reader can see: not only spaces, zero-width spaces, direction marks or
    control characters (Unicode categories Z* and C*). A required name of "\u200b\u200b" is an empty name."""
    return any(unicodedata.category(ch)[0] not in "CZ" for ch in value or "")


def fold_full_width(value: str) -> str:
    """Full-width forms typed with a Chinese input method ("１３８", "Ｘ", "－", the ideographic space) folded to ASCII.

    Only the <wide> compatibility forms are folded: full NFKC would also turn a superscript "²" or a circled "⑫"
    into digits, which no one types in an identity or phone number."""
    return "".join(unicodedata.normalize("NFKC", ch) if unicodedata.decomposition(ch).startswith("<wide>") else ch
                   for ch in value or "")
