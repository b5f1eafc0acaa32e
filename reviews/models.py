"""Annual review cycles, the rule sets they follow, collective and individual reviews.

The foundation ships the skeleton that other apps point at; the review-cycle
work fills in sections, ratings and the submission workflow.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    """The rules of one regime (HD 27, QĐ 132, QĐ 124, QĐ 366); a cycle keeps the one it opened with."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["first_year"]

    def __str__(self):
        return self.name


class CycleKind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    TERM = "term", _("End of term")
    QUARTERLY = "quarterly", _("Quarterly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReviewCycle(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=CycleKind.choices, default=CycleKind.ANNUAL)
    rule_set = models.ForeignKey(RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="cycles")
    opened_on = models.DateField(_("opening date"))
    reference_date = models.DateField(_("reference date"))
    status = models.CharField(_("status"), max_length=16, choices=CycleStatus.choices, default=CycleStatus.OPEN)

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=models.Q(kind="annual"),
                name="review_cycle_one_annual_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


class CollectiveReview(models.Model):
    """Mẫu 01: an organization's review in a cycle."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="collective_reviews")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="collective_reviews"
    )
    status = models.CharField(_("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)

    class Meta:
        verbose_name = _("collective review")
        verbose_name_plural = _("collective reviews")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "organization"], name="collective_review_one_per_cycle"),
        ]

    def __str__(self):
        return f"{self.organization} – {self.cycle}"


class IndividualReview(models.Model):
    """Mẫu 2A/2B/2C: a member's review in a cycle, kept under the organization of that time."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="individual_reviews")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="reviews")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="individual_reviews"
    )
    form = models.CharField(_("form"), max_length=2)
    status = models.CharField(_("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)

    class Meta:
        verbose_name = _("individual review")
        verbose_name_plural = _("individual reviews")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="individual_review_one_per_cycle"),
        ]

    def __str__(self):
        return f"{self.member} – {self.cycle}"
