"""Chinese labels of audit action codes, for the trails shown to staff (办理记录).

Each app declares the labels of the codes it records in its manifest (`AppManifest.audit_labels`,
`{"code": "中文", …}`); codes are dotted and stable. An unknown code is shown as it is, so a trail never hides an
event.
"""

from __future__ import annotations

from sunshine.core.manifest import merged


def action_label(code: str) -> str:
    return merged("audit_labels").get(code, code)


def all_labels() -> dict[str, str]:
    """Every known code and its label (the admin searches events by label)."""
    return dict(merged("audit_labels"))
