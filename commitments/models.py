"""Remediation commitments: what an organization or member will do about a concluded shortcoming, by when.

A commitment answers one shortcoming from one source (a collective review, an
individual review or a directive conclusion). Its owner organization is always
the source's organization: ``services.create_commitments`` and ``clean``
validate it and a database trigger (migrations 0002, re-created in 0003)
refuses any row that breaks it.
Progress, evidence, extensions, verification and every step's event hang off
the commitment. The rules that move it between states live in
``commitments.services``.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, DurationField, ExpressionWrapper, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import SearchableModel


class SourceKind(models.TextChoices):
    COLLECTIVE_REVIEW = "collective_review", _("Collective review")
    INDIVIDUAL_REVIEW = "individual_review", _("Individual review")
    DIRECTIVE_CONCLUSION = "directive_conclusion", _("Directive conclusion")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED_COMPLETED = "reported_completed", _("Reported completed")
    VERIFIED = "verified", _("Verified")
    REOPENED = "reopened", _("Reopened (not effective)")


# States in which the owner still has work to do: progress may be posted and the deadline runs.
ACTIVE_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS, CommitmentStatus.REOPENED)
UNVERIFIED_STATUSES = (*ACTIVE_STATUSES, CommitmentStatus.REPORTED_COMPLETED)


class CommitmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def unverified(self):
        return self.exclude(status=CommitmentStatus.VERIFIED)

    def with_overdue(self, today=None):
        """Annotate ``is_overdue`` and ``days_late`` (a timedelta) in SQL, for any number of rows.

        Overdue means: current deadline before the local ``today`` (Asia/Ho_Chi_Minh)
        and the owner has not reported it completed.
        """
        today = today or timezone.localdate()
        late = Q(deadline__lt=today, status__in=ACTIVE_STATUSES)
        return self.annotate(
            is_overdue=Case(When(late, then=Value(True)), default=Value(False), output_field=models.BooleanField()),
            days_late=Case(
                When(
                    late,
                    then=ExpressionWrapper(
                        Value(today, output_field=models.DateField()) - F("deadline"), output_field=DurationField()
                    ),
                ),
                default=Value(None, output_field=DurationField()),
                output_field=DurationField(),
            ),
        )

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today, status__in=ACTIVE_STATUSES)

    def owned_by(self, organization=None, member=None):
        """Commitments of ``member`` if given, else the organization's own (not its members')."""
        if member is not None:
            return self.filter(member=member)
        if organization is not None:
            return self.filter(organization=organization, member__isnull=True)
        raise ValueError("Pass an organization or a member")


class Commitment(SearchableModel):
    # An ended role (or a predecessor) reads it while its cycle came before the end (accounts.access.history).
    HISTORY_DATE = "cycle__reference_date"
    SEARCH_FIELDS = ("shortcoming", "measure", "accountable_name")

    cycle = models.ForeignKey(
        "reviews.ReviewCycle", verbose_name=_("review cycle"), on_delete=models.PROTECT, related_name="commitments"
    )
    source_kind = models.CharField(_("source"), max_length=32, choices=SourceKind.choices)
    collective_review = models.ForeignKey(
        "reviews.CollectiveReview",
        verbose_name=_("collective review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    individual_review = models.ForeignKey(
        "reviews.IndividualReview",
        verbose_name=_("individual review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    directive_conclusion = models.ForeignKey(
        "directives.Conclusion",
        verbose_name=_("directive conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    shortcoming = models.TextField(_("shortcoming"))
    measure = models.TextField(_("remedial measure"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    # Set when the organization that made it ended and handed it to a successor
    # (``organization`` is then the successor): the source review's organization.
    origin_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    accountable_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accountable user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accountable_commitments",
    )
    accountable_name = models.CharField(_("accountable person"), max_length=150, blank=True)
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    original_deadline = models.DateField(_("original deadline"))
    deadline = models.DateField(_("current deadline"))
    extension_count = models.PositiveSmallIntegerField(_("approved extensions"), default=0)
    status = models.CharField(
        _("status"), max_length=32, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completion_summary = models.TextField(_("completion summary"), blank=True)
    reported_completed_at = models.DateTimeField(_("reported completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["deadline", "pk"]
        constraints = [
            # Exactly the FK that matches source_kind is set; only an individual review's commitment has a member.
            models.CheckConstraint(
                condition=(
                    Q(
                        source_kind=SourceKind.COLLECTIVE_REVIEW,
                        collective_review__isnull=False,
                        individual_review__isnull=True,
                        directive_conclusion__isnull=True,
                        member__isnull=True,
                    )
                    | Q(
                        source_kind=SourceKind.INDIVIDUAL_REVIEW,
                        collective_review__isnull=True,
                        individual_review__isnull=False,
                        directive_conclusion__isnull=True,
                        member__isnull=False,
                    )
                    | Q(
                        source_kind=SourceKind.DIRECTIVE_CONCLUSION,
                        collective_review__isnull=True,
                        individual_review__isnull=True,
                        directive_conclusion__isnull=False,
                        member__isnull=True,
                    )
                ),
                name="commitment_source_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(original_deadline__gte=F("created_on")) & Q(deadline__gte=F("original_deadline")),
                name="commitment_deadline_not_before_creation",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="commitment_progress_percentage"),
            models.CheckConstraint(condition=~Q(measure=""), name="commitment_measure_required"),
            models.CheckConstraint(
                condition=~Q(status=CommitmentStatus.VERIFIED) | Q(closed_at__isnull=False),
                name="commitment_verified_has_closed_at",
            ),
        ]
        indexes = [
            # The overdue sweep and lists: active commitments by current deadline.
            models.Index(fields=["status", "deadline"], name="commitment_status_deadline"),
            # The organization page and has_unverified_commitments(): one owner's commitments.
            models.Index(fields=["organization", "status"], name="commitment_org_status"),
            # The inspection queue: reported completed, oldest report first.
            models.Index(fields=["status", "reported_completed_at"], name="commitment_queue"),
        ]

    def __str__(self):
        return f"{self.owner_name}: {self.measure[:60]}"

    def get_absolute_url(self):
        return reverse("commitments:detail", args=[self.pk])

    def clean(self):
        # The same invariant as the database trigger, with a message for forms and services.
        source = self.source
        if source is not None and self.organization_id and source.organization_id != self.organization_id:
            raise ValidationError(
                {
                    "organization": _("A commitment must belong to the organization of its source (%(organization)s).")
                    % {"organization": source.organization}
                }
            )

    @property
    def source(self):
        return {
            SourceKind.COLLECTIVE_REVIEW: self.collective_review,
            SourceKind.INDIVIDUAL_REVIEW: self.individual_review,
            SourceKind.DIRECTIVE_CONCLUSION: self.directive_conclusion,
        }.get(self.source_kind)

    @property
    def owner_name(self):
        return str(self.member) if self.member_id else str(self.organization)

    # The organizations' names on the cycle's date, which a list attaches in one query for its page
    # (``organizations.lineage.attach_names_then`` over these two fields).
    NAMED_THEN = ("organization", "origin_organization")

    @property
    def made_by_then(self):
        """Who made it, named as on its cycle's date, when that is not today's holder's name; else None.

        The organization that ended and handed it over (``origin_organization``), or the holder itself
        renamed since. Needs the names attached (``NAMED_THEN``): without them, None.
        """
        maker = getattr(self, "origin_organization_then", None) or getattr(self, "organization_then", None)
        if maker is None or maker.name_then == self.organization.name:
            return None
        return maker


class ProgressStage(models.TextChoices):
    PLANNING = "planning", _("Planning")
    IMPLEMENTING = "implementing", _("Implementing")
    FINISHING = "finishing", _("Finishing")


class ProgressUpdate(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField(_("date"))
    percentage = models.PositiveSmallIntegerField(_("percentage"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=ProgressStage.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__isnull=False) | ~Q(stage=""), name="progress_update_percentage_or_stage"
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__lte=100), name="progress_update_percentage_range"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.percentage if self.percentage is not None else self.stage}"


# The kinds of evidence file accepted, checked by ``core.uploads.validate_upload``.
EVIDENCE_KINDS = ("pdf", "png", "jpeg", "docx", "xlsx")


def _evidence_path(instance, filename):
    # A random name: the uploader's file name is kept in original_name, never used on disk.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"commitments/evidence/{instance.commitment_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A file backing a progress update or a completion report; served only by ``views.evidence_download``."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence_files")
    progress_update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class VerificationOutcome(models.TextChoices):
    VERIFIED = "verified", _("Effective – verified and closed")
    NOT_EFFECTIVE = "not_effective", _("Not effective – reopened")


class Verification(models.Model):
    """The Inspection Committee's written judgement on a commitment reported completed."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="verifications")
    outcome = models.CharField(_("outcome"), max_length=16, choices=VerificationOutcome.choices)
    assessment = models.TextField(_("effectiveness assessment"))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["-verified_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(assessment=""), name="verification_assessment_required"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.verified_at:%d/%m/%Y})"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ExtensionRequest(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="extension_requests")
    previous_deadline = models.DateField(_("deadline before the request"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=F("previous_deadline")), name="extension_request_later_deadline"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_request_reason_required"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")),
                name="extension_request_not_decided_by_requester",
            ),
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(status="pending"),
                name="extension_request_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.previous_deadline:%d/%m/%Y} → {self.requested_deadline:%d/%m/%Y} ({self.get_status_display()})"


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    PROGRESS = "progress", _("Progress posted")
    REPORTED_COMPLETED = "reported_completed", _("Reported completed")
    VERIFIED = "verified", _("Verified as effective")
    NOT_EFFECTIVE = "not_effective", _("Found not effective, reopened")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_APPROVED = "extension_approved", _("Extension approved")
    EXTENSION_REJECTED = "extension_rejected", _("Extension rejected")
    CARRIED_OVER = "carried_over", _("Carried over to a new cycle")
    CARRY_OVER_ASSESSED = "carry_over_assessed", _("Assessed in the new review")
    HANDED_OVER = "handed_over", _("Handed over to the successor organization")


