"""Tracking codes and verification secrets of disclosure requests (查询码与验证码).

The tracking code (`YSQ<year>-<8 random characters>`, not sequential, so codes cannot be enumerated) names a request
to its applicant; the verification secret (`XXXX-XXXX-XXXX`, 60 bits) proves they are its applicant. The secret is
shown once and stored as an HMAC-SHA256 keyed by SECRET_KEY; with an idempotency key it is derived from the key, so
a replayed submission can answer with the same secret without storing it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings

_SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def normalize_code(value: str) -> str:
    """A tracking code or secret as typed: full-width forms folded (ＹＳＱ２０２６ → YSQ2026, － → -), spaces and
    invisible characters (zero-width space, BOM) dropped, upper case."""
    folded = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in folded if ch.isprintable() and not ch.isspace()).upper()


def hash_secret(secret: str) -> str:
    """The stored form of a verification secret: HMAC-SHA256 keyed by SECRET_KEY (the secret is random, 60 bits)."""
    normalized = normalize_code(secret).replace("-", "")
    return hmac.new(settings.SECRET_KEY.encode(), f"ysq-secret:{normalized}".encode(), hashlib.sha256).hexdigest()


def check_secret(request, secret: str) -> bool:
    """Whether `secret` is the verification secret of `request` (a DisclosureRequest), in constant time."""
    if not secret:
        return False
    return hmac.compare_digest(request.verification_secret_hash, hash_secret(secret))


def _format_secret(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}"


def new_secret() -> str:
    return _format_secret("".join(secrets.choice(_SECRET_ALPHABET) for _ in range(12)))


def derived_secret(idempotency_key: str) -> str:
    """The secret of a submission with an idempotency key: derived, so a replay can return the same body."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"ysq-idem:{idempotency_key}".encode(), hashlib.sha256).digest()
    return _format_secret("".join(_SECRET_ALPHABET[b % len(_SECRET_ALPHABET)] for b in digest[:12]))


def new_tracking_code(year: int) -> str:
    """查询码: YSQ<year>-<8 random characters> (not sequential, so codes cannot be enumerated)."""
    return f"YSQ{year}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


__all__ = ["check_secret", "derived_secret", "hash_secret", "new_secret", "new_tracking_code", "normalize_code"]
