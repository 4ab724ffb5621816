"""Portal shell pages: public home, citizen page (我的), staff workbench (工作台), large-font switch (大字版),
reader script switch (简/繁).

Other apps add to these pages through their manifests (sunshine/core/manifest.py, INSTALLED_APPS order):
- `my_sections` and `workbench_sections`: functions `(user) -> list[dict]`, each dict
  `{"title": str, "url": str, "description": str, "items": [{"label": str, "url": str, "note": str}]}`;
- `home_sections`: a function `(limit: int) -> list[dict]`, the newest public items for the home page, each
  `{"label": str, "url": str, "note": str}` (e.g. the publication date); only published, public data.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from sunshine.accounts.roles import WORKBENCH_TITLES
from sunshine.accounts.scoping import has_capability
from sunshine.clocks.selectors import subject_urls, subjects_of, urgent_clocks
from sunshine.core.manifest import hooks
from sunshine.privacy.masking import mask_mobile, mask_resident_id

from .context_processors import FONT_COOKIE
from .reader_script import SCRIPT_COOKIE, SCRIPTS

WORKBENCH_CLOCK_LIMIT = 20
WATCH_ALL_CLOCKS = "clocks.watch_all_clocks"  # the county's clocks on the workbench (clocks/manifest.py)


def _hook_sections(field: str, user) -> list[dict]:
    sections: list[dict] = []
    for _label, hook in hooks(field):
        sections.extend(hook(user))
    return sections


HOME_LATEST_LIMIT = 8


@require_safe
def home(request):
    latest: list[dict] = []
    for _label, hook in hooks("home_sections"):
        latest.extend(hook(HOME_LATEST_LIMIT))
    return render(request, "portal/home.html", {"latest": latest[:HOME_LATEST_LIMIT]})


def _back_to(request) -> str:
    """The `next` page when it is on this site, else the home page."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("portal:home")
    return target


@require_safe
def font_size(request):
    """Switch between the standard and the large font (大字版) with a cookie; no JavaScript needed."""
    size = request.GET.get("size", "large")
    response = HttpResponseRedirect(_back_to(request))
    if size == "large":
        response.set_cookie(FONT_COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(FONT_COOKIE, samesite="Lax")
    return response


@require_safe
def reader_script_switch(request):
    """Switch the public pages between simplified and traditional characters (简/繁) with a cookie; no JavaScript
    needed. `to=hans` or `to=hant`; anything else returns to the pages as written."""
    script = request.GET.get("to", "")
    response = HttpResponseRedirect(_back_to(request))
    if script in SCRIPTS:
        response.set_cookie(SCRIPT_COOKIE, script, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(SCRIPT_COOKIE, samesite="Lax")
    return response


@login_required
@require_safe
def my(request):
    """The citizen's own page (我的): profile with masked numbers, and each app's section."""
    user = request.user
    if user.kind != "citizen":
        return redirect("portal:workbench")
    # a credit code identifies an organisation and is public; a resident ID is masked
    masked_id = mask_resident_id(user.id_number) if user.id_type == "resident_id" else user.id_number
    context = {
        "masked_phone": mask_mobile(user.phone) if user.phone else "",
        "masked_id": masked_id,
        "id_type_label": user.get_id_type_display() if user.id_number else "",
        "sections": _hook_sections("my_sections", user),
    }
    return render(request, "portal/my.html", context)


@login_required
@require_safe
def workbench(request):
    """Staff workbench (工作台): the running clocks to watch, most urgent first, and each app's queue.

    The clocks are the user's own department's (我的待办); only holders of `clocks.watch_all_clocks` (the disclosure
    office, the supervisors) get the county's, under a title that says so: a cross-department duty to register or
    dispatch (集中受理台, 话务员) is not a to-do list of every department's cases."""
    user = request.user
    if user.kind != "staff":
        raise PermissionDenied("工作台仅供工作人员使用。")
    watch_all = has_capability(user, WATCH_ALL_CLOCKS)
    clocks = urgent_clocks(user, limit=WORKBENCH_CLOCK_LIMIT, own_department=not watch_all)
    subjects = subjects_of(clocks)
    urls = subject_urls(clocks, subjects=subjects)  # the case's staff page (clocks.selectors), no extra query
    rows = [{"clock": c, "url": urls[c.pk], "title": c.label or str(subjects.get(c.pk, c))} for c in clocks]
    groups = list(user.groups.order_by("name").values_list("name", flat=True))
    title, purpose = next((WORKBENCH_TITLES[g] for g in groups if g in WORKBENCH_TITLES), ("工作台", ""))
    context = {
        "rows": rows, "watch_all": watch_all, "title": title, "purpose": purpose,
        "clock_limit": WORKBENCH_CLOCK_LIMIT,
        "department": user.department,
        "roles": groups,
        "sections": _hook_sections("workbench_sections", user),
    }
    return render(request, "portal/workbench.html", context)
