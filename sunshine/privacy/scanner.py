"""Sensitive-data scanner (敏感信息扫描): finds personal data and secret markings in plain text.

`scan(text)` returns one `Finding` per span, in text order. Kinds and rules (see docs/privacy.md):

- ``resident_id`` 居民身份证号码: 18 characters (GB 11643, check digit by `stdnum.cn.ric`, plausible
  birth date, province-looking prefix) or a 15-digit legacy number (valid 19YYMMDD birth date, province prefix).
- ``suspect_resident_id`` 疑似身份证号: 18 characters that look like a resident ID (a region code known to
  python-stdnum's GB/T 2260 table and a plausible birth date) but fail the check digit: a mistyped ID is
  still someone's ID, so it is reported (and masked) as one, under its own kind.
- ``credit_code`` 统一社会信用代码: 18 characters checked by `stdnum.cn.uscc`.
- ``mobile`` 手机号码: 1[3-9] + 9 digits, optional +86/86 prefix, optional space or hyphen groups 3-4-4.
- ``bank_card`` 银行卡号: 16–19 digits (optionally in groups of 4 separated by one space), Luhn-valid,
  issuer digit 3, 4, 5 or 6.
- ``email`` 电子邮箱.
- ``secret_marking`` 密级标志: 绝密/机密/秘密 (and 内部) markings, see `_SECRET_RE` for the exact rule.

Every pattern is a plain compiled regular expression anchored on a run boundary (a digit run or an
e-mail run is only tried from its first character), so the scan is linear in the text length.
Full-width digits and letters (１３８…) are folded to ASCII before matching; offsets are unchanged
because the folding maps one character to one character.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from stdnum import luhn
from stdnum.cn import uscc

from sunshine.core.identity import plausible_birth_date, resident_id_ok

from . import value_masks

RESIDENT_ID = "resident_id"
SUSPECT_RESIDENT_ID = "suspect_resident_id"
CREDIT_CODE = "credit_code"
MOBILE = "mobile"
BANK_CARD = "bank_card"
EMAIL = "email"
SECRET_MARKING = "secret_marking"

KIND_LABELS = {
    RESIDENT_ID: "居民身份证号码",
    SUSPECT_RESIDENT_ID: "疑似身份证号",
    CREDIT_CODE: "统一社会信用代码",
    MOBILE: "手机号码",
    BANK_CARD: "银行卡号",
    EMAIL: "电子邮箱",
    SECRET_MARKING: "密级标志",
}

# When two candidate spans overlap, the longer span wins; for equal spans the lower rank (more specific) wins.
_RANK = {SECRET_MARKING: 0, EMAIL: 1, RESIDENT_ID: 2, CREDIT_CODE: 3, SUSPECT_RESIDENT_ID: 4, MOBILE: 5,
         BANK_CARD: 6}
# Kinds masked like a resident ID on public pages.
ID_KINDS = (RESIDENT_ID, SUSPECT_RESIDENT_ID)

# GB/T 2260 province-level codes: the first two digits of a resident ID.


@dataclass(frozen=True, slots=True)
class Finding:
    """One sensitive span: `text[start:end] == value`; `masked` is what `mask_text` puts in its place."""

    kind: str
    start: int
    end: int
    value: str
    masked: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


# Full-width digits, letters, "+", "@", "." and "-" folded to ASCII (one character to one character).
_FOLD = {0xFF10 + i: 0x30 + i for i in range(10)}
_FOLD.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FOLD.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FOLD.update({0xFF0B: ord("+"), 0xFF20: ord("@"), 0xFF0E: ord("."), 0xFF0D: ord("-")})
_FULLWIDTH_RE = re.compile("[\uff0b\uff0d\uff0e\uff10-\uff19\uff20-\uff3a\uff41-\uff5a]")

# A run of 15-19 digits (resident IDs, all-digit credit codes, bank cards), or 17 digits + X.
_DIGIT_RUN_RE = re.compile(r"(?<![0-9])(?:[0-9]{17}[Xx](?![0-9A-Za-z])|[0-9]{15,19}(?![0-9]))")
# A resident ID written in groups 6-8-4 ("110105 19491231 002X").
_GROUPED_ID_RE = re.compile(r"(?<![0-9])[0-9]{6} [0-9]{8} [0-9]{3}[0-9Xx](?![0-9A-Za-z])")
# Credit codes with letters: 8 digits then 10 characters of the GB 32100 alphabet.
_CREDIT_CODE_RE = re.compile(r"(?<![0-9A-Za-z])[0-9]{8}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])")
# A bank card written in groups of four: 4-4-4-4 with an optional last group of 1-3 digits.
_GROUPED_CARD_RE = re.compile(r"(?<![0-9])[0-9]{4}(?: [0-9]{4}){3}(?: [0-9]{1,3})?(?![0-9])")
_MOBILE_RE = re.compile(r"(?=[+018])(?<![0-9+])(?:(?:\+|00)?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)

# Secret markings (密级标志, 《保密法》 and GB/T 9704 公文格式). The rule:
#   1. 绝密 / 机密 (traditional 絕密 / 機密) anywhere, with or without ★ and a period.
#   2. 秘密 (祕密) and 内部 (內部) followed by ★ (or ☆), with an optional period ("秘密★1年", "内部★").
#   3. 内部资料 / 内部文件 / 内部发行 (and traditional forms) anywhere.
#   4. 秘密 or 内部 bare only as a marking of its own: alone on its line, inside brackets
#      (【内部】（秘密）[内部]〔内部〕「内部」), or right after 密级：.
# So "国家秘密", "商业秘密", "内部控制", "内部审计" and "内部事务信息" (a ground for refusal under Art. 16) are
# ordinary words and are not reported. The regex starts with the keyword, so it is tried only where one occurs;
# rule 4's context is checked in Python on those few hits.
_SPACE = " \t\u3000"
_PERIOD = (r"(?:[ \t\u3000]*(?:[0-9]{1,3}[ \t\u3000]*(?:年|个月|個月)|[一二三四五六七八九十]{1,3}(?:年|个月|個月)"
           r"|长期|長期|启用前|啟用前))?")
_SECRET_RE = re.compile(
    r"(?P<kw>绝密|絕密|机密|機密|秘密|祕密|内部|內部)"
    r"(?:(?P<star>[ \t\u3000]*[★☆]" + _PERIOD + r")|(?P<suffix>资料|資料|文件|发行|發行))?"
)
_ALWAYS = frozenset({"绝密", "絕密", "机密", "機密"})
_OPENERS = frozenset("【（([〔「")
_CLOSERS = frozenset("】）)]〕」")


def _is_secret_marking(m: re.Match, text: str) -> bool:
    kw = m.group("kw")
    if kw in _ALWAYS or m.group("star"):
        return True
    if m.group("suffix"):
        return kw in ("内部", "內部")
    # Bare 秘密 / 内部: look at the nearest non-blank characters on the same line.
    i = m.start() - 1
    while i >= 0 and text[i] in _SPACE:
        i -= 1
    j = m.end()
    while j < len(text) and text[j] in _SPACE:
        j += 1
    before = text[i] if i >= 0 else "\n"
    after = text[j] if j < len(text) else "\n"
    if before in _OPENERS and after in _CLOSERS:
        return True
    if before in ":：" and text[max(0, i - 2):i] in ("密级", "密級"):
        return True
    return before in "\r\n" and after in "\r\n"


def is_resident_id(compact: str, *, today: dt.date | None = None) -> bool:
    """18-character ID with a correct check digit, or a 15-digit legacy ID (see `core.identity.resident_id_ok`)."""
    return resident_id_ok(compact, allow_legacy=True, today=today)


def is_suspect_resident_id(compact: str, *, today: dt.date | None = None) -> bool:
    """18 characters shaped like a resident ID whose check digit is wrong (a typing or copying error): 17 digits
    and a digit or X, a region code (first 6 digits) present in python-stdnum's GB/T 2260 table (at any time:
    随县 421321 is listed from 2009, and people born before keep their number), a plausible birth date."""
    if len(compact) != 18 or not compact.isascii() or not compact[:17].isdigit() or compact[17] not in "0123456789Xx":
        return False
    if resident_id_ok(compact, today=today):
        return False
    if not plausible_birth_date(compact[6:14], today=today):
        return False
    return _known_region(compact[:6])


def _known_region(code: str) -> bool:
    """Whether a 6-digit GB/T 2260 code names a county-level division in python-stdnum's table."""
    from stdnum import numdb

    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def is_credit_code(compact: str) -> bool:
    return len(compact) == 18 and uscc.is_valid(compact)


