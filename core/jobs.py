"""Background jobs that write one file: their status, progress, claim and file, shared by every app.

A request too large for a web worker (a 100,000-row export, an organization's
whole review file) records a job row, enqueues a small task with the row's id
and shows a page whose progress bar polls the job's status
(``core/includes/_job_progress.html`` with ``core/js/job_progress.js``). The
task claims the row with a conditional UPDATE, so a task delivered twice writes
the file once, writes under a ``.part`` name and renames it when complete, and
always ends the job as done or failed.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
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

        A conditional UPDATE, so a task delivered twice writes the file once.
        """
        now = timezone.now()
        claimed = (
            type(self)
            .objects.filter(pk=self.pk, status=JobStatus.PENDING)
            .update(status=JobStatus.RUNNING, started_at=now)
        )
        if claimed:
            self.status, self.started_at = JobStatus.RUNNING, now
        return bool(claimed)

    def report_progress(self, done, total=None):
        self.progress_done = done
        fields = ["progress_done"]
        if total is not None:
            self.progress_total = total
            fields.append("progress_total")
        self.save(update_fields=fields)

    @transaction.atomic
    def finish(self, file, count):
        self.status = JobStatus.DONE
        self.file = file
        self.progress_done = self.progress_total = count
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "file", "progress_done", "progress_total", "finished_at"])

    @transaction.atomic
    def fail(self, error):
        self.status = JobStatus.FAILED
        self.error = error
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])


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
    job.finish(relative, count)


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
