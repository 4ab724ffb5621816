"""Tracking codes and verification secrets of topic requests (点题查询码与验证码): the kernel's (`sunshine.tracking`)
in namespace "dt", so a disclosure request's secret never verifies a topic and the reverse.

The tracking code (`DTQ<year>-<8 random characters>`, not sequential, unlike the reference `DT<year><id>`, so
codes cannot be enumerated) names a topic to its citizen; the verification secret (`XXXX-XXXX-XXXX`, 60 bits)
proves they proposed it. The secret is shown once (the page after applying, the API's 201 answer) and stored only
as an HMAC-SHA256 keyed by SECRET_KEY.
"""

from __future__ import annotations

from sunshine.tracking import services as tracking

SECRET_NAMESPACE = "dt"
TRACKING_PREFIX = "DTQ"

normalize_code = tracking.normalize_code
new_secret = tracking.new_secret


def hash_secret(secret: str) -> str:
    """The stored form of a verification secret."""
    return tracking.hash_secret(secret, namespace=SECRET_NAMESPACE)


def check_secret(topic, secret: str) -> bool:
    """Whether `secret` is the verification secret of `topic` (a TopicRequest), in constant time; a topic without a
    stored hash (proposed before codes existed) never verifies."""
    return tracking.check_secret(topic.verification_secret_hash, secret, namespace=SECRET_NAMESPACE)


def new_tracking_code(year: int) -> str:
    """查询码: DTQ<year>-<8 random characters>."""
    return tracking.new_tracking_code(TRACKING_PREFIX, year)


__all__ = ["check_secret", "hash_secret", "new_secret", "new_tracking_code", "normalize_code"]
