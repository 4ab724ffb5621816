"""The backend full-text index: FTS5 table on SQLite, tsvector column + GIN index on PostgreSQL."""

from django.db import migrations

SQLITE = [
    # Contentless: the text is kept in search_searchentry; the index holds only the pre-tokenised terms.
    # The ascii tokenizer splits on ASCII spaces/punctuation and keeps every non-ASCII character: our tokens pass as is.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
           title, body, words, facets, content='', columnsize=0, tokenize='ascii')""",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_fts;"]

POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector;",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv);",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_entry_tsv;",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv;",
]


def forwards(apps, schema_editor):
    for sql in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
