"""Masks of single values (脱敏规则), the primitives of `masking` and of the scanner's `Finding.masked`.

The rules are documented in `masking` (docs/privacy.md); import them from there. They live here so the scanner can
use them without importing `masking`, which uses the scanner (`mask_text`): no import cycle in the app.
"""

from __future__ import annotations

import re

MASK = "*"


def _mask_significant(value: str, *, keep_start: int, keep_end: int) -> str:
    """Mask the letters/digits of `value` except the first `keep_start` and last `keep_end` of them."""
    significant = [i for i, ch in enumerate(value) if ch.isalnum()]
    n = len(significant)
    if n <= keep_start + keep_end:
        keep_start, keep_end = min(keep_start, n // 3), min(keep_end, n // 3)
    hidden = set(significant[keep_start:n - keep_end])
    return "".join(MASK if i in hidden else ch for i, ch in enumerate(value))


def mask_name(name: str) -> str:
    """张三 → 张*, 张三丰 → 张**, 欧阳娜娜 → 欧***; a one-character name becomes "*" (nothing is left to keep).
    Invisible characters are dropped first (a zero-width space must not count as a kept character)."""
    name = strip_invisible(name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return MASK
    return name[0] + MASK * (len(name) - 1)


def mask_resident_id(value: str) -> str:
    """11010519491231002X → 110105********002X (15-digit legacy IDs: first 6, last 4 kept as well)."""
    return _mask_significant(value, keep_start=6, keep_end=4)


def mask_credit_code(value: str) -> str:
    """91110000600037341L → 911100********341L."""
    return _mask_significant(value, keep_start=6, keep_end=4)


def mask_mobile(value: str) -> str:
    """13812345678 → 138****5678; "+86 138-1234-5678" → "+86 138-****-5678" (prefix and separators kept)."""
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    if len(digits) < 11:
        return _mask_significant(value, keep_start=3, keep_end=4)
    national = digits[-11:]  # the 11-digit number after any 86 prefix
    hidden = set(national[3:7])
    return "".join(MASK if i in hidden else ch for i, ch in enumerate(value))


def mask_bank_card(value: str) -> str:
    """6222021234567890128 → 6222***********0128 (groups of four keep their spaces)."""
    return _mask_significant(value, keep_start=4, keep_end=4)


def mask_email(value: str) -> str:
    """zhangsan@example.com → z***@example.com."""
    local, sep, domain = value.rpartition("@")
    if not sep:
        return _mask_significant(value, keep_start=1, keep_end=0)
    return f"{local[:1]}***@{domain}" if local else f"***@{domain}"


def mask_secret_marking(value: str) -> str:
    """A secret marking is reported, never rewritten: masking cannot make a classified document publishable,
    and a "cleaned" copy that still shows 机密★ keeps anyone from publishing it by mistake."""
    return value


# Invisible format characters (Unicode category Cf): zero-width space/joiners (U+200B–U+200D), marks and bidi
# controls (U+200E/F, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+061C), the word joiner and
# invisible operators (U+2060–U+2064), soft hyphen, BOM, interlinear annotation and tag characters. Inside an ID
# they hide it from a pattern ("1101\u200b05…"); in a name they can reverse what a reader sees (U+202E).
INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
# Only the bidirectional controls: embeddings, overrides, isolates and the directional marks.
BIDI_CONTROL_RE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_invisible(text: str) -> str:
    """`text` without invisible format characters (what the masker looks at, and what the public sees)."""
    return INVISIBLE_RE.sub("", text) if text else text


def strip_bidi_controls(text: str) -> str:
    """`text` without bidirectional embeddings, overrides and isolates: shown to staff as it was typed, never
    reordered (a name "\u202e三张" would otherwise read as 张三)."""
    return BIDI_CONTROL_RE.sub("", text) if text else text
