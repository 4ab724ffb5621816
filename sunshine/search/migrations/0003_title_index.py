"""A titles-only index (title + document number): relevance asks for the newest title matches, which a column
filter on the main index answers only by walking the whole doclists of words common in bodies.
SQLite: FTS5 table search_fts_title; PostgreSQL: title_tsv tsvector + GIN. Existing entries are indexed."""

from django.db import migrations


def forwards(apps, schema_editor):
    from sunshine.search.backends import facets_of
    from sunshine.search.tokenize import index_tokens

    pg = schema_editor.connection.vendor == "postgresql"
    if pg:
        schema_editor.execute("ALTER TABLE search_searchentry ADD COLUMN title_tsv tsvector NOT NULL "
                              "DEFAULT ''::tsvector;")
    else:
        schema_editor.execute("CREATE VIRTUAL TABLE search_fts_title USING fts5("
                              "title, facets, content='', columnsize=0, tokenize='ascii')")
    SearchEntry = apps.get_model("search", "SearchEntry")
    columns = ("id", "kind", "title", "document_number", "department_id", "level", "category", "genre", "year",
               "validity")
    last = None
    with schema_editor.connection.cursor() as cur:
        while True:
            qs = SearchEntry.objects.order_by("id")
            if last is not None:
                qs = qs.filter(id__gt=last)
            rows = list(qs.values(*columns)[:5000])
            if not rows:
                break
            last = rows[-1]["id"]
            tokens = [(r, " ".join(index_tokens(r["title"]) + index_tokens(r["document_number"]))) for r in rows]
            if pg:
                cur.executemany("UPDATE search_searchentry SET title_tsv = to_tsvector('simple', %s) WHERE id = %s",
                                [(t, r["id"]) for r, t in tokens])
            else:
                cur.executemany("INSERT INTO search_fts_title (rowid, title, facets) VALUES (%s, %s, %s)",
                                [(r["id"], t, facets_of(r)) for r, t in tokens])
    if pg:
        schema_editor.execute("CREATE INDEX search_entry_title_tsv ON search_searchentry USING gin (title_tsv);")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_title_tsv;")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_tsv;")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS search_fts_title;")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_backend_index")]
    operations = [migrations.RunPython(forwards, backwards)]