def is_bank_card(compact: str) -> bool:
    return 16 <= len(compact) <= 19 and compact.isdigit() and compact[0] in "3456" and luhn.is_valid(compact)


def _classify_number(compact: str, today: dt.date) -> str | None:
    """Kind of a 15-19 character number; precedence resident ID > credit code > bank card."""
    if is_resident_id(compact, today=today):
        return RESIDENT_ID
    if is_credit_code(compact):
        return CREDIT_CODE
    # a mistyped ID before a bank card: an 18-digit number with a real region code and birth date is far more
    # likely an ID with a wrong check digit than an account number that happens to look like one
    if is_suspect_resident_id(compact, today=today):
        return SUSPECT_RESIDENT_ID
    if is_bank_card(compact):
        return BANK_CARD
    return None


def _mask(kind: str, value: str) -> str:
    if kind in ID_KINDS:
        return value_masks.mask_resident_id(value)
    if kind == CREDIT_CODE:
        return value_masks.mask_credit_code(value)
    if kind == MOBILE:
        return value_masks.mask_mobile(value)
    if kind == BANK_CARD:
        return value_masks.mask_bank_card(value)
    if kind == EMAIL:
        return value_masks.mask_email(value)
    return value_masks.mask_secret_marking(value)


def _candidates(folded: str):
    today = timezone.localdate()
    for m in _DIGIT_RUN_RE.finditer(folded):
        kind = _classify_number(m.group(), today)
        if kind:
            yield kind, m.start(), m.end()
    for m in _GROUPED_ID_RE.finditer(folded):
        compact = m.group().replace(" ", "")
        if is_resident_id(compact, today=today):
            yield RESIDENT_ID, m.start(), m.end()
        elif is_suspect_resident_id(compact, today=today):
            yield SUSPECT_RESIDENT_ID, m.start(), m.end()
    for m in _CREDIT_CODE_RE.finditer(folded):
        code = m.group()
        # All-digit codes come from _DIGIT_RUN_RE; a resident ID ending in X also fits the alphabet.
        if not code.isdigit() and not is_resident_id(code, today=today) and is_credit_code(code):
            yield CREDIT_CODE, m.start(), m.end()
    for m in _GROUPED_CARD_RE.finditer(folded):
        if is_bank_card(m.group().replace(" ", "")):
            yield BANK_CARD, m.start(), m.end()
    for m in _MOBILE_RE.finditer(folded):
        yield MOBILE, m.start(), m.end()
    for m in _EMAIL_RE.finditer(folded):
        yield EMAIL, m.start(), m.end()
    for m in _SECRET_RE.finditer(folded):
        if _is_secret_marking(m, folded):
            if m.group("suffix") and m.group("kw") not in ("内部", "內部"):
                yield SECRET_MARKING, m.start(), m.start("suffix")
            else:
                yield SECRET_MARKING, m.start(), m.end()


