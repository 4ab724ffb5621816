"""Privacy (个人信息保护): reviewers' decisions on scanner findings.

The raw value of a finding is never stored: a decision is matched to a finding by its kind and a keyed
digest (HMAC-SHA256 with SECRET_KEY) of its value, so the same number keeps its decision when the text
around it is edited, and the table leaks nothing if copied.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .scanner import KIND_LABELS


class MaskingDecision(models.Model):
    """A reviewer's decision on one finding of the sensitive-data scan (敏感信息处理决定)."""

    class Decision(models.TextChoices):
        MASK = "mask", "脱敏后公开"
        REMOVE = "remove", "删除"
        JUSTIFY = "justify", "保留（说明理由）"

    target_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.CASCADE)
    target_id = models.CharField("对象编号", max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField("类别", max_length=20, choices=list(KIND_LABELS.items()))
    value_digest = models.CharField("内容摘要", max_length=64, help_text="HMAC-SHA256，不保存原文")
    masked = models.CharField("脱敏显示", max_length=200)
    decision = models.CharField("处理决定", max_length=10, choices=Decision.choices)
    reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间")

    class Meta:
        verbose_name = verbose_name_plural = "敏感信息处理决定"
        permissions = [("use_scanner", "使用敏感信息扫描")]
        indexes = [models.Index(fields=["target_type", "target_id"], name="privacy_decision_target")]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "kind", "value_digest"],
                                    name="privacy_decision_unique"),
            models.CheckConstraint(condition=~models.Q(decision="justify") | ~models.Q(reason=""),
                                   name="privacy_justify_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked}：{self.get_decision_display()}"
