"""Helpers of the tests that run real processes (gunicorn, nginx, Celery, the development server).

Every process listens on 127.0.0.1 on a free port, writes its output to a log file
that a failing test shows, and is stopped by the fixture that started it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
DEPLOY = BASE_DIR / "deploy"


def missing(require_services, reason):
    """Skip, or fail when the run requires the services (REQUIRE_SERVICES=1)."""
    if require_services:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def require_postgres(require_services):
    if connection.vendor != "postgresql":
        missing(require_services, "the database is not PostgreSQL (set DATABASE_URL)")


def require_redis(require_services):
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        missing(require_services, "REDIS_URL is not set")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing(require_services, f"Redis at {url} does not answer: {error}")
    return url


def require_program(require_services, name):
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not path:
        missing(require_services, f"{name} is not installed (.ci/run installs it with apt-get)")
    return path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(name=None):
    """The URL of the test database (or of ``name`` on the same server)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{name or db['NAME']}"


def wait_for(condition, timeout, what, log=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.\n{log()[-4000:]}")


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Processes:
    """Starts processes with their output in ``folder``; ``stop_all()`` ends each one it started."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.started = []

    def start(self, name, command, env, cwd=BASE_DIR):
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process, log))
        return process

    def running(self):
        """True while every process runs; a test waiting on one that died fails at once with the logs."""
        for name, process, _log in self.started:
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode}.\n{self.log()[-4000:]}")
        return True

    def log(self, name=None):
        names = [name] if name else [started[0] for started in self.started]
        return "\n".join(f"--- {n}\n" + (self.folder / f"{n}.log").read_text(errors="replace") for n in names)

    def stop(self, process, sig=signal.SIGTERM):
        for name, started, log in list(self.started):
            if started is process:
                if process.poll() is None:
                    os.killpg(process.pid, sig)
                    try:
                        process.wait(15)
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                        process.wait(5)
                log.close()
                self.started.remove((name, started, log))

    def stop_all(self):
        for _name, process, _log in list(reversed(self.started)):
            self.stop(process)


def environment(**variables):
    """The test process's environment with ``variables``; empty values are removed."""
    # Unbuffered, so a log read while the process runs is complete.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **variables}
    return {key: value for key, value in env.items() if value != ""}


PYTHON = sys.executable


# What a process started by systemd would have besides its environment file.
_SYSTEM = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def example_env(**overrides):
    """deploy/kiemdiem.env.example as a dict, with ``overrides``, as a server would have it.

    Nothing else of the test process's environment is passed on, so a variable set
    by some test (DJANGO_ALLOW_ASYNC_UNSAFE, say) cannot change the result.
    """
    values = {name: os.environ[name] for name in _SYSTEM if name in os.environ}
    values["PYTHONUNBUFFERED"] = "1"
    for line in (DEPLOY / "kiemdiem.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    values.update(overrides)
    return {key: value for key, value in values.items() if value != ""}
