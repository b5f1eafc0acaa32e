"""The collective review (Mẫu 01) and its meeting record.

Section III (earlier shortcomings) is the owner's commitments carried over by
``commitments.services.carry_over``; section IV is the directive explanation
items of ``directives``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reviews.models.placement import PlacedRecord
from reviews.models.rating import RatedReview, score_constraints, text_items, user_indexes
from reviews.rules import ORGANIZATION, working_days_between


class CollectiveReview(PlacedRecord, RatedReview):
    """Mẫu 01: an organization's review in a cycle."""

    RATING_KIND = ORGANIZATION
    SECTIONS = (
        ("strengths", _("I. Strengths and results")),
        ("weaknesses", _("II.1. Limitations and weaknesses")),
        ("causes", _("II.2. Causes (objective and subjective)")),
        ("remediation_notes", _("III. Remedying earlier shortcomings: difficulties and responsibility")),
        ("responsibility", _("V. Responsibility of the collective and of individuals")),
        ("directions", _("VI. Directions and remediation measures")),
    )
    REQUIRED_SECTIONS = ("strengths", "weaknesses", "responsibility", "directions")

    # No index of its own: the (cycle, organization) key and the (cycle, status) index begin with it.
    cycle = models.ForeignKey(
        "reviews.ReviewCycle", on_delete=models.CASCADE, related_name="collective_reviews", db_index=False
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="collective_reviews"
    )
    strengths = models.TextField(_("I. Strengths and results"), blank=True)
    weaknesses = models.TextField(
        _("II.1. Limitations and weaknesses"), blank=True, help_text=_("One limitation per line.")
    )
    causes = models.TextField(_("II.2. Causes (objective and subjective)"), blank=True)
    remediation_notes = models.TextField(
        _("III. Remedying earlier shortcomings: difficulties and responsibility"), blank=True
    )
    responsibility = models.TextField(_("V. Responsibility of the collective and of individuals"), blank=True)
    directions = models.TextField(_("VI. Directions and remediation measures"), blank=True)
    # Sections pre-filled from last year's text and not edited since.
    copied_sections = models.JSONField(_("sections copied from last year"), default=list, blank=True)
    # The facts Hướng dẫn 27's "yếu kém" triggers name, recorded with the proposal (reviews/rating.py).
    leadership_disunity = models.BooleanField(_("disunity in the Party committee"), default=False)
    corruption_discipline = models.BooleanField(_("a member disciplined for corruption or degradation"), default=False)
    government_rated_lowest = models.BooleanField(
        _("the same-level government rated at the lowest level"), default=False
    )
    mass_organizations_rated_lowest = models.PositiveSmallIntegerField(
        _("mass organizations rated at the lowest level"), default=0
    )

    class Meta:
        verbose_name = _("collective review")
        verbose_name_plural = _("collective reviews")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "organization"], name="collective_review_one_per_cycle"),
            *score_constraints("collective_review"),
        ]
        indexes = [
            # The cycle board counts and filters a cycle's reviews by status.
            models.Index(fields=["cycle", "status"], name="collective_review_cycle_status"),
            *user_indexes("collective_review"),
        ]

    def __str__(self):
        return f"{self.organization} – {self.cycle}"

    def weakness_items(self):
        """Section II, one limitation per line: the shortcomings the review concludes."""
        return text_items(self.weaknesses)

    def direction_items(self):
        """Section VI, one measure per line: the remediation measures the review proposes."""
        return text_items(self.directions)


class MeetingRecord(models.Model):
    """The review meeting of a collective review: who came, who from above attended, the minutes."""

    review = models.OneToOneField(CollectiveReview, on_delete=models.CASCADE, related_name="meeting")
    held_on = models.DateField(_("meeting date"))
    draft_shared_on = models.DateField(_("draft shared with participants on"), null=True, blank=True)
    attendees_expected = models.PositiveIntegerField(_("participants expected"), default=0)
    attendees_present = models.PositiveIntegerField(_("participants present"), default=0)
    attendees = models.TextField(_("attendees"), blank=True)
    standing_member = models.CharField(_("standing member in charge attending"), max_length=150, blank=True)
    board_representatives = models.TextField(_("Party-building board representatives attending"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendees_present__lte=models.F("attendees_expected")) | Q(attendees_expected=0),
                name="meeting_present_at_most_expected",
            ),
            models.CheckConstraint(
                condition=Q(draft_shared_on__isnull=True) | Q(draft_shared_on__lte=models.F("held_on")),
                name="meeting_draft_shared_before_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.review} – {self.held_on}"

    def notice_warning(self, required_days):
        """A warning text when the draft was not shared ``required_days`` working days before; else ''."""
        if self.draft_shared_on is None:
            return _("The date the draft was shared is not recorded.")
        days = working_days_between(self.draft_shared_on, self.held_on)
        if days < required_days:
            return _(
                "The draft was shared only %(days)s working day(s) before the meeting; at least %(required)s are "
                "required."
            ) % {"days": days, "required": required_days}
        return ""
