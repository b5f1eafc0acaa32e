"""The development server closes its database connection after each request, keep-alive or not.

Under a crawler it used to keep one PostgreSQL connection per open client
connection (CONN_MAX_AGE=60 in every process) until PostgreSQL refused more.
Here 20 clients each keep one HTTP/1.1 connection open and make 15 requests
(300 in all); the server's connections never exceed the requests in flight and
drop to none while the clients sit idle on their open connections.
"""

import http.client
import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections
from django.urls import reverse

from tests.services import (
    PYTHON,
    Processes,
    database_url,
    environment,
    free_port,
    port_open,
    require_postgres,
    wait_for,
)

pytestmark = pytest.mark.services

CLIENTS, REQUESTS_EACH = 20, 15


APPLICATION = "kiemdiem-devserver-test"


def server_connections():
    """The development server's connections: its DATABASE_URL names the application."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [APPLICATION])
        return cursor.fetchone()[0]


def test_300_requests_through_the_development_server_keep_the_connection_count_bounded(
    require_services, transactional_db, tmp_path, secretary_a
):
    require_postgres(require_services)
    session = SessionStore()
    session[SESSION_KEY] = str(secretary_a.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = secretary_a.get_session_auth_hash()
    session.create()
    port = free_port()
    processes = Processes(tmp_path)
    env = environment(
        DATABASE_URL=f"{database_url()}?application_name={APPLICATION}",
        SECRET_KEY=str(settings.SECRET_KEY),  # the local key is a lazy string until first used
        VAR_DIR=str(tmp_path),
        CONN_MAX_AGE="",
        REDIS_URL="",
    )
    processes.start(
        "runserver", [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"], env
    )
    try:
        wait_for(lambda: processes.running() and port_open(port), 60, "the development server", processes.log)
        done, idle, statuses, peak = threading.Barrier(CLIENTS + 1), threading.Event(), [], [0]

        def client():
            conversation = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"Cookie": f"sessionid={session.session_key}", "Connection": "keep-alive"}
            try:
                for _ in range(REQUESTS_EACH):
                    conversation.request("GET", reverse("documents:list"), headers=headers)
                    response = conversation.getresponse()
                    response.read()
                    statuses.append(response.status)
            finally:
                done.wait(60)
                idle.wait(30)  # the HTTP connection stays open while the count is read
                conversation.close()

        def sample():
            try:
                while not idle.is_set():
                    peak[0] = max(peak[0], server_connections())
                    time.sleep(0.05)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        sampler = threading.Thread(target=sample)
        for thread in [*threads, sampler]:
            thread.start()
        done.wait(120)
        time.sleep(0.5)
        while_idle = server_connections()
        idle.set()
        for thread in [*threads, sampler]:
            thread.join(60)
    finally:
        processes.stop_all()
    assert statuses.count(200) == CLIENTS * REQUESTS_EACH, sorted(set(statuses))
    # A closed connection's backend stays in pg_stat_activity for the moment its process takes to exit, while
    # the same thread's next request has opened the next one: under load the sampler can see one or two such
    # overlaps (21 for 20 clients was seen with both cores busy). The idle count below is the strict check.
    assert 0 < peak[0] <= CLIENTS + 2, f"{peak[0]} connections for {CLIENTS} clients"
    assert while_idle == 0, f"{while_idle} connections held by idle keep-alive clients"
