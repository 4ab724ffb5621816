"""Manifest of search (全文检索)."""

from sunshine.core.manifest import AppManifest

MANIFEST = AppManifest(label="全文检索")
