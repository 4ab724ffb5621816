"""Masking (脱敏) of personal data for public pages.

Rules (docs/privacy.md): a name keeps its first character (张三 → 张*, 欧阳娜娜 → 欧***, a one-character name
becomes *); a resident ID keeps the first 6 and last 4 characters (110105********002X); a mobile number keeps
the first 3 and last 4 of its 11 digits (138****5678); a credit code keeps the first 6 and last 4; a bank card
keeps the first 4 and last 4; an e-mail address keeps the first character of the local part and the domain
(z***@example.com). Separators (spaces, hyphens, a +86 prefix) stay where they were, so the masked value has
the shape of the original. Secret markings (密级标志) are never rewritten: see `mask_secret_marking`.
"""

from __future__ import annotations

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
    """张三 → 张*, 张三丰 → 张**, 欧阳娜娜 → 欧***; a one-character name becomes "*" (nothing is left to keep)."""
    name = (name or "").strip()
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


def mask_text(text: str) -> str:
    """`text` with every finding of the scanner replaced by its masked value."""
    from .scanner import scan

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
