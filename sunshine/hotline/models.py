"""The hotline and the mailboxes (12345热线、书记县长信箱), DOMAIN.md §8 (国办发〔2020〕53号).

- `Mailbox` (信箱): 书记信箱, 县长信箱, department mailboxes and the 12345 hotline itself; each has a public page.
- `Matter` (派单目录): the dispatch catalogue, matter → lead department, or the town of the place where towns
  handle it (属地办理); keywords and example phrases for the operator (and, later, the department suggester).
- `Ticket` (工单): one citizen's call, letter or message; its state is the workflow's (`workflow.py`).
- `Assignment` (派单记录): each dispatch of a ticket to a department, lead (主办) or assisting (协办); a return
  (退单) and its review are recorded on the lead's assignment.
- `Reply` (答复), `Callback` (回访), `SupervisionOrder` (督办单).
- `HotlineSetting` (热线时限设置): the configurable limits, one row (the defaults of DOMAIN.md §8 otherwise).
- `KnowledgeEntry` (知识库条目): a question and its answer, written by a department, reviewed, then published (the
  operator's call screen and the public page `/rx/kb/` search it); a consultation answered from it is closed on the
  spot (直接办结) and records the entry (`Ticket.kb_entry`).
- `OperatorSeat` (话务坐席), `CallEvent` (来电事件): the call-centre system (CTI) pushes each incoming call to a
  seat; the operator's call screen picks up the latest call of its seat.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from .workflow import Status

# Clock kinds (时限类型), named in the manifest.
SIGN_CLOCK = "hotline.sign"  # 签收期限
CONTACT_CLOCK = "hotline.contact"  # 先行联系期限
REPLY_CLOCK = "hotline.reply"  # 办理答复期限 (also after 退回重办 and 重办: a fresh limit)
SUPERVISION_CLOCK = "hotline.supervision"  # 督办回复期限


class Mailbox(models.Model):
    """信箱: where a citizen writes (书记信箱, 县长信箱, a department's mailbox) or the 12345 hotline."""

    class Kind(models.TextChoices):
        HOTLINE = "hotline", "12345热线"
        SECRETARY = "secretary", "书记信箱"
        MAGISTRATE = "magistrate", "县长信箱"
        DEPARTMENT = "department", "部门信箱"

    code = models.SlugField("信箱代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    department = models.ForeignKey("orgs.Department", verbose_name="所属部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text="部门信箱的部门；书记、县长信箱由热线办统一派单")
    intro = models.TextField("信箱说明", blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = verbose_name_plural = "信箱"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hotline:mailbox", args=[self.code])


class Matter(models.Model):
    """派单目录的一项: a matter (事项) and who leads it: a county department, or the town of the place (属地)."""

    code = models.SlugField("事项代码", max_length=40, unique=True)
    name = models.CharField("事项名称", max_length=100)
    lead_department = models.ForeignKey("orgs.Department", verbose_name="主办部门", on_delete=models.PROTECT,
                                        related_name="+")
    town_handles = models.BooleanField("属地办理", default=False,
                                       help_text="勾选后，有具体乡镇的工单派给该乡镇人民政府，否则派给主办部门")
    keywords = models.TextField("关键词", blank=True, help_text="以逗号或空格分隔，用于话务员检索和部门推荐")
    examples = models.TextField("典型表述", blank=True, help_text="每行一条群众的典型说法")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "派单目录"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", ",").replace(" ", ",").split(",") if k.strip()]


class HotlineSetting(models.Model):
    """热线时限设置 (DOMAIN.md §8, configurable): one row; without it the defaults below apply."""

    sign_days = models.PositiveSmallIntegerField("签收时限（工作日）", default=1,
                                                 validators=[MinValueValidator(1), MaxValueValidator(5)])
    urgent_sign_hours = models.PositiveSmallIntegerField("紧急工单签收时限（小时）", default=2,
                                                         validators=[MinValueValidator(1), MaxValueValidator(48)])
    contact_days = models.PositiveSmallIntegerField("先行联系时限（工作日）", default=1,
                                                    validators=[MinValueValidator(1), MaxValueValidator(5)])
    urgent_contact_hours = models.PositiveSmallIntegerField("紧急工单先行联系时限（小时）", default=2,
                                                            validators=[MinValueValidator(1), MaxValueValidator(48)])
    reply_days = models.PositiveSmallIntegerField("办理答复时限（工作日）", default=5,
                                                  validators=[MinValueValidator(1), MaxValueValidator(30)])
    urgent_reply_hours = models.PositiveSmallIntegerField("紧急工单办理时限（小时）", default=24,
                                                          validators=[MinValueValidator(1), MaxValueValidator(120)])
    return_days = models.PositiveSmallIntegerField("退单时限（工作日）", default=2,
                                                   validators=[MinValueValidator(1), MaxValueValidator(5)])
    max_extension_days = models.PositiveSmallIntegerField("延期上限（工作日）", default=10,
                                                          validators=[MinValueValidator(1), MaxValueValidator(30)])
    redo_days = models.PositiveSmallIntegerField("退回重办时限（工作日）", default=3,
                                                 validators=[MinValueValidator(1), MaxValueValidator(30)])
    reopen_days = models.PositiveSmallIntegerField("不满意重办时限（工作日）", default=5,
                                                   validators=[MinValueValidator(1), MaxValueValidator(30)])
    supervision_days = models.PositiveSmallIntegerField("督办回复时限（工作日）", default=3,
                                                        validators=[MinValueValidator(1), MaxValueValidator(30)])

    class Meta:
        verbose_name = verbose_name_plural = "热线时限设置"

    def __str__(self) -> str:
        return f"签收{self.sign_days}个工作日，答复{self.reply_days}个工作日"


class Ticket(models.Model):
    """工单: one call, letter or message, from intake to callback."""

    class Channel(models.TextChoices):
        PHONE = "phone", "电话"
        WEB = "web", "网站信箱"
        MOBILE = "mobile", "手机端"
        SMS = "sms", "短信"
        WALK_IN = "walk_in", "来访"
        LETTER = "letter", "来信"

    class Kind(models.TextChoices):
        CONSULT = "consult", "咨询"
        HELP = "help", "求助"
        COMPLAINT = "complaint", "投诉"
        REPORT = "report", "举报"
        SUGGESTION = "suggestion", "建议"
        PRAISE = "praise", "表扬"

    class Urgency(models.TextChoices):
        NORMAL = "normal", "一般"
        URGENT = "urgent", "紧急"

    Status = Status

    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    verification_secret_hash = models.CharField("验证码摘要", max_length=64)
    idempotency_key = models.CharField("幂等键", max_length=120, null=True, blank=True, unique=True)
    idempotency_fingerprint = models.CharField("提交内容摘要", max_length=64, blank=True)
    mailbox = models.ForeignKey(Mailbox, verbose_name="信箱", on_delete=models.PROTECT, related_name="tickets")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    urgency = models.CharField("紧急程度", max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    matter = models.ForeignKey(Matter, verbose_name="事项", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="tickets")
    place = models.ForeignKey("orgs.Division", verbose_name="发生地点（乡镇/村）", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    address = models.CharField("详细地址", max_length=200, blank=True)
    title = models.CharField("标题", max_length=100)
    content = models.TextField("诉求内容")
    caller_name = models.CharField("姓名", max_length=50, blank=True)
    caller_phone = models.CharField("联系电话", max_length=20, blank=True)
    consent_publish = models.BooleanField("同意公开", default=False,
                                          help_text="同意在信箱页面公开来信和答复（个人信息脱敏）")
    kb_entry = models.ForeignKey("hotline.KnowledgeEntry", verbose_name="解答所用知识库条目", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="answered_tickets")
    converted_kind = models.CharField("转办去向", max_length=20, blank=True, choices=[
        ("disclosure_request", "依申请公开"), ("petition", "信访")])
    converted_reference = models.CharField("转办编号", max_length=60, blank=True,
                                           help_text="依申请公开申请的查询码，或县信访局的信访件编号")
    converted_at = models.DateTimeField("转办时间", null=True, blank=True)
    accused_department = models.ForeignKey("orgs.Department", verbose_name="被举报单位", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+",
                                           help_text="举报件不得派给被举报单位")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.RECEIVED)
    department = models.ForeignKey("orgs.Department", verbose_name="主办部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="hotline_tickets")
    received_at = models.DateTimeField("受理时间")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    return_until = models.DateField("可退单至", null=True, blank=True,
                                    help_text="派单后2个工作日内可退回错派的工单（含当日以后的第2个工作日）")
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    contacted_at = models.DateTimeField("先行联系时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_directly = models.BooleanField("直接办结", default=False, help_text="受理时当场答复办结（如知识库解答咨询）")
    direct_answer = models.TextField("当场答复", blank=True)
    extended_days = models.PositiveSmallIntegerField("已延期（工作日）", default=0)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    round = models.PositiveSmallIntegerField("办理轮次", default=1, help_text="重办后为2")
    merged_into = models.ForeignKey("self", verbose_name="并入工单", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_tickets")
    sign_clock = models.ForeignKey("clocks.Clock", verbose_name="签收时限", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    contact_clock = models.ForeignKey("clocks.Clock", verbose_name="先行联系时限", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    reply_clock = models.ForeignKey("clocks.Clock", verbose_name="办理时限", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "热线工单"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="hotline_status_recv"),
            models.Index(fields=["department", "status", "received_at"], name="hotline_dept_status"),
            models.Index(fields=["mailbox", "status", "received_at"], name="hotline_mailbox_status"),
            models.Index(fields=["caller_phone", "received_at"], name="hotline_caller"),
            models.Index(fields=["place", "received_at"], name="hotline_place_recv"),
            # the indicators' date bases (statistics.indicators: one range per basis over a million tickets)
            models.Index(fields=["received_at"], name="hotline_received"),
            models.Index(fields=["signed_at"], name="hotline_signed"),
            models.Index(fields=["replied_at"], name="hotline_replied"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(reopen_count__lte=1), name="hotline_reopen_once"),
            models.CheckConstraint(condition=models.Q(extended_days__lte=30), name="hotline_extension_bounded"),
            models.CheckConstraint(condition=~models.Q(merged_into=models.F("id")), name="hotline_not_merged_self"),
        ]
        permissions = [
            ("dispatch_ticket", "派单、审核与回访（热线办）"),
            ("handle_ticket", "签收、退单与答复（承办部门）"),
            ("approve_extension", "批准延期（热线办负责人）"),
            ("supervise_ticket", "督办工单"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    def get_staff_url(self) -> str:
        return reverse("hotline:staff-ticket", args=[self.pk])

    @property
    def is_report(self) -> bool:
        return self.kind == self.Kind.REPORT


class Assignment(models.Model):
    """派单记录: a department's part in a ticket, lead (主办) or assisting (协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", "主办"
        ASSIST = "assist", "协办"

    class Outcome(models.TextChoices):
        ACTIVE = "active", "办理中"
        RETURNED = "returned", "已退单"
        REASSIGNED = "reassigned", "已改派"
        RETURN_REJECTED = "return_rejected", "退单被驳回"
        DONE = "done", "已结束"

    ticket = models.ForeignKey(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey("orgs.Department", verbose_name="部门", on_delete=models.PROTECT,
                                   related_name="hotline_assignments")
    role = models.CharField("角色", max_length=8, choices=Role.choices)
    active = models.BooleanField("当前有效", default=True)
    outcome = models.CharField("结果", max_length=16, choices=Outcome.choices, default=Outcome.ACTIVE)
    dispatched_at = models.DateTimeField("派单时间")
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="派单人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("派单意见", blank=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    returned_at = models.DateTimeField("退单时间", null=True, blank=True)
    return_reason = models.TextField("退单理由", blank=True)
    return_justified = models.BooleanField("退单理由成立", null=True, blank=True,
                                           help_text="成立：改派后重新计时，不计入任何部门的超期")
    review_note = models.TextField("退单审核意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "派单记录"
        ordering = ["ticket", "id"]
        indexes = [models.Index(fields=["department", "active", "role"], name="hotline_assign_dept"),
                   models.Index(fields=["dispatched_at"], name="hotline_assign_dispatched"),
                   models.Index(fields=["returned_at"], name="hotline_assign_returned")]
        constraints = [
            models.UniqueConstraint(fields=["ticket"], condition=models.Q(active=True, role="lead"),
                                    name="hotline_one_active_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.department}"


class Reply(models.Model):
    """答复: the lead department's reply of one round, reviewed by the hotline office."""

    class Review(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "审核通过"
        SENT_BACK = "sent_back", "退回重办"

    ticket = models.ForeignKey(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="replies")
    department = models.ForeignKey("orgs.Department", verbose_name="答复部门", on_delete=models.PROTECT,
                                   related_name="+")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    text = models.TextField("答复内容")
    resolved = models.BooleanField("问题已解决", default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField("答复时间")
    review = models.CharField("审核", max_length=10, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField("审核意见", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复"
        ordering = ["ticket", "id"]

    def __str__(self) -> str:
        return f"第{self.round}轮答复（{self.get_review_display()}）"


class Callback(models.Model):
    """回访: one caller called back about one round's reply (a merged case: every caller)."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    ticket = models.ForeignKey(Ticket, verbose_name="主工单", on_delete=models.CASCADE, related_name="callbacks")
    caller_ticket = models.ForeignKey(Ticket, verbose_name="来电工单", on_delete=models.CASCADE,
                                      related_name="own_callbacks")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    resolved = models.BooleanField("问题已解决")
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices)
    note = models.TextField("回访记录", blank=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回访人", null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField("回访时间")

    class Meta:
        verbose_name = verbose_name_plural = "回访"
        ordering = ["ticket", "id"]
        constraints = [models.UniqueConstraint(fields=["caller_ticket", "round"], name="hotline_one_callback_round")]
        indexes = [models.Index(fields=["made_at"], name="hotline_callback_made")]

    def __str__(self) -> str:
        return f"回访 {self.get_satisfaction_display()}"


class SupervisionOrder(models.Model):
    """督办单: an order to the lead department on a late or poorly handled ticket, with its own clock."""

    class Kind(models.TextChoices):
        WRITTEN = "written", "书面督办"
        ON_SITE = "on_site", "现场督办"

    ticket = models.ForeignKey(Ticket, verbose_name="工单", on_delete=models.CASCADE, related_name="supervisions")
    department = models.ForeignKey("orgs.Department", verbose_name="被督办部门", on_delete=models.PROTECT,
                                   related_name="+")
    kind = models.CharField("督办方式", max_length=8, choices=Kind.choices, default=Kind.WRITTEN)
    reason = models.TextField("督办事由")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="督办人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("督办时间")
    clock = models.ForeignKey("clocks.Clock", verbose_name="回复时限", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    response = models.TextField("书面回复", blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回复人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办单"
        ordering = ["ticket", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.reason[:20]}"

    @property
    def is_open(self) -> bool:
        return self.responded_at is None


class SuggesterModel(models.Model):
    """部门推荐模型: a trained department suggester (`suggester.py`), the pickled pipeline of scikit-learn and the
    place names; the newest row is the one in use (a few older ones are kept)."""

    class Source(models.TextChoices):
        HISTORY = "history", "历史派单"
        CATALOGUE = "catalogue", "派单目录（冷启动）"

    created_at = models.DateTimeField("训练时间", auto_now_add=True)
    source = models.CharField("训练数据", max_length=10, choices=Source.choices)
    history_size = models.PositiveIntegerField("历史工单数", default=0)
    samples = models.PositiveIntegerField("样本数", default=0)
    classes = models.PositiveIntegerField("部门数", default=0)
    seconds = models.FloatField("训练用时（秒）", default=0)
    blob = models.BinaryField("模型")

    class Meta:
        verbose_name = verbose_name_plural = "部门推荐模型"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"部门推荐模型 {self.created_at:%Y-%m-%d %H:%M}（{self.get_source_display()}）"
class KnowledgeEntry(models.Model):
    """知识库条目: a question citizens ask and its answer, kept by a department, published after review."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    department = models.ForeignKey("orgs.Department", verbose_name="编写部门", on_delete=models.PROTECT,
                                   related_name="+")
    matter = models.ForeignKey(Matter, verbose_name="事项", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="knowledge")
    question = models.CharField("问题", max_length=200)
    answer = models.TextField("解答")
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="群众的常见说法，以逗号分隔")
    basis = models.CharField("政策依据", max_length=300, blank=True)
    status = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编写人", null=True, on_delete=models.SET_NULL,
                               related_name="+")
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "知识库条目"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["department", "status"], name="hotline_kb_dept_status")]
        permissions = [
            ("edit_knowledge", "编写知识库条目（承办部门）"),
            ("review_knowledge", "审核发布知识库条目"),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("hotline:kb-entry", args=[self.pk])


class OperatorSeat(models.Model):
    """话务坐席: the seat (extension) an operator works at; the CTI names the seat of each call."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="话务员", on_delete=models.CASCADE,
                                related_name="hotline_seat")
    seat = models.CharField("坐席号", max_length=20, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "话务坐席"

    def __str__(self) -> str:
        return f"{self.seat} {self.user}"


class CallEvent(models.Model):
    """来电事件: one incoming call pushed by the call-centre system (CTI webhook), for a seat."""

    provider = models.CharField("来源系统", max_length=30)
    call_id = models.CharField("呼叫编号", max_length=64)
    seat = models.CharField("坐席号", max_length=20)
    caller_number = models.CharField("来电号码", max_length=20)
    started_at = models.DateTimeField("来电时间")
    received_at = models.DateTimeField("接收时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "来电事件"
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "call_id"], name="hotline_call_unique")]
        indexes = [models.Index(fields=["seat", "started_at"], name="hotline_call_seat")]

    def __str__(self) -> str:
        return f"{self.seat} {self.caller_number}"
class Brief(models.Model):
    """简报 (monthly) or 专报 (one matter), as seed 003's hotline issues them: the period's figures, the most frequent
    matters and places, the late departments, notable cases. `data` is the snapshot taken when it was generated
    (a brief is a document of its day: later steps on the tickets do not rewrite it)."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "简报"
        SPECIAL = "special", "专报"

    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("期号")
    title = models.CharField("标题", max_length=120)
    period_start = models.DateField("统计起始日")
    period_end = models.DateField("统计截止日")
    matter = models.ForeignKey(Matter, verbose_name="专报事项", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    data = models.JSONField("数据", default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编制人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("编制时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "热线简报专报"
        ordering = ["-year", "-number", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "number"], name="hotline_brief_number")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hotline:staff-brief", args=[self.pk])
