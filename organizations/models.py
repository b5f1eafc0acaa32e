"""The dated tree of Party organizations.

"Everything under X" is answered with a materialized path: each organization
stores ``path``, the zero-padded ids of its ancestors and itself
(``"00000001.00000007."``). A sub-tree is one indexed prefix query
(``path LIKE '00000001.00000007.%'``) whatever the depth, which a recursive CTE
would also give but at a cost on every list and access check; a closure table
would need a second table kept in step. Paths change only when an organization
moves, and the move rewrites the sub-tree's paths in one UPDATE.
"""

import functools
import itertools
import operator

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.db.models.lookups import In
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import access
from core.models import SearchableModel
from organizations.hooks import tree_moves

PATH_SEGMENT = 9  # 8 digits and a dot


class OrganizationKind(models.TextChoices):
    SUPERIOR_COMMITTEE = "superior_committee", _("Superior committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party cell")
    SUB_COMMITTEE = "sub_committee", _("Departmental Party committee")
    BRANCH = "branch", _("Subordinate Party cell")
    PARTY_GROUP = "party_group", _("Party group")


GRASSROOTS_KINDS = (OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL)
BRANCH_KINDS = (OrganizationKind.SUB_COMMITTEE, OrganizationKind.BRANCH)


class Sector(models.TextChoices):
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    AGENCY = "agency", _("Agency")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health")
    ENTERPRISE = "enterprise", _("Enterprise")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    OTHER = "other", _("Other")


def not_ended(day, via="organization"):
    """A filter on rows whose organization (reached through ``via``) has not ended by ``day``.

    An ended organization answers for nothing any more (its successor does): no reminder goes to it.
    """
    return Q(**{f"{via}__valid_to__isnull": True}) | Q(**{f"{via}__valid_to__gt": day})


def under_any(prefix, paths, field="path"):
    """The condition: ``field`` (a tree path) lies under one of ``paths``, each ``prefix`` and one segment.

    The paths of siblings, as a move hands them to ``hooks.tree_moves``: a prefix ``LIKE`` on
    ``prefix`` uses the path's index, and the one segment after it is compared with the list, so a
    hundred sub-trees cost one condition, not a hundred ``OR``s.
    """
    if any(len(path) != len(prefix) + PATH_SEGMENT or not path.startswith(prefix) for path in paths):
        raise ValueError("Each path must be the prefix and one segment")
    return Q(**{f"{field}__startswith": prefix}) & Q(In(Substr(field, 1, len(prefix) + PATH_SEGMENT), sorted(paths)))


def in_subtrees(queryset, prefix, paths, field="path"):
    """``queryset`` narrowed to the rows under one of ``paths`` (``under_any``)."""
    return queryset.filter(under_any(prefix, paths, field))


class OrganizationQuerySet(models.QuerySet):
    def subtree_of(self, organization, include_self=True):
        qs = self.filter(path__startswith=organization.path)
        return qs if include_self else qs.exclude(pk=organization.pk)

    def grassroots(self):
        return self.filter(kind__in=GRASSROOTS_KINDS)

    # Shorthands for the access module's rules on the organizations themselves.
    def visible_to(self, user):
        return access.scope(self, user, via="")

    def permitted_to(self, user, permission):
        return access.permitted(self, user, permission, via="")

    def homes_of(self, user, permission=None):
        return access.at_home(self, user, permission, via="")

    def active_on(self, day):
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gt=day))


