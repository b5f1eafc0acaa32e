"""An import: one uploaded file, checked (the dry run) and, once confirmed, written; and the changes it made."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.jobs import BackgroundJob, JobStatus, job_constraints


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", _("Organizations")
    MEMBERS = "members", _("Party members")
    RATINGS = "ratings", _("Past ratings")


class Stage(models.TextChoices):
    CHECK = "check", _("Dry run")
    APPLY = "apply", _("Writing")


class ImportBatch(BackgroundJob):
    """One uploaded file and what became of it.

    The file is stored under ``file`` when uploaded (so ``BackgroundJob``'s
    "a finished job names its file" holds from the start). The job runs twice:
    the dry run (``stage`` check) fills ``report``; a confirmation moves it to
    ``stage`` apply and the same file is read and written in one transaction,
    provided ``digest`` (the file's SHA-256) and ``state`` (a token of the data
    the dry run compared against) are still what they were.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="import_batches"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices, default=Stage.CHECK)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, help_text="Past ratings: their year.")
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    digest = models.CharField(_("SHA-256 of the file"), max_length=64)
    state = models.CharField(_("state of the data at the dry run"), max_length=128, blank=True)
    report = models.JSONField(_("dry run report"), default=dict, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    applied_at = models.DateTimeField(_("written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            *job_constraints("import_batch"),
            models.CheckConstraint(condition=Q(kind__in=ImportKind.values), name="import_batch_kind_valid"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="import_batch_stage_valid"),
            # Written means confirmed after a dry run without error.
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(stage=Stage.APPLY, error_count=0),
                name="import_batch_applied_after_clean_check",
            ),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="import_batch_owner_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name}"

    @property
    def checked(self):
        return self.stage == Stage.CHECK and self.status == JobStatus.DONE

    @property
    def can_confirm(self):
        return self.checked and self.error_count == 0 and self.applied_at is None

    @property
    def running(self):
        return not self.is_finished


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    TRANSFER = "transfer", _("Transferred")


class ImportChange(models.Model):
    """One record created or changed by a written import, with each changed field's old and new value."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    row = models.PositiveIntegerField(_("row"))
    key = models.CharField(_("key"), max_length=32, help_text="Card number or organization code.")
    action = models.CharField(_("action"), max_length=16, choices=ChangeAction.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_changes"
    )
    review_cycle = models.ForeignKey(
        "reviews.ReviewCycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_changes"
    )

    class Meta:
        verbose_name = _("imported change")
        verbose_name_plural = _("imported changes")
        ordering = ["batch", "row"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=ChangeAction.values), name="import_change_action_valid"),
        ]

    def __str__(self):
        return f"{self.key}: {self.get_action_display()}"


class Invitation(models.Model):
    """An account created for an organization's secretary and the one-time link sent to set its password.

    The link is Django's password-reset link (``PasswordResetTokenGenerator``):
    it expires after ``PASSWORD_RESET_TIMEOUT`` and works once, since setting
    the password changes what its token was computed from. The account is
    activated when it has a usable password.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.user} – {self.organization}"
