"""Manifest of government services (政务服务): the catalogue and guide pages, the desk's and the windows' pages, the
periodic sweep of late one-time notices, the statistics provider and the demo data."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, Job, NavEntry

# Spelled out: a manifest imports no module of its app; test_manifest checks they equal permissions.py's.
REGISTER = "gov_services.register_application"
HANDLE = "gov_services.handle_application"
APPROVE_EXTENSION = "gov_services.approve_extension"
DRAFT_GUIDE = "gov_services.draft_guide"
APPROVE_GUIDE = "gov_services.approve_guide"
G = "gov_services.guide"

A = "gov_services.application"
MANIFEST = AppManifest(
    label="政务服务",
    audit_labels={
        f"{A}.submit": "登记办件",
        f"{A}.dispatch": "分送窗口",
        f"{A}.accept": "受理",
        f"{A}.refuse": "不予受理",
        f"{A}.notify_missing": "一次性告知",
        f"{A}.receive_materials": "补齐材料",
        f"{A}.accept_by_lapse": "逾期未告知视为受理",
        f"{A}.complete_review": "审查完毕",
        f"{A}.decide": "作出许可决定",
        f"{A}.issue_certificate": "制证",
        f"{A}.deliver": "送达",
        f"{A}.complete": "办结",
        f"{A}.start_special": "启动特别程序",
        f"{A}.end_special": "特别程序结束",
        f"{A}.extend": "批准延期",
        f"{A}.receive_deferred": "收到容缺材料",
        "gov_services.letter.generate": "生成政务服务文书",
        f"{G}.create": "新增事项（草稿）",
        f"{G}.draft": "起草办事指南新版本",
        f"{G}.edit": "修改办事指南草稿",
        f"{G}.submit": "提交办事指南审核",
        f"{G}.approve": "审核发布办事指南",
        f"{G}.return": "退回办事指南",
        f"{G}.discard": "废弃办事指南草稿",
        f"{G}.supersede": "办事指南被新版本替代",
    },
    clock_kinds={"gov_services.notice": "一次性告知期限", "gov_services.statutory": "行政许可法定时限",
                 "gov_services.promised": "承诺办结时限", "gov_services.step": "办理环节时限",
                 "gov_services.certificate": "颁发证件期限", "gov_services.deferred": "容缺材料后补期限"},
    roles={
        r.DESK_CLERK: [REGISTER],
        r.WINDOW_CLERK: [HANDLE, DRAFT_GUIDE],
        r.CLERK: [HANDLE, DRAFT_GUIDE],
        r.REVIEWER: [HANDLE, DRAFT_GUIDE, APPROVE_GUIDE],
        r.OFFICE_HEAD: [APPROVE_EXTENSION, APPROVE_GUIDE],
    },
    navigation=[
        NavEntry("办事服务", "gov_services:catalogue", "public", order=40, section="zw"),
        NavEntry("集中受理台", "gov_services:staff-desk", "staff", order=60, section="zw-desk", capability=REGISTER),
        NavEntry("窗口办件", "gov_services:staff-window", "staff", order=61, section="zw-window", capability=HANDLE),
        NavEntry("办事指南", "gov_services:staff-guides", "staff", order=62, section="zw-guides",
                 predicate="sunshine.gov_services.selectors:opens_guide_pages",
                 badge="sunshine.gov_services.selectors:guides_awaiting_review", badge_unit="个待审核"),
    ],
    jobs=[Job("accept-late-notices", task="gov_services.accept_late_notices", every=3600,
              command="zw_accept_late_notices", description="五日内未一次性告知的办件视为受理")],
    statistics="sunshine.gov_services.statistics:provider",
    demo="sunshine.gov_services.demo:load",
)
