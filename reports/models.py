"""Export jobs (an Excel export too large for a request, written by a Celery task) and the cycle report."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs import BackgroundJob, JobStatus, job_constraints
from reports import registry

# Export jobs share the states of every background job.
ExportStatus = JobStatus


class ExportJob(BackgroundJob):
    """One user's request for a large export, with its progress and, when done, its file.

    The task rebuilds the rows from ``kind`` (a registered export) and
    ``parameters`` (the list filters) under the owner's access scope at run
    time, so the job never holds rows the owner could not see then.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    TASK_NAME = "reports.tasks.run_export"

    kind = models.CharField(_("export"), max_length=64)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]
        constraints = job_constraints("export_job")
        indexes = [
            # A user's recent export jobs (the "my exports" list and the job page).
            models.Index(fields=["owner", "-created_at"], name="export_job_owner_recent"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def title(self):
        """The registered export's title (its name if it is no longer registered)."""
        try:
            return registry.get(self.kind).title
        except KeyError:
            return self.kind


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
    # Bumped by every save: texts saved against an older revision are refused (core.workflow's optimistic lock).
    revision = models.PositiveIntegerField(_("revision"), default=0)
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
