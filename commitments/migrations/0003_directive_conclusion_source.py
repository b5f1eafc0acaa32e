"""Commitments from a directive conclusion: the FK, its branch of the source check, and the trigger.

The same-organization trigger of migration 0002 gains the directive branch: a
commitment from a directive conclusion must have the conclusion's organization
and the directive's cycle. The trigger is dropped first and created again last,
on PostgreSQL (new function body) and on SQLite, where the constraint changes
rebuild ``commitments_commitment`` and a rebuild drops the table's triggers.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

_PREVIOUS = importlib.import_module("commitments.migrations.0002_source_organization_trigger")

_MISMATCH = """
    (NEW.collective_review_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM reviews_collectivereview r
        WHERE r.id = NEW.collective_review_id AND r.organization_id = NEW.organization_id
          AND r.cycle_id = NEW.cycle_id))
    OR (NEW.individual_review_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM reviews_individualreview r
        WHERE r.id = NEW.individual_review_id AND r.organization_id = NEW.organization_id
          AND r.cycle_id = NEW.cycle_id AND r.member_id = NEW.member_id))
    OR (NEW.directive_conclusion_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM directives_conclusion c JOIN directives_directive d ON d.id = c.directive_id
        WHERE c.id = NEW.directive_conclusion_id AND c.organization_id = NEW.organization_id
          AND d.cycle_id = NEW.cycle_id))
"""

_POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION commitment_matches_source() RETURNS trigger AS $$
BEGIN
    IF {_MISMATCH} THEN
        RAISE EXCEPTION 'commitment_organization_matches_source' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER commitment_matches_source BEFORE INSERT OR UPDATE ON commitments_commitment
    FOR EACH ROW EXECUTE FUNCTION commitment_matches_source();
"""
_SQLITE_CREATE = [
    f"""CREATE TRIGGER commitment_matches_source_{event.lower()} BEFORE {event} ON commitments_commitment
    FOR EACH ROW WHEN {_MISMATCH}
    BEGIN SELECT RAISE(ABORT, 'commitment_organization_matches_source'); END;"""
    for event in ("INSERT", "UPDATE")
]


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_POSTGRES_CREATE)
    elif vendor == "sqlite":
        for statement in _SQLITE_CREATE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0002_source_organization_trigger"),
        ("directives", "0003_seed_content_items"),
        ("members", "0001_initial"),
        ("organizations", "0002_path_prefix_index"),
        ("reviews", "0003_manifestations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The old trigger goes first (and comes back last when unapplying).
        migrations.RunPython(_PREVIOUS.drop_trigger, _PREVIOUS.create_trigger),
        migrations.RemoveConstraint(
            model_name="commitment",
            name="commitment_source_matches_kind",
        ),
        migrations.AddField(
            model_name="commitment",
            name="directive_conclusion",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="commitments",
                to="directives.conclusion",
                verbose_name="directive conclusion",
            ),
        ),
        migrations.AddConstraint(
            model_name="commitment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("collective_review__isnull", False),
                        ("directive_conclusion__isnull", True),
                        ("individual_review__isnull", True),
                        ("member__isnull", True),
                        ("source_kind", "collective_review"),
                    ),
                    models.Q(
                        ("collective_review__isnull", True),
                        ("directive_conclusion__isnull", True),
                        ("individual_review__isnull", False),
                        ("member__isnull", False),
                        ("source_kind", "individual_review"),
                    ),
                    models.Q(
                        ("collective_review__isnull", True),
                        ("directive_conclusion__isnull", False),
                        ("individual_review__isnull", True),
                        ("member__isnull", True),
                        ("source_kind", "directive_conclusion"),
                    ),
                    _connector="OR",
                ),
                name="commitment_source_matches_kind",
            ),
        ),
        # The new trigger, after the table rebuilds (SQLite) so that it survives them.
        migrations.RunPython(create_trigger, _PREVIOUS.drop_trigger),
    ]
