"""Manifest of workcalendar (工作日历)."""

from sunshine.core.manifest import AppManifest

MANIFEST = AppManifest(
    label="工作日历",
    audit_labels={"workcalendar.import": "导入节假日安排"},
)
