"""Demo data: a welcome message in the inbox of the demo citizen and the demo clerk (idempotent)."""

from __future__ import annotations

from sunshine.accounts.models import User

from .models import Notification
from .services import notify

WELCOME = "欢迎使用阳光政务"


def load(stdout) -> None:
    created = 0
    for username, body in [
        ("13800138000", "您可以在“我的”中查看依申请公开的办理进度，办理结果也会通过短信和站内信通知您。"),
        ("clerk", "您有新的工作提醒时会显示在这里；导航栏的数字是未读通知数。"),
    ]:
        user = User.objects.filter(username=username).first()
        if user is None or Notification.objects.filter(user=user, subject=WELCOME).exists():
            continue
        notify(channel=Notification.Channel.INBOX, subject=WELCOME, body=body, user=user)
        created += 1
    stdout.write(f"notify: {created} welcome notifications")
