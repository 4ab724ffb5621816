"""Chinese names of clock kinds (时限类型), for the pages that show a clock.

Each app names the kinds it starts in its manifest (`AppManifest.clock_kinds = {"dotted.code": "中文名称", …}`;
kinds of demo or benchmark data in `demo_only`). A name set in the admin (预警设置 › 名称) wins; an unknown code is
shown as it is, so a clock never hides what it is.
"""

from __future__ import annotations

from sunshine.core.manifest import merged

from .models import ClockKindSetting


def kind_label(kind: str) -> str:
    setting = ClockKindSetting.objects.filter(kind=kind).exclude(label="").values_list("label", flat=True).first()
    return setting or merged("clock_kinds").get(kind, kind)
