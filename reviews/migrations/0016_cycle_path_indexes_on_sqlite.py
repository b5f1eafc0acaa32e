"""The (cycle, place) indexes of 0011 on SQLite too, where ``core.lookups`` reads a path prefix as a range.

0011 created them on PostgreSQL only, where ``varchar_pattern_ops`` serves a prefix ``LIKE``; SQLite's
``LIKE`` used no index, so they would have been dead weight there. A range does use them: a cycle's
reviews under an organization are read from the index instead of from every review of the cycle.
"""

from django.db import migrations

INDEXES = {
    "reviews_collectivereview": "collective_review_cycle_path",
    "reviews_individualreview": "individual_review_cycle_path",
    "reviews_notreviewedmember": "not_reviewed_cycle_path",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table, name in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (cycle_id, organization_path)")
            # SQLite weighs an index it has no statistics of as a good one: give it its figures now.
            schema_editor.execute(f"ANALYZE {table}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in INDEXES.values():
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0015_individual_review_rollup_accepted")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
