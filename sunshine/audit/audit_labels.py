"""Labels of the kernel's audit actions (see sunshine.audit.labels)."""

LABELS = {
    "account.register": "注册账户",
    "clock.start": "开始计时",
    "clock.pause": "暂停计时",
    "clock.resume": "恢复计时",
    "clock.restart": "重新计时",
    "clock.extend": "延长期限",
    "clock.stop": "停止计时",
    "clock.recompute": "按新日历重算期限",
    "workcalendar.import": "导入节假日安排",
    "file.store": "保存附件",
    "notification.create": "生成通知",
    "notification.send": "发送通知",
    "notification.fail": "通知发送失败",
    "notification.read": "阅读通知",
    "notification.read_all": "全部标为已读",
    "privacy.decide": "处理敏感信息",
}
