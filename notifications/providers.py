"""The provider registry: where the reminder engine learns what has a deadline.

The engine knows nothing about reviews, directives or commitments. Each app that
owns deadlines registers one provider per *kind* of deadline (a review-cycle step,
a directive's explanation report, a commitment's current deadline, ...), and the
sweep asks every registered provider for its open items.

How an app registers a provider
-------------------------------
Create ``<app>/reminders.py`` (discovered by ``NotificationsConfig.ready()``); a
shortened ``commitments/reminders.py``::

    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from commitments.models import ACTIVE_STATUSES, Commitment
    from notifications.providers import DueItem, ReminderProvider, registry


    class CommitmentDeadlineProvider(ReminderProvider):
        kind = "commitments.deadline"
        label = _("Commitment deadline")
        model = Commitment
        deadline_field = "deadline"

        def open_items(self):
            return Commitment.objects.filter(status__in=ACTIVE_STATUSES).select_related("organization", "member")

        def describe(self, obj):
            return DueItem(
                object_id=obj.pk,
                organization_id=obj.organization_id,
                deadline=obj.deadline,
                title=str(obj),
                url=reverse("commitments:detail", args=[obj.pk]),
                owner_ids=(obj.accountable_user_id,) if obj.accountable_user_id else (),
            )


    registry.register(CommitmentDeadlineProvider())

The contract
------------
``kind``
    A stable identifier ``"<app>.<thing>"`` (at most 64 characters). It is stored in
    the ledger and in schedules and preferences: never rename it.
``label``
    A lazily translated name, shown in digests, the inbox, the schedule settings
    and the preferences page.
``model``
    The model whose rows are the items; its content type is half of an item's key.
``deadline_field``
    The name of a ``DateField`` (or a date annotation) on ``open_items()``. The
    sweep filters ``<deadline_field>__lte=<horizon>``, so the table should have an
    index on it (or on ``(status, deadline)``) to keep the sweep cheap.
``open_items()``
    A **queryset** of the items that still need doing: done, completed,
    acknowledged-by-design or deleted items must not be in it. The sweep pages
    through it by primary key in chunks (keyset pagination), so it must not be
    sliced or ordered by the provider; add ``select_related()`` for whatever
    ``describe()`` reads, so that describing a chunk costs no extra query per row.
``describe(obj)``
    Turns one row into a :class:`DueItem`. ``title`` appears in the email body and
    the inbox (never in an email subject). ``url`` is a site path to a page that
    loads the item through ``accounts.access``. ``owner_ids`` are the user ids
    reminded first; when empty, the organization's secretaries are reminded.
``describe_rows(rows)`` (optional)
    Describes one chunk of rows at once; the default calls ``describe()`` per
    row. Override it when owners need a lookup that is not a column of the row
    (for example the Inspection Committee above the organization): do that
    lookup once for the chunk, never once per row.
``schedule_defaults`` (optional)
    A dict of ``ReminderSchedule`` field values used while city staff have not
    saved a schedule for the kind (e.g. ``{"days_before": [3]}``).
``list_url()`` (optional)
    A site path listing the open items; the Inspection Committee's and city
    staff's summary row of escalated items links there (the inbox by default).
``current(object_ids)`` and ``open_deadlines(object_ids)``
    Re-check at send time; the defaults re-run ``open_items()`` for those ids, so an
    item deleted or completed since the sweep is skipped instead of mailed.
    ``open_deadlines`` reads only (id, ``deadline_field``) pairs: override it when
    ``deadline_field`` is not the deadline itself.

Acknowledgement stops escalation; it is recorded by the notifications app itself
(``notifications.services.acknowledge``), so providers need not model it.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

_PLACEHOLDER = 987654321


def url_maker(name):
    """``pk -> reverse(name, args=[pk])`` that reverses once: describing 100,000 rows must not resolve 100,000 times."""
    pattern = reverse(name, args=[_PLACEHOLDER])
    before, after = pattern.split(str(_PLACEHOLDER), 1)
    return lambda pk: f"{before}{pk}{after}"


@dataclass(frozen=True)
class DueItem:
    """One item with a deadline, as the engine sees it: a lightweight record."""

    object_id: int
    organization_id: int
    deadline: object  # datetime.date
    title: str
    url: str
    owner_ids: tuple = field(default=())


class ReminderProvider:
    """Base class for a source of deadlines; see the module docstring for the contract."""

    kind = ""
    label = ""
    model = None
    deadline_field = "deadline"
    schedule_defaults = {}

    def open_items(self):
        raise NotImplementedError

    def describe(self, obj):
        raise NotImplementedError

    def describe_rows(self, rows):
        return [self.describe(row) for row in rows]

    def list_url(self):
        """A site path listing the open items (where a summary of escalated items links); the inbox by default."""
        return reverse("notifications:inbox")

    def content_type(self):
        return ContentType.objects.get_for_model(self.model)

    def due_queryset(self, horizon):
        """Open items whose deadline is on or before ``horizon`` (a date)."""
        return self.open_items().filter(**{f"{self.deadline_field}__lte": horizon})

    def open_deadlines(self, object_ids):
        """``{(object_id, deadline)}`` of the ids still open now, read in SQL (the send-time re-check)."""
        return set(self.open_items().filter(pk__in=list(object_ids)).values_list("pk", self.deadline_field))

    def current(self, object_ids):
        """``{object_id: DueItem}`` for the ids that are still open now."""
        return {item.object_id: item for item in self.describe_rows(self.open_items().filter(pk__in=list(object_ids)))}

    def __repr__(self):
        return f"<{type(self).__name__} {self.kind}>"


class ProviderRegistry:
    """The registered providers, by kind. Registering the same kind twice is an error."""

    def __init__(self):
        self._providers = {}
        self._event_labels = {}

    def register(self, provider):
        if not provider.kind or len(provider.kind) > 64:
            raise ValueError(f"A reminder provider needs a kind of 1 to 64 characters, got {provider.kind!r}")
        if provider.model is None:
            raise ValueError(f"Reminder provider {provider.kind!r} names no model")
        if provider.kind in self._providers:
            raise ValueError(f"A reminder provider for {provider.kind!r} is already registered")
        self._providers[provider.kind] = provider
        return provider

    def unregister(self, kind):
        self._providers.pop(kind, None)

    def get(self, kind):
        """The provider for ``kind``, or None when no app provides it (any more)."""
        return self._providers.get(kind)

    def all(self):
        return sorted(self._providers.values(), key=lambda provider: provider.kind)

    def choices(self):
        return [(provider.kind, provider.label) for provider in self.all()]

    def label(self, kind):
        provider = self.get(kind)
        return provider.label if provider else self._event_labels.get(kind, kind)

    def register_event_kind(self, kind, label):
        """Name a kind of event notice that no provider follows (``notifications.services.notify``)."""
        self._event_labels[kind] = label

    def autodiscover(self):
        autodiscover_modules("reminders")


registry = ProviderRegistry()
