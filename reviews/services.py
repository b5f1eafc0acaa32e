"""Review-cycle business rules: opening a cycle (with the section III carry-over), copying, conclusions.

Every function here is a transaction and raises ``core.errors.DomainError`` with a
message for the user when the rules refuse; the views show that message.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import bulk
from core.errors import DomainError
from core.planner_stats import analyze_on_commit
from core.workflow import EditConflict, save_sections, transition
from members.models import (
    MIN_PARTY_AGE_MONTHS_FOR_RATING,
    Member,
    Membership,
    ReviewFacts,
    add_months,
    review_eligibility,
    review_form,
)
from organizations import lineage
from organizations.models import BRANCH_KINDS, GRASSROOTS_KINDS, Organization, in_subtrees
from reviews import hooks, leadership, notices
from reviews.models import (
    CollectiveReview,
    IndividualReview,
    ManifestationAnswer,
    MeetingRecord,
    NotReviewedMember,
    ReviewCycle,
)

NEW_ORGANIZATION_MONTHS = 6
# What the review rules read of each member (``members.models.ReviewFacts``): all a cycle's opening loads.
ELIGIBILITY_FIELDS = ReviewFacts._fields
# Rows read from the database at a time when a cycle opens: memory stays flat for a national cycle.
CHUNK = 5000


def _stored(text):
    """Reasons are stored in the interface language so lists read the same for everyone."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def reviewed_organizations(cycle):
    """Grassroots organizations and branches that exist on the cycle's reference date."""
    organizations = Organization.objects.filter(kind__in=[*GRASSROOTS_KINDS, *BRANCH_KINDS]).active_on(
        cycle.reference_date
    )
    if cycle.organization_id:
        organizations = organizations.subtree_of(cycle.organization, include_self=False)
    return organizations


def _members_on(reference_date, organization_ids):
    """(member id, organization id, ``ReviewFacts``) for members belonging to ``organization_ids`` (ids or a
    subquery of them) on
    ``reference_date``.

    Membership periods say where a member was on that day; members with no
    recorded period count under their current organization. Plain values, read
    in chunks: no model instance per member (a million of them in a national cycle).
    """
    periods = (
        Membership.objects.filter(organization_id__in=organization_ids, start__lte=reference_date)
        .filter(Q(end__isnull=True) | Q(end__gt=reference_date))
        .values_list("member_id", "organization_id", *(f"member__{name}" for name in ELIGIBILITY_FIELDS))
    )
    seen = set()
    for member_id, organization_id, *facts in periods.iterator(chunk_size=CHUNK):
        if member_id not in seen:
            seen.add(member_id)
            yield member_id, organization_id, ReviewFacts(*facts)
    unrecorded = Member.objects.filter(organization_id__in=organization_ids, memberships__isnull=True)
    for member_id, organization_id, *facts in unrecorded.values_list("pk", "organization_id", *ELIGIBILITY_FIELDS):
        yield member_id, organization_id, ReviewFacts(*facts)


NEW_MEMBER_REASON = gettext_lazy("Admitted less than 6 months before the reference date: writes a review, not rated")


def _new_member(facts, reference):
    """Admitted within six months of ``reference`` and reviewed once those months are over (Hướng dẫn 21).

    ``facts``: the member's ``ReviewFacts``."""
    rated_from = add_months(facts.admission_date, MIN_PARTY_AGE_MONTHS_FOR_RATING)
    return facts.admission_date <= reference < rated_from and bool(review_eligibility(facts, rated_from))


