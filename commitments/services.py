"""The verbs of a commitment: create, post progress, report completed, verify, extend, carry over.

Every verb runs in one transaction, saves with ``update_fields``, records a
``CommitmentEvent`` and raises ``core.errors.DomainError`` (with a message
for the user) before changing anything when the input is bad. Who may
call a verb is checked by the view through ``accounts.access``; the rules that
depend on the person (the owner may not verify, the requester may not approve)
are checked here because they hold whatever the entry point.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role, RoleAssignment, User
from commitments.models import (
    ACTIVE_STATUSES,
    EVIDENCE_KINDS,
    CarryOverAssessment,
    CarryOverItem,
    Commitment,
    CommitmentEvent,
    CommitmentStatus,
    EventKind,
    EvidenceFile,
    ExtensionRequest,
    ExtensionStatus,
    ProgressUpdate,
    SourceKind,
    Verification,
    VerificationOutcome,
)
from core.errors import DomainError
from core.uploads import validate_upload
from notifications.services import notify, notify_event, resolve
from reviews.models import CollectiveReview, IndividualReview

logger = logging.getLogger(__name__)


TO_VERIFY = "commitments.verification"  # the reminder kind of a commitment waiting for verification (reminders.py)


def _notify(recipients, verb, commitment, note="", event="", actor=None):
    """Tell ``recipients`` (users) about ``verb``: an inbox row each, and an email for those who chose immediate mail.

    Called inside the verb's transaction: the email is enqueued on commit, so a
    rolled-back verb tells nobody. The text is written in each recipient's language.
    """
    messages = {
        "not_effective": lambda: _("Found not effective and reopened: %(measure)s. Reason: %(note)s"),
        "verified": lambda: _("Verified effective and closed: %(measure)s. %(note)s"),
        ExtensionStatus.APPROVED: lambda: _("Extension approved: %(measure)s. %(note)s"),
        ExtensionStatus.REJECTED: lambda: _("Extension rejected: %(measure)s. %(note)s"),
    }
    message = messages.get(verb, lambda: "%(measure)s %(note)s")
    logger.info("commitment notification %s for commitment %s", verb, commitment.pk)
    notify_event(
        recipients,
        "commitments.deadline",
        commitment,
        organization_id=commitment.organization_id,
        url=reverse("commitments:detail", args=[commitment.pk]),
        title=lambda: (message() % {"measure": commitment.measure[:80], "note": note}).strip(),
        deadline=commitment.deadline,
        event=event,
        exclude=[actor],
    )


def _event(commitment, kind, actor, note=""):
    return CommitmentEvent.objects.create(commitment=commitment, kind=kind, actor=actor, note=note)


def owner_users(commitment):
    """Users who answer for ``commitment``: the organization's secretaries, the accountable user, the member."""
    user_ids = set(
        RoleAssignment.objects.filter(organization_id=commitment.organization_id, role=Role.SECRETARY).values_list(
            "user_id", flat=True
        )
    )
    if commitment.accountable_user_id:
        user_ids.add(commitment.accountable_user_id)
    if commitment.member_id:
        user_ids.update(User.objects.filter(member_id=commitment.member_id).values_list("pk", flat=True))
    return list(User.objects.filter(pk__in=user_ids))


# --- creation ---------------------------------------------------------------------------------------------------


def source_cycle_id(source_kind, source):
    """The cycle a source belongs to: its review's, or for a directive conclusion the directive's."""
    if source_kind == SourceKind.DIRECTIVE_CONCLUSION:
        return source.directive.cycle_id
    return source.cycle_id


