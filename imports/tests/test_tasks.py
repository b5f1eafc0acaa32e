"""A large file runs as a Celery task: the page shows its progress, and one can leave and come back."""

import pytest
from django.urls import reverse

from config.celery import app as celery_app
from imports import services
from imports.models import ImportKind
from imports.tests.helpers import member_row, xlsx_upload
from members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_file_over_the_sync_limit_is_checked_and_written_by_the_task(
    settings, client, city_staff, branch_a, eager_celery, django_capture_on_commit_callbacks
):
    settings.IMPORT_SYNC_LIMIT = 0
    client.force_login(city_staff)
    rows = [member_row(number, "P-THD-1") for number in range(1, 41)]
    with django_capture_on_commit_callbacks() as callbacks:
        batch = services.start(city_staff, ImportKind.MEMBERS, xlsx_upload(rows))
    batch.refresh_from_db()
    assert batch.status == "pending" and len(callbacks) == 1
    page = client.get(reverse("imports:batch", args=[batch.pk]))
    assert 'class="background-job"' in page.content.decode()  # the progress bar, polled by job_progress.js
    callbacks[0]()  # the worker takes the task
    status = client.get(reverse("imports:batch_status", args=[batch.pk])).json()
    assert status["status"] == "done" and status["done"] == status["total"] == 40 and status["percent"] == 100
    batch.refresh_from_db()
    assert batch.report["counts"]["create"] == 40

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(batch)
    batch.refresh_from_db()
    assert batch.applied_at is not None, batch.error
    assert Member.objects.count() == 40


def test_a_second_delivery_of_the_same_step_does_nothing(settings, city_staff, branch_a):
    from imports.tasks import run_import

    batch = services.start(city_staff, ImportKind.MEMBERS, xlsx_upload([member_row(1, "P-THD-1")]))
    batch.refresh_from_db()
    report = batch.report
    run_import(batch.pk)  # delivered again after it ran
    batch.refresh_from_db()
    assert batch.report == report and batch.status == "done"
    run_import(0)  # a batch that is gone