@transaction.atomic
def open_cycle(cycle, user=None):
    """Save the new ``cycle`` and create, in one transaction, every review it needs.

    A collective review per grassroots organization and branch on the
    reference date (those younger than 6 months are marked not rated, with the
    reason), an individual review per eligible member with the member's form
    (where the rule set says so, also for members admitted less than six months
    before, marked not rated), and a ``NotReviewedMember`` row with the reason
    for everyone else.
    Section III of each new review lists its owner's commitments from earlier
    cycles that are not verified yet (``commitments.services.carry_over``).
    """
    duplicate = ReviewCycle.objects.filter(
        organization=cycle.organization, year=cycle.year, kind=cycle.kind, number=cycle.number
    )
    if duplicate.exists():
        raise DomainError(
            _("A %(kind)s review cycle for %(year)s is already open; it cannot be opened twice.")
            % {"kind": cycle.get_kind_display().lower(), "year": cycle.year}
        )
    cycle.rules_snapshot = cycle.rule_set.as_dict()
    if cycle.ratings_due is None:  # the rule set's own finishing date (special units': the later one)
        cycle.ratings_due = cycle.rules.finish_by(cycle.year, special=cycle.special_calendar)
    cycle.opened_by = user if user is not None and user.is_authenticated else None
    try:
        with transaction.atomic():
            cycle.save()
    except IntegrityError:
        raise DomainError(
            _("A %(kind)s review cycle for %(year)s is already open; it cannot be opened twice.")
            % {"kind": cycle.get_kind_display().lower(), "year": cycle.year}
        ) from None

    reference = cycle.reference_date
    organizations = reviewed_organizations(cycle).order_by()
    too_young = _stored(gettext_lazy("Organization founded less than 6 months before the reference date"))
    # One formed by a merger or split of existing organizations is as old as they are.
    established = lineage.established_since(dict(organizations.values_list("pk", "valid_from")))
    # Each record keeps its organization's place in the tree of this cycle (reviews.models.placement).
    paths = dict(organizations.values_list("pk", "path"))
    collective = []
    for organization_id, valid_from in established.items():
        rated = add_months(valid_from, NEW_ORGANIZATION_MONTHS) <= reference
        collective.append((cycle.pk, organization_id, paths[organization_id], rated, "" if rated else too_young))
    # A province's cycle has 100,000 reviews, alike but for these few columns (see core.bulk).
    fields = ("cycle_id", "organization_id", "organization_path", "is_rated", "not_rated_reason")
    bulk.insert(CollectiveReview, fields, collective)

    individual, excluded, reasons = [], [], {}
    writes_review = cycle.rules.flag("new_members_write_review")
    new_member_reason = _stored(NEW_MEMBER_REASON)
    # The organizations as a subquery: a national cycle's 60,000 ids would make a long statement.
    for member_id, organization_id, facts in _members_on(reference, organizations.values("pk")):
        eligibility = review_eligibility(facts, reference)
        if eligibility:
            place = paths[organization_id]
            individual.append((cycle.pk, member_id, organization_id, place, review_form(facts), True, ""))
        elif writes_review and _new_member(facts, reference):
            place = paths[organization_id]
            individual.append(
                (cycle.pk, member_id, organization_id, place, review_form(facts), False, new_member_reason)
            )
        else:
            if eligibility.reason not in reasons:
                reasons[eligibility.reason] = _stored(eligibility.reason)
            excluded.append((cycle.pk, member_id, organization_id, paths[organization_id], reasons[eligibility.reason]))
    fields = ("cycle_id", "member_id", "organization_id", "organization_path", "form", "is_rated", "not_rated_reason")
    bulk.insert(IndividualReview, fields, individual)
    fields = ("cycle_id", "member_id", "organization_id", "organization_path", "reason")
    bulk.insert(NotReviewedMember, fields, excluded)
    leadership.open_for(cycle)
    for step in hooks.cycle_opened:
        step(cycle)
    # The new rows would otherwise be unknown to the planner until autovacuum gets to them.
    analyze_on_commit(CollectiveReview, IndividualReview, NotReviewedMember)
    return cycle


@transaction.atomic
def move(review, action, user, note="", reasons=None):
    """A workflow step of a review (``core.workflow.transition``); who acts next is told once it commits."""
    leadership.check_step(review, action)
    version = transition(review, action, user, note=note, reasons=reasons)
    notices.moved(review, version, user)
    return version


def previous_review(review):
    """The same organization's (or member's) review in the latest earlier cycle of the same kind."""
    model = type(review)
    owner = {"organization": review.organization} if model is CollectiveReview else {"member": review.member}
    return (
        model.objects.filter(
            cycle__kind=review.cycle.kind,
            cycle__year__lt=review.cycle.year,
            cycle__organization=review.cycle.organization,
        )
        .filter(**owner)
        .order_by("-cycle__year", "-cycle__number")
        .first()
    )


@transaction.atomic
def copy_previous_text(review, expected_revision):
    """Pre-fill sections I–II from the previous cycle's review, marked as copied."""
    previous = previous_review(review)
    if previous is None:
        raise DomainError(_("There is no review of this organization in an earlier cycle to copy from."))
    changes = {name: getattr(previous, name) for name in ("strengths", "weaknesses", "causes")}
    save_sections(review, changes, expected_revision)
    review.copied_sections = [name for name, text in changes.items() if text]
    review.save(update_fields=["copied_sections"])
    return review


