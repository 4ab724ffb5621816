"""Case links (案件关联): one case of any app related to another, recorded once and read from both ends.

A link has a direction: `from` did something towards `to` (merged into it, was converted to it, was split from it,
was forwarded to it). Seen from `to`, the same row reads with the inverse label (合并了, 由…转换而来, 拆分出, 由…转来).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class CaseLink(models.Model):
    """案件关联: from one case (any app) to another."""

    class Kind(models.TextChoices):
        MERGED_INTO = "merged_into", "并入"
        CONVERTED_TO = "converted_to", "转为"
        SPLIT_FROM = "split_from", "拆分自"
        FORWARDED_TO = "forwarded_to", "转至"

    # The label of each kind read from the other end (`to`); "…" stands for the other case.
    INVERSE_LABELS = {
        Kind.MERGED_INTO: "合并了",
        Kind.CONVERTED_TO: "由…转换而来",
        Kind.SPLIT_FROM: "拆分出",
        Kind.FORWARDED_TO: "由…转来",
    }

    from_type = models.ForeignKey(ContentType, verbose_name="案件类型", on_delete=models.PROTECT, related_name="+")
    from_id = models.CharField("案件编号", max_length=64)
    to_type = models.ForeignKey(ContentType, verbose_name="关联案件类型", on_delete=models.PROTECT, related_name="+")
    to_id = models.CharField("关联案件编号", max_length=64)
    kind = models.CharField("关联方式", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("理由", blank=True)
    created_at = models.DateTimeField("关联时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "案件关联"
        ordering = ["created_at", "id"]
        constraints = [
            # also the index of the links from a case
            models.UniqueConstraint(fields=["from_type", "from_id", "to_type", "to_id", "kind"],
                                    name="caselink_unique"),
            models.CheckConstraint(condition=~models.Q(from_type=models.F("to_type"), from_id=models.F("to_id")),
                                   name="caselink_not_to_itself"),
        ]
        indexes = [models.Index(fields=["to_type", "to_id"], name="caselink_to_idx")]

    def __str__(self) -> str:
        return f"{self.from_type_id}:{self.from_id} {self.get_kind_display()} {self.to_type_id}:{self.to_id}"

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.Kind(self.kind)]
