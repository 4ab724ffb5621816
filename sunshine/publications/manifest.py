"""Manifest of publications (主动公开): the public column /gk/, the staff review chain, scheduled publication."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, Job, NavEntry, Seed

P = "publications."

# One label per action of the transition table (workflow.Action; a test checks every action has one) and per
# other write of services.py.
AUDIT_LABELS = {
    "publication.submit": "提交审查",
    "publication.approve_confidentiality": "保密审查通过",
    "publication.approve_legality": "规范性审核通过",
    "publication.return": "退回修改",
    "publication.publish": "发布",
    "publication.schedule": "定时发布",
    "publication.publish_due": "到期自动发布",
    "publication.unschedule": "取消定时发布",
    "publication.withdraw": "撤回",
    "publication.supersede": "替代",
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

MANIFEST = AppManifest(
    label="主动公开",
    audit_labels=AUDIT_LABELS,
    clock_kinds={"publication.timeliness": "主动公开时效"},
    roles={
        r.CLERK: [P + "draft_publication", P + "submit_publication"],
        r.REVIEWER: [P + "draft_publication", P + "submit_publication", P + "review_confidentiality",
                     P + "review_legality", P + "publish_publication", P + "edit_guide"],
        r.OFFICE_HEAD: [P + "review_confidentiality", P + "review_legality", P + "publish_publication",
                        P + "withdraw_publication", P + "edit_guide", P + "import_publications"],
        r.SUPERVISOR: [],
    },
    navigation=[
        NavEntry("政府信息公开", "publications:index", "public", order=20, section="gk"),
        NavEntry("主动公开", "publications:staff-list", "staff", order=20, section="gk",
                 predicate="sunshine.accounts.predicates:is_staff"),
    ],
    workbench_sections="sunshine.publications.sections:workbench_sections",
    home_sections="sunshine.publications.sections:home_latest",
    jobs=[Job("publish-due-publications", task="publications.publish_due", every=60, command="publish_due",
              description="定时发布到期的主动公开信息")],
    statistics="sunshine.publications.statistics:provider",
    demo="sunshine.publications.demo:load",
    demo_after="sunshine.publications.demo:load_annual_reports",
    seed=Seed(option="publications", help="生成 N 条合成的已发布主动公开信息（并建立检索索引），用于性能测试",
              run="sunshine.publications.seed:run"),
)
