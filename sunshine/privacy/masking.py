"""Masking (脱敏) of personal data for public pages.

Rules (docs/privacy.md): a name keeps its first character (张三 → 张*, 欧阳娜娜 → 欧***, a one-character name
becomes *); a resident ID keeps the first 6 and last 4 characters (110105********002X); a mobile number keeps
the first 3 and last 4 of its 11 digits (138****5678); a credit code keeps the first 6 and last 4; a bank card
keeps the first 4 and last 4; an e-mail address keeps the first character of the local part and the domain
(z***@example.com). Separators (spaces, hyphens, a +86 prefix) stay where they were, so the masked value has
the shape of the original. Secret markings (密级标志) are never rewritten: see `mask_secret_marking`.
"""

from __future__ import annotations

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
)

__all__ = ["MASK", "mask_bank_card", "mask_credit_code", "mask_email", "mask_mobile", "mask_name",
           "mask_resident_id", "mask_secret_marking", "mask_text"]


def mask_text(text: str) -> str:
    """`text` with every finding of the scanner replaced by its masked value."""
    findings = scan(text)
    if not findings:
        return text
    parts = []
    pos = 0
    for finding in findings:
        parts.append(text[pos:finding.start])
        parts.append(finding.masked)
        pos = finding.end
    parts.append(text[pos:])
    return "".join(parts)
