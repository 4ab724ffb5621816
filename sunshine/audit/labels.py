"""Chinese labels of audit action codes, for the trails shown to staff (办理记录).

Each app may provide `audit_labels.py` with `LABELS = {"code": "中文", …}`; codes are dotted and stable.
An unknown code is shown as it is, so a trail never hides an event.
"""

from __future__ import annotations

from functools import cache

from sunshine.core.plugins import merged_mapping


@cache
def _labels() -> dict[str, str]:
    return merged_mapping("audit_labels", "LABELS")


def action_label(code: str) -> str:
    return _labels().get(code, code)


def all_labels() -> dict[str, str]:
    """Every known code and its label (the admin searches events by label)."""
    return dict(_labels())
