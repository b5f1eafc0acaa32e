"""Review cycles and the members a cycle does not review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts import access
from organizations import lineage
from reviews.models.placement import PlacedRecord
from reviews.rules import Rules

ALREADY_OPEN = _("A review cycle of this kind is already open for this year; it cannot be opened twice.")


class CycleKind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    TERM = "term", _("End of term")
    QUARTERLY = "quarterly", _("Quarterly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReviewCycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cycles of a committee the user is under or above, and cycles over every organization."""
        return access.scope_with_superiors(self.select_related("rule_set", "organization"), user)


class ReviewCycle(models.Model):
    """One review round (đợt kiểm điểm); ``reviews.services.open_cycle`` saves it and creates its reviews."""

    # An ended role reads the cycles before its end (accounts.access).
    HISTORY_DATE = "reference_date"

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=CycleKind.choices, default=CycleKind.ANNUAL)
    # Tells apart the quarters of a year or two ad hoc rounds; 1 for an annual cycle.
    number = models.PositiveSmallIntegerField(_("number in the year"), default=1)
    rule_set = models.ForeignKey(
        "reviews.RuleSet", verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="cycles"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("superior committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_cycles",
        help_text=_("The committee whose organizations are reviewed; empty for all."),
    )
    opened_on = models.DateField(_("opening date"))
    reference_date = models.DateField(_("reference date"))
    drafts_due = models.DateField(_("drafts due"), null=True, blank=True)
    meetings_due = models.DateField(_("meetings due"), null=True, blank=True)
    submissions_due = models.DateField(_("submissions due"), null=True, blank=True)
    ratings_due = models.DateField(_("ratings due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CycleStatus.choices, default=CycleStatus.OPEN)
    special_calendar = models.BooleanField(
        _("units with a special calendar"),
        default=False,
        help_text=_("Their reviews may finish by the rule set's later date in the next year."),
    )
    # The rule set as it was when the cycle opened; later edits do not reach it.
    rules_snapshot = models.JSONField(_("rules applied"), default=dict, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReviewCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "kind", "number"],
                name="review_cycle_unique_period",
                violation_error_message=ALREADY_OPEN,
            ),
            # NULL organizations are distinct to a unique constraint; a city-less cycle is still unique.
            models.UniqueConstraint(
                fields=["year", "kind", "number"],
                condition=Q(organization__isnull=True),
                name="review_cycle_unique_period_all",
                violation_error_message=ALREADY_OPEN,
            ),
        ]

    def __str__(self):
        if self.kind == CycleKind.ANNUAL:
            return f"{self.get_kind_display()} {self.year}"
        return f"{self.get_kind_display()} {self.number}/{self.year}"

    def get_absolute_url(self):
        return reverse("reviews:cycle_board", args=[self.pk])

    @property
    def rules(self):
        return Rules(self.rules_snapshot or self.rule_set.as_dict())

    @cached_property
    def changed_since(self):
        """Whether some organization has changed since the reference date: its lists sort by the names then."""
        return lineage.changed_since(self.reference_date)

    @property
    def uses_checklist(self):
        """Whether this cycle's individual reviews answer the 27-manifestation checklist (its rules, its year)."""
        return self.rules.uses_checklist_in(self.year)

    @property
    def is_open(self):
        return self.status == CycleStatus.OPEN


class NotReviewedMember(PlacedRecord):
    """A member the cycle does not review or rate, with the reason, listed for the record."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="not_reviewed")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("member not reviewed")
        verbose_name_plural = _("members not reviewed")
        ordering = ["organization", "member"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="not_reviewed_member_once_per_cycle"),
        ]

    def __str__(self):
        return f"{self.member}: {self.reason}"
