"""Admin of the override table. Saving or deleting a row (also the bulk delete below) rebuilds the working-day index
and recomputes, in the same transaction, the clocks whose counted days it touches (signals.py)."""

from django.contrib import admin
from django.db import transaction

from .models import CalendarDay, CalendarYear
from .signals import coalesce_changes


class _ActorMixin:
    """Name the acting user on the rows, so the recompute's ledger rows and audit events show who edited."""

    def save_model(self, request, obj, form, change):
        obj._calendar_actor = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._calendar_actor = request.user
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # one transaction: the rows and the recomputed clocks commit together
        with transaction.atomic(), coalesce_changes(actor=request.user, reason="批量删除节假日调整，重新计算期限"):
            super().delete_queryset(request, queryset)


@admin.register(CalendarDay)
class CalendarDayAdmin(_ActorMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["note"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(_ActorMixin, admin.ModelAdmin):
    list_display = ["year", "source", "loaded_at"]
