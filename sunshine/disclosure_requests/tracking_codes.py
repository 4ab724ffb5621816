"""Tracking codes and verification secrets of disclosure requests (查询码与验证码): the kernel's
(`sunshine.tracking`) in namespace "ysq", byte-compatible with the hashes stored before the kernel had them.

The tracking code (`YSQ<year>-<8 random characters>`, not sequential, so codes cannot be enumerated) names a request
to its applicant; the verification secret (`XXXX-XXXX-XXXX`, 60 bits) proves they are its applicant. The secret is
random, shown once and stored as an HMAC-SHA256 keyed by SECRET_KEY; with an idempotency key it is also kept
encrypted for 24 hours (`tracking.remember_secret`), so a replayed submission within that time answers with the same
secret, and a later one with the tracking code only.
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


def remember_secret(secret: str, idempotency_key: str) -> None:
    """Keep the secret of a submission with an idempotency key for a replay within 24 hours (encrypted)."""
    tracking.remember_secret(secret, idempotency_key, namespace=SECRET_NAMESPACE)


def recall_secret(idempotency_key: str) -> str | None:
    """The secret for a replay of the submission under `idempotency_key`; None after 24 hours."""
    return tracking.recall_secret(idempotency_key, namespace=SECRET_NAMESPACE)


def new_tracking_code(year: int) -> str:
    """查询码: YSQ<year>-<8 random characters>."""
    return tracking.new_tracking_code(TRACKING_PREFIX, year)


__all__ = ["check_secret", "hash_secret", "new_secret", "new_tracking_code", "normalize_code", "recall_secret",
           "remember_secret"]
