from django.contrib import admin

from .models import CaseLink


@admin.register(CaseLink)
class CaseLinkAdmin(admin.ModelAdmin):
    """Read-only: links are written by the case apps' services (`link_cases`), with their audit events."""

    list_display = ["id", "from_type", "from_id", "kind", "to_type", "to_id", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["from_id", "to_id"]
    list_select_related = ["from_type", "to_type", "actor"]
    readonly_fields = [f.name for f in CaseLink._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
