"""Admin: the synonym dictionary of search (检索同义词). The index entries are derived data, not edited here."""

from django.contrib import admin

from sunshine.search.models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "synonym", "two_way", "is_active", "note", "updated_at"]
    list_editable = ["two_way", "is_active"]
    list_filter = ["is_active", "two_way"]
    search_fields = ["term", "synonym", "note"]
