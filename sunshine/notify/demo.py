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


def spread_times(related, *, first, last) -> int:
    """Demo data only: date the notifications about `related` (made while loading, all "now") over the days its
    case really ran, `first` … `last` (dates), in the order they were made, during office hours (09:00–17:00 local).
    Returns how many were dated."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    rows = list(Notification.objects.filter(related_type=ContentType.objects.get_for_model(related),
                                            related_id=str(related.pk)).order_by("id"))
    if not rows:
        return 0
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time(9, 0), tzinfo=tz)
    end = max(start, dt.datetime.combine(last, dt.time(16, 30), tzinfo=tz))
    steps = max(1, len(rows) - 1)
    for i, n in enumerate(rows):
        at = start + (end - start) * i / steps
        if at.hour >= 17 or at.hour < 9:  # keep office hours
            at = at.replace(hour=10 + i % 6, minute=(7 * i) % 60)
        n.created_at = at
        if n.sent_at is not None:
            n.sent_at = at + dt.timedelta(seconds=20 + i)
    Notification.objects.bulk_update(rows, ["created_at", "sent_at"])
    return len(rows)
