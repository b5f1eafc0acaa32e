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
from members.models import MIN_PARTY_AGE_MONTHS_FOR_RATING, Member, Membership, add_months
from organizations import lineage
from organizations.models import BRANCH_KINDS, GRASSROOTS_KINDS, Organization
from reviews import hooks, notices
from reviews.models import (
    CollectiveReview,
    IndividualReview,
    ManifestationAnswer,
    MeetingRecord,
    NotReviewedMember,
    ReviewCycle,
)

NEW_ORGANIZATION_MONTHS = 6
# What ``Member.eligible_for_review`` and ``Member.review_form`` read: all a cycle's opening loads of each member.
ELIGIBILITY_FIELDS = ("status", "status_since", "admission_date", "is_leader", "works_in_political_system")


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
    """(member, organization id) for members belonging to ``organization_ids`` on ``reference_date``.

    Membership periods say where a member was on that day; members with no
    recorded period count under their current organization.
    """
    periods = (
        Membership.objects.filter(organization_id__in=organization_ids, start__lte=reference_date)
        .filter(Q(end__isnull=True) | Q(end__gt=reference_date))
        .select_related("member")
        .only("member", "organization_id", *(f"member__{name}" for name in ELIGIBILITY_FIELDS))
    )
    seen = set()
    for period in periods:
        if period.member_id not in seen:
            seen.add(period.member_id)
            yield period.member, period.organization_id
    unrecorded = Member.objects.filter(organization_id__in=organization_ids, memberships__isnull=True)
    for member in unrecorded.only("organization_id", *ELIGIBILITY_FIELDS):
        yield member, member.organization_id


NEW_MEMBER_REASON = gettext_lazy("Admitted less than 6 months before the reference date: writes a review, not rated")


def _new_member(member, reference):
    """Admitted within six months of ``reference`` and reviewed once those months are over (Hướng dẫn 21)."""
    rated_from = add_months(member.admission_date, MIN_PARTY_AGE_MONTHS_FOR_RATING)
    return member.admission_date <= reference < rated_from and bool(member.eligible_for_review(rated_from))


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
    organizations = list(reviewed_organizations(cycle))
    too_young = _stored(gettext_lazy("Organization founded less than 6 months before the reference date"))
    # One formed by a merger or split of existing organizations is as old as they are.
    established = lineage.established_on(organizations)
    old_enough = {pk: add_months(day, NEW_ORGANIZATION_MONTHS) <= reference for pk, day in established.items()}
    collective = [
        CollectiveReview(
            cycle=cycle,
            organization=organization,
            organization_path=organization.path,
            is_rated=old_enough[organization.pk],
            not_rated_reason="" if old_enough[organization.pk] else too_young,
        )
        for organization in organizations
    ]
    CollectiveReview.objects.bulk_create(collective, batch_size=1000)

    individual, excluded, new_members = [], [], []
    writes_review = cycle.rules.flag("new_members_write_review")
    # Each record keeps its organization's place in the tree of this cycle (reviews.models.placement).
    paths = {organization.pk: organization.path for organization in organizations}
    for member, organization_id in _members_on(reference, list(paths)):
        eligibility = member.eligible_for_review(reference)
        if eligibility:
            individual.append((cycle.pk, member.pk, organization_id, paths[organization_id], member.review_form))
        elif writes_review and _new_member(member, reference):
            individual.append((cycle.pk, member.pk, organization_id, paths[organization_id], member.review_form))
            new_members.append(member.pk)
        else:
            excluded.append(
                NotReviewedMember(
                    cycle=cycle,
                    member=member,
                    organization_id=organization_id,
                    organization_path=paths[organization_id],
                    reason=_stored(eligibility.reason),
                )
            )
    # A province's cycle has 100,000 of them, alike but for these five columns (see core.bulk).
    bulk.insert(IndividualReview, ("cycle_id", "member_id", "organization_id", "organization_path", "form"), individual)
    NotReviewedMember.objects.bulk_create(excluded, batch_size=1000)
    if new_members:
        IndividualReview.objects.filter(cycle=cycle, member_id__in=new_members).update(
            is_rated=False, not_rated_reason=_stored(NEW_MEMBER_REASON)
        )
    for step in hooks.cycle_opened:
        step(cycle)
    # The new rows would otherwise be unknown to the planner until autovacuum gets to them.
    analyze_on_commit(CollectiveReview, IndividualReview, NotReviewedMember)
    return cycle


@transaction.atomic
def move(review, action, user, note="", reasons=None):
    """A workflow step of a review (``core.workflow.transition``); who acts next is told once it commits."""
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
    if not review.cycle.rules.uses_checklist:
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


def follow_move(old_path, new_path, on_date):
    """A sub-tree moved on ``on_date``: the cycles of that day or later count it in its new place.

    Registered in ``organizations.hooks.tree_moves``. The records of a cycle
    whose reference date comes before the move keep the tree of their year
    (``reviews.models.placement``); one UPDATE per model.
    """
    moved = Concat(Value(new_path), Substr("organization_path", len(old_path) + 1))
    for model in (CollectiveReview, IndividualReview, NotReviewedMember):
        model.objects.filter(cycle__reference_date__gte=on_date, organization_path__startswith=old_path).update(
            organization_path=moved
        )
