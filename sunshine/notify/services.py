"""Notification services: `notify` records a message and queues its delivery; `attempt_delivery` makes one try.

Delivery happens after the surrounding transaction commits, through `sunshine.core.tasks.enqueue`, so a
rolled-back case never sends a message. Inbox messages (站内信) are delivered by being stored.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from sunshine.audit.services import record
from sunshine.core.errors import DomainError
from sunshine.core.identity import normalize_mobile
from sunshine.core.tasks import enqueue
from sunshine.privacy.masking import mask_email, mask_mobile

from .backends import SendFailed, get_sms_backend
from .models import Notification

SEND_TASK = "notify.send_notification"  # tasks.send_notification (named: the tasks module imports this one)

logger = logging.getLogger(__name__)

Channel = Notification.Channel
Status = Notification.Status


def _destination(notification: Notification) -> str:
    if notification.channel == Channel.SMS:
        return mask_mobile(notification.phone)
    if notification.channel == Channel.EMAIL:
        return mask_email(notification.email)
    return f"用户 {notification.user_id}"


@transaction.atomic
def notify(*, channel: str, subject: str = "", body: str, user=None, phone: str = "", email: str = "",
           related=None, attachments=()) -> Notification:
    """Record a notification to `user` (or a bare phone/e-mail) and send it after commit.

    SMS goes to `phone` or else the user's phone; e-mail to `email` or else the user's address; an inbox
    message needs `user`. A missing or invalid destination raises DomainError (nothing is recorded).
    `attachments` (StoredFile rows) go with an e-mail as attached files (ignored for other channels).
    """
    if channel not in Channel.values:
        raise DomainError("通知渠道无效：仅支持短信、电子邮件和站内信。", field="channel")
    body = (body or "").strip()
    if not body:
        raise DomainError("通知内容不能为空。", field="body")
    if channel == Channel.SMS:
        phone = phone or getattr(user, "phone", "") or ""
        if not phone:
            raise DomainError("无法发送短信：没有手机号码。", field="phone")
        try:
            phone = normalize_mobile(phone)
        except ValidationError as exc:
            raise DomainError("无法发送短信：手机号码无效。", field="phone") from exc
    elif channel == Channel.EMAIL:
        email = (email or getattr(user, "email", "") or "").strip()
        if not email:
            raise DomainError("无法发送邮件：没有电子邮箱地址。", field="email")
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError("无法发送邮件：电子邮箱地址无效。", field="email") from exc
    elif user is None:
        raise DomainError("站内信必须指定接收用户。", field="user")

    notification = Notification(channel=channel, user=user, phone=phone if channel == Channel.SMS else "",
                                email=email if channel == Channel.EMAIL else "", subject=subject[:200], body=body)
    if related is not None:
        notification.related_type = ContentType.objects.get_for_model(related)
        notification.related_id = str(related.pk)
    if channel == Channel.INBOX:
        notification.status = Status.SENT
        notification.sent_at = timezone.now()
    notification.save()
    attachments = list(attachments or ()) if channel == Channel.EMAIL else []
    if attachments:
        notification.attachments.add(*attachments)
    record(action="notification.create", target=notification,
           after={"channel": channel, "to": _destination(notification), "status": notification.status,
                  "subject": notification.subject})
    if channel != Channel.INBOX:
        enqueue(SEND_TASK, notification.pk)
    return notification


def _send(notification: Notification) -> None:
    if notification.channel == Channel.SMS:
        text = notification.body if not notification.subject else f"{notification.subject}：{notification.body}"
        get_sms_backend().send(phone=notification.phone, text=text)
    elif notification.channel == Channel.EMAIL:
        subject = notification.subject or notification.body[:30]
        attachments = list(notification.attachments.all())
        if not attachments:
            send_mail(subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.email],
                      fail_silently=False)
            return
        message = EmailMessage(subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.email])
        for stored in attachments:
            with stored.file.open("rb") as handle:
                message.attach(stored.original_name, handle.read(), stored.mime or "application/octet-stream")
        message.send(fail_silently=False)


def attempt_delivery(*, notification_id: int) -> Notification | None:
    """One delivery attempt of a queued notification; returns it with its new status (None if it is gone).

    The attempt is claimed (attempts + 1) and committed before the network call, so no transaction or lock
    is held while a gateway is slow. After `NOTIFY_MAX_ATTEMPTS` failed attempts the status is `failed`.
    """
    max_attempts = max(1, settings.NOTIFY_MAX_ATTEMPTS)
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Status.QUEUED:
            return notification
        if notification.attempts >= max_attempts:
            notification.status = Status.FAILED
            notification.save(update_fields=["status"])
            record(action="notification.fail", target=notification,
                   after={"attempts": notification.attempts, "error": notification.last_error})
            return notification
        notification.attempts += 1
        notification.save(update_fields=["attempts"])

    try:
        _send(notification)
    except Exception as exc:  # any backend error is a failed attempt, recorded, never raised into the caller
        if not isinstance(exc, SendFailed):
            logger.warning("notification %s: delivery attempt failed", notification.pk, exc_info=True)
        error = str(exc) or exc.__class__.__name__
        with transaction.atomic():
            notification.last_error = f"第 {notification.attempts} 次：{error}"[:1000]
            update = ["last_error"]
            if notification.attempts >= max_attempts:
                notification.status = Status.FAILED
                update.append("status")
            notification.save(update_fields=update)
            if notification.status == Status.FAILED:
                record(action="notification.fail", target=notification,
                       after={"attempts": notification.attempts, "error": notification.last_error})
        return notification

    with transaction.atomic():
        notification.status = Status.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["status", "sent_at"])
        record(action="notification.send", target=notification, after={"attempts": notification.attempts})
    return notification


def stale_after() -> dt.timedelta:
    """How long a queued notification may wait before its task counts as lost: twice the whole retry chain
    (NOTIFY_RETRY_SECONDS × (1 + 2 + 4 …) over NOTIFY_MAX_ATTEMPTS), and never less than 30 minutes, so the
    sweep never races a retry that is still due."""
    chain = max(0, settings.NOTIFY_RETRY_SECONDS) * (2 ** max(0, settings.NOTIFY_MAX_ATTEMPTS - 1) - 1)
    return max(dt.timedelta(minutes=30), dt.timedelta(seconds=2 * chain))


def resend_stale(*, older_than: dt.timedelta | None = None, limit: int = 1000) -> int:
    """The safety net for lost deliveries (broker down at commit, worker killed mid-attempt, a crash between
    commit and the in-process send): every SMS or e-mail still queued after `older_than` (default
    `stale_after()`) gets its delivery task again. The attempts already made count: one that used them all
    ends `failed` with its event. Returns how many were re-enqueued. Run by Celery beat and `sunshine notify_sweep`.
    """
    cutoff = timezone.now() - (older_than if older_than is not None else stale_after())
    ids = list(Notification.objects.filter(status=Status.QUEUED, created_at__lt=cutoff)
               .exclude(channel=Channel.INBOX).order_by("created_at", "id").values_list("pk", flat=True)[:limit])
    for pk in ids:
        enqueue(SEND_TASK, pk)
    return len(ids)


@transaction.atomic
def mark_read(*, notification: Notification, user) -> Notification:
    """Mark the user's own inbox message as read (已读); reading it again changes nothing."""
    if notification.user_id != user.pk or notification.channel != Channel.INBOX:
        raise DomainError("只能标记自己的站内信。", code="not_own")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        record(action="notification.read", target=notification, actor=user)
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread inbox message of `user` as read; returns how many changed."""
    count = Notification.objects.filter(user=user, channel=Channel.INBOX, read_at__isnull=True).update(
        read_at=timezone.now())
    if count:
        record(action="notification.read_all", target=user, actor=user, after={"count": count})
    return count
