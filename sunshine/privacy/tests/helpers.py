"""Real, valid identity numbers built with python-stdnum's check-digit functions and the Luhn rule."""

from stdnum.cn import ric, uscc


def resident_id(prefix17: str) -> str:
    return prefix17 + ric.calc_check_digit(prefix17 + "0")


def wrong_resident_id(prefix17: str) -> str:
    good = ric.calc_check_digit(prefix17 + "0")
    bad = next(c for c in "0123456789X" if c != good)
    return prefix17 + bad


def credit_code(prefix17: str) -> str:
    return prefix17 + uscc.calc_check_digit(prefix17)


def luhn(prefix: str) -> str:
    """Complete `prefix` with its Luhn check digit."""
    for d in "0123456789":
        candidate = prefix + d
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            n = int(ch)
            if i % 2:
                n *= 2
                if n > 9:
                    n -= 9
            total += n
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")
