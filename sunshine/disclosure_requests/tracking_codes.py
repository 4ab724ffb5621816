"""Tracking codes and verification secrets of disclosure requests (查询码与验证码): the kernel's
(`sunshine.tracking`) in namespace "ysq", byte-compatible with the hashes stored before the kernel had them.

The tracking code (`YSQ<year>-<8 random characters>`, not sequential, so codes cannot be enumerated) names a request
to its applicant; the verification secret (`XXXX-XXXX-XXXX`, 60 bits) proves they are its applicant. The secret is
shown once and stored as an HMAC-SHA256 keyed by SECRET_KEY; with an idempotency key it is derived from the key, so
a replayed submission can answer with the same secret without storing it.
"""

from __future__ import annotations

from sunshine.tracking import services as tracking

SECRET_NAMESPACE = "ysq"
TRACKING_PREFIX = "YSQ"

normalize_code = tracking.normalize_code
new_secret = tracking.new_secret


def hash_secret(secret: str) -> str:
    """The stored form of a verification secret."""
    return tracking.hash_secret(secret, namespace=SECRET_NAMESPACE)


def check_secret(request, secret: str) -> bool:
    """Whether `secret` is the verification secret of `request` (a DisclosureRequest), in constant time."""
    return tracking.check_secret(request.verification_secret_hash, secret, namespace=SECRET_NAMESPACE)


def derived_secret(idempotency_key: str) -> str:
    """The secret of a submission with an idempotency key: derived, so a replay can return the same body."""
    return tracking.derived_secret(idempotency_key, namespace=SECRET_NAMESPACE)


def new_tracking_code(year: int) -> str:
    """查询码: YSQ<year>-<8 random characters>."""
    return tracking.new_tracking_code(TRACKING_PREFIX, year)


__all__ = ["check_secret", "derived_secret", "hash_secret", "new_secret", "new_tracking_code", "normalize_code"]