class CommitmentEvent(models.Model):
    """One line of a commitment's timeline: who did what, when, with which note."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("commitment event")
        verbose_name_plural = _("commitment events")
        ordering = ["at", "pk"]
        indexes = [
            # The timeline on the commitment page.
            models.Index(fields=["commitment", "at"], name="commitment_event_timeline"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y %H:%M})"


class CarryOverAssessment(models.TextChoices):
    REMEDIED = "remedied", _("Remedied")
    IN_PROGRESS = "in_progress", _("Being remedied")
    NOT_REMEDIED = "not_remedied", _("Not remedied")


class CarryOverItem(models.Model):
    """A commitment not yet verified, shown in section III of its owner's review in a later cycle."""

    cycle = models.ForeignKey("reviews.ReviewCycle", on_delete=models.CASCADE, related_name="carry_over_items")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="carry_overs")
    collective_review = models.ForeignKey(
        "reviews.CollectiveReview", null=True, blank=True, on_delete=models.CASCADE, related_name="carry_over_items"
    )
    individual_review = models.ForeignKey(
        "reviews.IndividualReview", null=True, blank=True, on_delete=models.CASCADE, related_name="carry_over_items"
    )
    status_at_carry_over = models.CharField(
        _("status when carried over"), max_length=32, choices=CommitmentStatus.choices
    )
    assessment = models.CharField(_("assessment"), max_length=16, choices=CarryOverAssessment.choices, blank=True)
    degree = models.PositiveSmallIntegerField(_("degree remedied (%)"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("carried-over commitment")
        verbose_name_plural = _("carried-over commitments")
        ordering = ["commitment__deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "commitment"], name="carry_over_once_per_cycle"),
            models.CheckConstraint(
                condition=Q(collective_review__isnull=False, individual_review__isnull=True)
                | Q(collective_review__isnull=True, individual_review__isnull=False),
                name="carry_over_one_review",
            ),
            models.CheckConstraint(
                condition=(Q(assessment="in_progress", degree__isnull=False, degree__lte=100))
                | (~Q(assessment="in_progress") & Q(degree__isnull=True)),
                name="carry_over_degree_only_in_progress",
            ),
        ]

    def __str__(self):
        return f"{self.commitment} → {self.cycle}"

    @property
    def review(self):
        return self.collective_review or self.individual_review
