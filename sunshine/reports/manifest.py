"""Manifest of reports (统计报表): the annual report's request table (表三) in the staff menu."""

from sunshine.core.manifest import AppManifest, NavEntry

MANIFEST = AppManifest(
    label="统计报表",
    navigation=[NavEntry("年报统计", "reports:request-table", "staff", order=40,
                         predicate="sunshine.accounts.predicates:has_department_scope")],
)
