"""A worker killed mid-export: the job ends within a bounded time instead of staying "running" forever.

A real worker on Redis claims an export and stalls in it (``stalled_export``); the
test kills it with SIGKILL, starts a healthy worker and sends the reaper task as
beat would: the job is handed to the new worker and ends done.
"""

import signal
import time

import pytest

from config.celery import app as celery_app
from core.tasks import reap_stale_jobs
from reports.models import ExportJob, ExportStatus
from reports.tasks import run_export
from tests.factories import make_member
from tests.services import PYTHON, Processes, database_url, environment, require_postgres, require_redis, wait_for

pytestmark = pytest.mark.services

STALE_SECONDS = 3
BOUND_SECONDS = 60


def test_a_job_whose_worker_was_killed_ends_within_the_bound(
    require_services, transactional_db, tmp_path, city_staff, branch_a
):
    require_postgres(require_services)
    url = require_redis(require_services)
    celery_app.control.purge()
    make_member(branch_a)
    job = ExportJob.objects.create(owner=city_staff, kind="members")
    run_export.delay(job.pk)

    processes = Processes(tmp_path)
    env = environment(
        DATABASE_URL=database_url(),
        REDIS_URL=url,
        VAR_DIR=str(tmp_path),
        MEDIA_ROOT=str(tmp_path),
        JOB_STALE_SECONDS=str(STALE_SECONDS),
    )
    worker = [PYTHON, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
    worker += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--queues=exports,sweep"]
    try:
        stalled = processes.start("stalled", [*worker, "-I", "operations.tests.stalled_export", "--hostname=a@%h"], env)

        def running():
            processes.running()
            job.refresh_from_db()
            return job.status == ExportStatus.RUNNING

        wait_for(running, 60, "the worker to claim the export", processes.log)
        processes.stop(stalled, signal.SIGKILL)
        killed_at = time.monotonic()
        job.refresh_from_db()
        assert job.status == ExportStatus.RUNNING  # what stayed forever before the reaper

        processes.start("healthy", [*worker, "--hostname=b@%h"], env)
        time.sleep(STALE_SECONDS + 1)
        reap_stale_jobs.apply_async(queue="sweep")  # what beat sends every JOB_REAPER_SECONDS

        def ended():
            processes.running()
            job.refresh_from_db()
            return job.status in (ExportStatus.DONE, ExportStatus.FAILED)

        wait_for(ended, BOUND_SECONDS, "the job to end", processes.log)
    finally:
        processes.stop_all()
    assert job.status == ExportStatus.DONE, job.error
    assert job.attempts == 2
    assert time.monotonic() - killed_at < BOUND_SECONDS
