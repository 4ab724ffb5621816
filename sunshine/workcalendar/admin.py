from django.contrib import admin

from .models import CalendarDay, CalendarYear


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Saving or deleting a row invalidates the working-day index (signals.py), also for bulk deletes below."""

    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["note"]
    date_hierarchy = "date"

    def delete_queryset(self, request, queryset):
        from .cache import invalidate

        super().delete_queryset(request, queryset)
        invalidate()


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "loaded_at"]

    def delete_queryset(self, request, queryset):
        from .cache import invalidate

        super().delete_queryset(request, queryset)
        invalidate()
