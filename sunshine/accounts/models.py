"""Accounts (账户): staff users who belong to a department and hold roles, and citizen accounts.

Roles (角色) are Django groups, editable in the admin; they grant capabilities, which are Django
permissions. Code checks capabilities (`user.has_perm("app.codename")`), never role names.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models


class UserManager(DjangoUserManager):
    pass


class User(AbstractUser):
    class Kind(models.TextChoices):
        STAFF = "staff", "工作人员"
        CITIZEN = "citizen", "公众（个人/企业）"

    class IdType(models.TextChoices):
        NONE = "", "未提供"
        RESIDENT_ID = "resident_id", "居民身份证"
        CREDIT_CODE = "credit_code", "统一社会信用代码"

    kind = models.CharField("账户类型", max_length=10, choices=Kind.choices, default=Kind.STAFF)
    real_name = models.CharField("姓名/名称", max_length=100, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True, default="")
    id_number = models.CharField("证件号码", max_length=18, blank=True)
    department = models.ForeignKey("orgs.Department", verbose_name="所属部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="staff")
    window = models.ForeignKey("orgs.Window", verbose_name="所在窗口", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="clerks")

    objects = UserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=models.Q(kind="citizen") & ~models.Q(phone=""),
                                    name="citizen_phone_unique"),
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN

    @property
    def is_staff_member(self) -> bool:
        return self.kind == self.Kind.STAFF

    def role_names(self) -> list[str]:
        return [g.name for g in self.groups.all()]


class Role(Group):
    """A role (角色): a named set of capabilities, editable in the admin."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "角色"


class DefaultGrant(models.Model):
    """A default capability already granted to a default role (so admin removals are respected)."""

    role_name = models.CharField(max_length=150)
    capability = models.CharField(max_length=150)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "默认授权记录"
        constraints = [models.UniqueConstraint(fields=["role_name", "capability"], name="default_grant_unique")]

    def __str__(self) -> str:
        return f"{self.role_name}: {self.capability}"


class RegistrationCode(models.Model):
    """A registration SMS code (注册短信验证码): only a keyed hash of the code is stored. One row per request,
    also for a number that is already registered (that owner gets a notice instead of a code, and the row's
    empty hash matches nothing), so the rows count the requests per number and per address for the throttle."""

    mobile = models.CharField("手机号码", max_length=20)
    code_hash = models.CharField("验证码摘要", max_length=64, blank=True)
    client_address = models.CharField("请求地址", max_length=64, blank=True)
    created_at = models.DateTimeField("发送时间")
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("核对次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "注册验证码"
        indexes = [
            models.Index(fields=["mobile", "created_at"], name="regcode_mobile_idx"),
            models.Index(fields=["client_address", "created_at"], name="regcode_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mobile[:3]}****{self.mobile[-4:]} {self.created_at:%Y-%m-%d %H:%M}"
