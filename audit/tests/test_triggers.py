"""The triggers record every way a tracked row changes, with who acted (SQLite here, PostgreSQL under DATABASE_URL)."""

import json

import pytest

from audit.context import acting
from audit.models import Action, AuditEvent
from members.models import Member
from tests.factories import make_member


@pytest.fixture
def member(branch_a):
    return make_member(branch_a, full_name="Trần Văn Cũ")


def test_a_creation_is_recorded_with_its_values_and_organization(branch_a):
    with acting("alice", user_id=7, address="10.0.0.5", request_id="req-1"):
        created = make_member(branch_a, full_name="Lê Thị Mới")
    event = AuditEvent.objects.get(model="members.member", object_id=created.pk)
    assert event.action == Action.CREATE
    assert event.changes["full_name"] == "Lê Thị Mới"
    assert "search_text" not in event.changes
    assert (event.user_id, event.actor, event.address, event.request_id) == (7, "alice", "10.0.0.5", "req-1")
    assert event.organization_id == branch_a.pk


def test_a_save_records_only_the_changed_columns_before_and_after(member):
    member.full_name = "Trần Văn Mới"
    with acting("bob", user_id=3):
        member.save()
    event = AuditEvent.objects.filter(model="members.member", object_id=member.pk, action=Action.UPDATE).get()
    assert event.changes == {"full_name": ["Trần Văn Cũ", "Trần Văn Mới"]}
    assert event.actor == "bob"


def test_a_bulk_update_records_one_event_per_row_changed(branch_a):
    members = [make_member(branch_a) for _ in range(3)]
    with acting("manage.py fix_names"):
        changed = Member.objects.filter(pk__in=[m.pk for m in members[:2]]).update(phone="0912345678")
    assert changed == 2
    events = AuditEvent.objects.filter(model="members.member", action=Action.UPDATE)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(m.pk for m in members[:2])
    assert {e.actor for e in events} == {"manage.py fix_names"}
    assert all(e.changes["phone"][1] == "0912345678" for e in events)


def test_an_update_that_changes_nothing_records_nothing(member):
    Member.objects.filter(pk=member.pk).update(full_name=member.full_name)
    assert not AuditEvent.objects.filter(model="members.member", action=Action.UPDATE).exists()


def test_a_deletion_keeps_the_values_deleted(member):
    membership = member.memberships.get()
    pk = membership.pk
    membership.delete()
    event = AuditEvent.objects.get(model="members.membership", action=Action.DELETE)
    assert event.object_id == pk
    assert event.changes["member_id"] == member.pk
    assert (event.parent_model, event.parent_id) == ("members.member", member.pk)


def test_a_change_with_no_known_actor_is_still_recorded(member):
    Member.objects.filter(pk=member.pk).update(phone="0900000000")
    event = AuditEvent.objects.get(model="members.member", action=Action.UPDATE)
    assert event.actor == "" and event.user_id is None


def test_the_history_of_an_object_includes_its_parts(member, member_b):
    history = AuditEvent.objects.about(member)
    assert set(history.values_list("model", flat=True)) == {"members.member", "members.membership"}
    assert not history.filter(object_id=member_b.pk, model="members.member").exists()


def test_a_change_of_a_json_column_is_recorded_whatever_else_the_comparison_skips(db):
    from reviews.models import RuleSet

    rule_set = RuleSet.objects.order_by("pk").first()
    levels = [*rule_set.member_levels, {"code": "new", "label": "Mức mới"}]
    RuleSet.objects.filter(pk=rule_set.pk).update(member_levels=levels)
    event = AuditEvent.objects.get(model="reviews.ruleset", object_id=rule_set.pk, action=Action.UPDATE)
    assert list(event.changes) == ["member_levels"]
    recorded = event.changes["member_levels"][1]
    assert (json.loads(recorded) if isinstance(recorded, str) else recorded) == levels  # SQLite keeps its text


def test_an_update_changing_only_columns_the_trail_ignores_records_nothing(branch_a):
    from organizations.models import Organization

    Organization.objects.filter(pk=branch_a.pk).update(path=branch_a.path + "x", depth=7)
    assert not AuditEvent.objects.filter(model="organizations.organization", action=Action.UPDATE).exists()


@pytest.mark.services
def test_the_update_trigger_leaves_the_transactions_jit_setting_as_it_was(require_services, member):
    from django.db import connection, transaction

    from tests.services import require_postgres

    require_postgres(require_services)
    for setting in ("on", "off"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL jit = {setting}")
            Member.objects.filter(pk=member.pk).update(phone=f"09000000{len(setting)}")
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == setting
    assert AuditEvent.objects.filter(model="members.member", action=Action.UPDATE).count() == 2


def test_a_changed_password_is_recorded_as_changed_without_either_hash(city_staff):
    city_staff.set_password("Mật-khẩu-mới-2026!x")
    city_staff.full_name = "Nguyễn Văn Mới"
    city_staff.save()
    event = AuditEvent.objects.get(model="accounts.user", object_id=city_staff.pk, action=Action.UPDATE)
    assert event.changes["password"] == [None, None]
    assert event.changes["full_name"][1] == "Nguyễn Văn Mới"