class Organization(SearchableModel):
    SEARCH_FIELDS = ("name", "code")

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, default=Sector.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a restructuring ends organizations, it never deletes them
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    description = models.TextField(_("description"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="organization_valid_to_after_valid_from",
            ),
            models.CheckConstraint(condition=~Q(successor=F("id")), name="organization_not_own_successor"),
        ]
        indexes = [
            # The organization list filters grassroots organizations by sector.
            models.Index(fields=["kind", "sector"], name="organization_kind_sector"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.pk])

    @property
    def long_name(self):
        """The name with the superior's: many branches share a name ("Chi bộ Tổ dân phố số 8")."""
        return f"{self.name} — {self.parent.name}" if self.parent_id else self.name

    @property
    def is_grassroots(self):
        return self.kind in GRASSROOTS_KINDS

    def is_active_on(self, day):
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)

    @property
    def is_active(self):
        return self.is_active_on(timezone.localdate())

    def clean(self):
        """Rules for a valid place in the tree, reported next to the field they concern."""
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date cannot be before the start date.")
        if self.parent_id:
            errors.update(self._parent_errors())
        if errors:
            raise ValidationError(errors)

    def _parent_errors(self):
        parent = self.parent
        if self.pk and self.path and parent.path.startswith(self.path):
            return {"parent": _("An organization cannot be placed under itself or one of its own sub-units.")}
        previous_parent_id = None
        if self.pk:
            previous_parent_id = type(self).objects.filter(pk=self.pk).values_list("parent_id", flat=True).first()
        # An organization already under a since-closed parent may still be edited.
        if parent.pk != previous_parent_id and not parent.is_active:
            return {"parent": _("The superior organization has been closed; choose an active one.")}
        return {}

    def compute_path(self):
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:08d}."

    def save(self, *args, **kwargs):
        creating = self.pk is None
        super().save(*args, **kwargs)
        if creating or not self.path:
            self.path = self.compute_path()
            self.depth = self.path.count(".") - 1
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def ancestors(self):
        ids = [int(part) for part in self.path.split(".") if part][:-1]
        return Organization.objects.filter(pk__in=ids).order_by("depth")

    def descendants(self, include_self=False):
        return Organization.objects.subtree_of(self, include_self=include_self)

    def grassroots_ancestor(self):
        """The grassroots organization this one belongs to (itself if it is one)."""
        if self.is_grassroots:
            return self
        return self.ancestors().filter(kind__in=GRASSROOTS_KINDS).last()

    @transaction.atomic
    def move_under(self, new_parent, on_date=None, event=None):
        """Re-parent this organization and rewrite its sub-tree's paths in one UPDATE (``move_all``)."""
        type(self).move_all([self], new_parent, on_date, event)

    @classmethod
    @transaction.atomic
    def move_all(cls, organizations, new_parent, on_date=None, event=None):
        """Re-parent ``organizations`` under ``new_parent``, their sub-trees with them, in a few statements.

        A restructuring moves a district's hundred units, or the branches of twenty merged wards, at
        once. Their former places are kept in one INSERT (``PriorState`` rows ending on ``on_date``,
        today if not given: the tree of an earlier day stays known) and their superior set in one
        UPDATE; the sub-trees under one former superior share the prefix that changes (its path), so
        their paths are rewritten in one UPDATE per former superior and ``hooks.tree_moves`` is told
        once per former superior, whatever the size of the sub-trees. The instances given take their
        new parent, path and depth.
        """
        on_date = on_date or timezone.localdate()
        paths = sorted(organization.path for organization in organizations)
        if any(later.startswith(earlier) for earlier, later in itertools.pairwise(paths)):
            raise ValueError("An organization moves with its superior: list only the roots of the sub-trees")
        groups = {}
        for organization in organizations:
            if new_parent.path.startswith(organization.path):
                raise ValueError("An organization cannot move under its own sub-tree")
            old_prefix = organization.path[:-PATH_SEGMENT]
            if old_prefix != new_parent.path:
                groups.setdefault(old_prefix, []).append(organization)
        if not groups:
            return
        subtrees = {prefix: under_any(prefix, {o.path for o in moving}) for prefix, moving in groups.items()}
        cls._keep_prior_states(cls.objects.filter(functools.reduce(operator.or_, subtrees.values())), on_date, event)
        roots = [organization for moving in groups.values() for organization in moving]
        cls.objects.filter(pk__in=[organization.pk for organization in roots]).update(parent=new_parent)
        for old_prefix, moving in groups.items():
            depth_change = new_parent.path.count(".") - old_prefix.count(".")
            cls.objects.filter(subtrees[old_prefix]).update(
                path=Concat(Value(new_parent.path), Substr("path", len(old_prefix) + 1)),
                depth=F("depth") + depth_change,
            )
            old_paths = sorted({organization.path for organization in moving})
            for organization in moving:
                organization.parent = new_parent
                organization.path = new_parent.path + organization.path[len(old_prefix) :]
                organization.depth += depth_change
            for follow in tree_moves:
                follow(old_prefix, new_parent.path, old_paths, on_date)

    @staticmethod
    def _keep_prior_states(organizations, on_date, event):
        on_date = on_date or timezone.localdate()
        PriorState.objects.bulk_create(
            PriorState(organization_id=pk, until=on_date, name=name, parent_id=parent_id, path=path, event=event)
            for pk, name, parent_id, path in organizations.values_list("pk", "name", "parent_id", "path")
        )

    def state_on(self, day):
        """``(name, parent_id, path)`` of this organization on ``day``: a prior state, or today's."""
        prior = self.prior_states.filter(until__gt=day).order_by("until", "pk").first()
        if prior is None:
            return self.name, self.parent_id, self.path
        return prior.name, prior.parent_id, prior.path

    def name_on(self, day):
        """The name this organization had on ``day`` (before a renaming, its former name)."""
        return self.state_on(day)[0]

    def close(self, on_date, successor=None):
        """End this organization on ``on_date``; its history stays readable."""
        type(self).close_all([self], on_date, successor)

    @classmethod
    def close_all(cls, organizations, on_date, successor=None):
        """End ``organizations`` on ``on_date`` in one UPDATE (the wards of a merger); the instances follow."""
        cls.objects.filter(pk__in=[organization.pk for organization in organizations]).update(
            valid_to=on_date, successor=successor
        )
        for organization in organizations:
            organization.valid_to, organization.successor = on_date, successor


