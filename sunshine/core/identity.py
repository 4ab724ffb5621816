"""Identity numbers (GB 11643 resident ID, GB 32100 unified social credit code, mobile numbers).

Validation is python-stdnum's (`stdnum.cn.ric`, `stdnum.cn.uscc`): never hand-rolled.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from sunshine.core.text import fold_full_width

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
