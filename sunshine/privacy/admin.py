from django.contrib import admin

from .models import MaskingDecision


@admin.register(MaskingDecision)
class MaskingDecisionAdmin(admin.ModelAdmin):
    list_display = ["target_type", "target_id", "kind", "masked", "decision", "decided_by", "decided_at"]
    list_filter = ["kind", "decision"]
    readonly_fields = [f.name for f in MaskingDecision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
