"""Admin: reference data (categories, genres), per-department settings and guides; items read-only.

Statuses are never edited here: transitions go through services (staff pages or the API).
"""

from django.contrib import admin

from sunshine.core.admin import ReadOnlyAdmin
from sunshine.publications.models import (
    Category,
    DisclosureGuide,
    DisclosureSetting,
    Genre,
    ImportRun,
    Publication,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_normative", "sort_order", "is_active"]
    list_editable = ["is_normative", "sort_order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(DisclosureSetting)
class DisclosureSettingAdmin(admin.ModelAdmin):
    list_display = ["department", "review_steps", "index_prefix", "index_pattern"]
    list_select_related = ["department"]
    autocomplete_fields = []


@admin.register(DisclosureGuide)
class DisclosureGuideAdmin(admin.ModelAdmin):
    list_display = ["department", "office_name", "phone", "updated_at"]
    list_select_related = ["department"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Read-only: the catalogue is written by services only."""

    list_display = ["index_number", "title", "department", "status", "published_at"]
    list_filter = ["status", "category", "genre", "level"]
    search_fields = ["index_number", "document_number"]
    list_select_related = ["department"]
    show_full_result_count = False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "mode", "started_at", "rows", "created", "updated", "skipped", "failed"]
