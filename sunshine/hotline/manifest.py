"""Manifest of the hotline (12345热线与书记县长信箱): the mailbox and tracking pages, the office's and departments'
queues, the statistics provider and the demo data."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, Job, NavEntry

# Spelled out: a manifest imports no module of its app; test_manifest checks they equal permissions.py's.
DISPATCH = "hotline.dispatch_ticket"
HANDLE = "hotline.handle_ticket"
APPROVE_EXTENSION = "hotline.approve_extension"
SUPERVISE = "hotline.supervise_ticket"
EDIT_KB = "hotline.edit_knowledge"
REVIEW_KB = "hotline.review_knowledge"

MANIFEST = AppManifest(
    label="12345热线与书记县长信箱",
    audit_labels={
        "hotline.ticket.submit": "受理工单",
        "hotline.ticket.dispatch": "派单",
        "hotline.ticket.close_directly": "直接办结",
        "hotline.ticket.merge": "并单",
        "hotline.ticket.sign_for": "签收",
        "hotline.ticket.return": "退单",
        "hotline.ticket.reject_return": "驳回退单",
        "hotline.ticket.reassign": "改派",
        "hotline.ticket.contact": "先行联系",
        "hotline.ticket.extend": "批准延期",
        "hotline.ticket.reply": "答复",
        "hotline.ticket.approve_reply": "答复审核通过",
        "hotline.ticket.send_back": "退回重办",
        "hotline.ticket.callback": "回访",
        "hotline.ticket.reopen": "重办",
        "hotline.ticket.close": "办结",
        "hotline.ticket.supervise": "督办",
        "hotline.ticket.respond_supervision": "督办回复",
        "hotline.ticket.convert": "转办（依申请公开、信访）",
        "hotline.letter.generate": "生成答复意见书",
        "hotline.history.import": "导入历史工单",
        "hotline.kb.create": "新建知识库条目",
        "hotline.kb.edit": "修改知识库条目",
        "hotline.kb.submit": "知识库条目提交审核",
        "hotline.kb.publish": "知识库条目审核发布",
        "hotline.kb.send_back": "知识库条目退回修改",
        "hotline.kb.withdraw": "知识库条目撤回",
        "hotline.kb.revise": "知识库条目修订",
    },
    clock_kinds={"hotline.sign": "热线工单签收期限", "hotline.contact": "热线工单先行联系期限",
                 "hotline.reply": "热线工单办理答复期限", "hotline.supervision": "热线督办回复期限"},
    roles={
        r.HOTLINE_OPERATOR: [DISPATCH, EDIT_KB],
        r.OFFICE_HEAD: [APPROVE_EXTENSION, SUPERVISE, REVIEW_KB],
        r.SUPERVISOR: [SUPERVISE],
        r.CLERK: [HANDLE, EDIT_KB],
        r.REVIEWER: [HANDLE, REVIEW_KB],
    },
    navigation=[
        NavEntry("书记县长信箱", "hotline:index", "public", order=55, section="rx"),
        NavEntry("热线工单", "hotline:staff-office", "staff", order=55, section="rx", capability=DISPATCH),
        NavEntry("热线承办", "hotline:staff-department", "staff", order=56, section="rx-dept", capability=HANDLE),
        NavEntry("来电受理", "hotline:staff-call", "staff", order=54, section="rx-call", capability=DISPATCH),
        NavEntry("热线知识库", "hotline:staff-kb", "staff", order=57, section="rx-kb",
                 predicate="sunshine.hotline.call_views:opens_kb_staff"),
        NavEntry("热线考核", "hotline:staff-indicators", "staff", order=58, section="rx-indicators",
                 predicate="sunshine.hotline.permissions:can_read_indicators"),
        NavEntry("热线知识库", "hotline:kb", "public", order=56, section="rx-kb"),
    ],
    workbench_sections="sunshine.hotline.sections:workbench_sections",
    jobs=[Job("retrain-department-suggester", task="hotline.retrain_suggester", crontab={"minute": "30", "hour": "2"},
              command="hotline_train_suggester", description="每晚用已派单的工单重新训练承办部门推荐模型")],
    statistics="sunshine.hotline.statistics:provider",
    demo="sunshine.hotline.demo:load",
)
