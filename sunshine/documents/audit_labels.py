"""Labels of the documents' audit actions (see sunshine.audit.labels)."""

LABELS = {
    "documents.generate": "生成文书文件",
    "documents.template.save": "保存文书模板",
    "documents.template.delete": "删除文书模板",
}
