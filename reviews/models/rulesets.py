"""Rule sets (one per regime) and the catalogue of the 27 manifestations; both data city staff edit."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reviews.rules import Rules


class LeaderReviewOrder(models.TextChoices):
    """Where a leader is reviewed first: the chi bộ then the leadership collective, or the other way round."""

    COLLECTIVE_FIRST = "collective_first", _("Leadership collective first, then the chi bộ (which sees its comments)")
    BRANCH_FIRST = "branch_first", _("Chi bộ first, then the leadership collective (which sees its comments)")


class RuleSet(models.Model):
    """The rules of one regime (HD 27, QĐ 132, QĐ 124, QĐ 366); a cycle keeps the one it opened with.

    Levels are lists of ``{"code", "label", "min_score"}``, best first: the
    first is the capped top level, the second the level the quota counts
    against, the last the level a disqualifier forces. ``min_score`` is the
    lower bound of the level's band where the regime scores.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    organization_levels = models.JSONField(_("organization levels"), default=list, blank=True)
    member_levels = models.JSONField(_("member levels"), default=list, blank=True)
    uses_scores = models.BooleanField(_("rates with a 100-point score"), default=False)
    general_max = models.PositiveSmallIntegerField(_("maximum for general criteria"), default=30)
    results_max = models.PositiveSmallIntegerField(_("maximum for task results"), default=70)
    quota_percent = models.PositiveSmallIntegerField(_("top level quota (%)"), default=20)
    quota_percent_raised = models.PositiveSmallIntegerField(_("raised top level quota (%)"), default=25)
    uses_checklist = models.BooleanField(_("uses the 27-manifestation checklist"), default=False)
    # The checklist exists only from Resolution 4-NQ/TW (30/10/2016): a regime spanning that date uses it
    # in some of its years only. Empty: every year of the regime.
    checklist_first_year = models.PositiveSmallIntegerField(_("checklist from (year)"), null=True, blank=True)
    checklist_last_year = models.PositiveSmallIntegerField(_("checklist until (year)"), null=True, blank=True)
    leader_review_order = models.CharField(
        _("order of a leader's two reviews"),
        max_length=24,
        choices=LeaderReviewOrder.choices,
        default=LeaderReviewOrder.COLLECTIVE_FIRST,
    )
    finish_month = models.PositiveSmallIntegerField(_("finish by (month)"), default=12)
    finish_day = models.PositiveSmallIntegerField(_("finish by (day)"), default=31)
    special_finish_month = models.PositiveSmallIntegerField(_("special units finish by (month, next year)"), default=1)
    special_finish_day = models.PositiveSmallIntegerField(_("special units finish by (day)"), default=15)
    draft_notice_working_days = models.PositiveSmallIntegerField(
        _("working days between sharing the draft and the meeting"), default=3
    )
    # The codes printed in the corner of the regime's forms (e.g. "Mẫu 01-HD KĐ.ĐG 2025").
    form_code_01 = models.CharField(_("code of the collective form (01)"), max_length=64, blank=True)
    form_code_2a = models.CharField(_("code of form 2A"), max_length=64, blank=True)
    form_code_2b = models.CharField(_("code of form 2B"), max_length=64, blank=True)
    form_code_2c = models.CharField(_("code of form 2C"), max_length=64, blank=True)
    # Organization rating rules that differ between regimes (reviews/rating.py reads them).
    top_level_caps = models.BooleanField(
        _("no top level for an organization with disciplined members or a subordinate at the lowest level"),
        default=False,
    )
    weak_triggers = models.BooleanField(_("“yếu kém” triggers of Hướng dẫn 27 apply"), default=False)
    raised_quota_allowed = models.BooleanField(_("the competent level may raise the quota"), default=False)
    order_enforced = models.BooleanField(
        _("members and subordinate organizations must be rated before the organization above"), default=False
    )
    new_members_write_review = models.BooleanField(
        _("members admitted less than 6 months ago write a review without being rated"), default=False
    )
    sick_leave_cap_months = models.PositiveSmallIntegerField(
        _("months of sick leave from which the member cannot be rated above “completed”"), null=True, blank=True
    )
    temporary_comments_required = models.BooleanField(
        _("a member with temporary activity elsewhere needs the temporary branch's comments"), default=False
    )
    submission_month = models.PositiveSmallIntegerField(
        _("review files sent up by (month, next year)"), null=True, blank=True
    )
    submission_day = models.PositiveSmallIntegerField(_("review files sent up by (day)"), null=True, blank=True)
    # The scoring annexes: {annex: {"title", "general": [{"code", "text", "max"}], "results": [...]}}.
    criteria = models.JSONField(_("scoring criteria"), default=dict, blank=True)
    # The title the regime gives each individual form (who writes it): a regime without a form of its own for
    # members outside the political system names the form they use.
    form_title_2a = models.CharField(_("title of form 2A"), max_length=200, blank=True)
    form_title_2b = models.CharField(_("title of form 2B"), max_length=200, blank=True)
    form_title_2c = models.CharField(_("title of form 2C"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quota_percent__lte=100) & Q(quota_percent_raised__gte=F("quota_percent")),
                name="ruleset_quota_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(general_max__lte=100) & Q(results_max__lte=100),
                name="ruleset_score_maxima_within_bounds",
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="ruleset_last_year_after_first",
            ),
        ]

    def __str__(self):
        return self.name

    DATA_FIELDS = (
        "code",
        "name",
        "organization_levels",
        "member_levels",
        "uses_scores",
        "general_max",
        "results_max",
        "quota_percent",
        "quota_percent_raised",
        "uses_checklist",
        "checklist_first_year",
        "checklist_last_year",
        "leader_review_order",
        "finish_month",
        "finish_day",
        "special_finish_month",
        "special_finish_day",
        "draft_notice_working_days",
        "form_code_01",
        "form_code_2a",
        "form_code_2b",
        "form_code_2c",
        "top_level_caps",
        "weak_triggers",
        "raised_quota_allowed",
        "order_enforced",
        "new_members_write_review",
        "sick_leave_cap_months",
        "temporary_comments_required",
        "submission_month",
        "submission_day",
        "criteria",
        "form_title_2a",
        "form_title_2b",
        "form_title_2c",
    )

    def as_dict(self):
        return {name: getattr(self, name) for name in self.DATA_FIELDS}

    @property
    def rules(self):
        return Rules(self.as_dict())

    @classmethod
    def for_year(cls, year):
        return (
            cls.objects.filter(first_year__lte=year)
            .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
            .order_by("-first_year")
            .first()
        )


class ManifestationGroup(models.TextChoices):
    POLITICAL = "I", _("I. Degradation in political ideology")
    ETHICS = "II", _("II. Degradation in ethics and lifestyle")
    SELF_EVOLUTION = "III", _("III. “Self-evolution” and “self-transformation”")


class Manifestation(models.Model):
    """One of the 27 manifestations of Resolution 4 (XII); wording is data, corrected by city staff."""

    group = models.CharField(_("group"), max_length=3, choices=ManifestationGroup.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("wording"))
    gloss = models.TextField(_("English gloss"), blank=True)
    verified = models.BooleanField(
        _("wording verified"), default=False, help_text=_("Unticked: the wording is a drafted label, not official.")
    )
    source = models.TextField(_("source"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("manifestation")
        verbose_name_plural = _("manifestations")
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="manifestation_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=9), name="manifestation_number_1_to_9"),
        ]

    def __str__(self):
        return f"{self.group}.{self.number} {self.text[:60]}"

    @property
    def label(self):
        return f"{self.group}.{self.number}"
