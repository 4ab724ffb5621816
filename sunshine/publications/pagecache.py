"""Page cache for the public column (/gk/): anonymous GET pages are rendered once and served from the cache.

The key holds a content version, the large-font cookie, the reader's script (简/繁) and the full path; a page
for a reader of the other script is stored converted (`portal.reader_script.convert_response`), so the conversion
runs once per cached page, not once per request. Every change that alters what the
public sees (publish, scheduled publication, withdraw, supersede, import, seed, guide edit) bumps the version
after commit (`bump_version`), so a cached page is never served after its content changed — with a shared
cache (Redis). With the per-process LocMemCache of the embedded default, other processes see the bump only
when their entry expires (`PAGE_SECONDS`).

Cached pages are rendered without a CSRF token (`csrf_token=""` in the context): they hold no POST form for
anonymous users, and no one's CSRF secret ends up in a page served to others. Logged-in users, requests with
a session or a messages cookie are never cached.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

PAGE_SECONDS = 60
VERSION_KEY = "gk-page-version"


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return version


def bump_version() -> None:
    """Invalidate every cached public page once the current transaction commits."""

    def _bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)

    transaction.on_commit(_bump)


def cacheable(request) -> bool:
    from sunshine.core.replicas import PIN_COOKIE  # a client that has just written reads the primary, not a copy

    return (request.method == "GET" and not request.user.is_authenticated
            and settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES
            and PIN_COOKIE not in request.COOKIES)


def public_page(view):
    """Serve anonymous GETs of `view` from the page cache; the view must pass `anonymous_context(request)`."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not cacheable(request):
            return view(request, *args, **kwargs)
        from sunshine.portal.context_processors import FONT_COOKIE
        from sunshine.portal.reader_script import convert_response, reader_script

        font, script = request.COOKIES.get(FONT_COOKIE, ""), reader_script(request)
        raw = f"{current_version()}|{font}|{script}|{request.get_full_path()}"
        key = "gk-page:" + hashlib.sha1(raw.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            status, content_type, content = hit
            response = HttpResponse(content, status=status, content_type=content_type)
            response.reader_script_converted = True  # stored converted
            return response
        response = convert_response(view(request, *args, **kwargs))
        if response.status_code == 200 and not response.cookies and not getattr(response, "streaming", False):
            cache.set(key, (response.status_code, response["Content-Type"], response.content), PAGE_SECONDS)
        return response

    return wrapper


def anonymous_context(request) -> dict:
    """Context additions for a cacheable render: no CSRF token in a page shared by everyone."""
    return {"csrf_token": ""} if cacheable(request) else {}
