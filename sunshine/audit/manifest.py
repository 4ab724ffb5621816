"""Manifest of audit (审计日志): supervisors read the events."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest

MANIFEST = AppManifest(
    label="审计日志",
    roles={r.SUPERVISOR: ["audit.view_auditevent"]},
)
