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


class LetterDelivery(models.TextChoices):
    """送达方式 of a notice whose period runs from its receipt (fee notice, consultation letter): online, e-mail or
    in person → received the day it is sent; by post → the day signed for, entered by the clerk."""

    ONLINE = "online", "网上或电子邮件送达（当日送达）"
    IN_PERSON = "in_person", "当面送达（当日送达）"
    POST = "post", "邮寄送达（签收日期另行登记）"


SAME_DAY_DELIVERY = frozenset({LetterDelivery.ONLINE, LetterDelivery.IN_PERSON})


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

    class ReasonsAnswer(models.TextChoices):
        """Art. 35: the applicant's answer to the request to state reasons (说明理由)."""

        PENDING = "", "尚未登记"
        GIVEN = "given", "申请人已说明理由"
        SILENT = "silent", "申请人逾期未说明理由"

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
    # sign-off (签发): the clerk's draft of the reply, kept after the issue (what was signed off)
    draft_outcome = models.CharField("拟定的办理结果", max_length=40, choices=Outcome.choices, blank=True, default="")
    draft_reply_text = models.TextField("拟定的答复内容", blank=True)
    draft_withheld_reason = models.TextField("拟定的不予公开部分的理由", blank=True)
    draft_right_agency_name = models.CharField("拟定的负责公开的机关", max_length=200, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟稿人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    drafted_at = models.DateTimeField("拟稿时间", null=True, blank=True)
    draft_returned_reason = models.TextField("退回修改的理由", blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    # 109号: the payment period runs from the day after the applicant receives the notice (送达之日)
    fee_delivery = models.CharField("收费通知送达方式", max_length=20, choices=LetterDelivery.choices, blank=True)
    fee_delivered_on = models.DateField("收费通知送达日期", null=True, blank=True)
    # Art. 35: before an "excessive" decision the applicant is asked to state reasons (an applicant's period)
    reasons_requested_on = models.DateField("要求说明理由日期", null=True, blank=True)
    reasons_due_on = models.DateField("说明理由期限", null=True, blank=True)
    reasons_clock = models.ForeignKey("clocks.Clock", verbose_name="说明理由期限（时限）", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    reasons_answer = models.CharField("申请人说明理由情况", max_length=10, choices=ReasonsAnswer.choices, blank=True,
                                      default="")
    reasons_answered_on = models.DateField("说明理由登记日期", null=True, blank=True)
    reasons_text = models.TextField("申请人说明的理由", blank=True)
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
            models.Index(fields=["status", "department"], condition=models.Q(status="awaiting_sign_off"),
                         name="ysq_awaiting_sign_off"),
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
            ("sign_off_reply", "签发答复（审核人、政府信息公开工作机构负责人）"),
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
                               Status.AWAITING_FEE, Status.AWAITING_SIGN_OFF, Status.SIGNED_OFF}


class RequestDocument(models.Model):
    """案卷文书: letters (receipt, notices, reply) and other files of a request."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "接收回执"
        SUPPLEMENT_NOTICE = "supplement_notice", "补正告知书"
        EXTENSION_NOTICE = "extension_notice", "延期答复告知书"
        CONSULTATION_LETTER = "consultation_letter", "征求意见函"
        FEE_NOTICE = "fee_notice", "收费通知书"
        REASONS_NOTICE = "reasons_notice", "说明理由通知书"
        THIRD_PARTY_NOTICE = "third_party_notice", "决定公开告知书（第三方）"
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
    # the 15 working days run from the day the party receives the letter (送达之日); unknown until a posted letter's
    # signed-for date is entered
    delivery = models.CharField("送达方式", max_length=20, choices=LetterDelivery.choices,
                                default=LetterDelivery.ONLINE)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.CharField("意见", max_length=20, choices=Answer.choices, blank=True, default="")
    answer_text = models.TextField("意见内容", blank=True)
    # Art. 32: a disclosure decided over a third party's objection is notified to it in writing first
    decision_notice_on = models.DateField("书面告知第三方日期", null=True, blank=True)
    decision_notice_content = models.TextField("决定公开的内容", blank=True)
    decision_notice_reasons = models.TextField("决定公开的理由", blank=True)
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


class ReviewLitigationCase(models.Model):
    """行政复议、行政诉讼案件登记: an administrative review or a lawsuit about a disclosure request, registered by
    staff for table 4 of the annual report (四、政府信息公开行政复议、行政诉讼情况, 国办公开办函〔2021〕30号).

    `department` is the agency whose register the case is in (the request's agency by default). Under
    国办公开办函〔2016〕201号 a review body that is only a co-defendant (复议机关作共同被告) does not count the suit:
    only the original agency (原行为机关) does; such an entry is kept (`role` = review_body) but never counted.
    A case is placed in the year of `filed_on` with its result as of 31 December of that year (see
    `review_table.py`)."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        SUIT_DIRECT = "suit_direct", "行政诉讼（未经复议直接起诉）"
        SUIT_AFTER_REVIEW = "suit_after_review", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        PENDING = "pending", "尚未审结"
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"

    class Role(models.TextChoices):
        ORIGINAL = "original", "本机关为原行为机关（计入表四）"
        REVIEW_BODY = "review_body", "本机关仅作为复议机关共同被告（不计入表四）"

    request = models.ForeignKey(DisclosureRequest, verbose_name="所涉申请", on_delete=models.PROTECT,
                                related_name="review_cases")
    department = models.ForeignKey("orgs.Department", verbose_name="登记机关", on_delete=models.PROTECT,
                                   related_name="+")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    role = models.CharField("本机关的地位", max_length=20, choices=Role.choices, default=Role.ORIGINAL)
    case_number = models.CharField("案号", max_length=100, blank=True)
    body_name = models.CharField("复议机关或人民法院", max_length=200, blank=True)
    filed_on = models.DateField("立案（受理）日期")
    result = models.CharField("审结结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["department", "filed_on"], name="ysq_review_dept_filed"),
                   models.Index(fields=["filed_on"], name="ysq_review_filed")]
        constraints = [
            # pending ⇔ no decision date; a decision never precedes the filing
            models.CheckConstraint(
                condition=(models.Q(result="pending") & models.Q(decided_on__isnull=True))
                | (~models.Q(result="pending") & models.Q(decided_on__isnull=False)),
                name="ysq_review_decided_iff_result"),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True) | models.Q(decided_on__gte=models.F("filed_on")),
                name="ysq_review_decided_after_filed"),
            # the review body is a co-defendant only in a suit after review
            models.CheckConstraint(condition=models.Q(role="original") | models.Q(kind="suit_after_review"),
                                   name="ysq_review_role_only_suit_after_review"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}（{self.request.tracking_code}）"
class ReviewBodySetting(models.Model):
    """复议机关设置: the administrative review body (and the court) named in a department's reply letters.

    Default (no row): the people's government of the department's division (2023 行政复议法 Art. 24: a county
    department's case goes to the county government). A vertically managed agency (垂直管理, e.g. the tax bureau)
    names the next level up (Art. 27), so its row must name it."""

    department = models.OneToOneField("orgs.Department", verbose_name="部门", on_delete=models.CASCADE,
                                      related_name="+")
    vertically_managed = models.BooleanField("实行垂直领导（复议机关为上一级主管部门）", default=False)
    review_body = models.CharField("行政复议机关", max_length=100, blank=True,
                                   help_text="留空：本级人民政府（如“随县人民政府”）；垂直管理部门须填写上一级主管部门")
    court = models.CharField("管辖人民法院", max_length=100, blank=True, help_text="留空：本区划的基层人民法院")

    class Meta:
        verbose_name = verbose_name_plural = "复议机关设置（依申请公开答复书）"
        constraints = [
            models.CheckConstraint(condition=models.Q(vertically_managed=False) | ~models.Q(review_body=""),
                                   name="ysq_vertical_names_review_body"),
        ]

    def __str__(self) -> str:
        return f"{self.department}：{self.review_body or '本级人民政府'}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.vertically_managed and not self.review_body.strip():
            raise ValidationError({"review_body": "实行垂直领导的部门须写明上一级主管部门（行政复议法第二十七条）。"})
