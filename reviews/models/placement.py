"""A cycle's record keeps the place in the tree its organization had on the cycle's reference date.

The tree's paths change when an organization moves (the 2025 restructuring
moved every branch of the merged wards and every unit of the dissolved city
committee), but a 2017 review must stay under the 2017 tree: its figures, its
sub-tree and who may read it do not change. So each collective review,
individual review and member not reviewed stores ``organization_path``, the
organization's path on the cycle's reference date, written when the cycle
opens. A later move rewrites it only for the cycles whose reference date
falls on or after the move (``reviews.services.follow_move``): the current
cycle counts today's tree, the past ones the tree of their year.

``accounts.access`` reads ``HISTORICAL_PATHS`` and ``HISTORY_DATE`` to scope
these rows by their stored path, and to let an ended role (a city committee
dissolved) keep reading the cycles before its end.
"""

from django.db import models
from django.db.models import F, Q, Subquery
from django.utils.translation import gettext_lazy as _

from organizations.models import PriorState


class PlacedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Rows built without their path get their organization's current path (a cycle being opened)."""
        objs = list(objs)
        missing = {obj.organization_id for obj in objs if not obj.organization_path}
        if missing:
            organization_model = self.model._meta.get_field("organization").related_model
            paths = dict(organization_model.objects.filter(pk__in=missing).values_list("pk", "path"))
            for obj in objs:
                if not obj.organization_path:
                    obj.organization_path = paths[obj.organization_id]
        return super().bulk_create(objs, *args, **kwargs)


def cycle_date(record):
    """The day a record of a cycle names its organization as: the cycle's reference date (``cycle`` loaded).

    The same day as the record's stored place: a 2017 list names the wards of the 2017 tree. Lists of
    several cycles (commitments) pass this to ``organizations.lineage.attach_names_then`` per row.
    """
    return record.cycle.reference_date


def moved_since(cycles, *within):
    """Whether some organization has changed place since the earliest of ``cycles`` (cycles or their ids).

    Until then its records' stored places are today's paths, and what is counted by organization
    (the summary table of ``reviews.summaries``) may be scoped by today's tree. One indexed query.

    Each of ``within`` is a list of path prefixes (None: the whole tree), such as a reader's reach
    and the organization a figure is limited to: only a move whose former or present place is in
    every one of them counts. A move elsewhere changes no row a scope by those prefixes selects,
    whether it filters by the stored places or by today's.
    """
    from reviews.models.cycles import ReviewCycle  # the cycle's module imports this one

    cycles = list(cycles)
    if not cycles:
        return False
    ids = [getattr(cycle, "pk", cycle) for cycle in cycles]
    earliest = ReviewCycle.objects.filter(pk__in=ids).order_by("reference_date").values("reference_date")[:1]
    moved = PriorState.objects.exclude(path=F("organization__path")).filter(until__gt=Subquery(earliest))
    for prefixes in within:
        if prefixes is None:
            continue
        condition = Q(pk__in=[])
        for prefix in prefixes:
            condition |= Q(path__startswith=prefix) | Q(organization__path__startswith=prefix)
        moved = moved.filter(condition)
    return moved.exists()


class PlacedRecord(models.Model):
    """Abstract: a record of a cycle, with its organization's path on the cycle's reference date."""

    HISTORICAL_PATHS = {"organization": "organization_path"}
    HISTORY_DATE = "cycle__reference_date"

    organization_path = models.CharField(_("place in the tree"), max_length=255, editable=False, default="")

    objects = PlacedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.organization_path and self.organization_id:
            self.organization_path = self.organization.path
        super().save(*args, **kwargs)

    @property
    def organization_name(self):
        """The organization's name on the cycle's reference date: a 2017 report keeps the name of 2017.

        A list gives its rows their names in one query (``organizations.lineage.attach_names_then``);
        a single record asks its own.
        """
        if getattr(self, "organization_then", None) is not None:
            return self.organization_then.name_then
        return self.organization.name_on(self.cycle.reference_date)
