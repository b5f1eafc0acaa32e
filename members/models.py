"""Party members, their statuses and their membership history."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import SearchableModel

PROBATION_MONTHS = 12
MIN_PARTY_AGE_MONTHS_FOR_RATING = 6
MIN_ADMISSION_AGE = 18


def add_months(day, months):
    """``day`` moved by ``months``, clamped to the end of the target month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXCUSED = "excused", _("Excused from work and activities")
    SUSPENDED = "suspended", _("Suspended from activities")
    TEMPORARY_ELSEWHERE = "temporary_elsewhere", _("Temporary activity elsewhere")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")


class ReviewForm(models.TextChoices):
    FORM_2A = "2A", _("2A – leaders and managers")
    FORM_2B = "2B", _("2B – members working in the political system")
    FORM_2C = "2C", _("2C – members not working in the political system")


# The review form is derived from two flags (``Member.review_form``). Outside the political system
# (retired, students, private enterprise: Hướng dẫn 43-HD/BTCTW) it is 2C whatever the leader flag
# says: an enterprise's director is a manager, not a leader of the political system. Inside, a
# leader → 2A, else 2B. These are the same rule in SQL, which the filters use (``with_review_form``);
# counts grouped by the two flags read it through ``review_form`` (the dashboard).
REVIEW_FORM_CONDITIONS = {
    ReviewForm.FORM_2A: Q(is_leader=True, works_in_political_system=True),
    ReviewForm.FORM_2B: Q(is_leader=False, works_in_political_system=True),
    ReviewForm.FORM_2C: Q(works_in_political_system=False),
}


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str = ""

    def __bool__(self):
        return self.eligible


class ReviewFacts(NamedTuple):
    """What the review rules below read of a member: a cycle's opening reads only these, as plain values."""

    status: str
    status_since: datetime.date | None
    admission_date: datetime.date
    is_leader: bool
    works_in_political_system: bool


def review_form(member):
    """The review form of ``member`` (a ``Member`` or ``ReviewFacts``): 2C outside the political system whatever
    the leader flag, else 2A for a leader and 2B for the others (as ``REVIEW_FORM_CONDITIONS`` says in SQL)."""
    if not member.works_in_political_system:
        return ReviewForm.FORM_2C
    return ReviewForm.FORM_2A if member.is_leader else ReviewForm.FORM_2B


def review_eligibility(member, on_date):
    """Whether ``member`` (a ``Member`` or ``ReviewFacts``) is reviewed and rated in a cycle with reference date
    ``on_date``."""
    status_applies = member.status_since is None or member.status_since <= on_date
    if status_applies and member.status == MemberStatus.EXCUSED:
        return Eligibility(False, _("Excused from work and Party activities"))
    if status_applies and member.status == MemberStatus.SUSPENDED:
        return Eligibility(False, _("Suspended from Party activities"))
    if status_applies and member.status == MemberStatus.MOVED_OUT:
        return Eligibility(False, _("Moved out of the organization"))
    if status_applies and member.status == MemberStatus.DECEASED:
        return Eligibility(False, _("Deceased"))
    if member.admission_date > on_date:
        return Eligibility(False, _("Not yet admitted on the reference date"))
    if add_months(member.admission_date, MIN_PARTY_AGE_MONTHS_FOR_RATING) > on_date:
        return Eligibility(False, _("Admitted less than 6 months before the reference date"))
    return Eligibility(True)


class MemberQuerySet(models.QuerySet):
    """Members, or their counts (``MemberCount``), which carry the same organization and review-form columns."""

    def in_subtree(self, organization):
        return self.filter(organization__path__startswith=organization.path)

    def with_review_form(self, form):
        """Members whose derived ``review_form`` is ``form``; an unknown form filters nothing."""
        condition = REVIEW_FORM_CONDITIONS.get(form)
        return self if condition is None else self.filter(condition)


