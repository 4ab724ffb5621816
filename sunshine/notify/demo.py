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


def spread_times(model, periods: dict) -> int:
    """Demo data only: date the notifications about objects of `model` (made while loading, all "now") over the
    days each object's case really ran, `periods` = {pk: (first date, last date)}, in the order they were made,
    during office hours (09:00–17:00 local). One query and one bulk update. Returns how many were dated."""
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    rows = list(Notification.objects.filter(related_type=ContentType.objects.get_for_model(model),
                                            related_id__in=[str(pk) for pk in periods]).order_by("id"))
    by_object: dict[str, list[Notification]] = {}
    for n in rows:
        by_object.setdefault(n.related_id, []).append(n)
    tz = timezone.get_current_timezone()
    for pk, (first, last) in periods.items():
        mine = by_object.get(str(pk), [])
        start = dt.datetime.combine(first, dt.time(9, 0), tzinfo=tz)
        end = max(start, dt.datetime.combine(last, dt.time(16, 30), tzinfo=tz))
        steps = max(1, len(mine) - 1)
        for i, n in enumerate(mine):
            at = start + (end - start) * i / steps
            if at.hour >= 17 or at.hour < 9:  # keep office hours
                at = at.replace(hour=10 + i % 6, minute=(7 * i) % 60)
            n.created_at = at
            if n.sent_at is not None:
                n.sent_at = at + dt.timedelta(seconds=20 + i)
    Notification.objects.bulk_update(rows, ["created_at", "sent_at"], batch_size=500)
    return len(rows)
