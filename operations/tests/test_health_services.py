"""/health/ against a real Celery worker on Redis: well while it runs, 503 naming it once it stops."""

import json

import pytest
from django.urls import reverse

from config.celery import app as celery_app
from operations import beat
from tests.services import require_redis

pytestmark = pytest.mark.services


def test_health_is_200_with_a_running_worker_and_503_naming_it_once_stopped(
    require_services, transactional_db, client, settings, tmp_path
):
    from celery.contrib.testing.worker import start_worker

    require_redis(require_services)
    settings.MEDIA_ROOT = tmp_path
    beat.record_tick()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        response = client.get(reverse("operations:health"))
        assert response.status_code == 200, response.content
    response = client.get(reverse("operations:health"))
    body = json.loads(response.content)
    assert (response.status_code, body["failing"]) == (503, ["worker"])
