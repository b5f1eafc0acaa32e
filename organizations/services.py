"""Changes to the organization tree: create, edit (and move), close (merge or rename).

Each function runs in one transaction and raises ``DomainError`` naming the
form field when a rule is broken, so the form shows the message next to the
field and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from organizations.hooks import closing_holdings
from organizations.models import Organization


def _check(organization):
    """The model's own rules (``Organization.clean``), a refusal here: the form has shown them already."""
    try:
        organization.full_clean()
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None


@transaction.atomic
def create_organization(organization):
    """Save a new organization; its path is computed from its parent."""
    _check(organization)
    organization.save()
    return organization


@transaction.atomic
def update_organization(organization, changed_fields, lock=None):
    """Save the edited ``changed_fields``; a new parent moves the whole sub-tree in one UPDATE.

    ``lock`` (``core.locking.EditLock``, from the edit form) refuses a save over someone else's newer one.
    """
    if lock is not None:
        lock.check(Organization, pk=organization.pk)
    _check(organization)
    old_parent_id = Organization.objects.filter(pk=organization.pk).values_list("parent_id", flat=True).get()
    new_parent = organization.parent
    fields = [name for name in changed_fields if name != "parent"]
    if fields:
        organization.save(update_fields=fields)
    if new_parent is not None and new_parent.pk != old_parent_id:
        organization.parent_id = old_parent_id
        organization.move_under(new_parent)
    return organization


def _check_close(organization, on_date, successor):
    if organization.valid_to is not None:
        raise DomainError(_("This organization is already closed."), field="on_date")
    if on_date < organization.valid_from:
        raise DomainError(
            _("The closing date cannot be before the date the organization was founded."), field="on_date"
        )
    if successor is None:
        return
    if successor.path.startswith(organization.path):
        raise DomainError(
            _("The successor cannot be the organization itself or one of its sub-units."), field="successor"
        )
    if not successor.is_active_on(on_date):
        raise DomainError(_("The successor must be active on the closing date."), field="successor")


@transaction.atomic
def close_organization(organization, on_date, successor=None):
    """End ``organization`` on ``on_date``; with a successor, merge into it.

    A merge moves the active sub-units under the successor and hands over what
    the apps above registered in ``hooks.closing_holdings`` (the members
    attached directly to the organization, whose membership periods close on
    ``on_date``), so that history stays readable under both. Without a
    successor only an organization with no active sub-unit and no holding may
    be closed.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _check_close(organization, on_date, successor)
    active_children = list(organization.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on_date)))
    holdings = [holding for holding in closing_holdings if holding.holds(organization)]
    if successor is None and (active_children or holdings):
        message = _("This organization still has active sub-units or members; name a successor.")
        raise DomainError(message, field="successor")
    for child in active_children:
        child.move_under(successor)
    for holding in holdings:
        holding.transfer(organization, successor, on_date)
    organization.close(on_date, successor)
    return organization
