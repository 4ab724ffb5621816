"""Attachments (附件): every uploaded or generated file, sniffed, hashed and with its text extracted."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def stored_file_path(instance: StoredFile, filename: str) -> str:
    """files/<yyyy>/<mm>/<sha256[:2]>/<sha256>.<ext>: content-addressed within a month, no user input in the path."""
    created = instance.created_at
    if created is None:
        from django.utils import timezone

        created = timezone.localtime()
    return f"files/{created:%Y/%m}/{instance.sha256[:2]}/{instance.sha256}.{instance.kind}"


class StoredFile(models.Model):
    """One stored file (已存文件). Access checks belong to the domain object that links to it."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word 文档（DOCX）"
        XLSX = "xlsx", "Excel 表格（XLSX）"
        OFD = "ofd", "OFD 版式文档"
        JPG = "jpg", "JPG 图片"
        PNG = "png", "PNG 图片"
        TXT = "txt", "纯文本（TXT）"

    file = models.FileField("文件", upload_to=stored_file_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    mime = models.CharField("媒体类型", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    extracted_text = models.TextField("提取的文本", blank=True)
    text_extracted = models.BooleanField("已提取文本", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def size_display(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        if self.size >= 1024:
            return f"{self.size / 1024:.0f} KB"
        return f"{self.size} 字节"
