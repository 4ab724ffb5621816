"""Manifest of government services (政务服务): the catalogue and guide pages, the desk's and the windows' pages, the
periodic sweep of late one-time notices, the statistics provider and the demo data."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, Job, NavEntry

# Spelled out: a manifest imports no module of its app; test_manifest checks they equal permissions.py's.
REGISTER = "gov_services.register_application"
HANDLE = "gov_services.handle_application"
APPROVE_EXTENSION = "gov_services.approve_extension"
FOLLOW = "gov_services.follow_as_agent"
AGENT_ROLE = "代办员"  # 重点项目代办员 (政务服务中心)
VIEW_FLAGS = "gov_services.view_integrity_flags"
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
        f"{A}.prereview": "网上预审通过",
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
        f"{A}.upload_deferred": "网上补交容缺材料",
        f"{A}.tasks_done": "并联任务均已办结",
        f"{A}.set_green_channel": "绿色通道",
        f"{A}.assign_agent": "指定代办员",
        "gov_services.task.start": "启动并联任务",
        "gov_services.task.complete_review": "并联任务审查完毕",
        "gov_services.task.decide": "并联任务作出决定",
        "gov_services.task.issue_certificate": "并联任务制证",
        "gov_services.task.start_special": "并联任务启动特别程序",
        "gov_services.task.end_special": "并联任务特别程序结束",
        f"{A}.record_fee": "登记缴费",
        f"{A}.terminate_deferred": "容缺材料逾期终止办理",
        "gov_services.flag.raise": "电子监察标记",
        "gov_services.letter.generate": "生成政务服务文书",
        "gov_services.real_name.verify": "网上办事实名认证",
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
                 "gov_services.certificate": "颁发证件期限", "gov_services.deferred": "容缺材料后补期限",
                 "gov_services.joint_statutory": "并联审批法定时限（联合办理）",
                 "gov_services.task_promised": "并联任务承诺时限", "gov_services.task_step": "并联任务环节时限"},
    roles={
        r.DESK_CLERK: [REGISTER],
        r.WINDOW_CLERK: [HANDLE, DRAFT_GUIDE],
        r.CLERK: [HANDLE, DRAFT_GUIDE],
        r.REVIEWER: [HANDLE, DRAFT_GUIDE, APPROVE_GUIDE],
        r.OFFICE_HEAD: [APPROVE_EXTENSION, APPROVE_GUIDE, VIEW_FLAGS],
        r.SUPERVISOR: [VIEW_FLAGS],
        AGENT_ROLE: [FOLLOW],
    },
    navigation=[
        NavEntry("办事服务", "gov_services:catalogue", "public", order=40, section="zw"),
        NavEntry("集中受理台", "gov_services:staff-desk", "staff", order=60, section="zw-desk", capability=REGISTER),
        NavEntry("窗口办件", "gov_services:staff-window", "staff", order=61, section="zw-window", capability=HANDLE),
        NavEntry("并联审批", "gov_services:staff-tasks", "staff", order=62, section="zw-tasks", capability=HANDLE),
        NavEntry("代办项目", "gov_services:staff-agent", "staff", order=63, section="zw-agent", capability=FOLLOW),
        NavEntry("政务服务监察", "gov_services:staff-supervision", "staff", order=64, section="zw-supervision",
                 capability=VIEW_FLAGS),
        NavEntry("办事指南", "gov_services:staff-guides", "staff", order=65, section="zw-guides",
                 predicate="sunshine.gov_services.selectors:opens_guide_pages",
                 badge="sunshine.gov_services.selectors:guides_awaiting_review", badge_unit="个待审核"),
    ],
    workbench_sections="sunshine.gov_services.sections:workbench_sections",
    jobs=[Job("accept-late-notices", task="gov_services.accept_late_notices", every=3600,
              command="zw_accept_late_notices", description="五日内未一次性告知的办件视为受理"),
          Job("integrity-flags", task="gov_services.integrity_flags", every=3600, command="zw_integrity_flags",
              description="电子监察：环节超时、已取消事项的办件"),
          Job("terminate-lapsed-deferred", task="gov_services.terminate_lapsed_deferred",
              crontab={"minute": "10", "hour": "1"}, command="zw_terminate_lapsed_deferred",
              description="容缺材料逾期未补交的办件终止办理")],
    statistics="sunshine.gov_services.statistics:provider",
    my_sections="sunshine.gov_services.sections:my_sections",
    demo="sunshine.gov_services.demo:load",
)
