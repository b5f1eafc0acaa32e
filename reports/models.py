"""Export jobs: an Excel export too large for a request, written by a Celery task."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports import registry


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One user's request for a large export, with its progress and, when done, its file.

    The task rebuilds the rows from ``kind`` (a registered export) and
    ``parameters`` (the list filters) under the owner's access scope at run
    time, so the job never holds rows the owner could not see then.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("export"), max_length=64)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    progress_done = models.PositiveIntegerField(_("rows written"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in total"), default=0)
    file = models.CharField(_("file"), max_length=255, blank=True, help_text="Path under MEDIA_ROOT.")
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ExportStatus.values), name="export_job_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ExportStatus.DONE) | ~Q(file=""), name="export_job_done_has_file"
            ),
        ]
        indexes = [
            # A user's recent export jobs (the "my exports" list and the job page).
            models.Index(fields=["owner", "-created_at"], name="export_job_owner_recent"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self):
        if self.status == ExportStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def title(self):
        """The registered export's title (its name if it is no longer registered)."""
        try:
            return registry.get(self.kind).title
        except KeyError:
            return self.kind

    def claim(self):
        """Move a pending job to running; False if another worker already took it.

        A conditional UPDATE, so a task delivered twice writes the file once.
        """
        now = timezone.now()
        claimed = ExportJob.objects.filter(pk=self.pk, status=ExportStatus.PENDING).update(
            status=ExportStatus.RUNNING, started_at=now
        )
        if claimed:
            self.status, self.started_at = ExportStatus.RUNNING, now
        return bool(claimed)

    def report_progress(self, done, total=None):
        self.progress_done = done
        fields = ["progress_done"]
        if total is not None:
            self.progress_total = total
            fields.append("progress_total")
        self.save(update_fields=fields)

    @transaction.atomic
    def finish(self, file, rows):
        self.status = ExportStatus.DONE
        self.file = file
        self.progress_done = self.progress_total = rows
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "file", "progress_done", "progress_total", "finished_at"])

    @transaction.atomic
    def fail(self, error):
        self.status = ExportStatus.FAILED
        self.error = error
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])


class CycleReport(models.Model):
    """The cycle report to the Executive Committee for one cycle and scope, while it is being written.

    The figures are computed when the report is shown; the free-text sections
    are kept here. ``finalize`` freezes both into a new ``CycleReportVersion``;
    the working copy stays editable for a corrected version.
    """

    cycle = models.ForeignKey("reviews.ReviewCycle", verbose_name=_("review cycle"), on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("scope"), on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.TextField(_("assessment"), blank=True)
    direction = models.TextField(_("directions for the coming period"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cycle report")
        verbose_name_plural = _("cycle reports")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "organization"], name="cycle_report_one_per_scope"),
        ]

    def __str__(self):
        return f"{self.cycle} – {self.organization}"


class FrozenVersionError(Exception):
    """A finalized version of a cycle report cannot be changed.

    A programming guard, not a refused step (so not a ``DomainError``): no page
    offers to change a finalized version, since a correction is finalized as a
    new version, so only code can reach it, and its message is for developers.
    """


class CycleReportVersion(models.Model):
    """An immutable, finalized version of a cycle report: its figures and texts as they were."""

    report = models.ForeignKey(CycleReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    figures = models.JSONField(_("figures"))
    assessment = models.TextField(_("assessment"), blank=True)
    direction = models.TextField(_("directions for the coming period"), blank=True)
    finalized_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    finalized_at = models.DateTimeField(_("finalized at"), default=timezone.now)

    class Meta:
        verbose_name = _("finalized cycle report")
        verbose_name_plural = _("finalized cycle reports")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="cycle_report_version_unique"),
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        # Written once: a finalized version is the record of what was reported.
        if self.pk is not None:
            raise FrozenVersionError(f"Cycle report version {self.pk} is finalized and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenVersionError(f"Cycle report version {self.pk} is finalized and cannot be deleted")
