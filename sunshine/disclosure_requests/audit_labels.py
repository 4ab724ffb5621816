"""Labels of the disclosure-request audit actions (see sunshine.audit.labels)."""

LABELS = {
    "disclosure_request.submit": "提交申请",
    "disclosure_request.correct_receipt": "更正收到申请日期",
    "disclosure_request.request_supplement": "一次性告知补正",
    "disclosure_request.receive_supplement": "收到补正材料",
    "disclosure_request.abandon_supplement": "逾期未补正，不再处理",
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
    "disclosure_request.reply": "作出答复",
    "disclosure_request.withdraw": "申请人撤回",
    "disclosure_request.view_identity": "查看完整证件号码",
    "disclosure_requests.letter.generate": "生成文书",
}
