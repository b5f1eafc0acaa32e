"""Indexes behind the member list: its default order and, on PostgreSQL, its search.

The search (``core.lists.search``) asks ``search_text LIKE '%word%'`` once per
word of the query, on the diacritic-free key. A b-tree cannot serve a pattern
that starts with ``%``; a GIN index of ``pg_trgm`` trigrams can (each word of
three letters or more narrows the rows through the index, several words are
combined with a bitmap AND), so the search does not read every member of the
province. SQLite has no such index: the trigram step is a no-op there.
"""

from django.db import migrations, models


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS member_search_trigram ON members_member USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_trigram")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_member_contact")]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["search_text", "id"], name="member_search_order"),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
