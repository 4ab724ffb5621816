"""Template context for every page: site name, large-font mode, reader script (简/繁), the current nav section,
the menus (from the apps' manifests), staff identity."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from sunshine.core.manifest import navigation_for, resolve
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


def menu(user, area: str) -> list[dict]:
    """The entries of one menu area that `user` may open, from the apps' manifests (`NavEntry`): a section the
    user's roles do not open is left out (its page would refuse them). Each item: label, url, section (the
    NAV_SECTION that marks it current), badge (a count, 0 for none) and badge_unit."""
    items = []
    for entry in navigation_for(user, area):
        url = reverse(entry.url_name) + (f"#{entry.fragment}" if entry.fragment else "")
        items.append({"label": entry.label, "url": url, "section": entry.section,
                      "badge": resolve(entry.badge)(user) if entry.badge else 0, "badge_unit": entry.badge_unit})
    return items


def staff_nav(user) -> dict:
    """Identity line and the staff menu (工作导航), for the staff header (queries only when a staff page renders
    it)."""
    if not (user.is_authenticated and getattr(user, "kind", "") == "staff"):
        return {}
    return {
        "department": user.department.name if user.department_id else "",
        "roles": list(user.groups.order_by("name").values_list("name", flat=True)),
        "menu": menu(user, "staff"),
    }


def public_nav(user) -> dict:
    """The public menu (主导航): the sections, then the account links (登录/注册, 我的/通知, 工作台)."""
    return {"menu": menu(user, "public"), "account": menu(user, "my")}


def _script_context(request) -> dict:
    """The reader's script choice (简/繁) for the public base template: code ("hans", "hant" or "") and lang."""
    code = reader_script(request)
    return {"code": code, "lang": LANGS[code]}


def _user(request):
    """The request's user; anonymous on a page answered before the authentication middleware ran (a 400 for a
    NUL in the URL)."""
    from django.contrib.auth.models import AnonymousUser

    return getattr(request, "user", None) or AnonymousUser()


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "DEMO": settings.DEMO,
        "LARGE_FONT": request.COOKIES.get(FONT_COOKIE) == "large",
        "READER_SCRIPT": _script_context(request),
        "NAV_SECTION": nav_section(request.path),
        "STAFF_NAV": SimpleLazyObject(lambda: staff_nav(_user(request))),
        "PUBLIC_NAV": SimpleLazyObject(lambda: public_nav(_user(request))),
    }
