from django.contrib import admin

from sunshine.core.admin import ReadOnlyAdmin

from .labels import action_label, all_labels
from .models import AuditEvent


class ActionFilter(admin.SimpleListFilter):
    """Filter by action code, listed by its Chinese label (the code after it, for those who know the codes)."""

    title = "动作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = (model_admin.get_queryset(request).order_by("action").values_list("action", flat=True).distinct())
        return [(code, f"{action_label(code)}（{code}）" if action_label(code) != code else code) for code in codes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Staff read the Chinese name of each action; the dotted code stays beside it, searchable and filterable."""

    list_display = ["occurred_at", "action_name", "action_code", "actor_name", "target_label", "request_id"]
    list_filter = [ActionFilter]
    search_fields = ["action", "target_id", "target_label", "actor_name", "request_id"]
    readonly_fields = ["action_name"]

    @admin.display(description="动作", ordering="action")
    def action_name(self, obj: AuditEvent) -> str:
        return obj.action_label

    @admin.display(description="动作代码", ordering="action")
    def action_code(self, obj: AuditEvent) -> str:
        return obj.action

    def get_search_results(self, request, queryset, search_term):
        """Also find events by their Chinese action name ("发布" finds publication.publish, …)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            codes = [code for code, label in all_labels().items() if term in label]
            if codes:
                results |= queryset.filter(action__in=codes)
        return results, may_have_duplicates
