"""Proactive disclosure (主动公开): catalogue items, reference data, review record, findings, disclosure guides.

Statute: 《政府信息公开条例》(2019) Art. 12 (catalogue and guide), Art. 17 (review before publication),
Art. 20/21 (what must be published), Art. 26 (published within 20 working days of creation or change).
Only `services.py` writes these rows; `status` is set nowhere else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from sunshine.publications.workflow import Status


class Category(models.Model):
    """Topic category (主题分类): the Art. 20 list as editable defaults."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "主题分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Genre(models.Model):
    """Genre (体裁分类): 文件, 通知公告, 规划计划 … editable reference data."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    is_normative = models.BooleanField("规范性文件（须标注有效性）", default=False)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "体裁分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class DisclosureSetting(models.Model):
    """Per-department publication policy (主动公开设置): review chain and index-number pattern."""

    class Chain(models.IntegerChoices):
        ONE_STEP = 1, "一级审查（保密审查）"
        TWO_STEPS = 2, "两级审查（保密审查 + 规范性审核）"

    department = models.OneToOneField("orgs.Department", verbose_name="部门", on_delete=models.CASCADE,
                                      related_name="disclosure_setting")
    review_steps = models.PositiveSmallIntegerField("审查环节", choices=Chain.choices, default=Chain.TWO_STEPS)
    index_prefix = models.CharField("索引号前缀", max_length=40, blank=True,
                                    help_text="通常为机构代码或统一社会信用代码，如 011370000；"
                                              "留空时用统一社会信用代码或机构代码")
    index_pattern = models.CharField(
        "索引号格式", max_length=80, default="{prefix}/{year}-{seq:05d}",
        help_text="可用变量：{prefix} 前缀、{code} 机构代码、{year} 年份、{seq} 当年序号（如 {seq:05d}）")

    class Meta:
        verbose_name = verbose_name_plural = "主动公开设置"

    def __str__(self) -> str:
        return f"{self.department} 主动公开设置"


class IndexSequence(models.Model):
    """The last index-number sequence allocated for a department and year (索引号序号)."""

    department = models.ForeignKey("orgs.Department", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="index_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.year}: {self.last}"


class Publication(models.Model):
    """A catalogue item (政府信息公开目录条目)."""

    class Validity(models.TextChoices):
        NONE = "", "—"
        EFFECTIVE = "effective", "有效"
        EXPIRED = "expired", "失效"
        REPEALED = "repealed", "废止"

    index_number = models.CharField("索引号", max_length=64, unique=True)
    title = models.CharField("标题", max_length=300)
    document_number = models.CharField("文号", max_length=100, blank=True, db_index=True)
    department = models.ForeignKey("orgs.Department", verbose_name="发布机构", on_delete=models.PROTECT,
                                   related_name="publications")
    level = models.CharField("层级", max_length=10, blank=True, help_text="取自发布机构所属区划的层级")
    category = models.ForeignKey(Category, verbose_name="主题分类", on_delete=models.PROTECT,
                                 related_name="publications")
    genre = models.ForeignKey(Genre, verbose_name="体裁分类", on_delete=models.PROTECT, related_name="publications")
    created_on = models.DateField("生成日期")
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, blank=True, default="")
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    public_body = models.TextField("公开正文（已遮盖）", null=True, blank=True,
                                   help_text="空值表示与正文相同")
    table_file = models.ForeignKey("files.StoredFile", verbose_name="表格（XLSX）", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    table_text = models.TextField("表格文本", blank=True, help_text="每行一条记录，单元格以制表符分隔；首行为表头")
    public_table_text = models.TextField("公开表格文本（已遮盖）", null=True, blank=True)
    table_truncated = models.BooleanField("表格已截断", default=False)
    interprets = models.ManyToManyField("self", verbose_name="解读的文件", symmetrical=False, blank=True,
                                        related_name="interpretations")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField("最近审查意见", blank=True)
    withdrawn_at = models.DateTimeField("撤回/替代时间", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回/替代原因", blank=True)
    superseded_by = models.ForeignKey("self", verbose_name="替代文件", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="supersedes")
    source = models.CharField("来源", max_length=10, default="manual",
                              choices=[("manual", "录入"), ("import", "导入"), ("api", "接口"), ("seed", "合成")])
    import_run = models.ForeignKey("ImportRun", verbose_name="导入批次", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text="经批量导入进入目录的历史信息：其备案记录即该导入批次")
    revision = models.PositiveIntegerField("修订号", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "主动公开信息"
        ordering = ["-published_at", "-id"]
        indexes = [
            # the catalogue's ORDER BY published_at DESC, id DESC … LIMIT walks these indexes without a sort
            models.Index(fields=["status", "-published_at", "-id"], name="pub_status_published"),
            models.Index(fields=["category", "status", "-published_at", "-id"], name="pub_category_published"),
            models.Index(fields=["department", "status", "-published_at", "-id"], name="pub_department_published"),
            models.Index(fields=["status", "publish_at"], name="pub_status_publish_at"),
        ]
        permissions = [
            ("draft_publication", "起草主动公开信息（经办人）"),
            ("submit_publication", "提交主动公开信息审查"),
            ("review_confidentiality", "保密审查（含个人信息处理）"),
            ("review_legality", "规范性审核"),
            ("publish_publication", "发布主动公开信息"),
            ("withdraw_publication", "撤回或替代已发布信息"),
            ("edit_guide", "编辑政府信息公开指南"),
            ("import_publications", "批量导入主动公开信息"),
        ]

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"

    def get_absolute_url(self) -> str:
        """The public page once published (or withdrawn/superseded: its notice); before that the staff page."""
        from sunshine.publications.workflow import PUBLIC_URL

        if self.status in PUBLIC_URL:
            return reverse("publications:item", args=[self.pk])
        return reverse("publications:staff-detail", args=[self.pk])

    @property
    def display_body(self) -> str:
        """What the public sees: the body with every finding's resolution applied."""
        return self.body if self.public_body is None else self.public_body

    @property
    def display_table_text(self) -> str:
        return self.table_text if self.public_table_text is None else self.public_table_text

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)


