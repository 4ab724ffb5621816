"""Tracking codes and verification secrets of hotline tickets (工单查询码与验证码): the kernel's
(`sunshine.tracking`) in the app's own namespace "rx", so a disclosure request's secret never verifies here.

查询码 `RX<year>-<8 random characters>` (not sequential); 验证码 `XXXX-XXXX-XXXX` (60 bits), shown once and stored
as an HMAC; with an idempotency key it is also kept encrypted for 24 hours (`tracking.remember_secret`), so a
replayed submission within that time answers the same secret, and a later one the tracking code only.
"""

from __future__ import annotations

from sunshine.tracking import services as tracking

SECRET_NAMESPACE = "rx"
TRACKING_PREFIX = "RX"

normalize_code = tracking.normalize_code
new_secret = tracking.new_secret


def hash_secret(secret: str) -> str:
    return tracking.hash_secret(secret, namespace=SECRET_NAMESPACE)


def check_secret(ticket, secret: str) -> bool:
    return tracking.check_secret(ticket.verification_secret_hash, secret, namespace=SECRET_NAMESPACE)


def remember_secret(secret: str, idempotency_key: str) -> None:
    """Keep the secret of a submission with an idempotency key for a replay within 24 hours (encrypted)."""
    tracking.remember_secret(secret, idempotency_key, namespace=SECRET_NAMESPACE)


def recall_secret(idempotency_key: str) -> str | None:
    """The secret for a replay of the submission under `idempotency_key`; None after 24 hours."""
    return tracking.recall_secret(idempotency_key, namespace=SECRET_NAMESPACE)


def new_tracking_code(year: int) -> str:
    return tracking.new_tracking_code(TRACKING_PREFIX, year)


__all__ = ["check_secret", "hash_secret", "new_secret", "new_tracking_code", "normalize_code", "recall_secret",
           "remember_secret"]
