"""Changes to the leadership collectives (``LeadershipBody``) and their seats (``LeadershipSeat``).

A seat is never deleted: a member leaves a collective by the seat's end date, so who sat in it on any past day
(the members reviewed with it in that year's cycle) stays known. A change of title is the old seat ended and a
new one opened the same day (``end`` is the first day out of the seat).
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.errors import DomainError
from members.models import LeadershipBody, LeadershipSeat


def _save_body(body, **kwargs):
    """Save ``body``; a second collective of the same kind (two requests at once) is a refusal, not a 500."""
    if LeadershipBody.objects.filter(organization=body.organization, kind=body.kind).exclude(pk=body.pk).exists():
        raise DomainError(_("This organization already has a collective of this kind."), field="kind")
    try:
        with transaction.atomic():
            body.save(**kwargs)
    except IntegrityError:
        raise DomainError(_("This organization already has a collective of this kind."), field="kind") from None
    return body


def create_body(body):
    """Save a new leadership collective (already validated) of ``body.organization``."""
    return _save_body(body)


def update_body(body, changed_fields, lock=None):
    """Save an edited collective; ``lock`` refuses a save over someone else's newer one."""
    if lock is not None:
        lock.check(LeadershipBody, pk=body.pk)
    if changed_fields:
        _save_body(body, update_fields=sorted(changed_fields))
    return body


def _check_period(start, end):
    if end is not None and end <= start:
        raise DomainError(_("A seat must end after the day it starts."), field="end")


@transaction.atomic
def add_seat(body, member, *, title, start, end=None, position=100):
    """Give ``member`` a seat in ``body`` from ``start`` (until ``end``, exclusive, when known).

    The member must belong to the collective's organization or to one below it (the Party committee's
    collectives are elected from its own members), and may hold one seat at a time in a collective.
    """
    _check_period(start, end)
    body = LeadershipBody.objects.select_for_update().select_related("organization").get(pk=body.pk)
    if not member.organization.path.startswith(body.organization.path):
        raise DomainError(
            _("Comrade %(name)s is not a member of %(organization)s or of an organization under it.")
            % {"name": member.full_name, "organization": body.organization.name},
            field="member",
        )
    overlapping = body.seats.filter(member=member).filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        overlapping = overlapping.filter(start__lt=end)
    if overlapping.exists():
        raise DomainError(
            _("Comrade %(name)s already holds a seat in this collective over these dates: end it first.")
            % {"name": member.full_name},
            field="member",
        )
    seat = LeadershipSeat(body=body, member=member, title=title, position=position, start=start, end=end)
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError:  # another request opened the same seat since the check
        message = _("Comrade %(name)s already holds a seat in this collective.") % {"name": member.full_name}
        raise DomainError(message, field="member") from None
    return seat


def update_seat(seat, changed_fields, lock=None):
    """Correct a seat's title or order (a typo, the order of the deputies); a new title from a later day is a new
    seat instead (``end_seat`` then ``add_seat``), so the earlier title stays in the history."""
    if lock is not None:
        lock.check(LeadershipSeat, pk=seat.pk)
    if changed_fields:
        seat.save(update_fields=sorted(changed_fields))
    return seat


@transaction.atomic
def end_seat(seat, on_date=None):
    """End ``seat`` on ``on_date`` (today): the first day the member no longer sits in the collective."""
    on_date = on_date or timezone.localdate()
    seat = LeadershipSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.end is not None:
        raise DomainError(_("This seat has already ended."))
    _check_period(seat.start, on_date)
    seat.end = on_date
    seat.save(update_fields=["end"])
    return seat


def leadership_panel(organization, user):
    """The leadership card of the organization page: its collectives with the seats held today."""
    today = timezone.localdate()
    bodies = list(LeadershipBody.objects.filter(organization=organization).order_by("-kind"))
    return {
        "bodies": [(body, list(body.seats_on(today))) for body in bodies],
        "can_change": access.can(user, "leadership.change", organization),
        "organization": organization,
    }


def member_seats(member, user):
    """A member's seats in every collective, the latest first, each with whether ``user`` may open its collective.

    A ward's reader sees that their member sits in the city's Standing Committee (a committee above them), but
    that collective's page is out of their reach.
    """
    seats = member.seats.select_related("body__organization").order_by("-start", "pk")
    reachable = set(
        access.scope(LeadershipBody.objects.filter(seats__member=member), user).values_list("pk", flat=True)
    )
    return [(seat, seat.body_id in reachable) for seat in seats]
