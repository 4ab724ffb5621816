from django.contrib import admin

from .models import HotlineSetting, Mailbox, Matter


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "department", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "lead_department", "town_handles", "is_active"]
    list_filter = ["town_handles", "is_active"]
    search_fields = ["name", "keywords", "examples"]


@admin.register(HotlineSetting)
class HotlineSettingAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
