"""Labels of the publications app's audit actions (see sunshine.audit.labels)."""

from .workflow import Action

LABELS = {f"publication.{value}": label for value, label in Action.choices} | {
    "publication.create": "新建草稿",
    "publication.update": "修改",
    "publication.attach": "上传附件",
    "publication.table": "上传表格",
    "publication.import": "批量导入",
    "publication.finding.resolve": "处理敏感信息",
    "publication.attachment.replace": "替换附件（遮盖后）",
    "publication.attachment.public": "设置附件是否公开",
    "publication.personal_data.view": "查看完整个人信息",
    "publication.guide.save": "保存公开指南",
}
