"""The Excel exports of every list: the rows of the list pages, with their filters.

An export applies the list page's own filter form (a ``core.filters.FilterForm``:
``OrganizationFilterForm``, ``MemberFilterForm``, ...) to the same access scope,
so the file holds exactly the rows the list shows for the same query string
(every page of them). Unknown or invalid filter values are ignored, as on the lists.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from commitments.forms import CommitmentFilterForm
from commitments.models import Commitment
from core.exports import Column, field_label
from directives.forms import DirectiveFilterForm
from directives.models import Directive
from documents.forms import DocumentFilterForm
from documents.models import Document
from members.forms import MemberFilterForm
from members.models import Member, ReviewForm
from organizations import lineage
from organizations.forms import OrganizationFilterForm
from organizations.models import Organization
from reports import audit_log  # noqa: F401 (registers the audit log's export)
from reports.lists import IndividualReviewFilterForm, individual_reviews_for
from reports.registry import register
from reviews import board
from reviews.models import CollectiveReview, ReviewCycle
from reviews.models.placement import cycle_date
from reviews.rules import MEMBER, ORGANIZATION
from studies.exports import EXPORTS as STUDY_EXPORTS


def organizations_for(user, params):
    queryset = access.scope(Organization.objects.select_related("parent"), user, via="")
    return OrganizationFilterForm(params).filter(queryset).order_by("path")


def members_for(user, params):
    queryset = access.scope(Member.objects.select_related("organization"), user, via="organization")
    filtered = MemberFilterForm(params, user=user).filter(queryset)
    return filtered.order_by("organization__path", "full_name", "pk")


ORGANIZATION_COLUMNS = (
    Column(field_label(Organization, "name"), "name", width=45),
    Column(field_label(Organization, "code"), "code", width=14),
    Column(field_label(Organization, "kind"), "get_kind_display", width=30),
    Column(field_label(Organization, "sector"), "get_sector_display", width=16),
    Column(field_label(Organization, "parent"), "parent.name", width=40),
    Column(field_label(Organization, "valid_from"), "valid_from", width=14),
    Column(field_label(Organization, "valid_to"), "valid_to", width=14),
)

MEMBER_COLUMNS = (
    Column(field_label(Member, "full_name"), "full_name", width=28),
    Column(field_label(Member, "card_number"), "card_number", width=16),
    Column(field_label(Member, "organization"), "organization.name", width=40),
    Column(field_label(Member, "status"), "get_status_display", width=24),
    Column(_("Review form"), lambda member: ReviewForm(member.review_form).label, width=36),
    Column(field_label(Member, "admission_date"), "admission_date", width=14),
)

register(
    "organizations",
    organizations_for,
    ORGANIZATION_COLUMNS,
    title=_("Organizations"),
    filters=tuple(OrganizationFilterForm.base_fields),
)
register(
    "members",
    members_for,
    MEMBER_COLUMNS,
    title=_("Party members"),
    filters=tuple(MemberFilterForm.base_fields),
)


# --- Reviews: the cycle board and the individual reviews list -----------------------------------------


def cycle_board_for(user, params):
    """The board's rows for ``params`` (``cycle`` plus the board's own filters), in name order."""
    try:
        cycle = forms.ModelChoiceField(ReviewCycle.objects.visible_to(user)).clean(params.get("cycle"))
    except ValidationError:  # missing, malformed, unknown or out of reach: the board would answer 404
        return CollectiveReview.objects.none()
    rows = board.CycleBoardFilterForm(params, cycle=cycle).filter(board.board_rows(cycle, user))
    return board.WithMemberCounts(rows.select_related("cycle").order_by("organization__name", "pk"), cycle)


def _level_text(kind):
    def level(review):
        return review.cycle.rules.label(kind, review.decided_level) if review.decided_level else ""

    return level


CYCLE_BOARD_COLUMNS = (
    Column(_("Organization"), "organization_then.text", width=45),
    Column(field_label(Organization, "code"), "organization.code", width=14),
    Column(_("Review cycle"), lambda review: str(review.cycle), width=16),
    Column(_("Report"), "get_status_display", width=16),
    Column(_("Meeting"), lambda review: getattr(getattr(review, "meeting", None), "held_on", None), width=14),
    Column(_("Members' reviews accepted"), "members_accepted", width=14),
    Column(_("Party members reviewed"), "member_count", width=14),
    Column(_("Rating"), _level_text(ORGANIZATION), width=30),
)

INDIVIDUAL_REVIEW_COLUMNS = (
    Column(field_label(Member, "full_name"), "member.full_name", width=28),
    Column(field_label(Member, "card_number"), "member.card_number", width=16),
    Column(_("Organization"), "organization_then.text", width=40),
    Column(_("Review cycle"), lambda review: str(review.cycle), width=16),
    Column(_("Review form"), "form", width=10),
    Column(_("Status"), "get_status_display", width=16),
    Column(_("Rating"), _level_text(MEMBER), width=30),
)

register(
    "cycle_board",
    cycle_board_for,
    CYCLE_BOARD_COLUMNS,
    title=_("Cycle board"),
    filters=("cycle", *board.CycleBoardFilterForm.base_fields),
)
register(
    "individual_reviews",
    individual_reviews_for,
    INDIVIDUAL_REVIEW_COLUMNS,
    title=_("Individual reviews"),
    filters=tuple(IndividualReviewFilterForm.base_fields),
)


# --- Directives, commitments, documents -----------------------------------------------------------------


def directives_for(user, params):
    directives = Directive.objects.visible_to(user).select_related("cycle", "issuer")
    rows = DirectiveFilterForm(params).filter(directives).order_by("-proposed_at", "-pk")
    return lineage.WithNamesThen(rows, cycle_date, "issuer")  # the committee as named in the directive's year


def commitments_for(user, params):
    today = timezone.localdate()
    queryset = access.scope(Commitment.objects.all(), user).with_overdue(today)
    rows = CommitmentFilterForm(params, user=user, today=today).filter(queryset)
    rows = rows.select_related("organization", "origin_organization", "member", "cycle")
    return lineage.WithNamesThen(rows.order_by("-is_overdue", "deadline", "pk"), cycle_date, *Commitment.NAMED_THEN)


def documents_for(user, params):
    documents = Document.objects.visible_to(user).select_related("organization")
    return DocumentFilterForm(params).filter(documents).order_by("-issued_on", "pk")


DIRECTIVE_COLUMNS = (
    Column(field_label(Directive, "number"), "number", width=16),
    Column(field_label(Directive, "title"), "title", width=60),
    Column(field_label(Directive, "cycle"), lambda directive: str(directive.cycle), width=16),
    Column(field_label(Directive, "issuer"), "issuer_then.text", width=36),
    Column(field_label(Directive, "status"), "get_status_display", width=14),
    Column(field_label(Directive, "issued_on"), "issued_on", width=14),
    Column(field_label(Directive, "report_deadline"), "report_deadline", width=14),
)

COMMITMENT_COLUMNS = (
    Column(field_label(Commitment, "organization"), "organization.name", width=36),
    Column(
        field_label(Commitment, "origin_organization"),
        lambda c: c.made_by_then.text if c.made_by_then else "",
        width=36,
    ),
    Column(field_label(Commitment, "member"), lambda c: c.member.full_name if c.member_id else "", width=26),
    Column(field_label(Commitment, "shortcoming"), "shortcoming", width=50),
    Column(field_label(Commitment, "measure"), "measure", width=50),
    Column(field_label(Commitment, "cycle"), lambda c: str(c.cycle), width=14),
    Column(field_label(Commitment, "status"), "get_status_display", width=22),
    Column(field_label(Commitment, "progress"), "progress", width=10),
    Column(field_label(Commitment, "original_deadline"), "original_deadline", width=14),
    Column(field_label(Commitment, "deadline"), "deadline", width=14),
    Column(_("Overdue"), lambda c: _("Yes") if c.is_overdue else "", width=10),
    Column(field_label(Commitment, "extension_count"), "extension_count", width=10),
)

DOCUMENT_COLUMNS = (
    Column(field_label(Document, "number"), "number", width=16),
    Column(field_label(Document, "kind"), "get_kind_display", width=22),
    Column(field_label(Document, "issued_on"), "issued_on", width=14),
    Column(field_label(Document, "issuing_body"), "issuing_body", width=30),
    Column(field_label(Document, "title"), "title", width=60),
    Column(field_label(Document, "summary"), "summary", width=60),
)

register(
    "directives",
    directives_for,
    DIRECTIVE_COLUMNS,
    title=_("In-depth review directives"),
    filters=tuple(DirectiveFilterForm.base_fields),
)
register(
    "commitments",
    commitments_for,
    COMMITMENT_COLUMNS,
    title=_("Commitments"),
    filters=tuple(CommitmentFilterForm.base_fields),
)
register(
    "documents", documents_for, DOCUMENT_COLUMNS, title=_("Documents"), filters=tuple(DocumentFilterForm.base_fields)
)

# The study lists' exports: studies describes them (its filter forms, its columns) and reports registers them.
for study_export in STUDY_EXPORTS:
    register(**study_export)