def default_accountable(organization=None, member=None):
    """(user, name) answering for a commitment: the member; else the organization's secretary or its head."""
    if member is not None:
        return User.objects.filter(member=member).first(), member.full_name
    assignment = (
        RoleAssignment.objects.filter(organization=organization, role=Role.SECRETARY)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if assignment:
        return assignment.user, assignment.user.get_full_name()
    head = organization.members.filter(party_position__icontains="Bí thư").order_by("pk").first()
    if head:
        return None, head.full_name
    return None, ""


def _source_fields(source_kind, source):
    if source_kind == SourceKind.COLLECTIVE_REVIEW:
        return {"collective_review": source, "member": None}
    if source_kind == SourceKind.INDIVIDUAL_REVIEW:
        return {"individual_review": source, "member": source.member}
    if source_kind == SourceKind.DIRECTIVE_CONCLUSION:
        return {"directive_conclusion": source, "member": None}
    raise DomainError(_("Commitments cannot be created from this source."))


def check_same_organization(source, organization):
    """The invariant: a commitment's organization is always its source's organization."""
    if organization is not None and organization.pk != source.organization_id:
        raise DomainError(
            _("A commitment must belong to the organization of its source (%(organization)s).")
            % {"organization": source.organization}
        )


@transaction.atomic
def create_commitments(source_kind, source, rows, user, organization=None):
    """Create one commitment per row ``{shortcoming, measure, deadline, accountable_name}`` from ``source``.

    All or nothing: one bad row refuses them all. ``organization``, when given,
    must be the source's organization.
    """
    check_same_organization(source, organization)
    if not rows:
        raise DomainError(_("Enter at least one measure."))
    today = timezone.localdate()
    fields = _source_fields(source_kind, source)
    cycle_id = source_cycle_id(source_kind, source)
    default_user, default_name = default_accountable(source.organization, fields["member"])
    created = []
    for number, row in enumerate(rows, start=1):
        if not (row.get("shortcoming") or "").strip() or not (row.get("measure") or "").strip():
            raise DomainError(_("Row %(number)d: enter the shortcoming and the measure.") % {"number": number})
        deadline = row.get("deadline")
        if deadline is None or deadline < today:
            raise DomainError(
                _("Row %(number)d: the deadline cannot be before the creation date (%(today)s).")
                % {"number": number, "today": today.strftime("%d/%m/%Y")}
            )
        name = (row.get("accountable_name") or "").strip()
        commitment = Commitment(
            cycle_id=cycle_id,
            source_kind=source_kind,
            organization_id=source.organization_id,
            shortcoming=row["shortcoming"].strip(),
            measure=row["measure"].strip(),
            accountable_user=None if name else default_user,
            accountable_name=name or default_name,
            created_on=today,
            original_deadline=deadline,
            deadline=deadline,
            created_by=user,
            **fields,
        )
        commitment.save()
        _event(commitment, EventKind.CREATED, user)
        created.append(commitment)
    return created


# --- progress and completion ------------------------------------------------------------------------------------


def _require_active(commitment, message):
    if commitment.status not in ACTIVE_STATUSES:
        raise DomainError(message)


@transaction.atomic
def post_progress(commitment, user, date, percentage=None, stage="", note="", files=()):
    """A dated progress update with optional evidence files (checked by content)."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _require_active(commitment, _("Progress cannot be posted on a commitment that is completed or closed."))
    if percentage is None and not stage:
        raise DomainError(_("Enter a percentage or a stage."))
    if percentage is not None and not 0 <= percentage <= 100:
        raise DomainError(_("The percentage must be between 0 and 100."))
    if date > timezone.localdate():
        raise DomainError(_("The progress date cannot be in the future."))
    kinds = _evidence_kinds(files)
    update = ProgressUpdate.objects.create(
        commitment=commitment, date=date, percentage=percentage, stage=stage, note=note, created_by=user
    )
    _store_evidence(commitment, update, files, kinds, user)
    fields = ["updated_at"]
    if percentage is not None:
        commitment.progress = percentage
        fields.append("progress")
    if commitment.status == CommitmentStatus.OPEN:
        commitment.status = CommitmentStatus.IN_PROGRESS
        fields.append("status")
    commitment.save(update_fields=fields)
    summary = f"{percentage}%" if percentage is not None else update.get_stage_display()
    _event(commitment, EventKind.PROGRESS, user, f"{summary} {note}".strip())
    return update


def _evidence_kinds(files):
    """The kind of each evidence file, checked by content; a file the form let through refuses the step."""
    try:
        return [validate_upload(f, EVIDENCE_KINDS) for f in files]
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="files") from None


def _store_evidence(commitment, update, files, kinds, user):
    for uploaded, kind in zip(files, kinds, strict=True):
        EvidenceFile.objects.create(
            commitment=commitment,
            progress_update=update,
            file=uploaded,
            original_name=uploaded.name[:255],
            kind=kind,
            size=uploaded.size,
            uploaded_by=user,
        )


@transaction.atomic
def report_completed(commitment, user, summary, files=()):
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _require_active(commitment, _("Only an open or reopened commitment can be reported completed."))
    if not (summary or "").strip():
        raise DomainError(_("Describe what changed before reporting the commitment completed."))
    kinds = _evidence_kinds(files)
    _store_evidence(commitment, None, files, kinds, user)
    commitment.status = CommitmentStatus.REPORTED_COMPLETED
    commitment.completion_summary = summary.strip()
    commitment.reported_completed_at = timezone.now()
    commitment.progress = 100
    commitment.save(update_fields=["status", "completion_summary", "reported_completed_at", "progress", "updated_at"])
    reported = _event(commitment, EventKind.REPORTED_COMPLETED, user, commitment.completion_summary)
    # The inspectors who verify are told once; the notice is of the reminder kind, so verifying resolves it.
    notify(
        access.holders("commitment.verify", commitment.organization),
        TO_VERIFY,
        commitment,
        organization_id=commitment.organization_id,
        url=reverse("commitments:detail", args=[commitment.pk]),
        title=lambda: _("Reported completed, to verify: %(measure)s.") % {"measure": commitment.measure[:80]},
        deadline=commitment.deadline,
        event=f"completed-{reported.pk}",
        exclude=[user],
    )
    return commitment


# --- verification -----------------------------------------------------------------------------------------------


@transaction.atomic
def verify(commitment, user, outcome, assessment):
    """The Inspection Committee's verdict. Two inspectors at once: the conditional UPDATE lets exactly one win."""
    if not (assessment or "").strip():
        raise DomainError(_("A written assessment of effectiveness is required."))
    if outcome not in VerificationOutcome.values:
        raise DomainError(_("Choose an outcome."))
    owners = owner_users(commitment)  # read once: who may not verify, and who hears the verdict
    if user in owners:
        raise DomainError(_("The owner of a commitment cannot verify it."))
    now = timezone.now()
    if outcome == VerificationOutcome.VERIFIED:
        changes = {"status": CommitmentStatus.VERIFIED, "closed_at": now, "updated_at": now}
    else:
        changes = {"status": CommitmentStatus.REOPENED, "updated_at": now}
    claimed = Commitment.objects.filter(pk=commitment.pk, status=CommitmentStatus.REPORTED_COMPLETED).update(**changes)
    if not claimed:
        raise DomainError(
            _("This commitment is no longer waiting for verification: someone else has just verified it.")
        )
    commitment.refresh_from_db()
    verification = Verification.objects.create(
        commitment=commitment, outcome=outcome, assessment=assessment.strip(), verified_by=user, verified_at=now
    )
    verdict = "verified" if outcome == VerificationOutcome.VERIFIED else "not_effective"
    _event(
        commitment,
        EventKind.VERIFIED if verdict == "verified" else EventKind.NOT_EFFECTIVE,
        user,
        verification.assessment,
    )
    # The owners hear the verdict either way, once; the inspectors' "to verify" notices leave their unread count.
    _notify(
        owners,
        verdict,
        commitment,
        verification.assessment,
        event=f"{verdict}-{verification.pk}",
        actor=user,
    )
    resolve(commitment, TO_VERIFY)
    return verification


# --- extensions -------------------------------------------------------------------------------------------------


@transaction.atomic
def request_extension(commitment, user, new_deadline, reason):
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _require_active(commitment, _("An extension can only be requested while the commitment is open."))
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the extension."))
    if new_deadline is None or new_deadline <= commitment.deadline:
        raise DomainError(_("The new deadline must be after the current deadline."))
    if commitment.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise DomainError(_("An extension request is already waiting for a decision."))
    request = ExtensionRequest.objects.create(
        commitment=commitment,
        previous_deadline=commitment.deadline,
        requested_deadline=new_deadline,
        reason=reason.strip(),
        requested_by=user,
    )
    _event(commitment, EventKind.EXTENSION_REQUESTED, user, f"{new_deadline:%d/%m/%Y}: {request.reason}")
    # The deciders are told once; the notice is of the reminder kind, so it leaves their unread count when decided.
    notify(
        access.holders("commitment.extend_decide", commitment.organization),
        "commitments.extension",
        request,
        organization_id=commitment.organization_id,
        url=reverse("commitments:detail", args=[commitment.pk]),
        title=lambda: (
            _("Extension requested to %(date)s: %(measure)s. Reason: %(reason)s")
            % {"date": f"{new_deadline:%d/%m/%Y}", "measure": commitment.measure[:80], "reason": request.reason[:80]}
        ),
        deadline=commitment.deadline,
        event="requested",
        exclude=[user],
    )
    return request


@transaction.atomic
def decide_extension(request, user, approve, note=""):
    request = ExtensionRequest.objects.select_for_update().select_related("commitment").get(pk=request.pk)
    if request.requested_by_id == user.pk:
        raise DomainError(_("You cannot decide on your own extension request."))
    if request.status != ExtensionStatus.PENDING:
        raise DomainError(_("This extension request has already been decided."))
    commitment = request.commitment
    if approve and commitment.status == CommitmentStatus.VERIFIED:
        raise DomainError(_("A closed commitment cannot be extended."))
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    request.decided_by = user
    request.decided_at = timezone.now()
    request.decision_note = (note or "").strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        commitment.deadline = request.requested_deadline
        commitment.extension_count += 1
        commitment.save(update_fields=["deadline", "extension_count", "updated_at"])
        _event(commitment, EventKind.EXTENSION_APPROVED, user, f"{request.requested_deadline:%d/%m/%Y} {note}".strip())
    else:
        _event(commitment, EventKind.EXTENSION_REJECTED, user, request.decision_note)
    _notify([request.requested_by], request.status, commitment, request.decision_note)
    resolve(request, "commitments.extension")
    return request


# --- questions other apps ask -----------------------------------------------------------------------------------


def pending_extensions(user):
    """The extension requests waiting for ``user``'s decision: pending, where they decide, not their own.

    The same rule as ``decide_extension`` and ``access.can(user,
    "commitment.extend_decide", ...)``, as a query: the queue lists these and
    the navigation counts them.
    """
    pending = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).exclude(requested_by=user)
    return access.permitted(pending, user, "commitment.extend_decide", via="commitment__organization")


