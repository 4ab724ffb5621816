"""Audit (审计日志): append-only events for every state change.

Nothing in the application updates or deletes an event, and the database refuses it too: triggers on
SQLite and PostgreSQL (migration 0002) abort any UPDATE or DELETE on this table. Every event is a link of a hash
chain (`chain.py`): `save()` of a new event and `bulk_create` both go through `chain.append`, and the database
refuses an event without a hash (migration 0004).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, router

from .chain import append


class AuditEventQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, _chained: bool = False, **kwargs):
        """Every insert is linked into the chain, in the order given (`chain.append`)."""
        if _chained:
            return super().bulk_create(objs, *args, **kwargs)
        return append(list(objs), using=self.db)


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    actor_name = models.CharField("操作人姓名", max_length=100, blank=True)
    actor_roles = models.CharField("角色", max_length=200, blank=True)
    department = models.ForeignKey("orgs.Department", verbose_name="部门", null=True, blank=True,
                                   on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    action = models.CharField("动作", max_length=80, db_index=True)
    target_type = models.CharField("对象类型", max_length=80)
    target_id = models.CharField("对象编号", max_length=64)
    target_label = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    # The status before and after a workflow transition, as columns (not only inside before/after) so that
    # supervision can count transitions by state with an index. Nullable: adding them keeps the table (and its
    # append-only triggers) as it is on SQLite, where a NOT NULL column would rebuild the table.
    from_status = models.CharField("变更前状态", max_length=40, null=True, blank=True)
    to_status = models.CharField("变更后状态", max_length=40, null=True, blank=True)
    reason = models.TextField("理由", blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    # The hash chain (chain.py): the previous event's hash, and this event's (over prev_hash and its fields).
    # Nullable for the same reason as from_status; the database refuses a new row without a hash.
    prev_hash = models.CharField("上一条哈希", max_length=64, null=True, blank=True, editable=False)
    hash = models.CharField("哈希", max_length=64, null=True, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "审计事件"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "occurred_at"], name="audit_target_idx"),
            models.Index(fields=["action", "to_status", "occurred_at"], name="audit_transition_idx",
                         condition=models.Q(to_status__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.pk is None:
            append([self], using=kwargs.get("using") or router.db_for_write(type(self), instance=self))
            return
        super().save(*args, **kwargs)  # an UPDATE: the database refuses it

    @property
    def action_label(self) -> str:
        """The action in Chinese (办理记录 shows it), from the apps' audit_labels modules."""
        from .labels import action_label

        return action_label(self.action)
