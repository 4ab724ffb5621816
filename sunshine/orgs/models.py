"""Organisation (组织机构): administrative divisions, departments and service-hall windows.

A county-level government (县/区/市) has towns and streets (乡镇/街道) below it, which have villages
and communities (村/社区). Departments (部门) belong to a division; the service hall (政务服务大厅)
has windows (窗口), each staffed by one department (A and B clerk, AB岗).
"""

from __future__ import annotations

from django.db import models


class Division(models.Model):
    """An administrative division (行政区划)."""

    class Level(models.TextChoices):
        COUNTY = "county", "县（区、市）"
        TOWN = "town", "乡镇/街道"
        VILLAGE = "village", "村/社区"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]
        permissions = [("view_all_departments", "查看全部部门的案件（政务公开办、监察）"),
                       ("view_division_cases", "查看本区划（乡镇/街道及所辖村、社区）的案件")]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department (部门) or the government office of a division (乡镇人民政府、村委会 act as one)."""

    code = models.CharField("机构代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    division = models.ForeignKey(Division, verbose_name="所属区划", on_delete=models.PROTECT,
                                 related_name="departments")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.division.level


class Window(models.Model):
    """A service-hall window (窗口)."""

    number = models.CharField("窗口号", max_length=10)
    name = models.CharField("名称", max_length=100)
    department = models.ForeignKey(Department, verbose_name="进驻部门", on_delete=models.PROTECT,
                                   related_name="windows")
    division = models.ForeignKey(Division, verbose_name="所在大厅（区划）", on_delete=models.PROTECT,
                                 related_name="windows")
    is_central_desk = models.BooleanField("集中受理台", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "窗口"
        ordering = ["division", "number"]
        constraints = [models.UniqueConstraint(fields=["division", "number"], name="window_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}号窗口 {self.name}"
