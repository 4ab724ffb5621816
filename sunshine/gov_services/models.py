"""Models of government services (政务服务): the service-item catalogue (事项目录) with versioned guides, and the
applications (办件) with their materials.

An item (`ServiceItem`) is the stable identity (code, department); its guide, limits, materials, steps and form
are a `ServiceItemVersion`. Publishing a new version never changes a running case: an application keeps the
version it was accepted under (`Application.item_version`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from .workflow import DESK_STATES, WINDOW_STATES, Status, TaskStatus


class ItemType(models.TextChoices):
    """事项类型 (DOMAIN.md §7: the 11 types of power and service)."""

    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    BENEFIT = "benefit", "行政给付"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    ADJUDICATION = "adjudication", "行政裁决"
    OTHER_POWER = "other_power", "其他行政权力"
    PUBLIC_SERVICE = "public_service", "公共服务"


class Audience(models.TextChoices):
    """服务对象: 个人办事 / 法人办事."""

    PERSON = "person", "个人办事"
    COMPANY = "company", "法人办事"
    BOTH = "both", "个人和法人"


class Theme(models.Model):
    """主题 or 人生事件 (life event: 出生、上学、就业、婚育 … for persons; 开办、变更、注销 … for companies): a way into
    the catalogue besides the department."""

    class Kind(models.TextChoices):
        THEME = "theme", "主题"
        LIFE_EVENT = "life_event", "人生事件"

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.THEME)
    audience = models.CharField("服务对象", max_length=10, choices=[c for c in Audience.choices if c[0] != "both"],
                                default=Audience.PERSON)
    position = models.PositiveSmallIntegerField("排序", default=100)
    description = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "主题和人生事件"
        ordering = ["audience", "kind", "position", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceItem(models.Model):
    """事项: the stable identity of a catalogue item; its content is in versions."""

    code = models.CharField("事项编码", max_length=40, unique=True)
    name = models.CharField("事项名称", max_length=200)
    item_type = models.CharField("事项类型", max_length=20, choices=ItemType.choices, db_index=True)
    department = models.ForeignKey("orgs.Department", verbose_name="实施部门", on_delete=models.PROTECT,
                                   related_name="service_items")
    window = models.ForeignKey("orgs.Window", verbose_name="办理窗口", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="service_items")
    current_version = models.ForeignKey("ServiceItemVersion", verbose_name="现行版本", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    is_active = models.BooleanField("在用", default=True)
    # 联办事项 (并联审批): its versions name the component items (`CombinedComponent`)
    is_combined = models.BooleanField("联办事项（并联审批）", default=False)
    # 撤销/停用: the day the item was cancelled (an application registered or accepted on or after it is flagged)
    cancelled_on = models.DateField("取消（停用）日期", null=True, blank=True)
    audience = models.CharField("服务对象", max_length=10, choices=Audience.choices, default=Audience.BOTH,
                                db_index=True)
    themes = models.ManyToManyField(Theme, verbose_name="主题和人生事件", blank=True, related_name="items")

    class Meta:
        verbose_name = verbose_name_plural = "政务服务事项"
        ordering = ["department", "code"]
        indexes = [models.Index(fields=["department", "item_type"], name="gs_item_dept_type_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("gov_services:guide", args=[self.code])


class VersionStatus(models.TextChoices):
    """办事指南版本的状态 (`catalogue_workflow.py`): drafted → submitted → published (the item's `current_version`);
    the version it replaces becomes superseded."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被替代"
    DISCARDED = "discarded", "已废弃"


OPEN_VERSION_STATES = (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED)


class ServiceItemVersion(models.Model):
    """办事指南的一个版本: the guide's elements, the limits, the special procedures, the steps and the form."""

    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    change_note = models.CharField("修订说明", max_length=300, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    # the item's own facts as drafted ({"name", "item_type", "window", "audience", "themes"}), applied on approval
    item_facts = models.JSONField("事项信息（发布时生效）", default=dict, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    legal_basis = models.TextField("法律依据")
    preconditions = models.TextField("前置条件", blank=True)
    acceptance_conditions = models.TextField("受理条件", blank=True)
    process_description = models.TextField("审批流程", blank=True)
    fee_basis = models.TextField("收费依据", blank=True, default="")
    fee_standard = models.TextField("收费标准", blank=True, default="不收费")
    # the standard as data (fees.validate_fee_schedule): {} or {"kind": "none"} 不收费; {"kind": "fixed", "amount":
    # "80.00"}; {"kind": "per_unit", "unit": "平方米", "unit_price": "3.00", "quantity_field": "area",
    # "minimum": "", "maximum": ""}; {"kind": "tiered", "unit": …, "quantity_field": …, "tiers": [{"up_to": 100,
    # "amount": "300.00"}, …, {"up_to": null, "amount": …}]}
    fee_schedule = models.JSONField("收费标准（数据）", default=dict, blank=True)
    # limits in working days (行政许可法 §82); on_the_spot: 当场办结 (both limits 0)
    on_the_spot = models.BooleanField("当场办结", default=False)
    statutory_limit_days = models.PositiveSmallIntegerField("法定办结时限（工作日）", default=20)
    promised_limit_days = models.PositiveSmallIntegerField("承诺办结时限（工作日）", default=20)
    statutory_limit_basis = models.CharField("法定时限依据", max_length=200, blank=True,
                                             default="《中华人民共和国行政许可法》第四十二条")
    deferred_period_days = models.PositiveSmallIntegerField("容缺材料后补期限（工作日）", default=10)
    # [{"name": "专家评审", "limit_days": 10, "counted": false, "basis": "…"}] (§45: not counted)
    special_procedures = models.JSONField("特别程序", default=list, blank=True)
    # [{"code": "review", "name": "审查", "role": "窗口人员", "limit_days": 10}, …] in order
    steps = models.JSONField("办理环节", default=list, blank=True)
    # [{"name": "company_name", "label": "企业名称", "type": "text", "required": true, "help": "…"}, …]
    form_fields = models.JSONField("申请表字段", default=list, blank=True)
    place = models.CharField("办理地点", max_length=200, blank=True)
    hours = models.CharField("办理时间", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    complaint_phone = models.CharField("投诉电话", max_length=40, blank=True)
    visits = models.PositiveSmallIntegerField("到现场次数", default=1)
    online_depth = models.CharField("网办深度", max_length=40, blank=True)
    faq = models.TextField("常见问题", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "办事指南版本"
        ordering = ["item", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="gs_item_version_unique"),
            # one public version per item, and one version in drafting or review at a time
            models.UniqueConstraint(fields=["item"], condition=models.Q(status="published"),
                                    name="gs_item_one_published"),
            models.UniqueConstraint(fields=["item"], condition=models.Q(status__in=["draft", "submitted", "returned"]),
                                    name="gs_item_one_open_version"),
        ]
        permissions = [
            ("draft_guide", "起草、修改并提交办事指南"),
            ("approve_guide", "审核发布办事指南"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name}（第{self.version}版）"

    @property
    def department(self):
        return self.item.department

    @property
    def department_id(self):
        return self.item.department_id

    def step_named(self, code: str) -> dict | None:
        return next((s for s in self.steps if s.get("code") == code), None)

    def special_procedure_named(self, name: str) -> dict | None:
        return next((p for p in self.special_procedures if p.get("name") == name), None)


class Material(models.Model):
    """申请材料 of one guide version."""

    class Form(models.TextChoices):
        ORIGINAL = "original", "原件"
        COPY = "copy", "复印件"
        ELECTRONIC = "electronic", "电子件"
        ORIGINAL_AND_COPY = "original_and_copy", "原件和复印件"

    version = models.ForeignKey(ServiceItemVersion, verbose_name="指南版本", on_delete=models.CASCADE,
                                related_name="materials")
    position = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    required = models.BooleanField("必需", default=True)
    deferrable = models.BooleanField("可容缺", default=False)
    note = models.CharField("说明", max_length=300, blank=True)
    template_file = models.ForeignKey("files.StoredFile", verbose_name="空白模板", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    sample_file = models.ForeignKey("files.StoredFile", verbose_name="示例样本", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "申请材料"
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """办件: one application for one item version."""

    class Channel(models.TextChoices):
        ONLINE = "online", "网上申请"
        HALL = "hall", "大厅窗口"

    class Decision(models.TextChoices):
        GRANTED = "granted", "准予许可"
        DENIED = "denied", "不予许可"

    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    verification_secret_hash = models.CharField("验证码（摘要）", max_length=64, blank=True)
    idempotency_key = models.CharField("幂等键", max_length=80, null=True, blank=True, unique=True)
    item_version = models.ForeignKey(ServiceItemVersion, verbose_name="事项（版本）", on_delete=models.PROTECT,
                                     related_name="applications")
    department = models.ForeignKey("orgs.Department", verbose_name="办理部门", on_delete=models.PROTECT,
                                   related_name="service_applications")
    window = models.ForeignKey("orgs.Window", verbose_name="窗口", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="service_applications")
    channel = models.CharField("申请渠道", max_length=10, choices=Channel.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REGISTERED)
    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人账户", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="service_applications")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    applicant_name = models.CharField("申请人", max_length=200)
    applicant_id_type = models.CharField("证件类型", max_length=20, default="resident_id")
    applicant_id_number = models.CharField("证件号码", max_length=30)
    applicant_phone = models.CharField("联系电话", max_length=20)
    form_data = models.JSONField("申请表", default=dict, blank=True)
    received_on = models.DateField("收到材料日期")
    materials_complete_on = models.DateField("材料补齐日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    accepted_by_lapse = models.BooleanField("逾期未告知视为受理", default=False, db_index=True)
    missing_materials = models.JSONField("一次性告知的缺件", default=list, blank=True)
    deferred_materials = models.JSONField("容缺后补的材料", default=list, blank=True)
    refusal_reasons = models.TextField("不予受理理由", blank=True)
    current_step = models.CharField("当前环节", max_length=40, blank=True)
    paused_from = models.CharField("特别程序前的状态", max_length=20, blank=True)
    special_procedure = models.CharField("进行中的特别程序", max_length=40, blank=True)
    extended = models.BooleanField("已延期", default=False)
    decision = models.CharField("决定", max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField("决定理由", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    certificate_number = models.CharField("证照编号", max_length=60, blank=True)
    certificate_issued_on = models.DateField("制证日期", null=True, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    completed_on = models.DateField("办结日期", null=True, blank=True)
    # 并联审批: a key project's green channel (绿色通道, sorted first in the queues) and its agent (代办员)
    green_channel = models.BooleanField("绿色通道", default=False)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="代办员", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="followed_service_applications")
    terminated_on = models.DateField("终止办理日期", null=True, blank=True)
    # 应收费用 in fen, computed from the version's fee standard and the form (fees.amount_due); 0: 不收费
    fee_due = models.PositiveIntegerField("应收费用（分）", default=0)
    notice_clock = models.ForeignKey("clocks.Clock", verbose_name="一次性告知期限", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    statutory_clock = models.ForeignKey("clocks.Clock", verbose_name="法定时限", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    promised_clock = models.ForeignKey("clocks.Clock", verbose_name="承诺时限", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    step_clock = models.ForeignKey("clocks.Clock", verbose_name="环节时限", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    certificate_clock = models.ForeignKey("clocks.Clock", verbose_name="制证期限", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    deferred_clock = models.ForeignKey("clocks.Clock", verbose_name="容缺材料后补期限", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    # 网上预审 (online pre-review): the window accepted on the scans; the applicant comes once to confirm the
    # originals and collect the result (originals_confirmed_on)
    prereviewed_on = models.DateField("网上预审通过日期", null=True, blank=True)
    originals_confirmed_on = models.DateField("原件核验日期", null=True, blank=True)
    # 到现场次数: the applicant's visits to the hall recorded on the case, against the item's declared visits
    visits = models.PositiveSmallIntegerField("到现场次数", default=0)
    visits_exceeded = models.BooleanField("到现场次数超过承诺", default=False, db_index=True)
    # the staff queue a case is in, computed by the database from the status: "w" the window's (待受理 … 待送达),
    # "d" the central desk's (已登记, 已返回受理台), "" none; indexed with the id, so each queue pages newest first
    # through one index on both databases (a partial index on `status IN (…)` is not used by SQLite with bound
    # parameters)
    queue = models.GeneratedField(
        expression=models.Case(models.When(status__in=WINDOW_STATES, then=models.Value("w")),
                               models.When(status__in=DESK_STATES, then=models.Value("d")),
                               default=models.Value("")),
        output_field=models.CharField(max_length=1), db_persist=True, verbose_name="所在队列")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "办件"
        ordering = ["-created_at", "-id"]
        permissions = [
            ("register_application", "集中受理台：登记、分送、办结"),
            ("handle_application", "窗口：受理、审查、决定、制证、送达"),
            ("approve_extension", "批准办件延期"),
            ("follow_as_agent", "代办员：跟踪所代办的重点项目（只读）"),
            ("view_integrity_flags", "电子监察：查看办件监察标记"),
        ]
        # the staff queues page newest first by id (keyset): a status filter uses the first two; the default
        # queues (the window's open cases, the desk's registered and returned ones) the `queue` ones
        indexes = [
            models.Index(fields=["department", "status", "-id"], name="gs_app_queue_idx"),
            models.Index(fields=["status", "-id"], name="gs_app_status_idx"),
            # with the green channel (绿色通道) as an equality: the queue's key projects first, then the others by id
            models.Index(fields=["department", "queue", "green_channel", "-id"], name="gs_app_dept_queue_g_idx"),
            models.Index(fields=["queue", "green_channel", "-id"], name="gs_app_queue_g_idx"),
            models.Index(fields=["citizen", "-created_at"], name="gs_app_citizen_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def item(self) -> ServiceItem:
        return self.item_version.item

    def get_staff_url(self) -> str:
        return reverse("gov_services:staff-case", args=[self.pk])


class ApplicationMaterial(models.Model):
    """A material received for an application (scans: kernel files)."""

    application = models.ForeignKey(Application, verbose_name="办件", on_delete=models.CASCADE,
                                    related_name="materials")
    class Stage(models.TextChoices):
        APPLICATION = "application", "申请时提交"
        SUPPLEMENT = "supplement", "一次性告知后补正"
        DEFERRED = "deferred", "容缺后补"

    # null: a material the one-time notice named that is not in the guide's list (`name` holds the notice's words)
    material = models.ForeignKey(Material, verbose_name="材料", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField("材料名称（告知书所列）", max_length=200, blank=True)
    stage = models.CharField("提交环节", max_length=12, choices=Stage.choices, default=Stage.APPLICATION)
    file = models.ForeignKey("files.StoredFile", verbose_name="扫描件", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("收到日期")
    originals_checked = models.BooleanField("原件已核验", default=False)
    # the form token of the applicant's online upload: a resubmission of the same form changes nothing
    upload_key = models.CharField("上传令牌", max_length=80, blank=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "办件材料"
        ordering = ["application", "material__position", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.label}"

    @property
    def label(self) -> str:
        return self.name or (self.material.name if self.material_id else "")


class RealNameVerification(models.Model):
    """实名认证 of a citizen account for online applications: the identity number validated (GB 11643 / the credit
    code's check character, `core.identity`) and confirmed by an SMS code sent to the account's mobile. Only a keyed
    hash of the code is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账户", on_delete=models.CASCADE,
                                related_name="gov_services_real_name")
    real_name = models.CharField("姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20)
    id_number = models.CharField("证件号码", max_length=30)
    phone = models.CharField("认证手机号码", max_length=20)
    code_hash = models.CharField("验证码摘要", max_length=64, blank=True)
    code_sent_at = models.DateTimeField("验证码发送时间", null=True, blank=True)
    code_expires_at = models.DateTimeField("验证码失效时间", null=True, blank=True)
    codes_sent = models.PositiveSmallIntegerField("当日发送次数", default=0)
    attempts = models.PositiveSmallIntegerField("核对次数", default=0)
    verified_at = models.DateTimeField("认证时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "网上办事实名认证"

    def __str__(self) -> str:
        return f"{self.user_id} {'已认证' if self.verified_at else '未认证'}"


class CombinedComponent(models.Model):
    """并联审批: one component item (子事项) of a combined matter's guide version (联办事项), handled by the component
    item's department as a parallel task (并联任务) from the one application and its one set of materials."""

    version = models.ForeignKey(ServiceItemVersion, verbose_name="联办事项（版本）", on_delete=models.CASCADE,
                                related_name="components")
    item = models.ForeignKey(ServiceItem, verbose_name="子事项", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("序号", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "联办子事项"
        ordering = ["version", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "item"], name="gs_component_unique")]

    def __str__(self) -> str:
        return f"{self.version}: {self.item.name}"


class ParallelTask(models.Model):
    """并联任务: a component item's task in its own department, started when the combined application is accepted;
    its own steps, promised and step clocks (kernel) and outcome. States: `workflow.TASK_WORKFLOW`."""

    application = models.ForeignKey(Application, verbose_name="联办办件", on_delete=models.CASCADE,
                                    related_name="tasks")
    item_version = models.ForeignKey(ServiceItemVersion, verbose_name="子事项（版本）", on_delete=models.PROTECT,
                                     related_name="+")
    department = models.ForeignKey("orgs.Department", verbose_name="办理部门", on_delete=models.PROTECT,
                                   related_name="parallel_tasks")
    window = models.ForeignKey("orgs.Window", verbose_name="窗口", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    position = models.PositiveSmallIntegerField("序号", default=1)
    status = models.CharField("状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.REVIEWING)
    started_on = models.DateField("开始日期")
    current_step = models.CharField("当前环节", max_length=40, blank=True)
    paused_from = models.CharField("特别程序前的状态", max_length=20, blank=True)
    special_procedure = models.CharField("进行中的特别程序", max_length=40, blank=True)
    decision = models.CharField("决定", max_length=10, choices=Application.Decision.choices, blank=True)
    decision_reasons = models.TextField("决定理由", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    certificate_number = models.CharField("证照编号", max_length=60, blank=True)
    certificate_issued_on = models.DateField("制证日期", null=True, blank=True)
    finished_on = models.DateField("办结日期", null=True, blank=True)
    promised_clock = models.ForeignKey("clocks.Clock", verbose_name="承诺时限", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    step_clock = models.ForeignKey("clocks.Clock", verbose_name="环节时限", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    certificate_clock = models.ForeignKey("clocks.Clock", verbose_name="制证期限", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "并联任务"
        ordering = ["application", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "item_version"], name="gs_task_unique")]
        indexes = [models.Index(fields=["department", "status", "-created_at"], name="gs_task_queue_idx")]

    def __str__(self) -> str:
        return f"{self.application.tracking_code} / {self.item_version.item.name}"

    @property
    def item(self) -> ServiceItem:
        return self.item_version.item

    def get_staff_url(self) -> str:
        return reverse("gov_services:staff-task", args=[self.pk])


class FeePayment(models.Model):
    """缴费记录 (票款分离: the window never takes money; the applicant pays at the payment window or through the
    non-tax income system 非税收入系统, and the case records the reference the payment backend confirmed)."""

    class Channel(models.TextChoices):
        PAYMENT_WINDOW = "payment_window", "缴费窗口（银行）"
        NON_TAX = "non_tax", "非税收入系统"

    application = models.ForeignKey(Application, verbose_name="办件", on_delete=models.PROTECT,
                                    related_name="fee_payments")
    department = models.ForeignKey("orgs.Department", verbose_name="收费部门", on_delete=models.PROTECT,
                                   related_name="+")
    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveIntegerField("实收金额（分）")
    standard_amount = models.PositiveIntegerField("按标准应收（分）")
    outside_standard = models.BooleanField("不符合收费标准", default=False, db_index=True)
    channel = models.CharField("缴款渠道", max_length=20, choices=Channel.choices)
    reference = models.CharField("缴款码/票据号", max_length=60)
    receipt_number = models.CharField("财政票据号", max_length=60, blank=True)
    backend = models.CharField("缴费接口", max_length=40)
    paid_on = models.DateField("缴款日期", db_index=True)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "缴费记录"
        ordering = ["-paid_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "reference"], name="gs_fee_reference_unique")]
        indexes = [models.Index(fields=["department", "paid_on"], name="gs_fee_dept_paid_idx")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount / 100:.2f}元"


class FlagKind(models.TextChoices):
    """电子监察标记的种类 (issue #9 item 7)."""

    REGISTERED_AFTER_DECISION = "registered_after_decision", "体外循环：决定早于登记"
    STEPS_TOO_FAST = "steps_too_fast", "体外循环：环节用时短于规定"
    NOTICE_LATE = "notice_late", "逾期未一次性告知（视为受理）"
    FEE_OUTSIDE_STANDARD = "fee_outside_standard", "收费不符合标准"
    STEP_OVERDUE = "step_overdue", "环节超时"
    CANCELLED_ITEM = "cancelled_item", "已取消（停用）事项的申请"
    DEFERRED_LAPSED = "deferred_lapsed", "容缺材料逾期未补（终止办理）"


class IntegrityFlag(models.Model):
    """电子监察标记: one queryable fact about one case (never free text). Raised by the services or the periodic
    sweep (`integrity.raise_flag`), idempotent per (case, kind, key), audited."""

    application = models.ForeignKey(Application, verbose_name="办件", on_delete=models.CASCADE,
                                    related_name="integrity_flags")
    department = models.ForeignKey("orgs.Department", verbose_name="办理部门", on_delete=models.PROTECT,
                                   related_name="+")
    kind = models.CharField("标记", max_length=30, choices=FlagKind.choices)
    key = models.CharField("区分键", max_length=60, blank=True, help_text="环节标记：环节时限编号")
    step = models.CharField("环节", max_length=40, blank=True)
    raised_on = models.DateField("标记日期", db_index=True)
    facts = models.JSONField("事实", default=dict, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "电子监察标记"
        ordering = ["-raised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["application", "kind", "key"], name="gs_flag_unique")]
        indexes = [models.Index(fields=["kind", "department", "-raised_on"], name="gs_flag_kind_dept_idx"),
                   models.Index(fields=["department", "-raised_on"], name="gs_flag_dept_idx")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_kind_display()}"
