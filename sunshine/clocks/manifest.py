"""Manifest of clocks (办理时限): the ledger's audit actions, the staff list of clocks, and the synthetic kinds of
`sunshine seed --clocks` (benchmark data: registered only with the demo registrations)."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, DemoOnly, NavEntry, Seed

VIEW = "clocks.view_clock"
EXTEND = "clocks.extend_clock"
WATCH_ALL = "clocks.watch_all_clocks"  # the workbench lists every department's clocks (政务公开办, 监察)

# The kinds `sunshine seed --clocks` makes (sunshine/clocks/seed.py draws from these, with their limits there).
SEED_KINDS = {
    "seed.disclosure_request.reply": "依申请公开答复（合成数据）",
    "seed.publication.timeliness": "主动公开时效（合成数据）",
    "seed.gov_service.application": "政务服务办件（合成数据）",
    "seed.hotline.ticket": "12345工单办理（合成数据）",
    "seed.disclosure_request.supplement": "申请人补正期限（合成数据）",
    "seed.penalty.decision": "行政处罚决定期限（合成数据）",
    "seed.hotline.acknowledge": "12345工单签收（合成数据）",
}

MANIFEST = AppManifest(
    label="办理时限",
    audit_labels={
        "clock.start": "开始计时",
        "clock.pause": "暂停计时",
        "clock.resume": "恢复计时",
        "clock.restart": "重新计时",
        "clock.extend": "延长期限",
        "clock.stop": "停止计时",
        "clock.recompute": "按新日历重算期限",
        "clock.transfer": "转办（时限转至接收部门）",
    },
    roles={
        r.CLERK: [VIEW],
        r.REVIEWER: [VIEW],
        r.OFFICE_HEAD: [VIEW, EXTEND, WATCH_ALL],
        r.WINDOW_CLERK: [VIEW],
        r.DESK_CLERK: [VIEW],
        r.HOTLINE_OPERATOR: [VIEW],
        r.SUPERVISOR: [VIEW, WATCH_ALL],
    },
    navigation=[NavEntry("时限", "clocks:clock-list", "staff", capability=VIEW, order=60, section="clocks")],
    seed=Seed(option="clocks",
              help="生成 N 个合成办理时限（20% 计时中，含工作日、自然日、小时及申请人期限），用于预警统计的性能测试",
              run="sunshine.clocks.seed:run"),
    demo_only=DemoOnly(clock_kinds=SEED_KINDS),
)
