from django.contrib import admin

from .models import Department, Division, Window


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division", "is_active"]
    list_filter = ["division__level", "is_active"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "department", "division", "is_central_desk"]
    list_filter = ["division", "is_central_desk"]
