"""Public tracking (公开查询): tracking codes (查询码), verification secrets (验证码) and the lockout after failed
look-ups. Any case app whose applicants follow their case without an account uses these.

A code is public and random (not sequential, so codes cannot be enumerated); the secret is random, shown once to
the applicant and stored only as a keyed hash (HMAC-SHA256 with `SECRET_KEY`). Each app hashes in its own
`namespace`, so a secret of one app never verifies in another: the disclosure app's namespace is "ysq", whose
stored hashes (prefix "ysq-secret:") predate the kernel and stay valid. A submission with an idempotency key
keeps its secret for 24 hours in an encrypted short-lived store (`remember_secret`/`recall_secret`,
`models.ReplaySecret`) so that a replay answers with the same secret; later replays get no secret. (Secrets
were once derived from the idempotency key and SECRET_KEY; those already issued stay valid, as their hashes are
stored, but no secret is derived any more: a database dump plus the key no longer yields one.)

Failed look-ups (a wrong code/secret pair) are counted per client by `sunshine.core.throttling.FailureLimiter`
(`SUNSHINE_FAILURE_LIMITS[scope]`: limit and window); once locked, the caller answers 429 until the window passes.
Successful look-ups are never counted.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from django.conf import settings

from sunshine.core.throttling import FailureLimiter

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud over the phone without doubt
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_PREFIX = re.compile(r"[A-Z]{1,10}\Z")
_NAMESPACE = re.compile(r"[a-z][a-z0-9_]{0,29}\Z")


def normalize_code(value: str) -> str:
    """A tracking code or secret as typed: full-width forms folded (ＹＳＱ２０２６ → YSQ2026, － → -), spaces and
    invisible characters (zero-width space, BOM) dropped, upper case."""
    folded = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in folded if ch.isprintable() and not ch.isspace()).upper()


def new_tracking_code(prefix: str, year: int, length: int = 8) -> str:
    """查询码: `<prefix><year>-<length random characters>`, e.g. YSQ2026-7KQ2MX4P."""
    if not _PREFIX.match(prefix or ""):
        raise ValueError(f"a tracking-code prefix is 1 to 10 capital letters, not {prefix!r}")
    if not 6 <= length <= 32:
        raise ValueError("a tracking code has 6 to 32 random characters")
    return f"{prefix}{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _format_secret(raw: str) -> str:
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}"


def _checked(namespace: str) -> str:
    if not _NAMESPACE.match(namespace or ""):
        raise ValueError(f"a secret namespace is a short lower-case identifier, not {namespace!r}")
    return namespace


def new_secret() -> str:
    """A fresh verification secret, e.g. "K7QM-2XPA-9RTW": 12 characters of a 32-letter alphabet (60 bits)."""
    return _format_secret("".join(secrets.choice(SECRET_ALPHABET) for _ in range(12)))


REPLAY_HOURS = 24


def _replay_lookup(namespace: str, idempotency_key: str) -> str:
    return hashlib.sha256(f"{_checked(namespace)}-replay:{idempotency_key}".encode()).hexdigest()


def _replay_cipher(namespace: str, idempotency_key: str):
    import base64

    from cryptography.fernet import Fernet

    material = hmac.new(settings.SECRET_KEY.encode(), f"{namespace}-replay-key:{idempotency_key}".encode(),
                        hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(material))


def remember_secret(secret: str, idempotency_key: str, *, namespace: str) -> None:
    """Keep `secret` of the submission made under `idempotency_key` for `REPLAY_HOURS`, encrypted (see
    `tracking.models`); expired rows of every namespace are purged on the way. Call it in the submission's
    transaction."""
    import datetime as dt

    from django.utils import timezone

    from .models import ReplaySecret

    now = timezone.now()
    ReplaySecret.objects.filter(expires_at__lte=now).delete()
    token = _replay_cipher(namespace, idempotency_key).encrypt(secret.encode()).decode()
    ReplaySecret.objects.update_or_create(lookup=_replay_lookup(namespace, idempotency_key),
                                          defaults={"ciphertext": token,
                                                    "expires_at": now + dt.timedelta(hours=REPLAY_HOURS)})


def recall_secret(idempotency_key: str, *, namespace: str) -> str | None:
    """The secret kept for a replay of the submission under `idempotency_key`, or None once the period is over."""
    from cryptography.fernet import InvalidToken
    from django.utils import timezone

    from .models import ReplaySecret

    row = ReplaySecret.objects.filter(lookup=_replay_lookup(namespace, idempotency_key),
                                      expires_at__gt=timezone.now()).first()
    if row is None:
        return None
    try:
        return _replay_cipher(namespace, idempotency_key).decrypt(row.ciphertext.encode()).decode()
    except InvalidToken:  # SECRET_KEY rotated since
        return None


def hash_secret(secret: str, *, namespace: str) -> str:
    """The stored form of a verification secret (64 hex digits). The secret is normalized first (`normalize_code`,
    hyphens dropped), so "k7qm 2xpa 9rtw" verifies as "K7QM-2XPA-9RTW"."""
    normalized = normalize_code(secret).replace("-", "")
    message = f"{_checked(namespace)}-secret:{normalized}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def check_secret(stored_hash: str, secret: str, *, namespace: str) -> bool:
    """Whether `secret` is the one whose hash is stored (constant-time comparison; an empty secret never is)."""
    if not secret or not stored_hash:
        return False
    return hmac.compare_digest(stored_hash, hash_secret(secret, namespace=namespace))


# --- lockout after failed look-ups ---------------------------------------------------------------------------------

def is_locked(request, *, scope: str = "track", key: str = "") -> bool:
    """Whether this client (and `key`, e.g. a login name) has used up its failed attempts of `scope`."""
    return FailureLimiter(scope).blocked(request, key)


def register_failure(request, *, scope: str = "track", key: str = "") -> None:
    """Count one failed look-up (a wrong code/secret pair) of this client."""
    FailureLimiter(scope).fail(request, key)


def clear_failures(request, *, scope: str = "track", key: str = "") -> None:
    """Forget this client's failed attempts (e.g. after a successful login)."""
    FailureLimiter(scope).reset(request, key)


def lockout_seconds(scope: str = "track") -> int:
    """How long a locked client waits at most (the window of `scope`), for the Retry-After header."""
    return FailureLimiter(scope).window
