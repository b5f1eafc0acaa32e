"""On PostgreSQL, an index that serves ``path LIKE 'prefix%'`` under any collation.

The plain b-tree index on ``path`` serves prefix searches only under the C
collation; ``varchar_pattern_ops`` serves them always. SQLite needs nothing more.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS organization_path_prefix "
            "ON organizations_organization (path varchar_pattern_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS organization_path_prefix")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
