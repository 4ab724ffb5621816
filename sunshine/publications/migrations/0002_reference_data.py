from django.db import migrations


def load(apps, schema_editor):
    from sunshine.publications.reference import CATEGORIES, GENRES

    Category = apps.get_model("publications", "Category")
    Genre = apps.get_model("publications", "Genre")
    for order, (code, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": (order + 1) * 10})
    for order, (code, name, normative) in enumerate(GENRES):
        Genre.objects.get_or_create(code=code, defaults={"name": name, "is_normative": normative,
                                                         "sort_order": (order + 1) * 10})


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
