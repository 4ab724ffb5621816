"""Time limits (办理时限): one `Clock` per running limit of any domain, driven by a ledger of events.

A clock counts Chinese working days (workcalendar), natural days or hours (`unit`); its `obligor` is the agency or
the applicant/a third party (whose lapse is never the agency's lateness). The successive and parallel clocks of one
case share a `case_key`. Its state and due date are derived from its `ClockEvent` ledger (start, pause, resume,
restart, extend, stop, transfer) by `deadlines.replay`; the stored fields (`due_date`, `due_at`, `provisional`,
`yellow_from`, …) are that result, so warnings are plain indexed queries (ARCHITECTURE.md, "Kernel rules").
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Clock(models.Model):
    """A time limit (时限) of one case, counted in its `unit` after `started_on` (hours: after `started_at`)."""

    class State(models.TextChoices):
        RUNNING = "running", "计时中"
        PAUSED = "paused", "已暂停"
        STOPPED = "stopped", "已结束"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        ON_TIME = "on_time", "按时办结"
        LATE = "late", "超期办结"
        CANCELLED = "cancelled", "已撤回/取消"
        TRANSFERRED = "transferred", "已转办"
        MERGED = "merged", "已并案"
        SUPERSEDED = "superseded", "已被替代（更正/拆分）"
        LAPSED = "lapsed", "申请人/第三方逾期"

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "工作日"
        NATURAL_DAYS = "natural_days", "自然日"
        HOURS = "hours", "小时"

    class Obligor(models.TextChoices):
        AGENCY = "agency", "行政机关"
        APPLICANT = "applicant", "申请人/第三方"

    kind = models.CharField("时限类型", max_length=80, help_text="点分代码，例如 disclosure_request.reply")
    unit = models.CharField("计时单位", max_length=12, choices=Unit.choices, default=Unit.WORKING_DAYS)
    obligor = models.CharField("期限承担方", max_length=10, choices=Obligor.choices, default=Obligor.AGENCY,
                               help_text="申请人/第三方的期限（补正、缴费、第三方意见）逾期不计为行政机关超期")
    case_key = models.CharField("案件标识", max_length=100, blank=True, default="",
                                help_text="同一案件的各个时限共用，默认“应用.模型:编号”")
    subject_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField("对象编号", max_length=64)
    department = models.ForeignKey("orgs.Department", verbose_name="责任部门", on_delete=models.PROTECT,
                                   related_name="clocks")
    label = models.CharField("名称", max_length=200, blank=True)
    started_on = models.DateField("起算日")
    started_at = models.DateTimeField("起算时间", null=True, blank=True, help_text="仅按小时计时的时限")
    limit_days = models.PositiveIntegerField("期限", help_text="按计时单位：工作日数、自然日数或小时数")
    due_date = models.DateField("截止日期")
    due_at = models.DateTimeField("截止时间", null=True, blank=True, help_text="仅按小时计时的时限")
    provisional = models.BooleanField("暂定期限", default=False,
                                      help_text="涉及尚未发布节假日安排的年度，按周末计算，导入后自动重新计算")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RUNNING)
    paused_on = models.DateField("暂停日", null=True, blank=True)
    paused_at = models.DateTimeField("暂停时间", null=True, blank=True, help_text="仅按小时计时的时限")
    remaining_days_at_pause = models.IntegerField("暂停时剩余", null=True, blank=True,
                                                  help_text="按计时单位（小时：剩余的整小时数）")
    extended_days = models.PositiveIntegerField("已延长", default=0, help_text="按计时单位")
    stopped_on = models.DateField("结束日", null=True, blank=True)
    stopped_at = models.DateTimeField("结束时间", null=True, blank=True, help_text="仅按小时计时的时限")
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices, blank=True, default="")
    yellow_from = models.DateField("黄牌起始日", null=True, blank=True,
                                   help_text="计时中的时限从这一天起亮黄牌（预先计算，便于按索引查询）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限"
        ordering = ["due_date", "id"]
        permissions = [("extend_clock", "批准延长期限"),
                       ("watch_all_clocks", "督查全部部门的办理时限（工作台列出全县的时限）")]
        indexes = [
            models.Index(fields=["state", "due_date"], name="clock_state_due_idx"),
            models.Index(fields=["department", "state", "due_date"], name="clock_dept_state_idx"),
            # the warnings: partial (running clocks of the agency only, ~20 % of the rows), ranged by yellow_from and
            # covering (department, due_date, due_at); state and obligor are columns too, so that SQLite also reads
            # this index alone (it does not take the partial condition's columns from the condition)
            models.Index(fields=["state", "obligor", "yellow_from", "department", "due_date", "due_at"],
                         name="clock_warning_idx",
                         condition=models.Q(state="running", obligor="agency")),
            models.Index(fields=["subject_type", "subject_id"], name="clock_subject_idx"),
            models.Index(fields=["case_key"], name="clock_case_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_date__gte=models.F("started_on")),
                                   name="clock_due_not_before_start"),
        ]

    def __str__(self) -> str:
        return self.label or f"{self.kind} #{self.subject_id}"

    @property
    def is_running(self) -> bool:
        return self.state == self.State.RUNNING

    @property
    def counts_against_agency(self) -> bool:
        """Whether a lapse of this clock is the agency's (a red card for the department)."""
        return self.obligor == self.Obligor.AGENCY

    @property
    def in_hours(self) -> bool:
        return self.unit == self.Unit.HOURS

    @property
    def level(self) -> str:
        """"none" | "yellow" | "red" right now (an applicant's clock: always "none"); for templates."""
        from django.utils import timezone

        from .deadlines import warning_level

        return warning_level(state=self.state, due_date=self.due_date, yellow_from=self.yellow_from,
                             today=timezone.localdate(), due_at=self.due_at, now=timezone.now(),
                             obligor=self.obligor)

    @property
    def lapsed_by_applicant(self) -> bool:
        """A running applicant's clock past its due date (shown neutrally: 申请人已逾期, never red)."""
        from django.utils import timezone

        if self.state != self.State.RUNNING or self.obligor != self.Obligor.APPLICANT:
            return False
        if self.due_at is not None:
            return timezone.now() > self.due_at
        return timezone.localdate() > self.due_date


