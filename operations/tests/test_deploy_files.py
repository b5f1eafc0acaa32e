"""The deployment files agree with the settings, and the example environment passes Django's deploy checks."""

import os
import re
import runpy
import subprocess

from django.conf import settings

from config.celery import app as celery_app
from core.downloads import PROTECTED_LOCATION
from tests.services import BASE_DIR, DEPLOY, PYTHON, example_env


def run_with_example_env(tmp_path, *args, **overrides):
    env = example_env(VAR_DIR=str(tmp_path), REDIS_URL="", **overrides)
    return subprocess.run([PYTHON, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_the_example_environment(tmp_path):
    result = run_with_example_env(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_with_debug_on(tmp_path):
    result = run_with_example_env(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING", DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_example_environment_settings_for_production(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS, s.DATABASES['default']['CONN_MAX_AGE'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.LOG_JSON, s.X_ACCEL_REDIRECT, sorted(s.DATABASES))"
    )
    result = run_with_example_env(
        tmp_path,
        "-c",
        probe,
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_REPLICA_URL="postgres://kiemdiem_ro@10.0.0.21:5432/kiemdiem",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') ['https://kiemdiem.example.vn'] "
        "0 True True True ['default', 'replica']"
    )


def test_only_the_production_server_keeps_database_connections(monkeypatch):
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0
    # The config file sets the variable for gunicorn's workers; here it lands in a copy of the environment.
    environ = {key: value for key, value in os.environ.items() if key != "CONN_MAX_AGE"}
    monkeypatch.setattr(os, "environ", environ)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert environ["CONN_MAX_AGE"] == "60"
    assert config["worker_class"] == "gthread" and config["workers"] >= 3


def test_nginx_body_limit_equals_the_upload_limit_and_media_is_internal():
    site = (DEPLOY / "nginx" / "kiemdiem.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)m;", site).group(1)
    assert int(example_env()["MAX_UPLOAD_SIZE"]) == settings.MAX_UPLOAD_SIZE
    assert int(limit) * 1024 * 1024 == settings.MAX_REQUEST_SIZE == settings.MAX_UPLOAD_SIZE + 1024 * 1024
    block = re.search(r"location (\S+) \{\s*internal;\s*alias (\S+);", site)
    assert block.group(1) == PROTECTED_LOCATION
    assert block.group(2).rstrip("/") == example_env()["MEDIA_ROOT"]
    assert "/media" not in re.sub(r"location /protected-media/ \{[^}]*\}", "", site).replace("MEDIA_ROOT", "")


def test_every_routed_task_exists_and_every_queue_is_declared():
    celery_app.loader.import_default_modules()
    queues = {queue.name for queue in celery_app.conf.task_queues}
    for task, route in settings.CELERY_TASK_ROUTES.items():
        assert task in celery_app.tasks, f"{task} is routed but no such task is registered"
        assert route["queue"] in queues
    assert set(example_env()["WORKER_QUEUES"].split(",")) == queues


def test_systemd_units_run_the_files_of_the_repository():
    units = {path.name: path.read_text() for path in (DEPLOY / "systemd").glob("*.service")}
    assert {"kiemdiem-web.service", "kiemdiem-worker.service", "kiemdiem-beat.service"} <= set(units)
    assert "gunicorn -c deploy/gunicorn.conf.py config.wsgi" in units["kiemdiem-web.service"]
    assert "--queues=${WORKER_QUEUES}" in units["kiemdiem-worker.service"]
    for text in units.values():
        assert "EnvironmentFile=/etc/kiemdiem/kiemdiem.env" in text
