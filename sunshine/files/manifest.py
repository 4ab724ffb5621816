"""Manifest of files (附件)."""

from sunshine.core.manifest import AppManifest

MANIFEST = AppManifest(
    label="附件",
    audit_labels={"file.store": "保存附件"},
)
