"""A commitment's organization, cycle (and member) are always those of its source review.

A CheckConstraint cannot look at another table, so a trigger enforces it on
PostgreSQL and SQLite. SQLite drops triggers when Django rebuilds a table: a
later migration that alters ``commitments_commitment`` there must create the
trigger again (``test_database_refuses_commitment_of_another_organization``
notices if it is lost).
"""

from django.db import migrations

_MISMATCH = """
    (NEW.collective_review_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM reviews_collectivereview r
        WHERE r.id = NEW.collective_review_id AND r.organization_id = NEW.organization_id
          AND r.cycle_id = NEW.cycle_id))
    OR (NEW.individual_review_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM reviews_individualreview r
        WHERE r.id = NEW.individual_review_id AND r.organization_id = NEW.organization_id
          AND r.cycle_id = NEW.cycle_id AND r.member_id = NEW.member_id))
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
_POSTGRES_DROP = """
DROP TRIGGER IF EXISTS commitment_matches_source ON commitments_commitment;
DROP FUNCTION IF EXISTS commitment_matches_source();
"""
_SQLITE_CREATE = [
    f"""CREATE TRIGGER commitment_matches_source_{event.lower()} BEFORE {event} ON commitments_commitment
    FOR EACH ROW WHEN {_MISMATCH}
    BEGIN SELECT RAISE(ABORT, 'commitment_organization_matches_source'); END;"""
    for event in ("INSERT", "UPDATE")
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS commitment_matches_source_insert;",
    "DROP TRIGGER IF EXISTS commitment_matches_source_update;",
]


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_POSTGRES_CREATE)
    elif vendor == "sqlite":
        for statement in _SQLITE_CREATE:
            schema_editor.execute(statement)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in _SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
