"""Working-day calendar (工作日历): the admin-editable override table over `chinese-calendar`.

`CalendarDay` rows win over the `chinese-calendar` package for their date. A year listed in
`CalendarYear` is "loaded": its schedule is taken from the override table (weekends plus the listed
days), and due dates in it are no longer provisional. See docs/calendar.md.
"""

from __future__ import annotations

from django.db import models


class CalendarDay(models.Model):
    """One override day: a holiday/rest day (法定节假日/休息日) or a make-up working day (调休上班日)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日/休息日"
        MAKEUP_WORKDAY = "makeup_workday", "调休上班日"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.note}".strip()


class CalendarYear(models.Model):
    """A year whose schedule is loaded into the override table (已导入年度): not provisional any more."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("来源", max_length=200, blank=True,
                              help_text="例如：国务院办公厅关于2027年部分节假日安排的通知")
    loaded_at = models.DateTimeField("导入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "已导入年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"
