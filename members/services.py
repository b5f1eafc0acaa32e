"""Changes to the member registry: add, edit and transfer between organizations.

The membership history (``Membership``) is kept here and nowhere else: a
member's organization changes only through ``move_member``/``move_members``,
which close the open period and open a new one, so that the organization a
member belonged to on any past date stays known.
"""

import datetime
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from members.models import Member, MemberCount, Membership, MemberStatus


def _save(member, **kwargs):
    """Save ``member``; a card number another request registered since the form checked it is a refusal, not a 500.

    The form's uniqueness check and the INSERT are two statements: two
    people adding the same card number at once both pass the check, and the
    unique key refuses the second.
    """
    try:
        with transaction.atomic():
            member.save(**kwargs)
    except IntegrityError:
        if not Member.objects.filter(card_number=member.card_number).exclude(pk=member.pk).exists():
            raise
        raise DomainError(
            _("Party card number %(number)s has just been registered for another member.")
            % {"number": member.card_number},
            field="card_number",
        ) from None


@transaction.atomic
def create_member(member):
    """Save a new member (already validated) and open their first membership period.

    Without known history the member is taken to have belonged to the
    organization since their admission.
    """
    if member.status != MemberStatus.ACTIVE and member.status_since is None:
        member.status_since = timezone.localdate()
    _save(member)
    Membership.objects.create(member=member, organization=member.organization, start=member.admission_date)
    return member


@transaction.atomic
def create_members(members):
    """``create_member`` for many new members at once (an import): two bulk inserts, the same first periods."""
    today = timezone.localdate()
    for member in members:
        if member.status != MemberStatus.ACTIVE and member.status_since is None:
            member.status_since = today
        member.fill_search_text()  # bulk_create bypasses save()
    created = Member.objects.bulk_create(members)
    Membership.objects.bulk_create(
        Membership(member=member, organization_id=member.organization_id, start=member.admission_date)
        for member in created
    )
    return created


@transaction.atomic
def update_member(member, changed_fields, on_date=None, lock=None):
    """Save an edited member; a new organization is a transfer dated ``on_date`` (today).

    ``lock`` (``core.locking.EditLock``, from the edit form) refuses a save over someone else's newer one.
    """
    if lock is not None:
        lock.check(Member, pk=member.pk)
    on_date = on_date or timezone.localdate()
    new_organization = member.organization
    fields = set(changed_fields) - {"organization"}
    if "status" in fields and "status_since" not in fields:
        member.status_since = on_date
        fields.add("status_since")
    if fields:
        _save(member, update_fields=[*sorted(fields), "updated_at"])
    if "organization" in changed_fields:
        move_member(member, new_organization, on_date)
    return member


@transaction.atomic
def move_member(member, organization, on_date):
    """Transfer one member to ``organization`` on ``on_date``."""
    period = Membership.objects.select_for_update().filter(member=member, end__isnull=True).first()
    if period and period.organization_id != organization.pk and on_date < period.start:
        message = _("The member joined the current organization after this date; a transfer cannot precede it.")
        raise DomainError(message, field="organization")
    move_members(Member.objects.filter(pk=member.pk), organization, on_date)
    member.organization = organization
    return member


@transaction.atomic
def move_members(members, organization, on_date):
    """Transfer every member of the queryset ``members`` to ``organization`` on ``on_date``.

    Set-based, for merges: open periods elsewhere end on ``on_date`` and new
    ones start that day. A period that starts on (or after) ``on_date`` is
    simply re-pointed, since the member never belonged to the old organization
    in between. Periods end exclusively (``end`` is the first day elsewhere).
    """
    member_ids = list(members.values_list("pk", flat=True))
    open_elsewhere = Membership.objects.filter(member_id__in=member_ids, end__isnull=True).exclude(
        organization=organization
    )
    open_elsewhere.filter(start__gte=on_date).update(organization=organization)
    ending = list(open_elsewhere.filter(start__lt=on_date).values_list("member_id", flat=True))
    Membership.objects.filter(member_id__in=ending, end__isnull=True).update(end=on_date)
    with_open_period = set(
        Membership.objects.filter(member_id__in=member_ids, end__isnull=True).values_list("member_id", flat=True)
    )
    Membership.objects.bulk_create(
        Membership(member_id=member_id, organization=organization, start=on_date)
        for member_id in member_ids
        if member_id not in with_open_period
    )
    Member.objects.filter(pk__in=member_ids).update(organization=organization, updated_at=timezone.now())


