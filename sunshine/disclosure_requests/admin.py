"""Admin: the review body of each department (复议机关设置, reference data) and nothing else. Cases change through
the staff pages' transitions; the offices' letter templates are
the kernel's document templates (文书模板, `sunshine.documents`: kind "disclosure_requests.<kind>", variant = the
reply's outcome)."""

from django.contrib import admin

from .models import ReviewBodySetting


@admin.register(ReviewBodySetting)
class ReviewBodySettingAdmin(admin.ModelAdmin):
    """复议机关设置: the review body and court named in a department's reply letters (reference data)."""

    list_display = ["department", "vertically_managed", "review_body", "court"]
    list_select_related = ["department"]
    autocomplete_fields: list[str] = []