class ClockEvent(models.Model):
    """One entry of a clock's ledger (时限变更记录). Append-only."""

    class Kind(models.TextChoices):
        START = "start", "开始计时"
        PAUSE = "pause", "暂停计时"
        RESUME = "resume", "恢复计时"
        RESTART = "restart", "重新计时"
        EXTEND = "extend", "延长期限"
        STOP = "stop", "结束计时"
        TRANSFER = "transfer", "转办"
        RECOMPUTE = "recompute", "按新节假日安排重新计算"

    clock = models.ForeignKey(Clock, verbose_name="时限", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField("时间", null=True, blank=True, help_text="按小时计时的时限：事件的时刻")
    days = models.IntegerField("数量", null=True, blank=True,
                               help_text="开始/重新计时的期限，或延长的数量（按计时单位）")
    outcome = models.CharField("指定结果", max_length=12, choices=Clock.Outcome.choices, blank=True, default="",
                               help_text="结束时指定的结果（撤回、并案、被替代）；为空时按期限计算")
    related_clock = models.ForeignKey(Clock, verbose_name="关联时限", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", help_text="转办：接收部门的时限，或转出部门的原时限")
    due_before = models.DateField("变更前截止日期", null=True, blank=True)
    due_after = models.DateField("变更后截止日期", null=True, blank=True)
    provisional_after = models.BooleanField("变更后为暂定", default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField("理由", blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "时限变更记录"
        ordering = ["clock", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"


class ClockKindSetting(models.Model):
    """Warning thresholds per clock kind (预警设置).

    A running clock is yellow when the working days left ≤ max(yellow_days, yellow_ratio × limit), the
    limit including extensions (DOMAIN.md §7: "≤ 1 working day or ≤ 20 % of the limit, whichever is
    later"); red once today is after the due date.
    """

    kind = models.CharField("时限类型", max_length=80, unique=True)
    label = models.CharField("名称", max_length=100, blank=True)
    yellow_days = models.PositiveIntegerField("黄牌：剩余工作日不超过", default=1)
    yellow_ratio = models.DecimalField("黄牌：剩余不超过期限的比例", max_digits=4, decimal_places=2,
                                       default=Decimal("0.20"),
                                       validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))])

    class Meta:
        verbose_name = verbose_name_plural = "预警设置"
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.label or self.kind
