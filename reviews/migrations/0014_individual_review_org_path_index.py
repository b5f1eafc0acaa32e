"""A (cycle, organization, path) index on the individual reviews, on PostgreSQL.

The reviews list is in organization order: for a reader of one province the planner walks the
organizations by path from the top of the tree and looks up each one's reviews of the cycle, to keep
those under the reader's path (the place stored on the review, ``reviews.models.placement``). Through
the (cycle, organization, status) index every review of every organization before the province was
read to be thrown away: 5,800 organizations and 93,000 reviews of the province listed first, 110 ms
of a 136 ms page at national scale. With the path in the index a look-up outside the reach ends in
the index (16 ms). ``varchar_pattern_ops`` serves the path prefix whatever the collation (0011).
"""

from django.db import migrations

NAME = "individual_review_cycle_org_path"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON reviews_individualreview "
            "(cycle_id, organization_id, organization_path varchar_pattern_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0013_not_reviewed_rollup")]

    operations = [migrations.RunPython(create_index, drop_index)]
