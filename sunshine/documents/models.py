"""Documents (文书): the letters and notices of any case app, and the offices' own templates for them.

A `Document` is issued inside the transaction of its case's step, its text fixed then (`html`), and its .docx built
after commit by a task (`file_pending` until then); its PDF is built on the first download and kept."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import registry


class Document(models.Model):
    """文书: one issued letter or notice of a case."""

    subject_type = models.ForeignKey(ContentType, verbose_name="案件类型", on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField("案件编号", max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    case_key = models.CharField("案件标识", max_length=100)  # "app_label.model:pk", as the clocks name a case
    kind = models.CharField("文书类别", max_length=100)  # a registered DocumentKind code
    variant = models.CharField("样式", max_length=40, blank=True)  # e.g. a reply's outcome
    title = models.CharField("标题", max_length=200)
    number = models.CharField("文号", max_length=100, blank=True)
    html = models.TextField("可打印文本（HTML）")
    docx_file = models.ForeignKey("files.StoredFile", verbose_name="Word 文件", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    pdf_file = models.ForeignKey("files.StoredFile", verbose_name="PDF 文件", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # Set when issued; cleared by the task that builds the .docx (`services.complete`) or by the sweep.
    file_pending = models.BooleanField("Word 文件生成中", default=False)
    file_stem = models.CharField("文件名", max_length=100, blank=True)  # "<stem>.docx", "<stem>.pdf"
    visible_to_applicant = models.BooleanField("申请人可见", default=True)
    department = models.ForeignKey("orgs.Department", verbose_name="制发部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField("幂等键", max_length=100, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制发人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("制发时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "created_at"], name="document_subject_idx"),
            models.Index(fields=["case_key"], name="document_case_idx"),
            # the sweep of documents whose task was lost: a small index of the pending ones only
            models.Index(fields=["created_at"], condition=models.Q(file_pending=True), name="document_pending_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""), name="document_idempotency_key"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return registry.label(self.kind)

    def file_name(self, extension: str) -> str:
        from sunshine.core.text import strip_bidi_controls

        # an override in a name would show "…cod.exe" as "…exe.doc" in a download dialog
        return f"{strip_bidi_controls(self.file_stem) or f'document-{self.pk}'}.{extension}"


class DocumentTemplate(models.Model):
    """文书模板: an office's own wording of a kind of document (and variant, and department), replacing the built-in
    default. `body` is Django template text rendered with the document's context, without access to files or tag
    libraries (`rendering.office_engine`); only trusted administrators edit it. A blank variant serves every variant
    that has no template of its own; a blank department serves every department."""

    kind = models.CharField("文书类别", max_length=100)
    variant = models.CharField("样式（如办理结果，留空适用全部）", max_length=40, blank=True)
    department = models.ForeignKey("orgs.Department", verbose_name="部门（留空适用全部）", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    title = models.CharField("标题（留空用默认标题）", max_length=200, blank=True)
    body = models.TextField("正文（Django 模板）")
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        ordering = ["kind", "variant", "id"]
        indexes = [models.Index(fields=["kind", "is_active"], name="document_template_kind_idx")]

    def __str__(self) -> str:
        kind = registry.get(self.kind)
        parts = [kind.title if kind else self.kind]
        if self.variant:
            parts.append(kind.variants.get(self.variant, self.variant) if kind else self.variant)
        return " ".join(parts)

    def clean(self):
        from .rendering import validate_office_template

        validate_office_template(kind_code=self.kind, variant=self.variant, body=self.body)
