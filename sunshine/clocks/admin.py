from django.contrib import admin

from .models import Clock, ClockEvent, ClockKindSetting


@admin.register(ClockKindSetting)
class ClockKindSettingAdmin(admin.ModelAdmin):
    """Warning thresholds per kind (预警设置): reference data, editable. Applies to clocks changed afterwards."""

    list_display = ["kind", "label", "yellow_days", "yellow_ratio"]
    search_fields = ["kind", "label"]


class ClockEventInline(admin.TabularInline):
    model = ClockEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "on", "days", "due_before", "due_after", "provisional_after", "actor", "approver",
                       "reason", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    """Read-only: clocks change only through `clocks.services`."""

    list_display = ["label", "kind", "department", "state", "started_on", "due_date", "provisional", "outcome"]
    list_filter = ["state", "provisional", "kind"]
    search_fields = ["label", "subject_id"]
    list_select_related = ["department"]
    inlines = [ClockEventInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
