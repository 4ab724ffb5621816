"""Manifest of notify (通知): the inbox in both menus (with the unread count), the sweep of lost deliveries."""

from sunshine.core.manifest import AppManifest, Job, NavEntry

UNREAD = "sunshine.notify.selectors:unread_count"

MANIFEST = AppManifest(
    label="通知",
    audit_labels={
        "notification.create": "生成通知",
        "notification.send": "发送通知",
        "notification.fail": "通知发送失败",
        "notification.read": "阅读通知",
        "notification.read_all": "全部标为已读",
    },
    navigation=[
        NavEntry("通知", "notify:inbox", "staff", order=80, section="notifications", badge=UNREAD),
        NavEntry("通知", "notify:inbox", "my", order=20, section="notifications", badge=UNREAD,
                 predicate="sunshine.accounts.predicates:is_citizen"),
    ],
    jobs=[Job("resend-stale-notifications", task="notify.resend_stale", every=600, command="notify_sweep",
              description="重发投递任务丢失的短信和邮件")],
    demo="sunshine.notify.demo:load",
)
