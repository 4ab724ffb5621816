from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from .models import Role, User


@admin.register(User)
class SunshineUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("阳光政务", {"fields": ("kind", "real_name", "phone", "id_type", "id_number", "department", "window")}),
    )
    list_display = ["username", "real_name", "kind", "department", "is_active"]
    list_filter = ["kind", "department", "groups", "is_active"]
    search_fields = ["username", "real_name", "phone"]


admin.site.unregister(Group)


@admin.register(Role)
class RoleAdmin(GroupAdmin):
    pass
