"""The leadership collective's review and each leader's review there, linked to the leader's review at the chi bộ.

Hướng dẫn 43-HD/BTCTW §2 (place of review): a Party committee or leadership collective is reviewed at its own
level; a member at the chi bộ where they are active; a leader "ở 2 nơi": the chi bộ and the leadership
collective where they work. The chi bộ review stays the member's ``IndividualReview`` (one per member and
cycle, counted everywhere as the member's review); the review at the collective is a ``LeaderReview`` (one per
member and collective in a cycle), so a leader has one review per place and no count of members doubles.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import SubmittableModel
from reviews.models.rating import text_items


class LeadershipReview(SubmittableModel):
    """A leadership collective's own review in a cycle (Mẫu 01 of a Ban Thường vụ, Ban Chấp hành, đảng ủy)."""

    DETAIL_URL = "reviews:leadership_detail"
    SECTIONS = (
        ("strengths", _("I. Strengths and results")),
        ("weaknesses", _("II.1. Limitations and weaknesses")),
        ("causes", _("II.2. Causes (objective and subjective)")),
        ("directive_explanation", _("IV. Explanation of in-depth review items (if any)")),
        ("responsibility", _("V. Responsibility of the collective and of individuals")),
        ("directions", _("VI. Directions and remediation measures")),
    )
    REQUIRED_SECTIONS = ("strengths", "weaknesses", "directions")

    cycle = models.ForeignKey("reviews.ReviewCycle", on_delete=models.CASCADE, related_name="leadership_reviews")
    body = models.ForeignKey(
        "members.LeadershipBody",
        verbose_name=_("leadership collective"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    # The body's organization, kept here so access (a role reaches an organization and below) reads it directly.
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(_("I. Strengths and results"), blank=True)
    weaknesses = models.TextField(_("II.1. Limitations and weaknesses"), blank=True)
    causes = models.TextField(_("II.2. Causes (objective and subjective)"), blank=True)
    directive_explanation = models.TextField(_("IV. Explanation of in-depth review items (if any)"), blank=True)
    responsibility = models.TextField(_("V. Responsibility of the collective and of individuals"), blank=True)
    directions = models.TextField(_("VI. Directions and remediation measures"), blank=True)
    # The upper level's delegation (Hướng dẫn 43 §2.2: the superior's standing committee sets up a working group
    # that attends and directs the review).
    held_on = models.DateField(_("meeting date"), null=True, blank=True)
    directed_by = models.CharField(_("upper level's representative directing the review"), max_length=200, blank=True)
    delegation = models.TextField(_("members of the upper level's working group"), blank=True)

    class Meta:
        verbose_name = _("leadership collective review")
        verbose_name_plural = _("leadership collective reviews")
        ordering = ["organization__path", "-body__kind"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "body"], name="leadership_review_one_per_cycle"),
        ]

    def __str__(self):
        return f"{self.body} – {self.cycle}"

    @property
    def notice_name(self):
        return self.body.name

    def weakness_items(self):
        return text_items(self.weaknesses)


class LeaderReview(SubmittableModel):
    """A leader's review at a leadership collective, with the collective's comments on them."""

    DETAIL_URL = "reviews:leader_detail"
    SECTIONS = (
        ("strengths", _("I. Strengths and results in the leadership post")),
        ("weaknesses", _("II. Limitations, weaknesses and causes")),
        ("directive_explanation", _("IV. Explanation of in-depth review items (if any)")),
        ("responsibility", _("V. Responsibility for the collective's shortcomings (if any)")),
        ("directions", _("VI. Directions and remediation measures")),
        ("collective_comments", _("Comments of the leadership collective")),
    )
    REQUIRED_SECTIONS = ("strengths", "weaknesses", "directions")

    leadership_review = models.ForeignKey(LeadershipReview, on_delete=models.CASCADE, related_name="leaders")
    cycle = models.ForeignKey("reviews.ReviewCycle", on_delete=models.CASCADE, related_name="leader_reviews")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="leader_reviews")
    title = models.CharField(_("title in the collective"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("order in the collective"), default=100)
    # The same leader's review at their chi bộ (none when the chi bộ is outside the cycle's committee).
    branch_review = models.ForeignKey(
        "reviews.IndividualReview",
        verbose_name=_("review at the chi bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leader_reviews",
    )
    strengths = models.TextField(_("I. Strengths and results in the leadership post"), blank=True)
    weaknesses = models.TextField(_("II. Limitations, weaknesses and causes"), blank=True)
    directive_explanation = models.TextField(_("IV. Explanation of in-depth review items (if any)"), blank=True)
    responsibility = models.TextField(_("V. Responsibility for the collective's shortcomings (if any)"), blank=True)
    directions = models.TextField(_("VI. Directions and remediation measures"), blank=True)
    collective_comments = models.TextField(
        _("Comments of the leadership collective"),
        blank=True,
        help_text=_("What the collective concluded about the comrade; the chi bộ reviews the comrade with it."),
    )

    class Meta:
        verbose_name = _("leader's review at the collective")
        verbose_name_plural = _("leaders' reviews at the collective")
        ordering = ["leadership_review", "position", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["leadership_review", "member"], name="leader_review_one_per_place"),
        ]

    def __str__(self):
        return f"{self.member} – {self.leadership_review.body}"

    @property
    def notice_name(self):
        return f"{self.member.full_name} ({self.leadership_review.body.name})"
