"""Notifications (通知): SMS, e-mail and the in-site inbox (站内信), each a recorded, retried delivery."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Notification(models.Model):
    """One message to one recipient (通知记录): queued → sent, or failed after the last attempt."""

    class Channel(models.TextChoices):
        SMS = "sms", "短信"
        EMAIL = "email", "电子邮件"
        INBOX = "inbox", "站内信"

    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收用户", null=True, blank=True,
                             on_delete=models.CASCADE, related_name="notifications")
    phone = models.CharField("手机号码", max_length=20, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    subject = models.CharField("标题", max_length=200, blank=True)
    body = models.TextField("内容")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    related_type = models.ForeignKey(ContentType, verbose_name="关联对象类型", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    related_id = models.CharField("关联对象编号", max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")
    # e-mail only: files sent as attachments (e.g. the information released with a disclosure reply)
    attachments = models.ManyToManyField("files.StoredFile", verbose_name="附件", blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        indexes = [
            models.Index(fields=["user", "channel", "read_at"], name="notify_inbox_idx"),
            models.Index(fields=["status", "created_at"], name="notify_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(channel="inbox") | models.Q(user__isnull=False),
                                   name="notify_inbox_has_user"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}通知 #{self.pk}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
