"""Masks of single values (脱敏规则), the primitives of `masking` and of the scanner's `Finding.masked`.

The rules are documented in `masking` (docs/privacy.md); import them from there. They live here so the scanner can
use them without importing `masking`, which uses the scanner (`mask_text`): no import cycle in the app.
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
