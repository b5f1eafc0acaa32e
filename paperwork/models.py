"""Jobs that build an organization's whole review file (a zip of its documents) in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.jobs import BackgroundJob, job_constraints


class Output(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")


class ReviewFileJob(BackgroundJob):
    """One user's request for the review file of an organization in a cycle, written by a task.

    The task loads the collective review again under the owner's access scope
    when it runs, so the file never holds what the owner could no longer see.
    """

    TASK_NAME = "paperwork.tasks.build_review_file"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="review_file_jobs"
    )
    review = models.ForeignKey(
        "reviews.CollectiveReview", verbose_name=_("collective review"), on_delete=models.CASCADE, related_name="+"
    )
    output = models.CharField(_("format"), max_length=8, choices=Output.choices, default=Output.DOCX)

    class Meta:
        verbose_name = _("review file job")
        verbose_name_plural = _("review file jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            *job_constraints("review_file_job"),
            models.CheckConstraint(condition=models.Q(output__in=Output.values), name="review_file_job_output_valid"),
        ]
        indexes = [
            # A user's recent review files (the job page and its status).
            models.Index(fields=["owner", "-created_at"], name="review_file_job_owner_recent"),
        ]

    def __str__(self):
        return f"{self.review} ({self.get_output_display()}) #{self.pk}"
