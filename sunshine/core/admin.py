"""Admin pieces shared by the apps (管理后台)."""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record the admin shows and never adds, changes or deletes (audit events, ledgers, links, generated
    documents): the application writes them through its services only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
