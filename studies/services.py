"""The steps of resolution study: saving a plan with its essays, sessions with their attendance, essays.

Each function is one transaction; a step the rules refuse raises
``core.errors.DomainError`` (see there) with a message for the user and the
form field it concerns, which the views show through ``core.views.perform``.
"""

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from members.models import Member
from studies.models import (
    STUDYING_STATUSES,
    Attendance,
    AttendanceStatus,
    Essay,
    EssayStatus,
    StudySession,
)


def studying_members(organization):
    """The members of ``organization``'s sub-tree who take part in studying."""
    return Member.objects.in_subtree(organization).filter(status__in=STUDYING_STATUSES)


def asked_for_essays(plan):
    """The members ``plan`` asks for an essay under its rule (``StudyPlan.essay_condition``)."""
    return studying_members(plan.applies_to).filter(plan.essay_condition())


def within(organization, root):
    return organization.path.startswith(root.path)


@transaction.atomic
def save_plan(plan, user=None):
    """Save ``plan`` (new or edited) and make its owed essays follow its rule."""
    if not within(plan.applies_to, plan.issuer):
        message = _("A committee issues plans for its own organizations only: choose one under it.")
        raise DomainError(message, field="applies_to")
    if plan.pk is None and user is not None and user.is_authenticated:
        plan.created_by = user
    plan.save()
    sync_essays(plan)
    return plan


@transaction.atomic
def sync_essays(plan):
    """Owed essays for every member the rule asks (added), none for those it no longer asks (removed).

    Essays already handed in are kept whatever the rule says now: they are the
    record. Returns (added, removed).
    """
    asked = asked_for_essays(plan)
    existing = set(Essay.objects.filter(plan=plan).values_list("member_id", flat=True))
    new = [
        Essay(plan=plan, member_id=member_id, organization_id=organization_id)
        for member_id, organization_id in asked.values_list("pk", "organization_id")
        if member_id not in existing
    ]
    Essay.objects.bulk_create(new, batch_size=1000)
    removed, _counts = (
        Essay.objects.filter(plan=plan, status=EssayStatus.OWED).exclude(member__in=asked.values("pk")).delete()
    )
    return len(new), removed


# --- an ending organization's owed essays go to its successor (organizations.hooks.closing_holdings) -----------


def _owed_at(organization):
    return Essay.objects.filter(organization=organization, status=EssayStatus.OWED)


def holds_owed_essays(organization):
    """Whether essays are still owed at ``organization`` (they must follow it to a successor)."""
    return _owed_at(organization).exists()


def owed_essays_held(organization):
    """``(pk, label)`` of the essays owed at ``organization``, for a split's assignment: the member names it."""
    rows = (
        _owed_at(organization).order_by("member__full_name", "pk").values_list("pk", "member__full_name", "plan__title")
    )
    return [(pk, f"{member}: {title[:80]}") for pk, member, title in rows]


@transaction.atomic
def hand_over_essays(organization, successor, on_date, keys=None):
    """The essays owed at ``organization`` (those of ``keys``, or all) are collected by ``successor`` now.

    The ended organization's secretary can no longer collect them and is not
    reminded (``reminders``); the successor's is. Each keeps the organization
    that asked it (``origin_organization``, set once: a second hand-over keeps
    the first). Essays handed in stay where they were written: they are the record.
    """
    owed = _owed_at(organization)
    if keys is not None:
        owed = owed.filter(pk__in=keys)
    return owed.update(
        origin_organization=Coalesce(F("origin_organization"), F("organization")), organization=successor
    )


@transaction.atomic
def save_session(session, user=None):
    """Save ``session`` (new or edited); it must be held by an organization of the plan."""
    if not within(session.organization, session.plan.applies_to):
        raise DomainError(_("This organization does not study under this plan."), field="organization")
    if session.pk is None and user is not None and user.is_authenticated:
        session.recorded_by = user
    session.save()
    return session


def roster(session):
    """Who a session's attendance lists: the studying members of its organization, and anyone already recorded."""
    recorded = Attendance.objects.filter(session=session).values("member_id")
    members = Member.objects.filter(Q(pk__in=studying_members(session.organization).values("pk")) | Q(pk__in=recorded))
    return members.select_related("organization").order_by("organization__path", "full_name", "pk")


@transaction.atomic
def record_attendance(session, entries):
    """Store ``entries`` ({member id: (status, reason)}) as the session's attendance, replacing what was there.

    Only members of the session's roster may be recorded; an excused absence needs its reason.
    """
    allowed = set(roster(session).values_list("pk", flat=True))
    stray = set(entries) - allowed
    if stray:
        raise DomainError(_("Only members of the organization that held the session can be recorded."))
    if any(status == AttendanceStatus.EXCUSED and not reason for status, reason in entries.values()):
        raise DomainError(_("Give the reason of each excused absence."))
    current = {row.member_id: row for row in Attendance.objects.filter(session=session)}
    changed, new = [], []
    for member_id, (status, reason) in entries.items():
        reason = reason if status != AttendanceStatus.PRESENT else ""
        row = current.get(member_id)
        if row is None:
            new.append(Attendance(session=session, member_id=member_id, status=status, reason=reason))
        elif (row.status, row.reason) != (status, reason):
            row.status, row.reason = status, reason
            changed.append(row)
    Attendance.objects.bulk_create(new, batch_size=1000)
    Attendance.objects.bulk_update(changed, ["status", "reason"], batch_size=1000)
    StudySession.objects.filter(pk=session.pk).update(updated_at=timezone.now())
    return len(new) + len(changed)


@transaction.atomic
def receive_essay(essay, user, *, submitted_on, text="", file=None, kind=""):
    """Record what ``essay``'s member handed in (its text, its ``file`` of ``kind``, or both); the essay is received."""
    if not text.strip() and not file and not essay.file:
        raise DomainError(_("Enter the essay's text or attach its file."))
    if essay.status == EssayStatus.ASSESSED:
        raise DomainError(_("This essay is already assessed; it can no longer be changed."))
    essay.text = text
    if file:
        essay.file.save(file.name, file, save=False)
        essay.file_name, essay.file_kind = file.name[:255], kind
    essay.submitted_on = submitted_on
    essay.status = EssayStatus.RECEIVED
    essay.received_by, essay.received_at = user, timezone.now()
    essay.save()
    return essay


@transaction.atomic
def assess_essay(essay, user, *, grade, assessment=""):
    """Grade a received essay, where its plan has essays assessed."""
    if not essay.plan.essays_assessed:
        raise DomainError(_("This plan does not have its essays assessed."))
    if essay.status == EssayStatus.OWED:
        raise DomainError(_("An essay is assessed after it is received."))
    essay.grade, essay.assessment = grade, assessment
    essay.status = EssayStatus.ASSESSED
    essay.assessed_by, essay.assessed_at = user, timezone.now()
    essay.save(update_fields=["grade", "assessment", "status", "assessed_by", "assessed_at"])
    return essay
