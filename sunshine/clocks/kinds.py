"""Chinese names of clock kinds (时限类型), for the pages that show a clock.

Each app may provide `clock_kinds.py` with `KINDS = {"dotted.code": "中文名称", …}` for the kinds it starts
(the same discovery as `audit_labels.py`). A name set in the admin (预警设置 › 名称) wins; an unknown code is
shown as it is, so a clock never hides what it is.
"""

from __future__ import annotations

from functools import cache

from sunshine.core.plugins import merged_mapping

from .models import ClockKindSetting


@cache
def _kinds() -> dict[str, str]:
    return merged_mapping("clock_kinds", "KINDS")


def kind_label(kind: str) -> str:
    setting = ClockKindSetting.objects.filter(kind=kind).exclude(label="").values_list("label", flat=True).first()
    return setting or _kinds().get(kind, kind)
