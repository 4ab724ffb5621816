"""The shared cache table (`sunshine_cache`): the store of the throttles and the failed-attempt limiter that every
worker process shares when there is no Redis (settings.CACHES["shared"], sunshine.core.throttling). Created on
every database, whatever the settings of the moment (a site may drop Redis later); Django's `createcachetable`
makes the same table."""

from io import StringIO

from django.db import migrations

TABLE = "sunshine_cache"


def create(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    command = Command(stdout=StringIO())
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop, elidable=False)]