class OrganizationRollup(models.Model):
    """How many organizations lie under an organization (itself included), per kind, sector and dates.

    Kept by triggers on the organizations (``organizations.summaries.ORGANIZATION_ROLLUP``): the
    dashboard counts the organizations active on a day in the reader's reach from a few rows per
    root of the reach. ``ends_on`` is ``valid_to``, or ``summaries.FAR_FUTURE`` for no end.
    """

    # No index of its own: the unique key begins with it.
    ancestor = models.ForeignKey(
        Organization, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    kind = models.CharField(_("kind"), max_length=32)
    sector = models.CharField(_("sector"), max_length=32)
    valid_from = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid to"))
    total = models.IntegerField(_("organizations"))

    class Meta:
        verbose_name = _("organization roll-up")
        verbose_name_plural = _("organization roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["ancestor", "depth", "kind", "sector", "valid_from", "ends_on"], name="organization_rollup_key"
            ),
        ]

    def __str__(self):
        return f"{self.ancestor_id}/{self.kind}/{self.sector}/{self.valid_from}–{self.ends_on}: {self.total}"


# --- restructuring: events, lineage, former states ------------------------------------------------------------


class EventKind(models.TextChoices):
    # A context of their own: "Dissolution" is also a form of discipline (giải tán), not this event (giải thể).
    MERGE = "merge", pgettext_lazy("organization event", "Merger")
    SPLIT = "split", pgettext_lazy("organization event", "Split")
    RENAME = "rename", pgettext_lazy("organization event", "Renaming")
    MOVE = "move", pgettext_lazy("organization event", "Move under another superior")
    DISSOLVE = "dissolve", pgettext_lazy("organization event", "Dissolution")


class OrganizationEvent(models.Model):
    """One dated change of the tree (``organizations.services``), with its legal basis.

    ``date`` is the first day of the new state: a predecessor's ``valid_to``
    (exclusive) and a new successor's ``valid_from``. ``subject`` is the
    organization the event is about: the one renamed, moved, split or
    dissolved; for a merger, the successor.

    The legal basis is the decision of the competent committee, kept as text
    (number and symbol, date, issuer): ``documents`` sits above organizations,
    so an event cannot point at a document of the register; the register links
    itself to an event through ``hooks.basis_links`` (a document whose number
    matches), and the event stays complete without it.
    """

    kind = models.CharField(_("event"), max_length=16, choices=EventKind.choices)
    date = models.DateField(_("effective date"))
    subject = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="events"
    )
    basis_number = models.CharField(_("decision number and symbol"), max_length=64)
    basis_date = models.DateField(_("decision date"))
    basis_issuer = models.CharField(_("issuing body"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Recorded afterwards from the records of an organization closed before the product kept lineage
    # (``manage.py derive_past_lineage``), not from a decision: ``note`` says from which records.
    derived = models.BooleanField(_("derived from the records"), default=False)

    class Meta:
        verbose_name = _("organization event")
        verbose_name_plural = _("organization events")
        ordering = ["date", "pk"]
        constraints = [
            # A decision precedes (or coincides with) the change it orders.
            models.CheckConstraint(condition=Q(basis_date__lte=F("date")), name="organization_event_basis_first"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject} ({self.date:%d/%m/%Y})"

    @property
    def basis(self):
        """ "Quyết định số 12-QĐ/TU ngày 20/6/2025 của Tỉnh ủy Ninh Bình", in the product's words."""
        if self.derived:
            return _("No decision recorded; derived from the records: %(note)s") % {"note": self.note}
        return _("%(number)s of %(date)s, %(issuer)s") % {
            "number": self.basis_number,
            "date": self.basis_date.strftime("%d/%m/%Y"),
            "issuer": self.basis_issuer,
        }


class LineageLink(models.Model):
    """``predecessor`` became (part of) ``successor`` on ``date``, by ``event``.

    A merger links each merged organization to the one successor; a split
    links the split organization to each successor; a dissolution links it to
    the organization that keeps its history and open work. ``Organization.
    successor`` still names the single successor of a merger or dissolution
    (a split leaves it empty): these links are the full record.
    """

    event = models.ForeignKey(OrganizationEvent, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(
        Organization, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Organization, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "predecessor", "successor"], name="lineage_link_once"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="lineage_link_not_itself"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.date:%d/%m/%Y})"


class PriorState(models.Model):
    """What an organization was called and where it sat in the tree until ``until`` (exclusive).

    Written by a renaming and by every move of a sub-tree (a move, the sub-units
    a merger or split hands over): one row per organization of the moved
    sub-tree. The state on a day ``d`` is the row with the smallest ``until``
    after ``d``, or the organization's current one (``state_on``): the tree of
    a past year without a copy of the tree per year.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="prior_states")
    until = models.DateField(_("until"))
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(_("tree path"), max_length=255)
    event = models.ForeignKey(OrganizationEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("prior state")
        verbose_name_plural = _("prior states")
        ordering = ["organization", "until", "pk"]
        indexes = [models.Index(fields=["organization", "until"], name="prior_state_lookup")]

    def __str__(self):
        return f"{self.name} (→ {self.until:%d/%m/%Y})"
