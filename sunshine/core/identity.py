"""Identity numbers (GB 11643 resident ID, GB 32100 unified social credit code, mobile numbers) and the identity
documents (身份证件) an applicant may present: `IdDocumentType`, `normalize_id_document`, `mask_id_document`.

Check digits are python-stdnum's (`stdnum.cn.ric`, `stdnum.cn.uscc`): never hand-rolled.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from sunshine.core.text import fold_full_width, has_visible_text

MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}\Z")  # ASCII digits: `\d` also matches "٣" and full-width digits
# GB/T 2260 province-level codes (the first two digits of a resident ID).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
     61, 62, 63, 64, 65, 71, 81, 82, 83}
)


def _plausible_birth(year: int, month: int, day: int, today: dt.date | None) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1880, 1, 1) <= born <= (today or timezone.localdate())


def plausible_birth_date(digits: str, *, today: dt.date | None = None) -> bool:
    """Whether 8 digits YYYYMMDD (positions 7–14 of a resident ID) are a real date between 1880 and today."""
    return len(digits) == 8 and digits.isascii() and digits.isdigit() and _plausible_birth(
        int(digits[:4]), int(digits[4:6]), int(digits[6:]), today)


def resident_id_ok(compact: str, *, allow_legacy: bool = False, today: dt.date | None = None) -> bool:
    """An 18-character resident ID with a correct check digit (`stdnum.cn.ric.calc_check_digit`), a real
    birth date and a province prefix; with `allow_legacy`, also a 15-digit pre-1999 number.

    The county code is deliberately not looked up in stdnum's region table: it lacks codes created after
    it was compiled (随县 421321, created 2009), and refusing a real citizen's ID is worse than a rare miss.
    """
    if not compact.isascii():  # str.isdigit() is also true for "²" and "٣", which int() and stdnum refuse
        return False
    if len(compact) == 18:
        if not compact[:17].isdigit() or int(compact[:2]) not in PROVINCE_CODES:
            return False
        if compact[17].upper() != ric.calc_check_digit(compact):
            return False
        return _plausible_birth(int(compact[6:10]), int(compact[10:12]), int(compact[12:14]), today)
    if allow_legacy and len(compact) == 15 and compact.isdigit():
        if int(compact[:2]) not in PROVINCE_CODES:
            return False
        return _plausible_birth(1900 + int(compact[6:8]), int(compact[8:10]), int(compact[10:12]), today)
    return False


def _compact(value: str) -> str:
    return re.sub(r"[\s-]", "", fold_full_width(value)).upper()


def normalize_resident_id(value: str) -> str:
    """Return the compact, validated 18-character resident ID (last character upper-case X) or raise."""
    compact = _compact(value)
    if not resident_id_ok(compact):
        raise ValidationError("居民身份证号码无效（请检查位数、出生日期和校验码）。", code="invalid_resident_id")
    return compact


def normalize_credit_code(value: str) -> str:
    try:
        return uscc.validate(_compact(value))
    except StdnumError as exc:
        raise ValidationError("统一社会信用代码无效（请检查位数和校验码）。", code="invalid_credit_code") from exc


def is_valid_resident_id(value: str) -> bool:
    return resident_id_ok(_compact(value))


def is_valid_credit_code(value: str) -> bool:
    return uscc.is_valid(_compact(value))


def normalize_id_number(value: str) -> tuple[str, str]:
    """Validate a resident ID or a credit code; return (kind, compact value). Kind: resident_id | credit_code."""
    compact = _compact(value)
    if resident_id_ok(compact):
        return "resident_id", compact
    if uscc.is_valid(compact):
        return "credit_code", uscc.compact(compact)
    raise ValidationError("证件号码无效：请填写有效的居民身份证号码或统一社会信用代码。", code="invalid_id_number")


def normalize_mobile(value: str) -> str:
    """The 11 ASCII digits of a mainland mobile number; spaces, hyphens, full-width digits and the country code
    (+86, 0086, 86) are accepted around them."""
    compact = re.sub(r"[\s-]", "", fold_full_width(value))
    for prefix in ("+86", "0086", "86"):
        if compact.startswith(prefix) and len(compact) == len(prefix) + 11:
            compact = compact[len(prefix):]
            break
    if not MOBILE_RE.match(compact):
        raise ValidationError("手机号码无效：请填写11位中国大陆手机号码。", code="invalid_mobile")
    return compact


# --- identity documents of any type (身份证件) ----------------------------------------------------------------------

class IdDocumentType(models.TextChoices):
    """The identity documents a person (or, for the credit code, an organisation) may present to an agency.

    The values of the resident ID and the credit code are those already stored by the apps (`id_type`)."""

    RESIDENT_ID = "resident_id", "居民身份证"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", "港澳台居民居住证"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT_ID = "foreign_permanent_id", "外国人永久居留身份证"
    PASSPORT = "passport", "中华人民共和国护照"
    FOREIGN_PASSPORT = "foreign_passport", "外国护照"
    OFFICER_CARD = "officer_card", "军官证"
    SOLDIER_CARD = "soldier_card", "士兵证"
    CIVILIAN_CADRE_CARD = "civilian_cadre_card", "文职干部证"
    OTHER = "other", "其他证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


ID_DOCUMENT_MAX_LENGTH = 30  # the longest normalized value of any type (a military card's free text)
# 港澳台居民居住证 (2018): a GB 11643 number whose address code is the region's.
HMT_PERMIT_REGIONS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
# 港澳居民来往内地通行证 (公安部 rule of 2010): H (Hong Kong) or M (Macao), the holder's 8-digit lifetime number and
# 2 digits counting the reissues (00 first); cards since 2013 print the 9-character number and the count apart.
HK_MACAO_PERMIT_RE = re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?\Z")
# 台湾居民来往大陆通行证: since 2008-09-25 (and the 2015 card) the 8-digit lifetime number; before, that number,
# 2 digits counting the issues and, for books issued in Hong Kong and Macao, the issuing office in brackets:
# 0561682001(D).
TAIWAN_PERMIT_RE = re.compile(r"[0-9]{8}(?:[0-9]{2}(?:\([A-Z0-9]\))?)?\Z")
# 外国人永久居留身份证: the 2004/2017 card's 15 characters (the ISO 3166 alpha-3 nationality and 12 digits).
FOREIGN_PERMANENT_OLD_RE = re.compile(r"[A-Z]{3}[0-9]{12}\Z")
# 中华人民共和国护照: ordinary e-passport E + 8 digits, and E + a letter (not I or O) + 7 digits once the E numbers ran
# out (2017); the pre-2012 ordinary passport G + 8 digits; diplomatic (D), service (S) and public-affairs ordinary (P)
# passports D/S/P + 7 or 8 digits, DE/SE/PE + 7 digits for their electronic versions.
PASSPORT_RE = re.compile(r"(?:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8}|[DSP][0-9]{7,8}|[DSP]E[0-9]{7})\Z")
FOREIGN_PASSPORT_RE = re.compile(r"[A-Z0-9]{5,20}\Z")  # ICAO Doc 9303 numbers are alphanumeric; lengths vary
FREE_TEXT_LENGTH = {  # (min, max) visible characters, spaces removed
    IdDocumentType.OFFICER_CARD: (4, 30),
    IdDocumentType.SOLDIER_CARD: (4, 30),
    IdDocumentType.CIVILIAN_CADRE_CARD: (4, 30),
    IdDocumentType.OTHER: (1, 30),
}


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _gb11643(compact: str, label: str, code: str) -> str:
    """A GB 11643-shaped number (17 digits and a MOD 11-2 check character computed by `stdnum.cn.ric`)."""
    if len(compact) != 18:
        raise _invalid(f"{label}号码应为18位（最后一位可以是X）。", f"{code}_length")
    if not compact[:17].isdigit() or not (compact[17].isdigit() or compact[17] == "X"):
        raise _invalid(f"{label}号码只能由数字和最后一位X组成。", f"{code}_format")
    if compact[17] != ric.calc_check_digit(compact):
        raise _invalid(f"{label}号码校验码不正确，请逐位核对。", f"{code}_checksum")
    if not _plausible_birth(int(compact[6:10]), int(compact[10:12]), int(compact[12:14]), None):
        raise _invalid(f"{label}号码中的出生日期无效。", f"{code}_birth_date")
    return compact


def _resident_id(compact: str) -> str:
    number = _gb11643(compact, "居民身份证", "invalid_resident_id")
    if int(number[:2]) not in PROVINCE_CODES:
        raise _invalid("居民身份证号码的前两位不是有效的省级行政区代码。", "invalid_resident_id_region")
    return number


def _hmt_residence_permit(compact: str) -> str:
    number = _gb11643(compact, "港澳台居民居住证", "invalid_hmt_residence_permit")
    if number[:6] not in HMT_PERMIT_REGIONS:
        raise _invalid("港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头。",
                       "invalid_hmt_residence_permit_region")
    return number


def _foreign_permanent_id(compact: str) -> str:
    """2023 card: 18 characters starting with 9 (the foreigner's mark), the issuing province, the nationality's
    numeric code, the birth date, a sequence number and a GB 11643 check character; or the 15-character old card."""
    if len(compact) == 15:
        if FOREIGN_PERMANENT_OLD_RE.match(compact):
            return compact
        raise _invalid("旧版外国人永久居留身份证号码应为3位字母加12位数字。", "invalid_foreign_permanent_id_format")
    if len(compact) == 18 and compact[0] != "9":
        raise _invalid("2023年版外国人永久居留身份证号码以9开头。", "invalid_foreign_permanent_id_format")
    if len(compact) != 18:
        raise _invalid("外国人永久居留身份证号码应为18位（2023年版，以9开头）或15位（旧版，3位字母加12位数字）。",
                       "invalid_foreign_permanent_id_length")
    return _gb11643(compact, "外国人永久居留身份证", "invalid_foreign_permanent_id")


def _pattern(regex: re.Pattern, message: str, code: str):
    def check(compact: str) -> str:
        if not regex.match(compact):
            raise _invalid(message, code)
        return compact

    return check


def _taiwan_permit(compact: str) -> str:
    if re.fullmatch(r"[0-9]{10}[A-Z0-9]", compact):  # the office code typed without its brackets
        compact = f"{compact[:10]}({compact[10]})"
    message = "台湾居民来往大陆通行证号码应为8位数字（旧版为10位数字，可带括号内的签发机关代码，如0561682001(D)）。"
    return _pattern(TAIWAN_PERMIT_RE, message, "invalid_taiwan_permit")(compact)


def _credit_code(compact: str) -> str:
    try:
        return uscc.validate(compact)
    except InvalidLength as exc:
        raise _invalid("统一社会信用代码应为18位。", "invalid_credit_code_length") from exc
    except InvalidChecksum as exc:
        raise _invalid("统一社会信用代码校验码不正确，请逐位核对。", "invalid_credit_code_checksum") from exc
    except StdnumError as exc:
        raise _invalid("统一社会信用代码格式不正确（只用数字和除I、O、Z、S、V以外的大写字母）。",
                       "invalid_credit_code_format") from exc


_CHECKS = {
    IdDocumentType.RESIDENT_ID: _resident_id,
    IdDocumentType.HMT_RESIDENCE_PERMIT: _hmt_residence_permit,
    IdDocumentType.FOREIGN_PERMANENT_ID: _foreign_permanent_id,
    IdDocumentType.HK_MACAO_PERMIT: _pattern(
        HK_MACAO_PERMIT_RE,
        "港澳居民来往内地通行证号码应为H（香港）或M（澳门）加8位数字，或加10位数字（含2位换证次数）。",
        "invalid_hk_macao_permit"),
    IdDocumentType.TAIWAN_PERMIT: _taiwan_permit,
    IdDocumentType.PASSPORT: _pattern(
        PASSPORT_RE, "中国护照号码格式不正确：普通护照为E加8位数字或E加1位字母和7位数字（旧版G加8位数字），"
        "外交、公务、因公普通护照以D、S、P开头。", "invalid_passport"),
    IdDocumentType.FOREIGN_PASSPORT: _pattern(FOREIGN_PASSPORT_RE, "外国护照号码应为5至20位字母或数字。",
                                              "invalid_foreign_passport"),
    IdDocumentType.CREDIT_CODE: _credit_code,
}


def normalize_id_document(doc_type: str, value: str) -> str:
    """The stored form of an identity document's number, or a `ValidationError` in Chinese saying what is wrong.

    Input is folded first (`fold_full_width`: "Ｈ１２３…", "（Ｄ）"), upper-cased, and spaces dropped (hyphens too,
    except in the free text of military cards and other documents). Check characters are verified where the
    document has one (resident ID, 港澳台居民居住证, the 2023 外国人永久居留身份证: GB 11643 MOD 11-2 by
    `stdnum.cn.ric`; credit code: `stdnum.cn.uscc`); the others are checked for their format."""
    try:
        kind = IdDocumentType(doc_type)
    except ValueError:
        raise _invalid("请选择有效的证件类型。", "invalid_id_document_type") from None
    folded = fold_full_width(value or "")
    if not has_visible_text(folded):
        raise _invalid(f"请填写{kind.label}号码。", "id_document_required")
    if kind in FREE_TEXT_LENGTH:
        text = re.sub(r"\s", "", folded).upper()
        low, high = FREE_TEXT_LENGTH[kind]
        if not has_visible_text(text) or not low <= len(text) <= high:
            raise _invalid(f"{kind.label}号码应为{low}至{high}个字符。", "invalid_id_document_length")
        if any(not ch.isprintable() for ch in text):
            raise _invalid(f"{kind.label}号码含有不能显示的字符。", "invalid_id_document_format")
        return text
    compact = re.sub(r"[\s-]", "", folded).upper()
    if not compact.isascii():  # "²", "٣" or a Chinese character in a number
        raise _invalid(f"{kind.label}号码只能含有字母和数字。", "invalid_id_document_format")
    return _CHECKS[kind](compact)


def is_valid_id_document(doc_type: str, value: str) -> bool:
    try:
        normalize_id_document(doc_type, value)
    except ValidationError:
        return False
    return True


def mask_id_document(doc_type: str, value: str) -> str:
    """A document number for display to others than its holder: GB 11643-shaped numbers keep the first 6 and the
    last 4 characters (110105********002X), the old foreign permanent-residence card its nationality and last 4;
    a credit code identifies an organisation and is shown in full; other numbers keep a quarter at each end
    (E1*****78, H1*******01)."""
    value = value or ""
    n = len(value)
    if doc_type == IdDocumentType.CREDIT_CODE:
        return value
    if n == 18 and doc_type in (IdDocumentType.RESIDENT_ID, IdDocumentType.HMT_RESIDENCE_PERMIT,
                                IdDocumentType.FOREIGN_PERMANENT_ID):
        return value[:6] + "*" * 8 + value[-4:]
    if n == 15 and doc_type in (IdDocumentType.RESIDENT_ID, IdDocumentType.FOREIGN_PERMANENT_ID):
        return value[:3] + "*" * 8 + value[-4:] if value[:3].isalpha() else value[:6] + "*" * 5 + value[-4:]
    if n <= 2:
        return "*" * n
    keep = max(1, n // 4)
    return value[:keep] + "*" * (n - 2 * keep) + value[-keep:]
