"""The genre 年度报告 (政府信息公开工作年度报告, Art. 49–50), for databases made before it was in reference.GENRES."""

from django.db import migrations


def load(apps, schema_editor):
    Genre = apps.get_model("publications", "Genre")
    Genre.objects.get_or_create(code="annual_report", defaults={"name": "年度报告", "is_normative": False,
                                                                "sort_order": 125})


class Migration(migrations.Migration):
    dependencies = [("publications", "0006_publication_tally")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
