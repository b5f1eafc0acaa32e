"""Each record of a cycle keeps its organization's place in the tree (``reviews.models.placement``).

Existing rows take their organization's path of today: before this migration
no move kept an older one. On PostgreSQL a (cycle, path) index with
``varchar_pattern_ops`` serves "this cycle, under this path" whatever the
collation, as ``organizations`` 0002 does for the tree. The column is added
by a plain ALTER TABLE: on SQLite Django would rebuild the tables, and a
rebuild drops the commitments' triggers that read them (commitments 0003).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

MODELS = ("CollectiveReview", "IndividualReview", "NotReviewedMember")
INDEXES = {
    "reviews_collectivereview": "collective_review_cycle_path",
    "reviews_individualreview": "individual_review_cycle_path",
    "reviews_notreviewedmember": "not_reviewed_cycle_path",
}


def add_columns(apps, schema_editor):
    for table in INDEXES:
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN organization_path varchar(255) NOT NULL DEFAULT ''")


def drop_columns(apps, schema_editor):
    for table in INDEXES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN organization_path")


def fill_paths(apps, schema_editor):
    organization = apps.get_model("organizations", "Organization")
    path = Subquery(organization.objects.filter(pk=OuterRef("organization_id")).values("path")[:1])
    for name in MODELS:
        apps.get_model("reviews", name).objects.update(organization_path=path)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, name in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} (cycle_id, organization_path varchar_pattern_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def _field():
    return models.CharField(default="", editable=False, max_length=255, verbose_name="place in the tree")


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_path_prefix_index"),
        ("reviews", "0010_review_indexes_without_empty_entries"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name=model.lower(), name="organization_path", field=_field())
                for model in MODELS
            ],
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
