"""Tracking codes and verification secrets of applications (办件查询码与验证码): the kernel's (`sunshine.tracking`)
in the app's own namespace "zw", so a secret of another app never verifies here.

查询码 `ZW<year>-<8 random characters>`; 验证码 `XXXX-XXXX-XXXX`, shown once and stored as an HMAC; with an
idempotency key it is also kept encrypted for 24 hours (`tracking.remember_secret`), so a replayed submission
within that time answers the same secret, and a later one the tracking code only.
"""

from __future__ import annotations

from sunshine.tracking import services as tracking

SECRET_NAMESPACE = "zw"
TRACKING_PREFIX = "ZW"

normalize_code = tracking.normalize_code
new_secret = tracking.new_secret


def hash_secret(secret: str) -> str:
    return tracking.hash_secret(secret, namespace=SECRET_NAMESPACE)


def check_secret(application, secret: str) -> bool:
    return tracking.check_secret(application.verification_secret_hash, secret, namespace=SECRET_NAMESPACE)


def remember_secret(secret: str, idempotency_key: str) -> None:
    """Keep the secret of a submission with an idempotency key for a replay within 24 hours (encrypted)."""
    tracking.remember_secret(secret, idempotency_key, namespace=SECRET_NAMESPACE)


def recall_secret(idempotency_key: str) -> str | None:
    """The secret for a replay of the submission under `idempotency_key`; None after 24 hours."""
    return tracking.recall_secret(idempotency_key, namespace=SECRET_NAMESPACE)


def new_tracking_code(year: int) -> str:
    return tracking.new_tracking_code(TRACKING_PREFIX, year)
