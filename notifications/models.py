"""Reminder schedules, the delivery ledger, daily digests and the in-app inbox.

The ledger (``Delivery``) is what makes reminders exactly-once: one row per
(kind, item, step, recipient, due date), inserted with ON CONFLICT DO NOTHING by
the sweep, and claimed with a conditional UPDATE (pending → sending) by the task
that mails it. Digests have their own ledger row, unique per recipient and day.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.providers import registry

DEFAULT_DAYS_BEFORE = (7, 1)
DEFAULT_OVERDUE_EVERY_DAYS = 7
DEFAULT_ESCALATION_DELAYS = (3, 7, 14)
MAX_DAYS = 365


def default_days_before():
    return list(DEFAULT_DAYS_BEFORE)


def default_escalation_delays():
    return list(DEFAULT_ESCALATION_DELAYS)


class Step(models.TextChoices):
    BEFORE = "before", _("Deadline approaching")
    ON_DAY = "on_day", _("Deadline today")
    OVERDUE = "overdue", _("Overdue")
    # The escalation ladder: the owner's reminders above, then these three levels.
    ESCALATION_SECRETARY = "escalation_1", _("Escalated to the organization's secretary")
    ESCALATION_STANDING = "escalation_2", _("Escalated to the standing member in charge")
    ESCALATION_INSPECTION = "escalation_3", _("Escalated to the Inspection Committee and city staff")
    # Not a reminder: something happened to the item (see ``services.notify_event``).
    EVENT = "event", _("Update")


ESCALATION_STEPS = (Step.ESCALATION_SECRETARY, Step.ESCALATION_STANDING, Step.ESCALATION_INSPECTION)


class Channel(models.TextChoices):
    DIGEST = "digest", _("In the daily digest")
    IMMEDIATE = "immediate", _("Immediately")
    IN_APP = "in_app", _("In the application only")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class ReminderSchedule(models.Model):
    """When reminders for one kind of deadline go out; edited by city staff.

    A kind without a saved row uses the defaults (``for_kind``).
    """

    kind = models.CharField(_("kind"), max_length=64, unique=True)
    days_before = models.JSONField(_("days before the deadline"), default=default_days_before)
    on_the_day = models.BooleanField(_("remind on the day"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("while overdue, remind every (days)"), default=DEFAULT_OVERDUE_EVERY_DAYS
    )
    escalation_delays = models.JSONField(
        _("escalation delays (days after the deadline)"), default=default_escalation_delays
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reminder schedule")
        verbose_name_plural = _("reminder schedules")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_every_days__lte=MAX_DAYS), name="reminder_schedule_overdue_every_at_most_a_year"
            ),
        ]

    def __str__(self):
        return self.kind

    def get_absolute_url(self):
        return reverse("notifications:schedule_edit", args=[self.kind])

    @classmethod
    def default_for(cls, kind):
        """An unsaved schedule of ``kind`` with its provider's defaults (the engine's where it has none)."""
        provider = registry.get(kind)
        return cls(kind=kind, **(provider.schedule_defaults if provider else {}))

    @classmethod
    def for_kind(cls, kind):
        """The saved schedule of ``kind``, or an unsaved one holding the defaults."""
        return cls.objects.filter(kind=kind).first() or cls.default_for(kind)

    @property
    def max_days_before(self):
        return max(self.days_before, default=0)


class NotificationPreference(models.Model):
    """How a person wants reminders of one kind. Escalations are always emailed: "in the app only" does not apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=64)
    channel = models.CharField(_("email"), max_length=16, choices=Channel.choices, default=Channel.DIGEST)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} – {self.kind}: {self.channel}"


class Digest(models.Model):
    """One daily email to one person; the unique key makes it at most one per day."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_one_per_recipient_and_day"),
        ]
        indexes = [
            # The failed-deliveries page and the sweep's repair pass select by status.
            models.Index(fields=["status", "updated_at"], name="digest_status_updated"),
        ]

    def __str__(self):
        return f"{self.recipient} – {self.day}"


class Delivery(models.Model):
    """The ledger: one reminder of one item to one person at one step and due date."""

    kind = models.CharField(_("kind"), max_length=64)
    # No index of its own (the sweep inserts 100,000s of rows; each index slows that): content types are
    # not deleted, and item lookups go through the unique key below.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    object_id = models.PositiveBigIntegerField(_("item"))
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    due_date = models.DateField(_("due date"))
    # A snapshot of the item when it became due, so digests and lists need no provider.
    deadline = models.DateField(_("deadline"))
    # Organizations are closed, never deleted: no index needed for the cascade.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("link"), max_length=500)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Which sweep inserted the row (where the database cannot return inserted rows, the sweep re-selects them).
    sweep_token = models.UUIDField(editable=False)
    # Served by the (digest, status) index below.
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries", db_index=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "step", "recipient", "due_date"],
                name="delivery_once_per_item_step_recipient_due_date",
            ),
        ]
        indexes = [
            # The digest builder finds people with reminders not yet in a digest.
            models.Index(
                fields=["recipient", "status"],
                condition=Q(channel="digest", digest__isnull=True),
                name="delivery_waiting_for_digest",
            ),
            # The failed-deliveries page and the repair pass (stuck pending/sending rows).
            models.Index(fields=["status", "updated_at"], name="delivery_status_updated"),
            # The digest sender reads one digest's waiting rows.
            models.Index(fields=["digest", "status"], name="delivery_digest_status"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} {self.step} → {self.recipient_id} ({self.due_date})"


class Acknowledgement(models.Model):
    """Someone responsible saw the overdue item: its escalation climbs no further."""

    kind = models.CharField(_("kind"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(_("item"))
    # A moved deadline is a new obligation: acknowledging the old one does not stop the new climb.
    deadline = models.DateField(_("deadline"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "deadline"], name="acknowledgement_once_per_deadline"
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id} ({self.deadline})"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A row in one person's inbox."""

    # Served by the inbox index below (user first); the sweep inserts 100,000s of rows, each index slows that.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=64)
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("link"), max_length=500)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Organizations are closed, never deleted: no index needed for the cascade.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    delivery = models.OneToOneField(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    # The item the notification asks someone to act on (a provider's row): when the provider no longer
    # lists it as open, the sweep resolves the notification, so done work leaves the unread count by itself.
    # No index on the content type: content types are not deleted.
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField(_("item"), null=True, blank=True)
    # What happened, once per person: an event notified twice (a double click, a retried task) is one row.
    event_key = models.CharField(_("event"), max_length=128, blank=True, default="", db_default="")
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The inbox lists a person's notifications newest first.
            models.Index(fields=["user", "-created_at"], name="notification_inbox"),
            # The header badge counts a person's unread notifications on every page.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
            # The sweep looks up the unread notifications of each provider's items to resolve the done ones.
            models.Index(
                fields=["kind", "object_id"], condition=Q(read_at__isnull=True), name="notification_unread_item"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], condition=~Q(event_key=""), name="notification_event_once"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_escalation(self):
        return self.step in ESCALATION_STEPS

    @property
    def is_resolved(self):
        return self.resolved_at is not None