def _resolve(candidates: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep one candidate per span: within each cluster of overlapping spans, longest first, then by rank."""
    candidates.sort(key=lambda c: (c[1], c[2]))
    kept: list[tuple[str, int, int]] = []
    cluster: list[tuple[str, int, int]] = []
    cluster_end = -1

    def flush():
        if len(cluster) == 1:
            kept.append(cluster[0])
            return
        chosen: list[tuple[str, int, int]] = []
        for cand in sorted(cluster, key=lambda c: (-(c[2] - c[1]), _RANK[c[0]], c[1])):
            if all(cand[2] <= o[1] or cand[1] >= o[2] for o in chosen):
                chosen.append(cand)
        kept.extend(sorted(chosen, key=lambda c: c[1]))

    for cand in candidates:
        if cluster and cand[1] >= cluster_end:
            flush()
            cluster = []
        cluster.append(cand)
        cluster_end = max(cluster_end, cand[2]) if len(cluster) > 1 else cand[2]
    if cluster:
        flush()
    return kept


def scan(text: str) -> list[Finding]:
    """Every sensitive span of `text`, in order, without overlaps.

    Invisible characters (zero-width spaces, bidi controls, `value_masks.INVISIBLE_RE`) are skipped: an ID split by
    U+200B is found whole. Offsets and `value` still refer to `text` (the span includes the invisible characters);
    `masked` is computed from the visible characters only."""
    if not text:
        return []
    visible, positions = text, None
    if value_masks.INVISIBLE_RE.search(text):
        kept = [(i, ch) for i, ch in enumerate(text) if not value_masks.INVISIBLE_RE.match(ch)]
        visible = "".join(ch for _, ch in kept)
        positions = [i for i, _ in kept]
    folded = visible.translate(_FOLD) if _FULLWIDTH_RE.search(visible) else visible
    findings = []
    for kind, start, end in _resolve(list(_candidates(folded))):
        masked = _mask(kind, visible[start:end])
        if positions is not None:
            start, end = positions[start], positions[end - 1] + 1
        findings.append(Finding(kind=kind, start=start, end=end, value=text[start:end], masked=masked))
    return findings
