from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _drop_orphan_index(sender, using="default", **kwargs):
    """After `flush` (tests) the contentless FTS5 table would keep rows of deleted entries: empty it too."""
    from django.db import connections

    from sunshine.search.models import SearchEntry

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    tables = [t for t in ("search_fts", "search_fts_title") if t in conn.introspection.table_names()]
    if tables and not SearchEntry.objects.using(using).exists():
        with conn.cursor() as cur:
            for table in tables:
                cur.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")


class SearchConfig(AppConfig):
    name = "sunshine.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        post_migrate.connect(_drop_orphan_index, sender=self)
