"""Throttling (访问频率限制) of the public endpoints, and a limiter of failed secret/password attempts.

Two mechanisms, both configured in settings (env-driven, see .env.example) and both stored in the cache every
worker process shares, `caches["shared"]`: Redis when REDIS_URL is set, else the database table `sunshine_cache`
(Django's database cache). A per-process memory cache would count per gunicorn worker: with 5 workers a limit of
10 would let about 50 attempts through.

* `PublicRateThrottle` subclasses: DRF throttles for the anonymous API (submit, track, read). Their rates are read
  from `settings.SUNSHINE_THROTTLE_RATES` on every call, so a rate of None switches one off.
* `FailureLimiter`: counts *failed* attempts (wrong tracking code + secret) per client and key in a
  sliding window; once `limit` failures are counted the caller answers 429 until the window passes. Successful
  attempts are never counted, so an applicant who knows the secret is not slowed down.

Failed logins are not counted here: django-axes guards every login path (sunshine.accounts.login_limits).
"""

from __future__ import annotations

import hashlib
import time
import unicodedata

from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

TOO_MANY = "请求过于频繁，请稍后再试。"


def shared_cache():
    """The cache all worker processes share (settings.CACHES["shared"])."""
    return caches["shared"]


def client_ident(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted proxies saw (DRF's NUM_PROXIES rule)."""
    from rest_framework.throttling import BaseThrottle

    return BaseThrottle().get_ident(request)


class PublicRateThrottle(SimpleRateThrottle):
    """A DRF throttle keyed by client address whose rate comes from `SUNSHINE_THROTTLE_RATES[scope]`.

    `methods` limits it to some HTTP methods (e.g. only the anonymous POST of an endpoint whose GET is staff)."""

    scope = ""
    methods: tuple[str, ...] = ()

    def __init__(self):  # SimpleRateThrottle reads the rate in __init__; ours is read per request instead
        self.cache = shared_cache()

    def get_rate(self):
        return getattr(settings, "SUNSHINE_THROTTLE_RATES", {}).get(self.scope)

    def allow_request(self, request, view):
        if self.methods and request.method not in self.methods:
            return True
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SubmitThrottle(PublicRateThrottle):
    """Anonymous submissions (依申请公开申请, 点题): POST only."""

    scope = "public_submit"
    methods = ("POST",)


class TrackThrottle(PublicRateThrottle):
    """Tracking lookups and letter downloads by tracking code + secret."""

    scope = "public_track"


class PublicReadThrottle(PublicRateThrottle):
    """Public lists (回音壁)."""

    scope = "public_read"


class FailureLimiter:
    """Failed attempts of `kind` per (client address, key) within `window` seconds; `limit` 0 switches it off."""

    def __init__(self, kind: str):
        self.kind = kind
        config = getattr(settings, "SUNSHINE_FAILURE_LIMITS", {}).get(kind, (0, 0))
        self.limit, self.window = int(config[0]), int(config[1])

    def _key(self, request, key: str) -> str:
        # Fold the key as logins do (full-width, spaces in "138 0013 8000"), so variants share one counter.
        folded = "".join(ch for ch in unicodedata.normalize("NFKC", key or "") if ch.isalnum() or ch in "@._-+")
        digest = hashlib.sha256(f"{client_ident(request)}|{folded.lower()}".encode()).hexdigest()[:32]
        return f"sunshine:failures:{self.kind}:{digest}"

    def _recent(self, cache_key: str, now: float) -> list[float]:
        return [t for t in shared_cache().get(cache_key, []) if t > now - self.window]

    def blocked(self, request, key: str = "") -> bool:
        if self.limit <= 0:
            return False
        return len(self._recent(self._key(request, key), time.time())) >= self.limit

    def fail(self, request, key: str = "") -> None:
        if self.limit <= 0:
            return
        now = time.time()
        cache_key = self._key(request, key)
        shared_cache().set(cache_key, [*self._recent(cache_key, now), now][-self.limit:], self.window)

    def reset(self, request, key: str = "") -> None:
        shared_cache().delete(self._key(request, key))


def too_many_response(request, message: str = TOO_MANY, *, retry_after: int | None = None):
    """The HTML 429 page (Chinese), with Retry-After."""
    response = render(request, "429.html", {"message": message}, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def throttle_page(*throttle_classes):
    """Decorate an HTML view: over any of the rates the page answers 429 in Chinese instead of running the view."""
    from functools import wraps

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            for klass in throttle_classes:
                throttle = klass()
                if not throttle.allow_request(request, None):
                    wait = throttle.wait()
                    return too_many_response(request, retry_after=int(wait) + 1 if wait else None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