def pending_extension_count(user):
    """``accounts.hooks.navigation_counts``: one COUNT for a decider, no query for anyone else."""
    if not access.can_anywhere(user, "commitment.extend_decide"):
        return {}
    return {"pending_extensions": pending_extensions(user).count()}


def open_commitments_for(organization=None, member=None):
    """Commitments of the owner that are not verified yet (section III carry-over, the top-rating rule)."""
    return Commitment.objects.owned_by(organization=organization, member=member).unverified()


def blocks_top_level(review):
    """The top-level rule that commitments adds to reviews (``reviews.hooks.top_level_barriers``).

    The owner is the organization for a collective review, the member for an
    individual one.
    """
    if isinstance(review, CollectiveReview):
        return has_unverified_commitments(organization=review.organization, before_cycle=review.cycle)
    return has_unverified_commitments(member=review.member, before_cycle=review.cycle)


def has_unverified_commitments(organization=None, member=None, before_cycle=None):
    """Whether the owner has a commitment from a cycle before ``before_cycle`` that is not verified.

    A member or organization with one cannot receive the top rating level.
    """
    queryset = open_commitments_for(organization=organization, member=member)
    if before_cycle is not None:
        queryset = queryset.filter(cycle__opened_on__lt=before_cycle.opened_on).exclude(cycle=before_cycle)
    return queryset.exists()