def holds_members(organization):
    """Whether members are attached directly to ``organization`` (a closing must hand them over)."""
    return Member.objects.filter(organization=organization).exists()


def members_held(organization):
    """``(pk, name)`` of the members attached directly to ``organization``, for a split's assignment."""
    members = Member.objects.filter(organization=organization).order_by("search_text", "pk")
    return [
        (pk, f"{name} ({card})" if card else name)
        for pk, name, card in members.values_list("pk", "full_name", "card_number")
    ]


def hand_over_members(organization, successor, on_date, keys=None):
    """An ending organization's own members (those of ``keys``, or all) transfer to ``successor`` on ``on_date``.

    The members of its sub-units are not touched: they move with their branch,
    whose place in the tree changes (``organizations.lineage``), not their membership.
    """
    members = Member.objects.filter(organization=organization)
    if keys is not None:
        members = members.filter(pk__in=keys)
    move_members(members, successor, on_date)


# How far from an organization's closing date its members' transfers still count as its closing's: the records
# of 2025 were typed in over weeks, not on the day.
TRANSFER_WINDOW = datetime.timedelta(days=31)


def successor_by_transfers(organization):
    """``{organization pk: transfers}``: where ``organization``'s members went when it closed (``valid_to``).

    A transfer is a membership period in its sub-tree ending within ``TRANSFER_WINDOW`` of the closing date,
    followed by the same member's period elsewhere starting within the window after it. A member who went to a
    branch counts for the branch's superior at the closed organization's level (a ward's members go to the new
    ward's branches): the evidence for ``organizations.hooks.successor_evidence``.
    """
    closed_on = organization.valid_to
    if closed_on is None:
        return {}
    inside = Q(organization__path__startswith=organization.path)
    ended = dict(
        Membership.objects.filter(
            inside, end__gte=closed_on - TRANSFER_WINDOW, end__lte=closed_on + TRANSFER_WINDOW
        ).values_list("member_id", "end")
    )
    following = (
        Membership.objects.filter(member_id__in=list(ended))
        .exclude(inside)
        .order_by("member_id", "start")
        .values_list("member_id", "start", "organization_id", "organization__path")
    )
    counts = Counter()
    counted = set()
    for member_id, start, organization_id, path in following:
        if member_id in counted or not ended[member_id] <= start <= ended[member_id] + TRANSFER_WINDOW:
            continue
        counted.add(member_id)
        segments = path.rstrip(".").split(".")
        counts[int(segments[organization.depth]) if len(segments) > organization.depth else organization_id] += 1
    return dict(counts)


def organization_panel(organization, user):
    """The member cards of the organization page: the sub-tree's members by status, and its party officers.

    The counts are one aggregate query over the member counts (``members.summaries``: a few rows per
    organization, kept by triggers), whatever the size of the sub-tree.
    """
    members = Member.objects.in_subtree(organization)
    counts = MemberCount.objects.filter(organization__path__startswith=organization.path)
    rows = dict(counts.values_list("status").annotate(count=Sum("total")).order_by("status"))
    officers = members.exclude(party_position="").select_related("organization")
    return {
        "total": sum(rows.values()),
        "by_status": [(label, rows.get(value, 0)) for value, label in MemberStatus.choices],
        "officers": officers.order_by("organization__path", "full_name")[:30],
    }
