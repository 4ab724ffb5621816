"""Fill `Clock.case_key` of the existing rows with the default "<app_label>.<model>:<subject_id>" in one UPDATE."""

from django.db import migrations

FILL = """
UPDATE clocks_clock
SET case_key = (
    SELECT django_content_type.app_label || '.' || django_content_type.model
    FROM django_content_type WHERE django_content_type.id = clocks_clock.subject_type_id
) || ':' || clocks_clock.subject_id
WHERE case_key = ''
"""


class Migration(migrations.Migration):

    dependencies = [
        ("clocks", "0003_truthful_clocks"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
    ]
