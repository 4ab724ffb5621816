"""Manifest of orgs (组织机构): divisions, departments, windows; the demo county."""

from sunshine.core.manifest import AppManifest

MANIFEST = AppManifest(
    label="组织机构",
    demo="sunshine.orgs.demo:load",
)
