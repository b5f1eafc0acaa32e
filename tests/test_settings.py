"""Settings read from the environment: malformed values stop the start, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list, env_proxy_ssl_header, env_redis_url
from tests.services import example_env

BASE_DIR = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-Z9xQ2mP7wL4vR8tY3nB6"
SETUP_AND_READ_KEY = "import django; django.setup(); from django.conf import settings; settings.SECRET_KEY"


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "tru"])
def test_malformed_boolean_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("KD_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="KD_FLAG"):
        env_bool("KD_FLAG")


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("off", False), ("0", False)])
def test_boolean_spellings_are_read(monkeypatch, raw, expected):
    monkeypatch.setenv("KD_FLAG", raw)
    assert env_bool("KD_FLAG", default=not expected) is expected


def test_missing_boolean_gives_the_default(monkeypatch):
    monkeypatch.delenv("KD_FLAG", raising=False)
    assert env_bool("KD_FLAG", default=True) is True


@pytest.mark.parametrize("raw", ["abc", "1e3", "12.5", "0x10"])
def test_non_integer_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("KD_PORT", raw)
    with pytest.raises(ImproperlyConfigured, match="KD_PORT must be an integer"):
        env_int("KD_PORT", 25, minimum=1, maximum=65535)


@pytest.mark.parametrize(("raw", "message"), [("0", "at least 1"), ("65536", "at most 65535"), ("-5", "at least 1")])
def test_integer_out_of_range_is_refused_with_the_bound(monkeypatch, raw, message):
    monkeypatch.setenv("KD_PORT", raw)
    with pytest.raises(ImproperlyConfigured, match=f"KD_PORT must be {message}"):
        env_int("KD_PORT", 25, minimum=1, maximum=65535)


def test_integer_with_only_a_minimum_accepts_large_values(monkeypatch):
    monkeypatch.setenv("KD_SIZE", " 4096 ")
    assert env_int("KD_SIZE", 1024, minimum=1024) == 4096


def test_list_is_split_on_commas(monkeypatch):
    monkeypatch.setenv("KD_HOSTS", "a.example, b.example,,")
    assert env_list("KD_HOSTS") == ["a.example", "b.example"]


@pytest.mark.parametrize(
    "raw",
    [
        "nonsense",
        "postgres://",
        "postgres://user@host:port/db",
        "mysql://user@host/db",
        "http://example.com/db",
    ],
)
def test_malformed_database_url_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_database("DATABASE_URL", "/tmp/unused.sqlite3")


def test_database_url_error_does_not_show_the_password(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://user:s3cret-pw@host/db")
    with pytest.raises(ImproperlyConfigured) as error:
        env_database("DATABASE_URL", "/tmp/unused.sqlite3")
    assert "s3cret-pw" not in str(error.value)


def test_postgres_url_is_read(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://kd@db.local:5433/kiemdiem")
    config = env_database("DATABASE_URL", "/tmp/unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.local", 5433, "kiemdiem", "kd")


def test_without_database_url_sqlite_in_the_project_is_used(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env_database("DATABASE_URL", BASE_DIR / "db.sqlite3")
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}


@pytest.mark.parametrize(
    "raw",
    [
        "http://localhost:6379/0",
        "redis://localhost:99999/0",
        "redis://localhost:port/0",
        "redis:///0",
        "redis://localhost:6379/abc",
        "localhost:6379",
    ],
)
def test_malformed_redis_url_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("REDIS_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        env_redis_url("REDIS_URL")


@pytest.mark.parametrize("raw", ["redis://127.0.0.1:6379/2", "rediss://:pw@cache.local:6380", "redis://localhost"])
def test_well_formed_redis_url_is_kept(monkeypatch, raw):
    monkeypatch.setenv("REDIS_URL", raw)
    assert env_redis_url("REDIS_URL") == raw


def _load_settings(var_dir, *, code=SETUP_AND_READ_KEY, cwd=BASE_DIR, **variables):
    """Run ``code`` in a fresh interpreter with only ``variables`` set; (return code, stderr)."""
    unset = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=str(var_dir), PYTHONPATH=str(BASE_DIR))
    env.update(PYTHONDONTWRITEBYTECODE="1", **variables)  # only what the code itself writes is looked for
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    return result.returncode, result.stderr


def test_debug_off_without_secret_key_refuses_to_start(tmp_path):
    returncode, stderr = _load_settings(tmp_path, DEBUG="0")
    assert returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in stderr


@pytest.mark.parametrize("key", ["short", "django-insecure-" + "x" * 40])
def test_debug_off_with_a_weak_secret_key_refuses_to_start(tmp_path, key):
    returncode, stderr = _load_settings(tmp_path, DEBUG="0", SECRET_KEY=key)
    assert returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY" in stderr


def test_debug_off_with_a_real_secret_key_starts(tmp_path):
    returncode, stderr = _load_settings(tmp_path, DEBUG="0", SECRET_KEY=GOOD_KEY)
    assert returncode == 0, stderr


def test_malformed_variable_stops_the_settings_import(tmp_path):
    returncode, stderr = _load_settings(tmp_path, EMAIL_PORT="smtp")
    assert returncode != 0
    assert "EMAIL_PORT must be an integer" in stderr


def _files_under(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_reading_the_settings_and_setting_django_up_writes_nothing(tmp_path):
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    returncode, stderr = _load_settings(tmp_path / "var", code="import django; django.setup()", cwd=workdir)
    assert returncode == 0, stderr
    assert _files_under(tmp_path) == ["cwd"]


def test_the_local_secret_key_is_made_when_first_needed(tmp_path):
    assert _load_settings(tmp_path) == (0, "")
    assert len((tmp_path / "secret_key").read_text()) >= 50


def test_the_embedded_broker_keeps_every_folder_under_var(tmp_path):
    """Sending a task creates the broker's folders under VAR_DIR, and nothing in the working directory."""
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    code = "import django; django.setup(); from config.celery import app; app.send_task('notifications.build_digests')"
    returncode, stderr = _load_settings(tmp_path / "var", code=code, cwd=workdir)
    assert returncode == 0, stderr
    assert _files_under(workdir) == []
    assert (tmp_path / "var" / "celery-control" / "celery.exchange").exists()
    assert len(list((tmp_path / "var" / "celery-broker").iterdir())) == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("X-Forwarded-Proto,https", ("HTTP_X_FORWARDED_PROTO", "https")),
        ("HTTP_X_FORWARDED_SSL, on", ("HTTP_X_FORWARDED_SSL", "on")),
        ("", None),
    ],
)
def test_the_proxy_ssl_header_is_read_as_header_and_value(monkeypatch, raw, expected):
    monkeypatch.setenv("KD_PROXY", raw)
    assert env_proxy_ssl_header("KD_PROXY") == expected


@pytest.mark.parametrize("raw", ["X-Forwarded-Proto", "X Forwarded,https", "X-Forwarded-Proto,"])
def test_a_malformed_proxy_ssl_header_is_refused_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("KD_PROXY", raw)
    with pytest.raises(ImproperlyConfigured, match="KD_PROXY"):
        env_proxy_ssl_header("KD_PROXY")


HTTPS_PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.EMAIL_BACKEND)"
)


def test_https_settings_come_from_the_environment():
    env = example_env(
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="1",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Protocol,ssl",
        SECURE_SSL_REDIRECT="0",
        EMAIL_HOST="",
        REDIS_URL="",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run([sys.executable, "-c", HTTPS_PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "600 True False ('HTTP_X_FORWARDED_PROTOCOL', 'ssl') False core.emails.UnsentBackend"
    )


def test_without_a_mail_server_mail_is_printed_only_in_development():
    env = example_env(
        DEBUG="1", SECRET_KEY="", EMAIL_HOST="", REDIS_URL="", DATABASE_URL="", DJANGO_SETTINGS_MODULE="config.settings"
    )
    result = subprocess.run([sys.executable, "-c", HTTPS_PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "django.core.mail.backends.console.EmailBackend"
