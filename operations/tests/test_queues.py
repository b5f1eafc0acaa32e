"""Each kind of task has its queue, so a worker on another machine can take only one kind.

Tasks are sent with no worker running and counted on their Redis queues; then a
worker that takes only "mail" and one that takes "exports" and "sweep" run them,
each only its own kind.
"""

import pytest
import redis

from config.celery import app as celery_app
from notifications.sending import send_delivery, send_digest
from notifications.tasks import build_digests, sweep_reminders
from paperwork.tasks import build_review_file
from reports.tasks import run_export
from tests.services import (
    PYTHON,
    Processes,
    database_url,
    environment,
    require_postgres,
    require_redis,
    wait_for,
)

pytestmark = pytest.mark.services

KINDS = {
    "mail": ["notifications.send_delivery", "notifications.send_digest"],
    "exports": ["reports.tasks.run_export", "paperwork.tasks.build_review_file"],
    "sweep": ["notifications.sweep_reminders", "notifications.build_digests"],
}


def test_two_workers_on_separate_queues_each_run_only_their_kind_of_task(require_services, transactional_db, tmp_path):
    require_postgres(require_services)
    url = require_redis(require_services)
    celery_app.control.purge()
    # Ids of nothing: each task finds no row and returns quietly.
    send_delivery.delay(0)
    send_digest.delay(0)
    run_export.delay(0)
    build_review_file.delay(0)
    sweep_reminders.delay()
    build_digests.delay()
    broker = redis.Redis.from_url(url)
    assert {queue: broker.llen(queue) for queue in ("celery", *KINDS)} == {
        "celery": 0,
        "mail": 2,
        "exports": 2,
        "sweep": 2,
    }

    processes = Processes(tmp_path)
    env = environment(DATABASE_URL=database_url(), REDIS_URL=url, VAR_DIR=str(tmp_path), MEDIA_ROOT=str(tmp_path))
    worker = [PYTHON, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
    worker += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    processes.start("mail", [*worker, "--queues=mail", "--hostname=mail@%h"], env)
    processes.start("batch", [*worker, "--queues=exports,sweep", "--hostname=batch@%h"], env)
    try:

        def all_done():
            processes.running()
            return processes.log().count("succeeded in") == 6

        wait_for(all_done, 90, "the six tasks", processes.log)
        mail, batch = processes.log("mail"), processes.log("batch")
    finally:
        processes.stop_all()
    for task in KINDS["mail"]:
        assert f"{task}[" in mail and f"{task}[" not in batch
    for task in KINDS["exports"] + KINDS["sweep"]:
        assert f"{task}[" in batch and f"{task}[" not in mail
