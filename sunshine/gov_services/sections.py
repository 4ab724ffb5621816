"""Workbench section (工作台) of government services: the supervision flags (named in the manifest)."""

from __future__ import annotations

from django.urls import reverse

from sunshine.accounts.scoping import has_capability

from .permissions import VIEW_FLAGS


def workbench_sections(user) -> list[dict]:
    from django.db.models import Count

    from .models import FlagKind, IntegrityFlag

    if not has_capability(user, VIEW_FLAGS):
        return []
    base = reverse("gov_services:staff-supervision")
    counts = dict(IntegrityFlag.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    return [{"title": "政务服务监察", "url": base,
             "description": "体外循环、逾期告知、收费不符、环节超时等电子监察标记。",
             "items": [{"label": label, "url": f"{base}?kind={value}", "note": f"{counts.get(value, 0)} 个"}
                       for value, label in FlagKind.choices]}]