# --- an ending organization's open commitments go to its successor (organizations.hooks.closing_holdings) ---------


def _held(organization):
    return Commitment.objects.filter(organization=organization).unverified()


def holds_open_commitments(organization):
    """Whether ``organization`` has commitments not verified yet (they must follow it to a successor)."""
    return _held(organization).exists()


def open_commitments_held(organization):
    """``(pk, label)`` of the open commitments of ``organization``, for a split's assignment."""
    rows = _held(organization).order_by("deadline", "pk").values_list("pk", "shortcoming", "member__full_name")
    return [(pk, f"{member}: {text[:80]}" if member else text[:80]) for pk, text, member in rows]


@transaction.atomic
def hand_over_commitments(organization, successor, on_date, keys=None):
    """``organization``'s open commitments (those of ``keys``, or all) now belong to ``successor``.

    They keep naming the organization that made them (``origin_organization``,
    set once: a second hand-over keeps the first maker), so they are carried
    over into the successor's next review and its people act on them. Verified
    ones stay where they were made: they are history.

    The organization's own commitments are answered for by the successor's
    secretary from now on (``default_accountable``: none yet for a new
    successor, so its secretaries are reminded once appointed), not by the
    ended one's, whose role ends with it; a member's own stays with the member.
    """
    held = _held(organization)
    if keys is not None:
        held = held.filter(pk__in=keys)
    ids = list(held.values_list("pk", flat=True))
    Commitment.objects.filter(pk__in=ids).update(
        origin_organization=Coalesce(F("origin_organization"), F("organization")), organization=successor
    )
    _answered_for_by(successor, Commitment.objects.filter(pk__in=ids, member__isnull=True))
    note = _("From %(origin)s to %(successor)s on %(day)s") % {
        "origin": organization.name,
        "successor": successor.name,
        "day": on_date.strftime("%d/%m/%Y"),
    }
    CommitmentEvent.objects.bulk_create(
        CommitmentEvent(commitment_id=pk, kind=EventKind.HANDED_OVER, note=str(note)) for pk in ids
    )
    return len(ids)


