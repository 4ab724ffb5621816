"""Template context for every page: site name, large-font mode, reader script (简/繁), the current nav section,
staff identity."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from sunshine.notify.selectors import unread_count
from sunshine.portal.reader_script import LANGS, reader_script

FONT_COOKIE = "sunshine_font"

# First path segment → nav section (aria-current in the base templates).
_SECTIONS = {
    "": "home",
    "gk": "gk",
    "ysq": "ysq",
    "hd": "hd",
    "my": "my",
    "login": "login",
    "register": "register",
    "workbench": "workbench",
    "clocks": "clocks",
    "privacy": "privacy",
    "notifications": "notifications",
}


def nav_section(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return _SECTIONS.get(first, "")


def staff_nav(user) -> dict:
    """Identity line, unread count and the sections this user may open, for the staff header (queries only
    when a staff page renders it). A section the user's roles do not open is left out of the menu (its page
    would answer 403)."""
    if not (user.is_authenticated and getattr(user, "kind", "") == "staff"):
        return {}
    from sunshine.accounts.scoping import has_capability
    from sunshine.participation.selectors import may_work_on_topics
    from sunshine.privacy.services import USE_SCANNER

    return {
        "department": user.department.name if user.department_id else "",
        "roles": list(user.groups.order_by("name").values_list("name", flat=True)),
        "unread": unread_count(user),
        "topics": may_work_on_topics(user),
        "clocks": has_capability(user, "clocks.view_clock"),
        "scan": has_capability(user, USE_SCANNER),
    }


def account_nav(user) -> dict:
    """Unread count for the citizen's header link to the inbox (站内通知)."""
    if not (user.is_authenticated and getattr(user, "kind", "") == "citizen"):
        return {}
    return {"unread": unread_count(user)}


def _script_context(request) -> dict:
    """The reader's script choice (简/繁) for the public base template: code ("hans", "hant" or "") and lang."""
    code = reader_script(request)
    return {"code": code, "lang": LANGS[code]}


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "DEMO": settings.DEMO,
        "LARGE_FONT": request.COOKIES.get(FONT_COOKIE) == "large",
        "READER_SCRIPT": _script_context(request),
        "NAV_SECTION": nav_section(request.path),
        "STAFF_NAV": SimpleLazyObject(lambda: staff_nav(request.user)),
        "ACCOUNT_NAV": SimpleLazyObject(lambda: account_nav(request.user)),
    }
