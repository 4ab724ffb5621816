from django.contrib import admin

from sunshine.core.admin import ReadOnlyAdmin

from .models import CaseLink


@admin.register(CaseLink)
class CaseLinkAdmin(ReadOnlyAdmin):
    """Read-only: links are written by the case apps' services (`link_cases`), with their audit events."""

    list_display = ["id", "from_type", "from_id", "kind", "to_type", "to_id", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["from_id", "to_id"]
    list_select_related = ["from_type", "to_type", "actor"]
    readonly_fields = [f.name for f in CaseLink._meta.fields]
