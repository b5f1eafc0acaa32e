"""Changes made outside a request are attributed too: management commands, tasks, imports, bulk steps.
And the trail cannot be rewritten on PostgreSQL."""

import pytest
from celery import shared_task
from django.db import DatabaseError, connection, transaction

import manage
from audit.context import acting
from audit.models import Action, AuditEvent
from imports import services as import_services
from imports import tasks as import_tasks
from imports.models import ImportKind
from imports.tests.helpers import member_row, xlsx_upload
from members.models import Member
from reviews.models import IndividualReview
from reviews.tests.conftest import open_cycle
from tests.services import require_postgres


def test_a_management_command_is_named_as_the_actor(member_a, monkeypatch):
    # A command closes every connection when it ends, the test's own too: keep it open here.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    script = f"from members.models import Member; Member.objects.filter(pk={member_a.pk}).update(phone='0987654321')"
    manage.main(["manage.py", "shell", "--no-imports", "-c", script])
    event = AuditEvent.objects.get(model="members.member", action=Action.UPDATE)
    assert (event.actor, event.user_id) == ("manage.py shell", None)
    assert event.changes["phone"][1] == "0987654321"


@shared_task
def _rename(member_id):
    Member.objects.filter(pk=member_id).update(full_name="Tên Do Tác Vụ")


def test_a_task_run_by_a_worker_is_named_as_the_actor(member_a):
    _rename.apply(args=[member_a.pk])
    event = AuditEvent.objects.get(model="members.member", action=Action.UPDATE)
    assert event.actor == f"task {_rename.name}"


def test_a_task_started_inside_a_request_keeps_the_request_actor(member_a):
    with acting("vanphong", user_id=5):
        _rename.apply(args=[member_a.pk])
    assert AuditEvent.objects.get(model="members.member", action=Action.UPDATE).actor == "vanphong"


def test_an_import_run_by_the_worker_is_its_owners_change_through_the_import(secretary_a, branch_a):
    batch = import_services.start(secretary_a, ImportKind.MEMBERS, xlsx_upload([member_row(1, "P-THD-1")]))
    batch.refresh_from_db()
    import_services.confirm(batch)  # eager here; a worker runs the same task
    import_tasks.run_import.apply(args=[batch.pk])
    created = AuditEvent.objects.filter(model="members.member", action=Action.CREATE)
    assert created.exists()
    assert {(event.actor, event.user_id) for event in created} == {(f"bithu_a (import {batch.pk})", secretary_a.pk)}


def test_opening_a_cycle_records_every_review_it_creates_in_bulk(city, branch_a, branch_b, member_a, member_b):
    with acting("vanphong", user_id=9):
        cycle = open_cycle(organization=city)
    reviews = IndividualReview.objects.filter(cycle=cycle)
    created = AuditEvent.objects.filter(model="reviews.individualreview", action=Action.CREATE)
    assert sorted(created.values_list("object_id", flat=True)) == sorted(reviews.values_list("pk", flat=True))
    assert {event.actor for event in created} == {"vanphong"}
    assert all(event.organization_id for event in created)


def test_a_collective_review_saved_by_two_people_shows_both_saves(city, ward_a, city_staff, secretary_a):
    from reviews import services

    cycle = open_cycle(organization=city)
    review = cycle.collective_reviews.get(organization=ward_a)
    for user, text in ((secretary_a, "Bản của bí thư."), (city_staff, "Bản của văn phòng.")):
        review.refresh_from_db()
        with acting(user.username, user_id=user.pk):
            services.save_review_sections(review, {"strengths": text}, review.revision)
    saves = AuditEvent.objects.about(review).filter(action=Action.UPDATE).order_by("id")
    assert [(event.actor, event.changes["strengths"][1]) for event in saves] == [
        ("bithu_a", "Bản của bí thư."),
        ("vanphong", "Bản của văn phòng."),
    ]


@pytest.mark.services
def test_the_audit_table_refuses_update_and_delete_on_postgresql(require_services, member_a):
    require_postgres(require_services)
    event = AuditEvent.objects.filter(model="members.member").first()
    for statement in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(actor="someone else"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: connection.cursor().execute("DELETE FROM audit_auditevent"),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            statement()
    event.refresh_from_db()
    assert event.actor == ""
