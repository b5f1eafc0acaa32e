"""In-depth review directives (gợi ý kiểm điểm), explanation reports and conclusions.

A directive is proposed (by the Inspection Committee or city staff), issued on
behalf of the Standing Committee (then it is read-only and registered as a
document) and may be revoked with a reason. Each target organization answers
with one explanation report, item by item; the same item rows are section IV
of its collective review. City staff or the Inspection Committee then write a
conclusion per organization, whose shortcomings become remediation commitments.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.models import SearchableModel
from core.workflow import SubmissionStatus, SubmittableModel

# The states of an explanation report the organization still owes: reminded of, and overdue after the deadline.
# A submitted report waits for the city's decision; an accepted one is done: neither is overdue.
OWED_STATES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class ContentItem(models.Model):
    """An entry of the editable catalogue of directive content items."""

    title = models.CharField(_("title"), max_length=300, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered in new proposals"), default=True)

    class Meta:
        verbose_name = _("content item")
        verbose_name_plural = _("content item catalogue")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title


class TriggerReason(models.TextChoices):
    """Why a collective or individual needs an in-depth review (QĐ 366 Art. 6.2.3)."""

    VIOLATION_SIGNS = "violation_signs", _("Signs of violations")
    PUBLIC_CONCERN = "public_concern", _("Issues drawing public concern")
    COMPLAINTS = "complaints", _("Complaints or denunciations")
    DISUNITY = "disunity", _("Internal disunity")
    CORRUPTION = "corruption", _("Group interests, corruption or degradation")
    SUBORDINATES_DISCIPLINED = "subordinates_disciplined", _("Subordinates disciplined or prosecuted")
    STAGNATION = "stagnation", _("Stagnation")


class DirectiveStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


class DirectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Directives of an issuer in the user's reach, and issued ones aimed at an organization in it.

        A ward secretary never sees proposals, only what was issued to the ward.
        """
        by_issuer = access.scope(Directive.objects.all(), user, via="issuer").values("pk")
        by_target = access.scope(DirectiveTarget.objects.all(), user, via="organization").values("directive_id")
        return self.filter(
            Q(pk__in=by_issuer) | Q(pk__in=by_target, status__in=[DirectiveStatus.ISSUED, DirectiveStatus.REVOKED])
        )


