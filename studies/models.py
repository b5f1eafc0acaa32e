"""Resolution study (học tập, quán triệt): plans, the sessions each organization held, attendance, essays.

A committee issues a study plan for a document of the register (a resolution, a
directive, a regulation) over a sub-tree of organizations, for a period and in a
form. Each organization records the sessions it held and who attended them;
members excused or absent are recorded too. Essays (bài thu hoạch) are asked only
of the members the plan's rule names: by default the office-holders, as the Nam
Định City Standing Committee recommended in 2018 ("việc viết các bài thu hoạch
... chỉ nên giành cho đảng viên đương chức"); ordinary members, above all the
elderly in residential areas, study in another form and are not asked.

The records are keyed by what the national "Sổ tay đảng viên điện tử" carries
for a member and a document (the Party card number, the document's number and
symbol), so the exports line up with its resolution-study records.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.lookups import StartsWith
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import access
from core.models import SearchableModel
from members.models import MemberStatus

# The kinds of essay file accepted, checked by content (``core.uploads.validate_upload``).
ESSAY_FILE_KINDS = ("pdf", "docx", "png", "jpeg")
# Who studies: members taking part in activities. Excused, suspended, moved-out and deceased members do not.
STUDYING_STATUSES = (MemberStatus.ACTIVE,)


def in_line_with(path, via):
    """Rows whose organization (``via``) is at, above or below the organization of ``path`` (a value or an
    expression): the plans a ward studies under, the review cycles over a plan's organizations."""
    above = StartsWith(path if hasattr(path, "resolve_expression") else Value(path), F(f"{via}__path"))
    return Q(above) | Q(**{f"{via}__path__startswith": path})


