from django.contrib import admin

from .models import ParticipationSetting, TopicRequest


@admin.register(ParticipationSetting)
class ParticipationSettingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "office", "topic_feedback_days"]


@admin.register(TopicRequest)
class TopicRequestAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services (staff pages)."""

    list_display = ["reference", "title", "status", "department", "public", "created_at"]
    list_filter = ["status", "public", "department"]
    search_fields = ["reference", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