class Directive(SearchableModel):
    # An ended role (or a predecessor) reads it while its cycle came before the end (accounts.access.history).
    HISTORY_DATE = "cycle__reference_date"
    SEARCH_FIELDS = ("title", "number")

    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("issuing committee"),
        on_delete=models.PROTECT,
        related_name="issued_directives",
    )
    cycle = models.ForeignKey(
        "reviews.ReviewCycle", verbose_name=_("review cycle"), on_delete=models.PROTECT, related_name="directives"
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=DirectiveStatus.choices, default=DirectiveStatus.PROPOSED
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    reason_details = models.TextField(_("details of the reasons"), blank=True)
    target_members = models.ManyToManyField(
        "members.Member", verbose_name=_("individuals to review in depth"), blank=True, related_name="directives"
    )
    basis_documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("based on"), blank=True, related_name="governed_directives"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    # Set when issued; the issued text is then frozen.
    number = models.CharField(_("number and symbol"), max_length=64, blank=True)
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("registered as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_directive",
    )
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("issued by")
    )
    report_deadline = models.DateField(_("deadline for the explanation report"), null=True, blank=True)
    review_days = models.PositiveSmallIntegerField(_("duration of the review (days)"), null=True, blank=True)
    standing_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("standing member in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives_in_charge",
    )
    board_representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives of the Party-building boards"),
        blank=True,
        related_name="directives_attended",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("revoked by")
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("in-depth review directive")
        verbose_name_plural = _("in-depth review directives")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed") | (Q(issued_on__isnull=False) & Q(report_deadline__isnull=False)),
                name="directive_issued_has_date_and_deadline",
            ),
            models.CheckConstraint(
                condition=Q(report_deadline__isnull=True) | Q(report_deadline__gte=F("issued_on")),
                name="directive_deadline_not_before_issue",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revoke_reason=""), name="directive_revoked_has_reason"
            ),
        ]
        indexes = [
            # The cycle overview lists a cycle's directives by status.
            models.Index(fields=["cycle", "status"], name="directive_cycle_status"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("directives:detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == DirectiveStatus.PROPOSED

    def reason_labels(self):
        labels = dict(TriggerReason.choices)
        return [labels.get(code, code) for code in self.reasons]

    def days_to_deadline(self, today=None):
        """Days left until the report deadline (negative when overdue), None before issue."""
        if not self.report_deadline:
            return None
        return (self.report_deadline - (today or timezone.localdate())).days

    def days_to_deadline_if_owed(self, reports, today=None):
        """``days_to_deadline()`` while one of ``reports`` is still owed by an issued directive, else None.

        The deadline is the target organizations': once their reports are in (or the
        directive is revoked), nothing is overdue and no countdown is shown.
        """
        if self.status != DirectiveStatus.ISSUED or not any(report.is_owed for report in reports):
            return None
        return self.days_to_deadline(today)


class DirectiveItem(models.Model):
    """One content item of a directive: picked from the catalogue or written free."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="items")
    catalogue_item = models.ForeignKey(
        ContentItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="directive_items"
    )
    text = models.TextField(_("content item"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("directive content item")
        verbose_name_plural = _("directive content items")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def key(self):
        """The section key of this item in the explanation workflow (return reasons, versions)."""
        return f"item-{self.pk}"


# --- one answer per organization the directive named -----------------------------------------------------------
#
# A target, its explanation report and its conclusion belong to ``organization`` (who answers now) and keep
# ``origin_organization`` (the one the directive named) once a restructuring handed them to a successor. Two
# wards named by one directive and merged into one successor stay two targets there, each with its own report
# and conclusion: each ward was named for its own reasons and members, its report may be at another step than
# the other's, and a conclusion's shortcomings must say whose they were. So each is unique per directive,
# organization and origin, an original (no origin) once per directive and organization.


def named_organization():
    """The organization the directive named: the origin if the row was handed over, else its own organization."""
    return Coalesce(F("origin_organization"), F("organization"))


def _once_per_named_organization(name):
    """The two constraints of a row that answers for one named organization (NULL origins are distinct in SQL)."""
    return [
        models.UniqueConstraint(
            fields=["directive", "organization"], condition=Q(origin_organization__isnull=True), name=name
        ),
        models.UniqueConstraint(
            fields=["directive", "organization", "origin_organization"],
            condition=Q(origin_organization__isnull=False),
            name=f"{name}_per_origin",
        ),
    ]


class AnswersForNamed(models.Model):
    """A row answering a directive for the organization it named, possibly through a successor."""

    # Set when the named organization ended and handed its open explanation to a successor
    # (``organization`` is then the successor): the one the directive named.
    origin_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("named in the directive"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def answer_key(self):
        """``(organization id, named organization id)``: pairs a target with its report and conclusion."""
        return self.organization_id, self.origin_organization_id or self.organization_id

    def same_answer(self):
        """Filter arguments for the rows of the same directive answering for the same named organization."""
        # ``origin_organization_id=None`` is an IS NULL in Django's lookups.
        return {
            "directive_id": self.directive_id,
            "organization_id": self.organization_id,
            "origin_organization_id": self.origin_organization_id,
        }


def _same_answer_as_outer():
    """A subquery's rows answering for the outer row's directive and named organization (NULL-safe)."""
    return Q(directive=OuterRef("directive"), organization=OuterRef("organization")) & Q(
        named=Coalesce(OuterRef("origin_organization"), OuterRef("organization"))
    )


# The states a target is counted and filtered by (dashboard numbers, the cycle overview's ``state`` filter):
# its explanation report's status, no report yet, or concluded (see ``DirectiveTargetQuerySet.with_outcome``).
NO_REPORT = "none"
CONCLUDED = "concluded"


def target_state_conditions():
    """{state: condition on targets ``with_outcome()``}: no report, each report status, concluded."""
    conditions = {NO_REPORT: Q(report_status__isnull=True)}
    conditions |= {status: Q(report_status=status) for status in SubmissionStatus.values}
    # Through the text: Django drops an Exists annotation used only in an aggregate filter (5.2).
    conditions[CONCLUDED] = Q(conclusion_text__isnull=False)
    return conditions


class DirectiveTargetQuerySet(models.QuerySet):
    def with_outcome(self):
        """Targets with their explanation report's status and pk and their conclusion's state and text."""
        reports = ExplanationReport.objects.alias(named=named_organization()).filter(_same_answer_as_outer()).order_by()
        conclusions = Conclusion.objects.alias(named=named_organization()).filter(_same_answer_as_outer())
        return self.annotate(
            report_status=Subquery(reports.values("status")[:1]),
            report_pk=Subquery(reports.values("pk")[:1]),
            concluded=Exists(conclusions),
            redo_required=Exists(conclusions.filter(redo_required=True)),
            conclusion_text=Subquery(conclusions.values("text")[:1]),
        )

    def in_state(self, state):
        """Targets ``with_outcome()`` in ``state`` (a key of ``target_state_conditions()``); all for an unknown one."""
        condition = target_state_conditions().get(state)
        return self.with_outcome().filter(condition) if condition is not None else self


class DirectiveTarget(AnswersForNamed):
    """A collective named by a directive, with the first time its secretary opened it."""

    # An ended role (or a predecessor) reads it while its cycle came before the end (accounts.access.history).
    HISTORY_DATE = "directive__cycle__reference_date"

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="targets")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="directive_targets",
    )
    # Why this collective in particular: read by this target and the issuer's side only,
    # never by the other targets (services.part_seen_by).
    reason_details = models.TextField(_("details of the reasons for this collective"), blank=True)
    read_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DirectiveTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive target")
        verbose_name_plural = _("directive targets")
        ordering = ["organization__name", "pk"]
        constraints = _once_per_named_organization("directive_target_unique")

    def __str__(self):
        return f"{self.directive} → {self.organization}"


class ExplanationReport(AnswersForNamed, SubmittableModel):
    """A target organization's explanation report; its rows are ``ExplanationItem``."""

    # An ended role (or a predecessor) reads it while its cycle came before the end (accounts.access.history).
    HISTORY_DATE = "directive__cycle__reference_date"

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="explanation_reports",
    )

    class Meta:
        verbose_name = _("explanation report")
        verbose_name_plural = _("explanation reports")
        ordering = ["organization__name", "pk"]
        constraints = _once_per_named_organization("explanation_report_unique")

    def __str__(self):
        return f"{self.organization} – {self.directive}"

    def get_absolute_url(self):
        return reverse("directives:report", args=[self.pk])

    @property
    def is_owed(self):
        return self.status in OWED_STATES

    def ordered_items(self):
        return self.items.select_related("directive_item").order_by("directive_item__position", "directive_item_id")

    # The workflow's hooks, answered from the item rows instead of fields of the report.
    def snapshot(self):
        return {item.directive_item.key: item.snapshot() for item in self.ordered_items().prefetch_related("people")}

    def missing_sections(self):
        return [item.directive_item.text for item in self.ordered_items() if not item.head_responsibility.strip()]

    def changes_since_last_version(self):
        previous = self.last_version()
        old = previous.snapshot if previous else {}
        return [(key, old.get(key), new) for key, new in self.snapshot().items() if old.get(key) != new]


class ExplanationItem(models.Model):
    """The answer to one content item: section IV of the collective review reads these rows."""

    report = models.ForeignKey(ExplanationReport, on_delete=models.CASCADE, related_name="items")
    directive_item = models.ForeignKey(DirectiveItem, on_delete=models.CASCADE, related_name="answers")
    facts = models.TextField(_("facts"), blank=True)
    objective_causes = models.TextField(_("objective causes"), blank=True)
    subjective_causes = models.TextField(_("subjective causes"), blank=True)
    collective_responsibility = models.TextField(_("responsibility of the collective"), blank=True)
    head_responsibility = models.TextField(_("responsibility of the head"), blank=True)

    TEXT_FIELDS = ("facts", "objective_causes", "subjective_causes", "collective_responsibility", "head_responsibility")

    class Meta:
        verbose_name = _("explanation item")
        verbose_name_plural = _("explanation items")
        constraints = [
            models.UniqueConstraint(fields=["report", "directive_item"], name="explanation_item_unique"),
        ]

    def __str__(self):
        return str(self.directive_item)

    def snapshot(self):
        data = {name: getattr(self, name) for name in self.TEXT_FIELDS}
        data["people"] = [[person.member_id, person.member_name, person.text] for person in self.people.all()]
        return data


class IndividualResponsibility(models.Model):
    """A named member's responsibility for one explanation item."""

    item = models.ForeignKey(ExplanationItem, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    member_name = models.CharField(_("full name"), max_length=150)  # as it was when written
    text = models.TextField(_("responsibility"))

    class Meta:
        verbose_name = _("individual responsibility")
        verbose_name_plural = _("individual responsibilities")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="individual_responsibility_unique"),
        ]

    def __str__(self):
        return f"{self.member_name}: {self.text[:40]}"


class Conclusion(AnswersForNamed):
    """The issuer's conclusion on one target organization's explanation."""

    # An ended role (or a predecessor) reads it while its cycle came before the end (accounts.access.history).
    HISTORY_DATE = "directive__cycle__reference_date"

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="conclusions")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    satisfactory_items = models.ManyToManyField(
        DirectiveItem, verbose_name=_("items satisfactorily explained"), blank=True, related_name="+"
    )
    text = models.TextField(_("conclusion"))
    redo_required = models.BooleanField(_("the review must be redone"), default=False)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    concluded_at = models.DateTimeField(_("concluded at"), default=timezone.now)

    class Meta:
        verbose_name = _("directive conclusion")
        verbose_name_plural = _("directive conclusions")
        constraints = _once_per_named_organization("conclusion_unique")

    def __str__(self):
        return f"{self.organization} – {self.directive}"


class ConcludedShortcoming(models.Model):
    """A shortcoming named in a conclusion; the remediation work turns each into a commitment."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="shortcomings")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("shortcoming"))

    class Meta:
        verbose_name = _("concluded shortcoming")
        verbose_name_plural = _("concluded shortcomings")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]