class StudyForm(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    ONLINE = "online", _("Online")
    CELL_MEETING = "cell_meeting", _("At the Party cell meeting")
    SELF_STUDY = "self_study", _("Self-study with the materials")


class EssayRule(models.TextChoices):
    OFFICE_HOLDERS = "office_holders", _("Office-holders only")
    EVERYONE = "everyone", _("Every member studying")
    NOBODY = "nobody", _("No essay")


# A government or mass-organization post counts as an office when it starts with one of these (a plan's
# ``office_titles``, edited per plan): heads and deputies. Party posts (cấp ủy) and the "leadership or
# management post" flag count without a title. "Trưởng ban" is left out on purpose: in a residential area it
# is the head of the Front's work committee, often an elderly member the recommendation would spare.
DEFAULT_OFFICE_TITLES = (
    "Bí thư",
    "Phó Bí thư",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Phó Giám đốc",
    "Thủ trưởng",
    "Phó Thủ trưởng",
    "Hiệu trưởng",
    "Phó Hiệu trưởng",
    "Chỉ huy trưởng",
    "Phó Chỉ huy trưởng",
    "Chánh",
    "Phó Chánh",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Trưởng Công an",
    "Phó Trưởng Công an",
    "Trưởng bộ phận",
    "Phó Trưởng bộ phận",
    "Trưởng khoa",
    "Phó Trưởng khoa",
)


def default_office_titles():
    return "\n".join(DEFAULT_OFFICE_TITLES)


class StudyPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans over the user's reach or over a committee above it: what a ward studies is often the city's plan."""
        return access.scope_with_superiors(self, user, via="applies_to")


class StudyPlan(SearchableModel):
    """Kế hoạch học tập, quán triệt: one document studied over a sub-tree, for a period."""

    SEARCH_FIELDS = ("title", "document")

    title = models.CharField(_("plan title"), max_length=255)
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("document studied"), on_delete=models.PROTECT, related_name="study_plans"
    )
    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("issuing committee"),
        on_delete=models.PROTECT,
        related_name="issued_study_plans",
    )
    applies_to = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organizations studying"),
        on_delete=models.PROTECT,
        related_name="study_plans",
        help_text=_("The organization whose whole sub-tree studies; the issuing committee when left empty."),
    )
    form = models.CharField(
        pgettext_lazy("study", "form"), max_length=16, choices=StudyForm.choices, default=StudyForm.CONFERENCE
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    essay_rule = models.CharField(
        _("who writes an essay"), max_length=16, choices=EssayRule.choices, default=EssayRule.OFFICE_HOLDERS
    )
    office_titles = models.TextField(
        _("government and mass-organization posts that count as offices"),
        default=default_office_titles,
        blank=True,
        help_text=_(
            "One title per line; a post starting with one of them is an office. Party posts and the "
            "“leadership or management post” flag always count."
        ),
    )
    essay_deadline = models.DateField(_("essays due"), null=True, blank=True)
    essays_assessed = models.BooleanField(_("essays are assessed"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StudyPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="study_plan_ends_after_start"),
            models.CheckConstraint(
                condition=Q(essay_rule=EssayRule.NOBODY) | Q(essay_deadline__isnull=False),
                name="study_plan_essays_have_a_deadline",
            ),
            models.CheckConstraint(
                condition=Q(essay_deadline__isnull=True) | Q(essay_deadline__gte=F("starts_on")),
                name="study_plan_essays_due_after_start",
            ),
        ]
        indexes = [
            # The dashboard counts a year's plans by the month they start.
            models.Index(fields=["starts_on"], name="study_plan_starts_on"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("studies:plan", args=[self.pk])

    @property
    def asks_essays(self):
        return self.essay_rule != EssayRule.NOBODY

    def office_title_list(self):
        return [line.strip() for line in self.office_titles.splitlines() if line.strip()]

    def essay_condition(self):
        """The members this plan asks for an essay, as a condition on ``Member`` (the one place of the rule)."""
        if self.essay_rule == EssayRule.EVERYONE:
            return Q()
        if self.essay_rule == EssayRule.NOBODY:
            return Q(pk__in=[])
        condition = Q(is_leader=True) | ~Q(party_position="")
        for title in self.office_title_list():
            condition |= Q(government_position__istartswith=title) | Q(mass_organization_position__istartswith=title)
        return condition


class StudySession(models.Model):
    """A session an organization held for a plan (buổi học tập, quán triệt)."""

    plan = models.ForeignKey(StudyPlan, verbose_name=_("study plan"), on_delete=models.CASCADE, related_name="sessions")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    held_on = models.DateField(_("date held"))
    form = models.CharField(
        pgettext_lazy("study", "form"), max_length=16, choices=StudyForm.choices, default=StudyForm.CONFERENCE
    )
    speaker = models.CharField(
        _("speaker from the upper level"),
        max_length=255,
        blank=True,
        help_text=_("Name and post of the reporter sent by the upper level, if any."),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # The plan page and the lists count a plan's sessions per organization; the dashboard by month.
            models.Index(fields=["plan", "organization"], name="study_session_plan_org"),
            models.Index(fields=["held_on"], name="study_session_held_on"),
        ]

    def __str__(self):
        return f"{self.organization} – {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("studies:session", args=[self.pk])


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Whether one member attended one session; an excused absence carries its reason."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="study_attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "member__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once_per_session"),
            models.CheckConstraint(
                condition=~Q(status=AttendanceStatus.EXCUSED) | ~Q(reason=""), name="attendance_excused_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["member", "session"], name="attendance_member_session")]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"


class EssayStatus(models.TextChoices):
    OWED = "owed", _("Owed")
    RECEIVED = "received", _("Received")
    ASSESSED = "assessed", _("Assessed")


HANDED_IN = (EssayStatus.RECEIVED, EssayStatus.ASSESSED)


class EssayGrade(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Not passed")


def _essay_path(instance, filename):
    # A random name: the file name the member gave is kept in ``file_name``, never used on disk.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"studies/essays/{instance.plan_id}/{uuid.uuid4().hex}{suffix}"


class Essay(models.Model):
    """A study essay (bài thu hoạch) a plan asks of one member: owed, then received, then assessed."""

    plan = models.ForeignKey(StudyPlan, verbose_name=_("study plan"), on_delete=models.CASCADE, related_name="essays")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("Party member"), on_delete=models.PROTECT, related_name="study_essays"
    )
    # The member's organization when the essay was asked: who collects it, and whose reach sees it.
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    # Where it was asked when that organization has ended and handed it over (``services.hand_over_essays``):
    # the successor collects it, the record still says which organization asked it. Empty otherwise.
    origin_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("asked at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=8, choices=EssayStatus.choices, default=EssayStatus.OWED)
    text = models.TextField(_("essay text"), blank=True)
    file = models.FileField(_("essay file"), upload_to=_essay_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_kind = models.CharField(_("file type"), max_length=8, blank=True)
    submitted_on = models.DateField(_("handed in on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    grade = models.CharField(_("assessment"), max_length=8, choices=EssayGrade.choices, blank=True)
    assessment = models.TextField(_("assessment comments"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("study essay")
        verbose_name_plural = _("study essays")
        ordering = ["organization__path", "member__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="essay_once_per_plan_and_member"),
            models.CheckConstraint(
                condition=Q(status=EssayStatus.OWED) | Q(submitted_on__isnull=False), name="essay_handed_in_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status=EssayStatus.ASSESSED) | ~Q(grade=""), name="essay_assessed_has_grade"
            ),
            models.CheckConstraint(
                condition=~Q(origin_organization=F("organization")), name="essay_origin_is_another_organization"
            ),
        ]
        indexes = [
            # The reminder sweep and the lists read a plan's essays by status.
            models.Index(fields=["status", "plan"], name="essay_status_plan"),
        ]

    def __str__(self):
        return f"{self.member} – {self.plan}"

    def get_absolute_url(self):
        return reverse("studies:essay", args=[self.pk])

    @property
    def is_handed_in(self):
        return self.status in HANDED_IN
