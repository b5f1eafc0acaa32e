"""The individual review (Mẫu 2A/2B/2C) with the manifestation checklist and the reviewing level's conclusion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.models.placement import PlacedRecord
from reviews.models.rating import RatedReview, score_constraints, text_items, user_indexes
from reviews.rules import MEMBER


class IndividualReview(PlacedRecord, RatedReview):
    """Mẫu 2A/2B/2C: a member's review in a cycle, kept under the organization of that time."""

    RATING_KIND = MEMBER
    SECTIONS = (
        ("strengths", _("I.1. Strengths and results")),
        ("manifestation_notes", _("I.2. Relating one's conduct to the manifestations of degradation")),
        ("weaknesses", _("II. Limitations, weaknesses and causes")),
        ("remediation_notes", _("III. Remedying earlier shortcomings")),
        ("directive_explanation", _("IV. Explanation of in-depth review items (if any)")),
        ("responsibility", _("V. Responsibility for the collective's shortcomings (if any)")),
        ("directions", _("VI. Directions and remediation measures")),
    )
    REQUIRED_SECTIONS = ("strengths", "weaknesses", "directions")

    # No index of its own: the (cycle, organization, status) index and the (cycle, member) key begin with it.
    cycle = models.ForeignKey(
        "reviews.ReviewCycle", on_delete=models.CASCADE, related_name="individual_reviews", db_index=False
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="reviews")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="individual_reviews"
    )
    form = models.CharField(_("form"), max_length=2)
    strengths = models.TextField(_("I.1. Strengths and results"), blank=True)
    manifestation_notes = models.TextField(
        _("I.2. Relating one's conduct to the manifestations of degradation"), blank=True
    )
    weaknesses = models.TextField(_("II. Limitations, weaknesses and causes"), blank=True)
    remediation_notes = models.TextField(_("III. Remedying earlier shortcomings"), blank=True)
    directive_explanation = models.TextField(_("IV. Explanation of in-depth review items (if any)"), blank=True)
    responsibility = models.TextField(_("V. Responsibility for the collective's shortcomings (if any)"), blank=True)
    directions = models.TextField(_("VI. Directions and remediation measures"), blank=True)
    # The reviewing level's conclusion (the seed's four fields).
    conclusion_strengths = models.TextField(_("strengths"), blank=True)
    conclusion_weaknesses = models.TextField(_("weaknesses"), blank=True)
    conclusion_to_supplement = models.TextField(_("items to supplement"), blank=True)
    conclusion_measures = models.TextField(_("remediation measures"), blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    # Facts the proposal records that some regimes rate by (reviews/rating.py).
    sick_leave_months = models.PositiveSmallIntegerField(_("months of sick leave in the year"), default=0)
    temporary_comments = models.TextField(_("comments of the branch of temporary activity"), blank=True)

    class Meta:
        verbose_name = _("individual review")
        verbose_name_plural = _("individual reviews")
        ordering = ["organization", "member__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "member"], name="individual_review_one_per_cycle"),
            models.CheckConstraint(condition=models.Q(form__in=["2A", "2B", "2C"]), name="individual_review_form"),
            *score_constraints("individual_review"),
        ]
        indexes = [
            # The organization board lists a cycle's reviews under an organization.
            models.Index(fields=["cycle", "organization", "status"], name="individual_review_cycle_org"),
            *user_indexes("individual_review", "concluded_by"),
        ]

    def __str__(self):
        return f"{self.member} – {self.cycle}"

    def weakness_items(self):
        return text_items(self.weaknesses)

    def concluded_weakness_items(self):
        """The weaknesses the reviewing level concluded, one per line."""
        return text_items(self.conclusion_weaknesses)

    def concluded_measure_items(self):
        """The remediation measures the reviewing level set, one per line."""
        return text_items(self.conclusion_measures)

    @property
    def is_head(self):
        """Whether the member is the secretary (head) of the organization reviewed."""
        return self.member.party_position.strip().lower().startswith("bí thư")


class ManifestationAnswer(models.Model):
    """“có / không có biểu hiện” for one manifestation in one individual review."""

    review = models.ForeignKey(IndividualReview, on_delete=models.CASCADE, related_name="answers")
    manifestation = models.ForeignKey("reviews.Manifestation", on_delete=models.PROTECT, related_name="answers")
    present = models.BooleanField(_("shows this manifestation"))

    class Meta:
        verbose_name = _("manifestation answer")
        verbose_name_plural = _("manifestation answers")
        constraints = [
            models.UniqueConstraint(fields=["review", "manifestation"], name="manifestation_answer_once"),
        ]

    def __str__(self):
        return f"{self.manifestation.label}: {self.present}"
