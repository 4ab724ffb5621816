"""Reads of notifications: a user sees only their own inbox."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import Notification


def inbox_for(user) -> QuerySet[Notification]:
    """The user's inbox messages (站内信), unread first, newest first within each group."""
    if not (user and user.is_authenticated):
        return Notification.objects.none()
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return Notification.objects.filter(user=user, channel=Notification.Channel.INBOX).order_by(
        unread_first, "-created_at", "-id")


def unread_count(user) -> int:
    """Number of unread inbox messages, for the navigation badge (one indexed COUNT query)."""
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(user=user, channel=Notification.Channel.INBOX, read_at__isnull=True).count()
