"""Admin: reference data only (letter templates). Cases change through the staff pages' transitions."""

from django.contrib import admin

from .models import LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "outcome", "title", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]
