"""The individual reviews' roll-up counts acceptance too: the cycle board reads its members accepted from it.

The former triggers go first (their upsert's conflict target is the key being replaced), the column and the
key change, then the live triggers are installed and the table is refilled from the reviews. Backwards, the
table is emptied before the former key returns, and refilled by the former triggers' installation.
"""

from importlib import import_module

from django.db import migrations, models

from core import summary_tables
from reviews import summaries

# A module name that starts with a digit is imported by name.
PREVIOUS = import_module("reviews.migrations.0012_rollups").INDIVIDUAL_REVIEW_ROLLUP
install_previous, uninstall_previous = summary_tables.migration(PREVIOUS)
install, uninstall = summary_tables.migration(summaries.INDIVIDUAL_REVIEW_ROLLUP)


def empty(apps, schema_editor):
    """Backwards, before the former key returns: rows that differ by acceptance alone would break it."""
    apps.get_model("reviews", "IndividualReviewRollup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0014_individual_review_org_path_index")]

    operations = [
        migrations.RunPython(uninstall_previous, install_previous),
        migrations.AddField(
            model_name="individualreviewrollup",
            name="accepted",
            field=models.BooleanField(default=False, verbose_name="accepted"),
            preserve_default=False,
        ),
        migrations.RemoveConstraint(model_name="individualreviewrollup", name="individual_review_rollup_key"),
        migrations.RunPython(migrations.RunPython.noop, empty),
        migrations.AddConstraint(
            model_name="individualreviewrollup",
            constraint=models.UniqueConstraint(
                fields=("cycle", "ancestor", "depth", "accepted", "decided_level"), name="individual_review_rollup_key"
            ),
        ),
        migrations.RunPython(install, uninstall),
    ]
