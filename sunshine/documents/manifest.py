"""Manifest of documents (文书): the audit actions of generated files and office templates, and the sweep that builds
the files whose task was lost."""

from sunshine.core.manifest import AppManifest, Job

MANIFEST = AppManifest(
    label="文书",
    audit_labels={
        "documents.generate": "生成文书文件",
        "documents.template.save": "保存文书模板",
        "documents.template.delete": "删除文书模板",
    },
    jobs=[Job("complete-pending-documents", task="documents.complete_pending", every=600, command="documents_sweep",
              description="补做生成任务丢失的文书文件")],
)
