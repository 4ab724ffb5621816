"""Time limits (办理时限): one `Clock` per running limit of any domain, driven by a ledger of events.

A clock counts Chinese working days (workcalendar). Its state and due date are derived from its
`ClockEvent` ledger (start, pause, resume, restart, extend, stop) by `deadlines.replay`; the stored
fields (`due_date`, `provisional`, `yellow_from`, …) are that result, so warnings are plain indexed
queries (ARCHITECTURE.md, "Kernel rules").
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Clock(models.Model):
    """A time limit (时限) of one case: counted in working days from `started_on`."""

    class State(models.TextChoices):
        RUNNING = "running", "计时中"
        PAUSED = "paused", "已暂停"
        STOPPED = "stopped", "已结束"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        ON_TIME = "on_time", "按时办结"
        LATE = "late", "超期办结"

    kind = models.CharField("时限类型", max_length=80, help_text="点分代码，例如 disclosure_request.reply")
    subject_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField("对象编号", max_length=64)
    department = models.ForeignKey("orgs.Department", verbose_name="责任部门", on_delete=models.PROTECT,
                                   related_name="clocks")
    label = models.CharField("名称", max_length=200, blank=True)
    started_on = models.DateField("起算日")
    limit_days = models.PositiveIntegerField("期限（工作日）")
    due_date = models.DateField("截止日期")
    provisional = models.BooleanField("暂定期限", default=False,
                                      help_text="涉及尚未发布节假日安排的年度，按周末计算，导入后自动重新计算")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RUNNING)
    paused_on = models.DateField("暂停日", null=True, blank=True)
    remaining_days_at_pause = models.IntegerField("暂停时剩余工作日", null=True, blank=True)
    extended_days = models.PositiveIntegerField("延长工作日", default=0)
    stopped_on = models.DateField("结束日", null=True, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, blank=True, default="")
    yellow_from = models.DateField("黄牌起始日", null=True, blank=True,
                                   help_text="计时中的时限从这一天起亮黄牌（预先计算，便于按索引查询）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理时限"
        ordering = ["due_date", "id"]
        permissions = [("extend_clock", "批准延长期限")]
        indexes = [
            models.Index(fields=["state", "due_date"], name="clock_state_due_idx"),
            models.Index(fields=["department", "state", "due_date"], name="clock_dept_state_idx"),
            # (state, yellow_from) for the warnings: partial (running clocks only, ~20 % of the rows) and
            # covering (department, due_date), so the per-department counts read this index alone
            models.Index(fields=["state", "yellow_from", "department", "due_date"], name="clock_state_yellow_idx",
                         condition=models.Q(state="running")),
            models.Index(fields=["subject_type", "subject_id"], name="clock_subject_idx"),
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


class ClockEvent(models.Model):
    """One entry of a clock's ledger (时限变更记录). Append-only."""

    class Kind(models.TextChoices):
        START = "start", "开始计时"
        PAUSE = "pause", "暂停计时"
        RESUME = "resume", "恢复计时"
        RESTART = "restart", "重新计时"
        EXTEND = "extend", "延长期限"
        STOP = "stop", "结束计时"
        RECOMPUTE = "recompute", "按新节假日安排重新计算"

    clock = models.ForeignKey(Clock, verbose_name="时限", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    on = models.DateField("日期")
    days = models.IntegerField("工作日数", null=True, blank=True, help_text="开始/重新计时的期限，或延长的天数")
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
