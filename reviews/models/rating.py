"""Fields shared by every rated review: scores, disqualifiers and the three rating steps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.workflow import SubmissionStatus, SubmittableModel

# Older code and other apps name the workflow status this way.
ReviewStatus = SubmissionStatus


class Discipline(models.TextChoices):
    NONE = "", _("None")
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    DISMISSAL = "dismissal", _("Dismissal from post")
    EXPULSION = "expulsion", _("Expulsion")
    DISSOLUTION = "dissolution", _("Dissolution")


# The Party Charter's forms of discipline: an organization is reprimanded, warned or dissolved; a member is
# reprimanded, warned, dismissed from a post or expelled.
ORGANIZATION_DISCIPLINES = (Discipline.NONE, Discipline.REPRIMAND, Discipline.WARNING, Discipline.DISSOLUTION)
MEMBER_DISCIPLINES = (
    Discipline.NONE,
    Discipline.REPRIMAND,
    Discipline.WARNING,
    Discipline.DISMISSAL,
    Discipline.EXPULSION,
)


class RatingStep(models.TextChoices):
    NONE = "none", _("Not rated yet")
    SELF = "self", _("Self-assessed")
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")


def text_items(text):
    """The non-empty lines of a free-text section, without list bullets: one item per line."""
    return [line.strip(" -•*+\t") for line in (text or "").splitlines() if line.strip(" -•*+\t")]


def user_indexes(prefix, *fields):
    """Indexes on who proposed and decided (and ``fields``, more of the same), for the rows that name someone.

    A cycle opens with every one of them empty: a full index would take an entry per
    new review for nothing (opening a province's cycle writes 100,000 of them per
    index). Deleting a user still finds the reviews to clear through them: ``=`` implies
    ``IS NOT NULL``.
    """
    return [
        models.Index(fields=[field], name=f"{prefix}_{field}", condition=Q(**{f"{field}__isnull": False}))
        for field in ("proposed_by", "decided_by", *fields)
    ]


def score_constraints(prefix):
    """Scores within 0–100 each and together (the rule set's own maxima are checked by the forms)."""
    return [
        models.CheckConstraint(
            condition=(Q(general_score__isnull=True) | Q(general_score__gte=0, general_score__lte=100))
            & (Q(results_score__isnull=True) | Q(results_score__gte=0, results_score__lte=100)),
            name=f"{prefix}_scores_within_bounds",
        ),
        models.CheckConstraint(
            condition=Q(general_score__isnull=True)
            | Q(results_score__isnull=True)
            | Q(general_score__lte=100 - models.F("results_score")),
            name=f"{prefix}_total_score_at_most_100",
        ),
    ]


class RatedReview(SubmittableModel):
    """A review that goes through the workflow and is rated in three steps."""

    RATING_KIND = ""  # reviews.rules.ORGANIZATION or MEMBER

    is_rated = models.BooleanField(_("rated in this cycle"), default=True)
    not_rated_reason = models.CharField(_("reason for not rating"), max_length=255, blank=True)
    general_score = models.DecimalField(
        _("general criteria score"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    results_score = models.DecimalField(_("task results score"), max_digits=4, decimal_places=1, null=True, blank=True)
    self_level = models.CharField(_("self-assessed level"), max_length=32, blank=True)
    discipline = models.CharField(
        _("discipline in the year"), max_length=16, choices=Discipline.choices, blank=True, default=Discipline.NONE
    )
    degradation_concluded = models.BooleanField(_("concluded sign of degradation"), default=False)
    proposed_level = models.CharField(_("proposed level"), max_length=32, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    decided_level = models.CharField(_("decided level"), max_length=32, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    quota_raised = models.BooleanField(_("raised quota allowed by the competent level"), default=False)
    # QĐ 366's scoring annexes: the points given to each criterion line, {criterion code: points}; the two
    # totals above are their sums (or, for imported past ratings, the only record).
    criterion_scores = models.JSONField(_("points per criterion"), default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def total_score(self):
        if self.general_score is None or self.results_score is None:
            return None
        return self.general_score + self.results_score

    @property
    def is_disqualified(self):
        return bool(self.discipline) or self.degradation_concluded

    @property
    def rating_step(self):
        if self.decided_level:
            return RatingStep.DECIDED
        if self.proposed_level:
            return RatingStep.PROPOSED
        if self.self_level:
            return RatingStep.SELF
        return RatingStep.NONE

    def computed_level(self):
        """The level the rules give: the lowest if disqualified, else the score band (None if not scored)."""
        rules = self.cycle.rules
        if self.is_disqualified:
            return rules.lowest(self.RATING_KIND)
        return rules.level_for_score(self.RATING_KIND, self.total_score)
