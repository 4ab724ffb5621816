"""Manifest of case links (案件关联): the audit actions, one on each case of a link."""

from sunshine.core.manifest import AppManifest

MANIFEST = AppManifest(
    label="案件关联",
    audit_labels={
        "caselinks.merged_into": "并入其他案件",
        "caselinks.merged_into.inverse": "合并了其他案件",
        "caselinks.converted_to": "转为其他案件",
        "caselinks.converted_to.inverse": "由其他案件转换而来",
        "caselinks.split_from": "拆分自其他案件",
        "caselinks.split_from.inverse": "拆分出新案件",
        "caselinks.forwarded_to": "转至其他案件",
        "caselinks.forwarded_to.inverse": "由其他案件转来",
    },
)