class PublicationAttachment(models.Model):
    """An attachment (附件). An original with a masked/removed finding is never public: upload a replacement."""

    publication = models.ForeignKey(Publication, verbose_name="主动公开信息", on_delete=models.CASCADE,
                                    related_name="attachments")
    file = models.ForeignKey("files.StoredFile", verbose_name="原文件", on_delete=models.PROTECT, related_name="+")
    replacement = models.ForeignKey("files.StoredFile", verbose_name="遮盖后的替换文件", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    is_public = models.BooleanField("公开", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.file.original_name

    @property
    def public_file(self):
        return self.replacement if self.replacement_id else self.file


class Finding(models.Model):
    """A personal-data or secret-marking finding (敏感信息) of the scanner, resolved by a reviewer."""

    class Source(models.TextChoices):
        BODY = "body", "正文"
        TABLE = "table", "表格"
        ATTACHMENT = "attachment", "附件"

    class Resolution(models.TextChoices):
        UNRESOLVED = "", "未处理"
        MASK = "mask", "遮盖"
        REMOVE = "remove", "删除"
        KEEP = "keep", "保留（须说明理由）"

    publication = models.ForeignKey(Publication, verbose_name="主动公开信息", on_delete=models.CASCADE,
                                    related_name="findings")
    source = models.CharField("位置", max_length=12, choices=Source.choices)
    attachment = models.ForeignKey(PublicationAttachment, verbose_name="附件", null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="findings")
    file = models.ForeignKey("files.StoredFile", verbose_name="扫描的文件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=20)
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")
    masked = models.CharField("遮盖后", max_length=100)
    is_current = models.BooleanField("当前有效", default=True, help_text="最近一次扫描仍发现该内容")
    resolution = models.CharField("处理方式", max_length=10, choices=Resolution.choices, blank=True, default="")
    justification = models.TextField("保留理由", blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    found_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "敏感信息扫描结果"
        ordering = ["source", "attachment_id", "start"]
        indexes = [models.Index(fields=["publication", "is_current"], name="finding_pub_current")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(resolution="keep") | ~models.Q(justification=""),
                                   name="finding_keep_needs_justification"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.kind} {self.masked}"

    @property
    def kind_label(self) -> str:
        from sunshine.privacy.scanner import KIND_LABELS

        return KIND_LABELS.get(self.kind, self.kind)


class ReviewRecord(models.Model):
    """One step of the review-and-publication record (备案表): who decided what, when."""

    class Step(models.TextChoices):
        CREATE = "create", "起草"
        SUBMIT = "submit", "提交审查"
        CONFIDENTIALITY = "confidentiality", "保密审查"
        LEGALITY = "legality", "规范性审核"
        FINDING = "finding", "敏感信息处理"
        PUBLISH = "publish", "发布"
        SCHEDULE = "schedule", "定时发布"
        WITHDRAW = "withdraw", "撤回"
        SUPERSEDE = "supersede", "替代"
        IMPORT = "import", "导入"
        EDIT = "edit", "修改"

    class Decision(models.TextChoices):
        DONE = "done", "完成"
        APPROVED = "approved", "同意"
        RETURNED = "returned", "退回修改"

    publication = models.ForeignKey(Publication, verbose_name="主动公开信息", on_delete=models.CASCADE,
                                    related_name="review_records")
    step = models.CharField("环节", max_length=20, choices=Step.choices)
    decision = models.CharField("意见", max_length=10, choices=Decision.choices, default=Decision.DONE)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办/审查人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("姓名", max_length=100)
    comment = models.TextField("意见说明", blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = verbose_name_plural = "审查备案记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.actor_name}"


class PublicationRevision(models.Model):
    """A snapshot of an item after each change (修订记录)."""

    publication = models.ForeignKey(Publication, verbose_name="主动公开信息", on_delete=models.CASCADE,
                                    related_name="revisions")
    number = models.PositiveIntegerField("修订号")
    snapshot = models.JSONField("快照")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("原因", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "修订记录"
        ordering = ["publication", "number"]
        constraints = [models.UniqueConstraint(fields=["publication", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.publication_id} v{self.number}"


class DisclosureGuide(models.Model):
    """The disclosure guide (政府信息公开指南, Art. 12) of one agency."""

    department = models.OneToOneField("orgs.Department", verbose_name="机关", on_delete=models.CASCADE,
                                      related_name="disclosure_guide")
    classification = models.TextField("信息分类", blank=True)
    arrangement = models.TextField("编排体系", blank=True)
    how_to_obtain = models.TextField("获取方式", blank=True)
    office_name = models.CharField("政府信息公开工作机构名称", max_length=100)
    address = models.CharField("办公地址", max_length=200, blank=True)
    hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    fax = models.CharField("传真", max_length=60, blank=True)
    postal_code = models.CharField("邮政编码", max_length=10, blank=True)
    website = models.CharField("互联网联系方式（网址）", max_length=200, blank=True)
    email = models.CharField("电子邮箱", max_length=100, blank=True)
    other = models.TextField("其他事项（依申请公开、监督救济等）", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="更新人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开指南"

    def __str__(self) -> str:
        return f"{self.department} 政府信息公开指南"


class ImportRun(models.Model):
    """One bulk import (批量导入) of catalogue items: its counts and per-row errors, audited as one event."""

    file_name = models.CharField("文件", max_length=255)
    mode = models.CharField("导入为", max_length=10,
                            choices=[("published", "已发布（历史信息）"), ("draft", "草稿（待审查）")])
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    rows = models.PositiveIntegerField("总行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    skipped = models.PositiveIntegerField("未变化跳过", default=0)
    failed = models.PositiveIntegerField("出错", default=0)
    errors = models.JSONField("错误明细", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批量导入记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"导入 {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"



class PublicationTally(models.Model):
    """How many items the public sees, by department, category, genre, level and year of publication (计数表).

    Maintained in the same transaction as every change of what the public sees (`tally.adjust`, called by the
    services, the importer and the seeder) and recomputable from the catalogue (`manage.py publication_tally`),
    so a catalogue total is a SUM over a few rows instead of a COUNT over a million items.

    Three grains, so that no total sums more than one department's or one category's rows: `full` (every
    dimension), `department` (department, level, year; category = genre = 0) and `category` (category, year;
    the others 0). Ids are plain integers (0 = every value), not foreign keys. Counts published items with a
    publication time, whether or not that time has come: the selectors subtract the few still ahead.
    """

    class Grain(models.TextChoices):
        FULL = "full", "部门×分类×体裁×层级×年份"
        DEPARTMENT = "department", "部门×层级×年份"
        CATEGORY = "category", "分类×年份"

    grain = models.CharField(max_length=10, choices=Grain.choices)
    department_id = models.PositiveIntegerField(default=0)
    category_id = models.PositiveIntegerField(default=0)
    genre_id = models.PositiveIntegerField(default=0)
    level = models.CharField(max_length=10, blank=True)
    year = models.PositiveIntegerField()
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "公开目录计数"
        constraints = [
            models.UniqueConstraint(fields=["grain", "department_id", "category_id", "genre_id", "level", "year"],
                                    name="publication_tally_key"),
        ]
        indexes = [
            models.Index(fields=["grain", "category_id", "year"], name="publication_tally_category"),
            models.Index(fields=["grain", "genre_id", "year"], name="publication_tally_genre"),
        ]

    def __str__(self) -> str:
        return (f"{self.grain} {self.department_id}/{self.category_id}/{self.genre_id}/{self.level}/{self.year}: "
                f"{self.count}")
