"""Manifest of privacy (个人信息保护): the sensitive-data scanner for the staff who publish or reply."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, NavEntry

USE_SCANNER = "privacy.use_scanner"

MANIFEST = AppManifest(
    label="个人信息保护",
    audit_labels={"privacy.decide": "处理敏感信息"},
    roles={r.CLERK: [USE_SCANNER], r.REVIEWER: [USE_SCANNER], r.OFFICE_HEAD: [USE_SCANNER],
           r.WINDOW_CLERK: [USE_SCANNER]},
    navigation=[NavEntry("扫描", "privacy:scan", "staff", capability=USE_SCANNER, order=70, section="privacy")],
)
