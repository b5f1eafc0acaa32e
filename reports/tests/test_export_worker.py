"""End to end once: a view starts a large export, a real Celery worker on Redis writes it."""

import time

import pytest
import redis
from django.conf import settings
from django.urls import reverse

from reports.models import ExportJob, ExportStatus
from tests.factories import make_member

# Serialized rollback: the flush after a transactional test must not lose the data migrations' rows.
pytestmark = [pytest.mark.services, pytest.mark.usefixtures("django_db_serialized_rollback")]


@pytest.fixture
def redis_broker(require_services):
    url = settings.REDIS_URL
    try:
        if not url:
            raise redis.ConnectionError("REDIS_URL is not set")
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError as error:
        if require_services:
            pytest.fail(f"Redis is required but unavailable: {error}")
        pytest.skip(f"Redis unavailable: {error}")
    return url


def test_a_real_worker_writes_a_large_export_started_from_the_page(
    redis_broker, transactional_db, client, city_staff, branch_a, settings, request
):
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from config.celery import app

    # The worker thread's own connection would outlive the test and block dropping the test database.
    def close_worker_connections(**kwargs):
        connections.close_all()

    task_postrun.connect(close_worker_connections, weak=False)
    request.addfinalizer(lambda: task_postrun.disconnect(close_worker_connections))

    settings.EXPORT_SYNC_LIMIT = 1
    for _ in range(3):
        make_member(branch_a)
    client.force_login(city_staff)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        client.post(reverse("reports:export", args=["members"]))
        job = ExportJob.objects.get()
        deadline = time.monotonic() + 20
        while job.status not in (ExportStatus.DONE, ExportStatus.FAILED) and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    assert job.progress_done == job.progress_total == 3
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 200
