"""Background jobs that write one file: their status, progress, claim and file, shared by every app.

A request too large for a web worker (a 100,000-row export, an organization's
whole review file) records a job row, enqueues a small task with the row's id
and shows a page whose progress bar polls the job's status
(``core/includes/_job_progress.html`` with ``core/js/job_progress.js``). The
task claims the row with a conditional UPDATE, so a task delivered twice writes
the file once, writes under a ``.part`` name and renames it when complete, and
always ends the job as done or failed.
"""

import datetime
import logging
from pathlib import Path

from celery import current_app
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def job_constraints(prefix):
    """A job's status is one of ``JobStatus`` and a finished job names its file."""
    return [
        models.CheckConstraint(condition=Q(status__in=JobStatus.values), name=f"{prefix}_status_valid"),
        models.CheckConstraint(condition=~Q(status=JobStatus.DONE) | ~Q(file=""), name=f"{prefix}_done_has_file"),
    ]


class BackgroundJob(models.Model):
    """Abstract base: a job's progress and, when done, its file (a path under MEDIA_ROOT)."""

    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("in total"), default=0)
    file = models.CharField(_("file"), max_length=255, blank=True, help_text="Path under MEDIA_ROOT.")
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written at the claim and at each progress report: a running job whose heartbeat stops has lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Claims so far; the latest claim's number is the only one allowed to end the job.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    # The name of the Celery task that runs a job of this kind (its one argument: the job's id).
    TASK_NAME = None

    class Meta:
        abstract = True

    @property
    def percent(self):
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def path(self):
        return Path(settings.MEDIA_ROOT) / self.file

    def claim(self):
        """Move a pending job to running; False if another worker already took it.

        A conditional UPDATE, so a task delivered twice writes the file once. A
        running job whose heartbeat is stale lost its worker: a redelivered task
        (``reject_on_worker_lost``) takes it over.
        """
        now = timezone.now()
        takeable = Q(status=JobStatus.PENDING) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale_before(now))
        claimed = (
            type(self)
            .objects.filter(takeable, pk=self.pk)
            .update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
        )
        if claimed:
            self.refresh_from_db(fields=["status", "started_at", "heartbeat_at", "attempts"])
        return bool(claimed)

    def _mine(self):
        """This job's row while this worker's claim is the latest one."""
        return type(self).objects.filter(pk=self.pk, status=JobStatus.RUNNING, attempts=self.attempts)

    def report_progress(self, done, total=None):
        self.progress_done = done
        values = {"progress_done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            self.progress_total = values["progress_total"] = total
        # Fenced by the attempt only: a later claim stops an abandoned worker's reports.
        type(self).objects.filter(pk=self.pk, attempts=self.attempts).update(**values)

    def finish(self, file, count):
        """Mark done with ``file``; False (nothing changed) if another worker's claim replaced this one."""
        now = timezone.now()
        ended = self._mine().update(
            status=JobStatus.DONE, file=file, progress_done=count, progress_total=count, finished_at=now
        )
        if ended:
            self.status, self.file, self.finished_at = JobStatus.DONE, file, now
            self.progress_done = self.progress_total = count
        return bool(ended)

    def fail(self, error):
        """Mark failed with ``error``; False (nothing changed) if another worker's claim replaced this one."""
        now = timezone.now()
        ended = self._mine().update(status=JobStatus.FAILED, error=error, finished_at=now)
        if ended:
            self.status, self.error, self.finished_at = JobStatus.FAILED, error, now
        return bool(ended)


def stale_before(now=None):
    """A running job whose heartbeat is older than this has lost its worker."""
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)


def job_models():
    """Every concrete model of a background job (export jobs, review file jobs…)."""
    return [model for model in apps.get_models() if issubclass(model, BackgroundJob)]


def reap_stale(now=None):
    """Hand each running job whose worker died to a new task, or fail it after the last attempt.

    Returns (re-queued, failed) counts. Each step is a conditional UPDATE on the
    stale heartbeat, so two reapers at once act on a job once.
    """
    now = now or timezone.now()
    requeued = failed = 0
    for model in job_models():
        stale = model.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=stale_before(now))
        for pk, attempts in stale.values_list("pk", "attempts"):
            row = stale.filter(pk=pk, attempts=attempts)
            if attempts < settings.JOB_MAX_ATTEMPTS and model.TASK_NAME:
                if row.update(status=JobStatus.PENDING, heartbeat_at=None):
                    logger.warning("%s %s lost its worker; running it again", model.__name__, pk)
                    current_app.send_task(model.TASK_NAME, args=[pk])
                    requeued += 1
                continue
            with translation.override(settings.LANGUAGE_CODE):
                message = gettext("The worker running this job stopped before it ended. Please request it again.")
            if row.update(status=JobStatus.FAILED, error=message, finished_at=now):
                logger.error("%s %s lost its worker %s times; marked failed", model.__name__, pk, attempts)
                failed += 1
    return requeued, failed


def claimed(model, job_id):
    """The job ``job_id`` of ``model`` claimed for this worker, or None if it is gone or already taken."""
    job = model.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("%s %s is gone", model.__name__, job_id)
        return None
    if not job.claim():
        logger.info("%s %s was already taken (status %s)", model.__name__, job_id, job.status)
        return None
    return job


def write_file(job, relative, write):
    """Run ``write(path)`` into ``relative`` under MEDIA_ROOT for a claimed job; mark it done or failed.

    ``write`` writes the file at the path it is given and returns how many items
    it wrote. The file appears under its name only when complete. Never raises.
    """
    target = Path(settings.MEDIA_ROOT) / relative
    partial = target.with_suffix(".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        count = write(partial)
        partial.replace(target)
    except Exception as error:  # the job must end as failed whatever broke; the log keeps the trace
        logger.exception("%s %s failed", type(job).__name__, job.pk)
        partial.unlink(missing_ok=True)
        job.fail(f"{type(error).__name__}: {error}")
        return
    if not job.finish(relative, count):
        logger.warning("%s %s was taken over by another worker; dropping this file", type(job).__name__, job.pk)
        target.unlink(missing_ok=True)


def status_payload(job, download_url):
    """What the progress bar's script reads (``core/js/job_progress.js``)."""
    return {
        "status": job.status,
        "status_display": str(job.get_status_display()),
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "download_url": download_url if job.status == JobStatus.DONE else "",
    }
