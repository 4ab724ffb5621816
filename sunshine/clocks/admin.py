from django.contrib import admin

from sunshine.core.admin import ReadOnlyAdmin

from .models import Clock, ClockEvent, ClockKindSetting


@admin.register(ClockKindSetting)
class ClockKindSettingAdmin(admin.ModelAdmin):
    """Warning thresholds per kind (预警设置): reference data, editable. Applies to clocks changed afterwards."""

    list_display = ["kind", "label", "yellow_days", "yellow_ratio"]
    search_fields = ["kind", "label"]


class ClockEventInline(admin.TabularInline):
    model = ClockEvent
    fk_name = "clock"
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "on", "at", "days", "due_before", "due_after", "provisional_after", "outcome",
                       "related_clock", "actor", "approver", "reason", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    """Read-only: clocks change only through `clocks.services`."""

    list_display = ["label", "kind", "unit", "obligor", "department", "state", "started_on", "due_date", "provisional",
                    "outcome", "case_key"]
    list_filter = ["state", "unit", "obligor", "outcome", "provisional", "kind"]
    search_fields = ["label", "subject_id", "case_key"]
    list_select_related = ["department"]
    inlines = [ClockEventInline]
    show_full_result_count = False
