"""Disclosure requests (依申请公开) under the 2019 regulations (Art. 27–45).

A `DisclosureRequest` is one application (一事一申请) to one agency (`department`); its reply limit runs on a
kernel clock (`reply_clock`). `RequestDocument` holds the letters and files of the case; `Consultation` the
third-party and other-agency consultations (Art. 32, 34).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .outcomes import ApplicantType, Outcome
from .workflow import Status


class DisclosureRequest(models.Model):
    """政府信息公开申请."""

    Status = Status

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", "居民身份证"
        CREDIT_CODE = "credit_code", "统一社会信用代码"

    class Form(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"
        INSPECTION = "inspection", "当场查阅"

    class Delivery(models.TextChoices):
        PICKUP = "pickup", "自行领取"
        POST = "post", "邮寄"
        EMAIL = "email", "电子邮件"
        ONLINE = "online", "网上获取"

    class Channel(models.TextChoices):
        ONLINE = "online", "网上申请"
        IN_PERSON = "in_person", "当面提交"
        POST = "post", "邮寄"
        FAX = "fax", "传真"
        ORAL = "oral", "口头申请（代为填写）"

    class FeeMethod(models.TextChoices):
        PER_ITEM = "per_item", "按件计收"
        PER_PAGE = "per_page", "按量计收"

    tracking_code = models.CharField("查询码", max_length=32, unique=True)
    verification_secret_hash = models.CharField("验证码摘要", max_length=64)
    department = models.ForeignKey("orgs.Department", verbose_name="受理机关", on_delete=models.PROTECT,
                                   related_name="disclosure_requests")
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    applicant_type = models.CharField("申请人类型", max_length=40, choices=ApplicantType.choices)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=18)
    phone = models.CharField("联系电话", max_length=20)
    address = models.CharField("通信地址", max_length=200)
    email = models.EmailField("电子邮箱", blank=True)
    description = models.TextField("所需信息的名称、文号或特征描述")
    form = models.CharField("信息提供形式", max_length=20, choices=Form.choices, default=Form.ELECTRONIC)
    delivery = models.CharField("获取方式", max_length=20, choices=Delivery.choices, default=Delivery.ONLINE)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人账户", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="disclosure_requests")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="代为填写人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("提交时间")
    received_on = models.DateField("收到申请日期")
    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.PROCESSING)
    outcome = models.CharField("办理结果", max_length=40, choices=Outcome.choices, blank=True, default="")
    decided_on = models.DateField("答复日期", null=True, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    withheld_reason = models.TextField("不予公开部分的理由", blank=True)
    reply_clock = models.ForeignKey("clocks.Clock", verbose_name="答复时限", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    supplement_clock = models.ForeignKey("clocks.Clock", verbose_name="补正时限", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    # the applicant's periods (期限承担方：申请人): the supplement period and the fee payment period
    fee_clock = models.ForeignKey("clocks.Clock", verbose_name="缴费期限（时限）", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    supplement_items = models.TextField("需补正事项", blank=True)
    supplement_requested_on = models.DateField("告知补正日期", null=True, blank=True)
    supplement_due_on = models.DateField("补正期限", null=True, blank=True)
    supplement_received_on = models.DateField("收到补正日期", null=True, blank=True)
    supplement_text = models.TextField("补正内容", blank=True)
    extension_days = models.PositiveSmallIntegerField("延期工作日数", default=0)
    extension_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="延期批准人", null=True,
                                              blank=True, on_delete=models.SET_NULL, related_name="+")
    delay_days = models.PositiveSmallIntegerField("延迟答复工作日数（第三十五条）", default=0)
    delay_reason = models.TextField("延迟答复理由", blank=True)
    idempotency_key = models.CharField("幂等键", max_length=120, null=True, blank=True, unique=True)
    idempotency_fingerprint = models.CharField("请求摘要", max_length=64, blank=True)
    parent = models.ForeignKey("self", verbose_name="原申请（拆分前）", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    forwarded_from = models.ForeignKey("orgs.Department", verbose_name="转自机关", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    forwarded_to = models.ForeignKey("orgs.Department", verbose_name="转至机关", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    right_agency_name = models.CharField("负责公开的机关名称及联系方式", max_length=200, blank=True)
    fee_method = models.CharField("收费方式", max_length=20, choices=FeeMethod.choices, blank=True)
    fee_pages = models.PositiveIntegerField("页数", default=0)
    fee_rank = models.PositiveIntegerField("当月第几件申请", default=0)
    fee_amount = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_due_on = models.DateField("缴费期限", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)
    reply_files = models.ManyToManyField("files.StoredFile", verbose_name="提供的信息（附件）", blank=True,
                                         related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["department", "status"], name="ysq_dept_status"),
            models.Index(fields=["received_on"], name="ysq_received"),
            models.Index(fields=["decided_on"], name="ysq_decided"),
            models.Index(fields=["status", "decided_on"], name="ysq_status_decided"),
            models.Index(fields=["id_number", "department", "received_on"], name="ysq_applicant_month"),
        ]
        constraints = [
            # Closed ⇔ an outcome and a decision date; a split parent has neither (not counted in table 3).
            models.CheckConstraint(
                condition=(models.Q(status="closed") & ~models.Q(outcome="") & models.Q(decided_on__isnull=False))
                | (~models.Q(status="closed") & models.Q(outcome="") & models.Q(decided_on__isnull=True)),
                name="ysq_outcome_iff_closed"),
            models.CheckConstraint(condition=models.Q(extension_days__lte=20), name="ysq_extension_max_20"),
        ]
        permissions = [
            ("handle_request", "办理依申请公开"),
            ("approve_extension", "批准延期答复（政府信息公开工作机构负责人）"),
            ("register_request", "登记口头、当面、邮寄申请（窗口、集中受理台代为填写）"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code}"

    def get_staff_url(self) -> str:
        """The staff case page (the clock lists and the workbench link a clock to it; scoped there by the policy)."""
        from django.urls import reverse

        return reverse("disclosure_requests:staff-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in {Status.PROCESSING, Status.AWAITING_SUPPLEMENT, Status.CONSULTING,
                               Status.AWAITING_FEE}


class RequestDocument(models.Model):
    """案卷文书: letters (receipt, notices, reply) and other files of a request."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "接收回执"
        SUPPLEMENT_NOTICE = "supplement_notice", "补正告知书"
        EXTENSION_NOTICE = "extension_notice", "延期答复告知书"
        CONSULTATION_LETTER = "consultation_letter", "征求意见函"
        FEE_NOTICE = "fee_notice", "收费通知书"
        REPLY = "reply", "答复书"
        OTHER = "other", "其他"

    request = models.ForeignKey(DisclosureRequest, verbose_name="申请", on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField("类别", max_length=30, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    file = models.ForeignKey("files.StoredFile", verbose_name="文件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    html = models.TextField("可打印文本（HTML）", blank=True)
    # A letter is the kernel's `documents.Document` (`letters.issue`), issued in the transaction of its step (its
    # text fixed then); the kernel builds its .docx after commit and mirrors it here (`file`, clearing this flag).
    file_pending = models.BooleanField("Word 文件生成中", default=False)
    visible_to_applicant = models.BooleanField("申请人可见", default=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    document = models.OneToOneField("documents.Document", verbose_name="文书", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "案卷文书"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(file_pending=True), name="ysq_doc_file_pending"),
        ]

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """征求意见: a third party (Art. 32) or another agency (Art. 34), 15 working days to answer."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他行政机关"

    class Answer(models.TextChoices):
        PENDING = "", "尚未答复"
        CONSENT = "consent", "同意公开"
        OBJECTION = "objection", "不同意公开"
        SILENT = "silent", "逾期未提出意见"

    request = models.ForeignKey(DisclosureRequest, verbose_name="申请", on_delete=models.CASCADE,
                                related_name="consultations")
    kind = models.CharField("对象类型", max_length=20, choices=Kind.choices)
    party_name = models.CharField("被征求意见方", max_length=200)
    started_on = models.DateField("发出征求意见书日期")
    due_on = models.DateField("答复期限")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.CharField("意见", max_length=20, choices=Answer.choices, blank=True, default="")
    answer_text = models.TextField("意见内容", blank=True)
    # the consulted party's 15 working days (期限承担方：第三方), a clock of the request's case
    clock = models.ForeignKey("clocks.Clock", verbose_name="征求意见期限（时限）", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "征求意见"
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.party_name}（{self.get_kind_display()}）"

    @property
    def deemed_consent(self) -> bool:
        """Art. 34: an agency's silence is consent; a third party's silence leaves the decision to the agency."""
        return self.answer == self.Answer.CONSENT or (self.kind == self.Kind.AGENCY
                                                       and self.answer == self.Answer.SILENT)
