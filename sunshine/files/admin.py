from django.contrib import admin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "size", "sha256", "uploaded_by", "purpose", "created_at"]
    list_filter = ["kind"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = [f.name for f in StoredFile._meta.fields]

    def has_add_permission(self, request):
        return False
