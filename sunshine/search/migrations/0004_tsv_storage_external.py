"""PostgreSQL: store the body tsvector out of line without trying to compress it.

A tsvector of bigrams with positions (~3.5 kB for a 350-character item) does not compress by the 25 % pglz asks
for, so every insert paid a failed compression attempt before the value went to TOAST uncompressed anyway;
EXTERNAL skips the attempt (on-disk format unchanged: existing rows are not rewritten). SQLite: nothing to do.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN tsv SET STORAGE EXTERNAL;")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry ALTER COLUMN tsv SET STORAGE EXTENDED;")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_title_index")]
    operations = [migrations.RunPython(forwards, backwards)]
