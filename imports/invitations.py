"""Accounts for the organizations' secretaries: created in bulk, each invited by a one-time link to set a password.

The secretary of an organization is the member attached to it whose Party
position is the secretary's title (imported with the members, or edited on a
member's page). Inviting creates the account (no usable password), gives it the
secretary role at the organization from that day, ends the role of a previous
secretary there on the same day (the row stays as history), and sends the
link: Django's password-reset confirmation, so it expires after
``PASSWORD_RESET_TIMEOUT`` and works once.
"""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role, RoleAssignment, User
from core.emails import absolute_url, build_email
from core.errors import DomainError
from core.text import search_key
from imports.models import Invitation
from members.models import Member, MemberStatus


def _secretary_key():
    with translation.override("vi"):
        return search_key(str(Role.SECRETARY.label))


def secretary_title(organization):
    """The Party position naming a member the secretary of ``organization``, in Vietnamese (it is data)."""
    with translation.override("vi"):
        return f"{Role.SECRETARY.label} {organization.name}"


def candidates(organizations):
    """organization id → its secretary among the active members (None if none).

    First a member anywhere in the organization's sub-tree whose Party position
    names it (``secretary_title``, as the organizations import writes it: a
    committee's secretary is usually attached to one of its branches); else a
    member attached to it whose position starts with the secretary's title and
    names no other of ``organizations``.
    """
    organizations = list(organizations)
    if not organizations:
        return {}
    key = _secretary_key()
    titles = {search_key(secretary_title(organization)): organization for organization in organizations}
    active = Member.objects.filter(status=MemberStatus.ACTIVE).exclude(party_position="").order_by("pk")
    in_trees = Q()
    for organization in organizations:
        in_trees |= Q(organization__path__startswith=organization.path)
    found = {}
    with translation.override("vi"):
        first_letter = str(Role.SECRETARY.label)[:1]  # narrows the query; the search key decides
    for member in active.filter(in_trees, party_position__istartswith=first_letter).select_related("organization"):
        named = titles.get(search_key(member.party_position))
        if named is not None and member.organization.path.startswith(named.path):
            found.setdefault(named.pk, member)
    for member in active.filter(organization__in=organizations):
        named = titles.get(search_key(member.party_position))
        if search_key(member.party_position).startswith(key) and named in (None, member.organization):
            found.setdefault(member.organization_id, member)
    return found


def is_activated(user):
    return not user.password.startswith(UNUSABLE_PASSWORD_PREFIX)


def link(user):
    """The one-time link to set the password of ``user``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute_url(reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)]))


def _username(member):
    base = member.card_number.lower()
    name, number = base, 1
    while User.objects.filter(username=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


def _end_others(organization, user, on_date):
    """The secretary role of anyone else at ``organization`` ends on ``on_date`` (kept as history)."""
    for assignment in RoleAssignment.objects.filter(organization=organization, role=Role.SECRETARY).exclude(user=user):
        if assignment.starts_on >= on_date:
            assignment.delete()  # never held: started today or later
        else:
            assignment.ends_on = on_date
            assignment.save(update_fields=["ends_on"])
        access.forget(assignment.user)


def _send(invitation):
    user = invitation.user
    context = {"user": user, "organization": invitation.organization, "link": link(user)}
    build_email("imports/email/invitation", context, [user.email], language=user.language).send()


@transaction.atomic
def invite_secretaries(inviter, organizations, on_date=None):
    """Invite the secretary of each of ``organizations``; ``(invited users, [(organization, why skipped)])``."""
    on_date = on_date or timezone.localdate()
    found = candidates(organizations)
    invited, skipped = [], []
    for organization in organizations:
        member = found.get(organization.pk)
        if member is None:
            skipped.append((organization, _("no active member has the secretary's Party position")))
            continue
        if not member.email:
            skipped.append((organization, _("the secretary %(name)s has no email address") % {"name": member}))
            continue
        user = User.objects.filter(member=member).first()
        if user is None:
            user = User(username=_username(member), full_name=member.full_name, email=member.email, member=member)
            user.set_unusable_password()
            user.save()
        elif (
            is_activated(user)
            and RoleAssignment.objects.filter(user=user, organization=organization, role=Role.SECRETARY).exists()
        ):
            skipped.append((organization, _("%(name)s already has an activated account") % {"name": member}))
            continue
        _end_others(organization, user, on_date)
        RoleAssignment.objects.get_or_create(
            user=user, organization=organization, role=Role.SECRETARY, defaults={"starts_on": on_date}
        )
        invitation = Invitation.objects.create(user=user, organization=organization, member=member, invited_by=inviter)
        transaction.on_commit(lambda invitation=invitation: _send(invitation))
        invited.append(user)
    if not invited:
        reasons = "; ".join(f"{organization}: {why}" for organization, why in skipped)
        raise DomainError(_("No secretary could be invited (%(reasons)s).") % {"reasons": reasons})
    return invited, skipped


def pending(user):
    """Invitations in ``user``'s reach whose account has not set a password yet, newest first."""
    invitations = access.scope(Invitation.objects.select_related("user", "organization"), user)
    return invitations.filter(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
