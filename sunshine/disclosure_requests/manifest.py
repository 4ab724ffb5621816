"""Manifest of disclosure requests (依申请公开): the application and tracking pages, the staff case pages, the
lapse-of-time job and the sweep of letters, and the statistics provider (table 3 of the annual report)."""

from sunshine.accounts import roles as r
from sunshine.core.manifest import AppManifest, Job, NavEntry, Seed

# The capabilities, spelled out: the settings read the manifests before Django is set up, so a manifest imports no
# module of its app (permissions.py imports the kernel's policies). test_manifest checks they equal permissions.py's.
HANDLE = "disclosure_requests.handle_request"
APPROVE_EXTENSION = "disclosure_requests.approve_extension"
VIEW = "disclosure_requests.view_disclosurerequest"
SIGN_OFF = "disclosure_requests.sign_off_reply"
REGISTER = "disclosure_requests.register_request"

MANIFEST = AppManifest(
    label="依申请公开",
    audit_labels={
        "disclosure_request.submit": "提交申请",
        "disclosure_request.correct_receipt": "更正收到申请日期",
        "disclosure_request.request_supplement": "一次性告知补正",
        "disclosure_request.receive_supplement": "收到补正材料",
        "disclosure_request.record_supplement": "登记纸质补正",
        "disclosure_request.abandon_supplement": "逾期未补正，不再处理",
        "disclosure_request.record_delivery": "登记送达日期",
        "disclosure_request.notify_third_party": "书面告知第三方决定公开",
        "disclosure_request.ask_reasons": "要求申请人说明理由",
        "disclosure_request.record_reasons": "登记申请人说明理由情况",
        "disclosure_request.forward": "转至本县负责机关",
        "disclosure_request.split": "拆分申请",
        "disclosure_request.split_child": "由拆分生成",
        "disclosure_request.start_consultation": "征求意见",
        "disclosure_request.answer_consultation": "收到征求意见答复",
        "disclosure_request.consultation_finished": "征求意见结束",
        "disclosure_request.approve_extension": "批准延期答复",
        "disclosure_request.reasonable_delay": "延迟答复（第三十五条）",
        "disclosure_request.issue_fee_notice": "发出收费通知",
        "disclosure_request.record_payment": "登记缴费",
        "disclosure_request.abandon_fee": "逾期未缴费，不再处理",
        "disclosure_request.draft_reply": "拟定答复（报签发）",
        "disclosure_request.return_draft": "退回修改",
        "disclosure_request.sign_off": "签发",
        "disclosure_request.reply": "作出答复",
        "disclosure_request.withdraw": "申请人撤回",
        "disclosure_request.view_identity": "查看完整证件号码",
        "disclosure_requests.letter.generate": "生成文书",
        "disclosure_request.review_case_register": "登记行政复议、行政诉讼案件",
        "disclosure_request.review_case_update": "更新行政复议、行政诉讼案件",
    },
    # obligor of each: the department (reply); the applicant (supplement, fee, reasons); the consulted third party
    # or agency
    clock_kinds={"disclosure_request.reply": "依申请公开答复期限",
                 "disclosure_request.supplement": "依申请公开补正期限",
                 "disclosure_request.consultation": "依申请公开征求意见期限（第三方/其他机关）",
                 "disclosure_request.fee": "依申请公开缴费期限",
                 "disclosure_request.reasons": "依申请公开说明理由期限（申请人）"},
    roles={
        r.CLERK: [HANDLE, VIEW, REGISTER],
        r.REVIEWER: [HANDLE, VIEW, REGISTER, SIGN_OFF],
        r.OFFICE_HEAD: [HANDLE, VIEW, APPROVE_EXTENSION, REGISTER, SIGN_OFF],
        r.SUPERVISOR: [VIEW],
        # the counter: oral, in-person and postal applications written down for the applicant (代为填写)
        r.WINDOW_CLERK: [REGISTER],
        r.DESK_CLERK: [REGISTER],
    },
    navigation=[
        NavEntry("依申请公开", "disclosure_requests:index", "public", order=30, section="ysq"),
        NavEntry("依申请公开", "disclosure_requests:staff-list", "staff", order=30, section="ysq",
                 predicate="sunshine.accounts.predicates:is_staff"),
    ],
    jobs=[
        Job("close-expired-disclosure-requests", task="disclosure_requests.close_expired", every=3600,
            command="ysq_close_expired", description="登记逾期未答复的征求意见，关闭逾期未补正、未缴费的申请"),
    ],
    workbench_sections="sunshine.disclosure_requests.sections:workbench_sections",
    my_sections="sunshine.disclosure_requests.sections:my_sections",
    statistics="sunshine.disclosure_requests.statistics:provider",
    demo="sunshine.disclosure_requests.demo:load",
    seed=Seed(option="disclosure_requests", help="生成 N 件依申请公开申请（用于年度报表和列表的性能测试）",
              run="sunshine.disclosure_requests.seed:run"),
)
