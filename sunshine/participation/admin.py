from django.contrib import admin

from sunshine.core.admin import ReadOnlyAdmin

from .models import ParticipationSetting, TopicRequest


@admin.register(ParticipationSetting)
class ParticipationSettingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "office", "topic_feedback_days"]


@admin.register(TopicRequest)
class TopicRequestAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through the services (staff pages)."""

    list_display = ["reference", "title", "status", "department", "public", "created_at"]
    list_filter = ["status", "public", "department"]
    search_fields = ["reference", "title"]
