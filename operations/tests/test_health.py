"""/health/: 200 with a JSON body when every part is well, 503 naming each part that is not."""

import datetime
import json
import subprocess

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from health_check.contrib.celery import Ping

from config.celery import app as celery_app
from operations import beat
from tests.services import BASE_DIR, PYTHON, environment, free_port


@pytest.fixture
def well(db, settings, tmp_path, monkeypatch):
    """Every part well except the worker, whose ping is answered here; a test breaks one part."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    beat.record_tick()
    monkeypatch.setattr(Ping, "run", lambda self: None)


def health(client):
    response = client.get(reverse("operations:health"))
    return response.status_code, json.loads(response.content)


def test_all_well_answers_200_with_every_check_ok(client, well):
    status, body = health(client)
    assert status == 200
    assert body == {
        "status": "ok",
        "failing": [],
        "checks": {name: "ok" for name in ("database", "broker", "worker", "beat", "media", "migrations")},
    }


def test_health_needs_no_login_and_is_never_cached(client, well):
    response = client.get(reverse("operations:health"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_beat_that_never_ticked_is_named(client, well):
    beat.Heartbeat.objects.all().delete()
    status, body = health(client)
    assert (status, body["failing"]) == (503, ["beat"])
    assert body["checks"]["beat"] == "Unavailable: beat has never ticked"


def test_beat_silent_for_more_than_two_sweep_periods_is_named(client, well, settings):
    beat.record_tick(timezone.now() - datetime.timedelta(seconds=2 * settings.NOTIFICATIONS_SWEEP_SECONDS - 5))
    assert health(client)[0] == 200
    beat.record_tick(timezone.now() - datetime.timedelta(seconds=2 * settings.NOTIFICATIONS_SWEEP_SECONDS + 5))
    status, body = health(client)
    assert (status, body["failing"]) == (503, ["beat"])
    assert "last tick was" in body["checks"]["beat"]


def test_media_root_missing_or_unwritable_is_named(client, well, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"
    assert health(client)[1]["failing"] == ["media"]
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker
    status, body = health(client)
    assert (status, body["failing"]) == (503, ["media"])


def test_unapplied_migration_is_named(client, well):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'operations'")
    status, body = health(client)
    assert (status, body["failing"]) == (503, ["migrations"])
    assert body["checks"]["migrations"] == "Unavailable: 1 unapplied migration(s)"


def test_broker_at_a_dead_port_is_named(client, well, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")
    status, body = health(client)
    assert status == 503
    assert "broker" in body["failing"]
    assert body["checks"]["broker"].startswith("Unavailable: broker unreachable")


def test_no_worker_answering_is_named(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    beat.record_tick()
    status, body = health(client)
    assert (status, body["failing"]) == (503, ["worker"])


def test_command_names_a_database_at_a_dead_port_and_exits_1(tmp_path):
    env = environment(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/kiemdiem", VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [PYTHON, "manage.py", "health"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert body["status"] == "failing"
    assert {"database", "migrations"} <= set(body["failing"])
    assert body["checks"]["database"].startswith("Unavailable")


def test_a_local_run_makes_its_missing_media_root(client, well, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    assert health(client)[0] == 200
    assert settings.MEDIA_ROOT.is_dir()