class Member(SearchableModel):
    SEARCH_FIELDS = ("full_name", "card_number")

    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    card_number = models.CharField(_("Party card number"), max_length=20, unique=True)
    citizen_id = models.CharField(_("citizen ID number"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    admission_date = models.DateField(_("admission date"))
    full_membership_date = models.DateField(_("full membership date"), null=True, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    party_position = models.CharField(_("Party position"), max_length=150, blank=True)
    government_position = models.CharField(_("government position"), max_length=150, blank=True)
    mass_organization_position = models.CharField(_("mass organization position"), max_length=150, blank=True)
    is_leader = models.BooleanField(_("holds a leadership or management post"), default=False)
    works_in_political_system = models.BooleanField(_("works in the political system"), default=False)
    status = models.CharField(_("status"), max_length=32, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(full_membership_date__isnull=True) | Q(full_membership_date__gte=F("admission_date")),
                name="member_full_membership_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(admission_date__gt=F("date_of_birth")), name="member_admitted_after_birth"
            ),
        ]
        indexes = [
            # The member list of an organization, filtered by status.
            models.Index(fields=["organization", "status"], name="member_org_status"),
            # The member list's default order (core.lists.sort: search key, then id): the first page of
            # a province's 100,000 members is read from the index instead of sorting them all.
            models.Index(fields=["search_text", "id"], name="member_search_order"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.pk])

    def clean(self):
        """Rules of a member record, each reported next to the field it concerns."""
        errors = {}
        today = timezone.localdate()
        for name in ("date_of_birth", "admission_date", "full_membership_date", "status_since"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("This date cannot be in the future.")
        admitted, born, full = self.admission_date, self.date_of_birth, self.full_membership_date
        if admitted and full and full < admitted and "full_membership_date" not in errors:
            errors["full_membership_date"] = _("The full membership date cannot be before the admission date.")
        if admitted and born and "admission_date" not in errors and add_months(born, 12 * MIN_ADMISSION_AGE) > admitted:
            errors["admission_date"] = ValidationError(
                _("A member must be at least %(age)d years old on the admission date."),
                code="too_young",
                params={"age": MIN_ADMISSION_AGE},
            )
        # isascii: "²" and "٣" are digits to isdigit(), not to a citizen ID.
        if self.citizen_id and not (
            self.citizen_id.isascii() and self.citizen_id.isdigit() and len(self.citizen_id) in (9, 12)
        ):
            errors["citizen_id"] = _("A citizen ID number has 12 digits (or 9 for an old identity card).")
        if errors:
            raise ValidationError(errors)

    @property
    def review_form(self):
        return review_form(self)

    @property
    def masked_citizen_id(self):
        if not self.citizen_id:
            return ""
        return "•" * max(len(self.citizen_id) - 3, 0) + self.citizen_id[-3:]

    def eligible_for_review(self, on_date):
        """Whether this member is reviewed and rated in a cycle with reference date ``on_date``."""
        return review_eligibility(self, on_date)

    def organization_on(self, day):
        """The organization this member belonged to on ``day`` (None if none)."""
        period = (
            self.memberships.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gt=day))
            .select_related("organization")
            .first()
        )
        return period.organization if period else None


class Membership(models.Model):
    """A period during which a member belonged to an organization."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="memberships")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["member", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")), name="membership_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["member"], condition=Q(end__isnull=True), name="membership_one_open_period"
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.organization} ({self.start}–{self.end or ''})"


class MemberCount(models.Model):
    """How many members an organization holds, per status and the two flags that make the review form.

    The dashboard counts a province's members by status and by review form from
    these rows (a few per organization) instead of 100,000 members. Database
    triggers keep them in the same statement as the members (``members.summaries``);
    ``manage.py refresh_summaries`` rebuilds them. No database constraint on the
    organization: the triggers drop a row when its last member goes.
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    status = models.CharField(_("status"), max_length=32)
    is_leader = models.BooleanField(_("holds a leadership or management post"))
    works_in_political_system = models.BooleanField(_("works in the political system"))
    total = models.IntegerField(_("members"))

    # The member list's organization, status and review-form filters narrow the counts as they do the members.
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member count")
        verbose_name_plural = _("member counts")
        constraints = [
            # The triggers' ON CONFLICT target.
            models.UniqueConstraint(
                fields=["organization", "status", "is_leader", "works_in_political_system"], name="member_count_key"
            ),
        ]

    def __str__(self):
        return f"{self.organization_id}/{self.status}/{self.is_leader}/{self.works_in_political_system}: {self.total}"


class MemberRollup(models.Model):
    """How many members lie under an organization (their organization's path today), per status and form flags.

    Kept by triggers on the members and on the organizations' paths (``members.summaries.MEMBER_ROLLUP``):
    the dashboard sums the rows of the reader's reach roots instead of one count per organization.
    """

    # No index of its own: the unique key begins with it.
    ancestor = models.ForeignKey(
        "organizations.Organization", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    status = models.CharField(_("status"), max_length=32)
    is_leader = models.BooleanField(_("holds a leadership or management post"))
    works_in_political_system = models.BooleanField(_("works in the political system"))
    total = models.IntegerField(_("members"))

    class Meta:
        verbose_name = _("member roll-up")
        verbose_name_plural = _("member roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["ancestor", "depth", "status", "is_leader", "works_in_political_system"],
                name="member_rollup_key",
            ),
        ]

    def __str__(self):
        return f"{self.ancestor_id}/{self.status}/{self.is_leader}/{self.works_in_political_system}: {self.total}"


class BodyKind(models.TextChoices):
    """The leadership collectives of a Party committee that are reviewed at their own level (Hướng dẫn 43, §2)."""

    EXECUTIVE = "executive", _("Executive Committee")
    STANDING = "standing", _("Standing Committee")


class LeadershipBody(models.Model):
    """A leadership collective of an organization: its Executive Committee (a grassroots đảng ủy) or Standing
    Committee. It is reviewed as a collective, and each of its members is reviewed there as well as at the
    chi bộ where they are active."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="leadership_bodies",
    )
    kind = models.CharField(_("kind of collective"), max_length=16, choices=BodyKind.choices)
    name = models.CharField(_("name of the collective"), max_length=200)

    class Meta:
        verbose_name = _("leadership collective")
        verbose_name_plural = _("leadership collectives")
        ordering = ["organization__path", "-kind"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="leadership_body_one_per_kind"),
        ]

    def __str__(self):
        return self.name

    def seats_on(self, day):
        """The seats held on ``day``, the head first."""
        return (
            self.seats.filter(start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gt=day))
            .select_related("member")
            .order_by("position", "member__full_name")
        )


class LeadershipSeat(models.Model):
    """A member's seat in a leadership collective, with its dates and title (Bí thư, Phó Bí thư, Ủy viên)."""

    body = models.ForeignKey(LeadershipBody, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="seats")
    title = models.CharField(_("title in the collective"), max_length=100)
    # The order the members are listed and reviewed in: the head first (Hướng dẫn 43: head, deputies, members).
    position = models.PositiveSmallIntegerField(_("order in the collective"), default=100)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat in a leadership collective")
        verbose_name_plural = _("seats in leadership collectives")
        ordering = ["body", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gt=F("start")), name="seat_end_after_start"),
            models.UniqueConstraint(
                fields=["body", "member"], condition=Q(end__isnull=True), name="seat_one_open_per_body"
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.title}, {self.body}"
