"""A background job whose worker died is run again or failed within a bounded time (core.jobs)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from core import jobs
from core.jobs import JobStatus
from paperwork.tasks import build_review_file
from reports.models import ExportJob
from reports.tasks import run_export


@pytest.fixture
def sent(monkeypatch):
    """The tasks the reaper sends, instead of a broker."""
    calls = []
    monkeypatch.setattr(jobs.current_app, "send_task", lambda name, args: calls.append((name, args)))
    return calls


def running(owner, *, silent_for, attempts=1):
    beat = timezone.now() - datetime.timedelta(seconds=silent_for)
    return ExportJob.objects.create(
        owner=owner, kind="members", status=JobStatus.RUNNING, started_at=beat, heartbeat_at=beat, attempts=attempts
    )


def test_job_tasks_are_acknowledged_late_and_given_back_when_the_worker_is_lost():
    for task in (run_export, build_review_file):
        assert task.acks_late and task.reject_on_worker_lost, task.name


def test_beat_runs_the_reaper_on_the_sweep_queue():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "core.reap_stale_jobs")
    assert entry["schedule"] <= settings.JOB_STALE_SECONDS
    assert settings.CELERY_TASK_ROUTES["core.reap_stale_jobs"] == {"queue": "sweep"}


def test_a_job_whose_heartbeat_stopped_is_sent_to_a_new_worker(city_staff, settings, sent):
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 60, 2
    job = running(city_staff, silent_for=61)
    assert jobs.reap_stale() == (1, 0)
    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    assert sent == [("reports.tasks.run_export", [job.pk])]
    assert job.claim() and job.attempts == 2


def test_a_job_that_lost_its_worker_on_the_last_attempt_fails_with_a_message(city_staff, settings, sent):
    settings.JOB_STALE_SECONDS, settings.JOB_MAX_ATTEMPTS = 60, 2
    job = running(city_staff, silent_for=61, attempts=2)
    assert jobs.reap_stale() == (0, 1)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at
    assert "Vui lòng yêu cầu lại" in job.error
    assert sent == []


def test_a_job_that_still_beats_is_left_alone(city_staff, settings, sent):
    settings.JOB_STALE_SECONDS = 60
    job = running(city_staff, silent_for=30)
    job.report_progress(5, 10)
    assert jobs.reap_stale() == (0, 0)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.progress_done == 5


def test_a_redelivered_task_takes_over_a_job_whose_worker_died(city_staff, settings):
    settings.JOB_STALE_SECONDS = 60
    stale, fresh = running(city_staff, silent_for=61), running(city_staff, silent_for=1)
    assert stale.claim() and stale.attempts == 2
    assert not fresh.claim()


def test_a_worker_given_up_on_cannot_end_the_job_of_its_successor(city_staff, settings, sent):
    settings.JOB_STALE_SECONDS = 60
    slow = running(city_staff, silent_for=61)
    jobs.reap_stale()
    successor = ExportJob.objects.get(pk=slow.pk)
    assert successor.claim()
    assert not slow.finish("exports/old.xlsx", 3)
    assert successor.finish("exports/new.xlsx", 3)
    assert ExportJob.objects.get(pk=slow.pk).file == "exports/new.xlsx"