def save_review_sections(review, changes, expected_revision):
    """Save edited sections; a section edited by hand is no longer marked as copied."""
    changes = {name: text for name, text in changes.items() if text != getattr(review, name)}
    if not changes:
        return review
    save_sections(review, changes, expected_revision)
    if getattr(review, "copied_sections", None):
        review.copied_sections = [name for name in review.copied_sections if name not in changes]
        review.save(update_fields=["copied_sections"])
    return review


def _require_editable(review):
    if not review.is_editable:
        raise DomainError(_("This report can no longer be edited in its current state."))


@transaction.atomic
def save_checklist(review, answers):
    """Record “có / không có biểu hiện” per manifestation (``{manifestation pk: bool}``)."""
    _require_editable(review)
    if not review.cycle.uses_checklist:
        raise DomainError(_("The rule set of this cycle does not use the manifestation checklist."))
    existing = {answer.manifestation_id: answer for answer in review.answers.all()}
    new, changed = [], []
    for manifestation_id, present in answers.items():
        answer = existing.get(manifestation_id)
        if answer is None:
            new.append(ManifestationAnswer(review=review, manifestation_id=manifestation_id, present=present))
        elif answer.present != present:
            answer.present = present
            changed.append(answer)
    ManifestationAnswer.objects.bulk_create(new)
    ManifestationAnswer.objects.bulk_update(changed, ["present"])


@transaction.atomic
def conclude(review, user, **texts):
    """The reviewing level's conclusion on an individual review: the four fields."""
    for name, text in texts.items():
        setattr(review, name, text)
    review.concluded_by = user
    review.concluded_at = timezone.now()
    review.save(update_fields=[*texts, "concluded_by", "concluded_at"])
    return review


def check_meeting_date(cycle, held_on):
    """A meeting record is of a meeting held: within its cycle (from the opening to the end of the next year,
    when an annual review's last meetings take place) and not after today."""
    if held_on > timezone.localdate():
        raise DomainError(_("The meeting date cannot be in the future: record the meeting once it is held."), "held_on")
    latest = datetime.date(cycle.year + 1, 12, 31)
    if not cycle.opened_on <= held_on <= latest:
        raise DomainError(
            _("A meeting of the %(cycle)s cycle is held between %(start)s and %(end)s.")
            % {"cycle": cycle.year, "start": cycle.opened_on.strftime("%d/%m/%Y"), "end": latest.strftime("%d/%m/%Y")},
            "held_on",
        )


@transaction.atomic
def record_meeting(review, form, user):
    """Save the meeting record; return the notice warning ('' when the draft went out in time).

    Refused (``core.locking.StaleEdit``) when someone else saved or first recorded it after the form was opened.
    """
    if form.edit_lock is not None:
        form.edit_lock.check(MeetingRecord, review=review)
    check_meeting_date(review.cycle, form.cleaned_data["held_on"])
    meeting = form.save(commit=False)
    meeting.review = review
    meeting.recorded_by = user
    meeting.save()
    return meeting.notice_warning(review.cycle.rules.draft_notice_working_days)


__all__ = ["EditConflict"]


def follow_move(old_prefix, new_prefix, old_paths, on_date):
    """Sub-trees moved on ``on_date``: the cycles of that day or later count them in their new place.

    Registered in ``organizations.hooks.tree_moves``, called once per former superior: ``old_paths``
    (each ``old_prefix`` and one segment) moved from ``old_prefix`` to ``new_prefix``. The records of
    a cycle whose reference date comes before the move keep the tree of their year
    (``reviews.models.placement``). One UPDATE per model, on the index of (cycle, stored path), however
    many organizations, members and reviews moved; the trail records no row for it (``reviews.audited``).
    """
    cycles = ReviewCycle.objects.filter(reference_date__gte=on_date).values("pk")
    moved = Concat(Value(new_prefix), Substr("organization_path", len(old_prefix) + 1))
    for model in (CollectiveReview, IndividualReview, NotReviewedMember):
        records = model.objects.filter(cycle__in=cycles)
        in_subtrees(records, old_prefix, old_paths, field="organization_path").update(organization_path=moved)