def _answered_for_by(organization, commitments):
    """``commitments`` (the organization's own) answered for by ``organization``'s secretary or head."""
    user, name = default_accountable(organization)
    rows = list(commitments.only("pk", *Commitment.SEARCH_FIELDS))
    for commitment in rows:
        commitment.accountable_user, commitment.accountable_name = user, name
        commitment.fill_search_text()
    Commitment.objects.bulk_update(rows, ["accountable_user", "accountable_name", "search_text"])


# --- carry-over -------------------------------------------------------------------------------------------------


@transaction.atomic
def carry_over(cycle):
    """Link every commitment not verified from earlier cycles to section III of its owner's review in ``cycle``.

    Idempotent: run it again (after more reviews were created) and only the
    missing links are added. Returns the number of new links. Commitments whose
    owner has no review in ``cycle`` yet are left for the next run.
    """
    pending = (
        Commitment.objects.unverified()
        .filter(cycle__opened_on__lt=cycle.opened_on)
        .exclude(carry_overs__cycle=cycle)
        .only("pk", "organization_id", "member_id", "status")
    )
    # Plain look-ups: no default ordering, whose joins only slow them down.
    collective = dict(CollectiveReview.objects.filter(cycle=cycle).order_by().values_list("organization_id", "pk"))
    individual = dict(IndividualReview.objects.filter(cycle=cycle).order_by().values_list("member_id", "pk"))
    items = []
    for commitment in pending.iterator(chunk_size=2000):
        if commitment.member_id:
            review_id = individual.get(commitment.member_id)
            link = {"individual_review_id": review_id}
        else:
            review_id = collective.get(commitment.organization_id)
            link = {"collective_review_id": review_id}
        if review_id is None:
            continue
        items.append(
            CarryOverItem(cycle=cycle, commitment_id=commitment.pk, status_at_carry_over=commitment.status, **link)
        )
    CarryOverItem.objects.bulk_create(items, batch_size=1000)
    note = str(cycle)
    CommitmentEvent.objects.bulk_create(
        [CommitmentEvent(commitment_id=item.commitment_id, kind=EventKind.CARRIED_OVER, note=note) for item in items],
        batch_size=1000,
    )
    return len(items)


@transaction.atomic
def assess_carry_over(item, user, assessment, degree=None):
    """The reviewer's mark in section III: remedied, being remedied (with a degree) or not remedied."""
    if assessment not in CarryOverAssessment.values:
        raise DomainError(_("Choose how far the shortcoming has been remedied."))
    if assessment == CarryOverAssessment.IN_PROGRESS:
        if degree is None or not 0 <= degree <= 100:
            raise DomainError(_("Enter the degree remedied, between 0 and 100%."))
    else:
        degree = None
    item.assessment = assessment
    item.degree = degree
    item.assessed_by = user
    item.assessed_at = timezone.now()
    item.save(update_fields=["assessment", "degree", "assessed_by", "assessed_at"])
    label = item.get_assessment_display() + (f" ({degree}%)" if degree is not None else "")
    _event(item.commitment, EventKind.CARRY_OVER_ASSESSED, user, label)
    return item
