"""An index on the reviews' table for the dashboard's member-ratings count.

The dashboard counts a cycle's individual reviews by decided level under the
user's reach (``reports.figures.reviews.ratings``): with this index the count
is an index-only scan joined to the organizations' paths instead of a scan of
the whole, wide review table (province scale, three cycles: p95 340 → 214 ms,
see bench/dashboard.py). It lives here, not in the reviews app's models, so the
reviews migrations stay theirs; plain SQL, the same on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEX = "reports_member_rating_count"


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_cycle_report"),
        ("reviews", "0003_manifestations"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON reviews_individualreview (cycle_id, decided_level, organization_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
