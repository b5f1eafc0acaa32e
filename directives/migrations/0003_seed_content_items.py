from django.db import migrations

from directives.catalogue import ARTICLE_CONTENT_ITEMS


def seed(apps, schema_editor):
    ContentItem = apps.get_model("directives", "ContentItem")
    for position, title in enumerate(ARTICLE_CONTENT_ITEMS, start=1):
        ContentItem.objects.get_or_create(title=title, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("directives", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
