"""Masking (脱敏) of personal data for public pages.

Rules (docs/privacy.md): a name keeps its first character (张三 → 张*, 欧阳娜娜 → 欧***, a one-character name
becomes *); a resident ID keeps the first 6 and last 4 characters (110105********002X); a mobile number keeps
the first 3 and last 4 of its 11 digits (138****5678); a credit code keeps the first 6 and last 4; a bank card
keeps the first 4 and last 4; an e-mail address keeps the first character of the local part and the domain
(z***@example.com). Separators (spaces, hyphens, a +86 prefix) stay where they were, so the masked value has
the shape of the original. Secret markings (密级标志) are never rewritten: see `mask_secret_marking`.

`mask_text` drops invisible characters (zero-width spaces, bidi overrides: `strip_invisible`) and masks, besides
every finding of the scanner, the names it is given wherever they occur in the text: the writer's own name
(我是欧阳娜娜 → 我是欧***), also when spaced out or split by invisible characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .scanner import scan
from .value_masks import (  # the public masking API (the rules are in value_masks so the scanner can use them)
    MASK,
    mask_bank_card,
    mask_credit_code,
    mask_email,
    mask_mobile,
    mask_name,
    mask_resident_id,
    mask_secret_marking,
    strip_bidi_controls,
    strip_invisible,
)

__all__ = ["MASK", "mask_bank_card", "mask_credit_code", "mask_email", "mask_mobile", "mask_name",
           "mask_resident_id", "mask_secret_marking", "mask_text", "strip_bidi_controls", "strip_invisible"]


def _name_pattern(name: str) -> re.Pattern | None:
    """The name's characters, with any spacing between them (张 三, 欧阳　娜娜); None for a name too short to look
    for safely (one character would mask that character everywhere)."""
    chars = [ch for ch in strip_invisible(name or "") if not ch.isspace()]
    if len(chars) < 2:
        return None
    return re.compile(r"[\s\u3000]*".join(re.escape(ch) for ch in chars))


def mask_text(text: str, *, names: Iterable[str] = ()) -> str:
    """`text` without invisible characters, with every finding of the scanner replaced by its masked value and
    every occurrence of one of `names` (the writer's own name) replaced by `mask_name`."""
    if not text:
        return text
    text = strip_invisible(text)
    findings = scan(text)
    if findings:
        parts = []
        pos = 0
        for finding in findings:
            parts.append(text[pos:finding.start])
            parts.append(finding.masked)
            pos = finding.end
        parts.append(text[pos:])
        text = "".join(parts)
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        pattern = _name_pattern(name)
        if pattern is not None:
            text = pattern.sub(lambda m: mask_name("".join(m.group().split())), text)
    return text
