"""Participation (互动参与): topic requests (点题公开) and the echo wall (回音壁), DOMAIN.md §9.

A citizen names information they want disclosed (`TopicRequest`); the disclosure office forwards it to
the responsible department with a feedback limit on a kernel clock (kind ``topic_request.feedback``); the
department answers, publishes the information, or declines with a reason. Answers that are not secret
(answered or published) appear on the public echo wall with personal data masked.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

FEEDBACK_CLOCK_KIND = "topic_request.feedback"
DEFAULT_FEEDBACK_DAYS = 10


class TopicRequest(models.Model):
    """点题公开: a citizen's request that certain information be disclosed."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待转办"
        FORWARDED = "forwarded", "已转部门办理"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "待签发"
        SIGNED_OFF = "signed_off", "已签发"
        ANSWERED = "answered", "已答复"
        PUBLISHED = "published", "已公开"
        DECLINED = "declined", "不予公开"

    reference = models.CharField("点题编号", max_length=20, unique=True, null=True, blank=True)
    # 查询码 + 验证码 (tracking_codes.py): the code is public and random; only the secret's keyed hash is stored
    tracking_code = models.CharField("查询码", max_length=32, unique=True, null=True, blank=True)
    verification_secret_hash = models.CharField("验证码摘要", max_length=64, blank=True, editable=False)
    citizen_name = models.CharField("姓名", max_length=50)
    phone = models.CharField("手机号码", max_length=20)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="公众账户", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="topic_requests")
    title = models.CharField("点题标题", max_length=100)
    content = models.TextField("希望公开的内容")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    department = models.ForeignKey("orgs.Department", verbose_name="承办部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="topic_requests")
    feedback_clock = models.ForeignKey("clocks.Clock", verbose_name="反馈时限", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    office_note = models.TextField("转办意见", blank=True)
    forwarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="转办人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    forwarded_on = models.DateField("转办日期", null=True, blank=True)
    answer = models.TextField("答复内容", blank=True)
    publication_url = models.CharField("公开信息链接", max_length=300, blank=True)
    # the published item (主动公开信息) the answer points to: a lazy model reference, never an import of the
    # publications app (domain independence, pyproject [tool.importlinter]); see docs/participation.md
    publication_item = models.ForeignKey("publications.Publication", verbose_name="所公开的信息", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    decline_reason = models.TextField("不予公开理由", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    published_on = models.DateField("回音壁发布日期", null=True, blank=True)
    # sign-off (签发): the department's drafted answer, approved before it is issued and reaches the echo wall
    draft_action = models.CharField("拟定的办理结果", max_length=20, blank=True,
                                    choices=[("answer", "答复"), ("publish", "予以公开"), ("decline", "不予公开")])
    draft_text = models.TextField("拟定的答复内容/理由", blank=True)
    draft_publication_url = models.CharField("拟定的公开信息链接", max_length=300, blank=True)
    draft_publication_item = models.ForeignKey("publications.Publication", verbose_name="拟定的所公开的信息", null=True,
                                               blank=True, on_delete=models.SET_NULL, related_name="+")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="拟稿人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    drafted_at = models.DateTimeField("拟稿时间", null=True, blank=True)
    draft_returned_reason = models.TextField("退回修改的理由", blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    public = models.BooleanField("在回音壁公开", default=False)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "点题公开"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "department"], name="topic_status_dept"),
            models.Index(fields=["public", "published_on"], name="topic_wall"),
        ]
        constraints = [
            # Only answered or published topics can be on the echo wall; a declined topic never is.
            models.CheckConstraint(condition=models.Q(public=False) | models.Q(status__in=["answered", "published"]),
                                   name="topic_public_only_when_answered"),
        ]
        permissions = [
            ("dispatch_topic", "转办点题（政务公开办）"),
            ("answer_topic", "答复点题（承办部门）"),
            ("sign_off_topic", "签发点题答复（审核人、政务公开办负责人）"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or '点题'} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("participation:staff-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.FORWARDED, self.Status.AWAITING_SIGN_OFF,
                               self.Status.SIGNED_OFF)


class ParticipationSetting(models.Model):
    """Settings of a disclosure office (政务公开办) for participation, editable in the admin.

    A row without an office is the default for every office."""

    office = models.OneToOneField("orgs.Department", verbose_name="政务公开办所在部门（空：全部默认）", null=True,
                                  blank=True, on_delete=models.CASCADE, related_name="participation_setting")
    topic_feedback_days = models.PositiveSmallIntegerField(
        "点题反馈时限（工作日）", default=DEFAULT_FEEDBACK_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="转办后承办部门应在多少个工作日内反馈，默认10个工作日。")

    class Meta:
        verbose_name = verbose_name_plural = "互动参与设置"

    def __str__(self) -> str:
        return f"{self.office or '默认'}：点题反馈{self.topic_feedback_days}个工作日"
