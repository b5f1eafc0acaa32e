"""The audit trail: one append-only row per change of a tracked row, whoever or whatever made it.

Rows are written by database triggers (``audit.triggers``), so a bulk or
conditional ``UPDATE``, a ``COPY``, an import or a management command is
recorded like a form's save; Python writes only the reads it must record (a
citizen ID shown unmasked). On PostgreSQL a trigger refuses UPDATE and DELETE
on this table (migration 0002). Nothing points here with a foreign key and the
user and organization are plain ids: deleting a user or an organization must
neither cascade into the trail nor be refused by it.
"""

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    READ = "read", _("viewed")


class AuditEventQuerySet(models.QuerySet):
    def about(self, obj):
        """The events of ``obj`` and of the rows that belong to it (a review's meeting record, a progress update)."""
        own, parts = self.own_and_parts(obj)
        return own | parts

    def own_and_parts(self, obj):
        """``about(obj)`` as two querysets, the events of ``obj`` and those of its parts, each read through its
        own index (``audit_object``, ``audit_parent``) in the index's order."""
        label = obj._meta.label_lower
        return self.filter(model=label, object_id=obj.pk), self.filter(parent_model=label, parent_id=obj.pk)


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), db_default=Now(), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # The row changed: its model as "app_label.modelname" and its primary key.
    model = models.CharField(_("kind of record"), max_length=100)
    object_id = models.BigIntegerField()
    # The object whose page shows this row's history too (a review for its meeting record), if any.
    parent_model = models.CharField(max_length=100, blank=True, default="")
    parent_id = models.BigIntegerField(null=True)
    # The organization the row belongs to when the trigger could tell, for the log's filter.
    organization_id = models.BigIntegerField(null=True, db_index=True)
    # A change: {column: [before, after]} for the columns that changed; a creation: {column: value}
    # of its non-empty columns, a deletion the same of the row deleted; a read: {column: [null, null]}.
    changes = models.JSONField(default=dict)
    user_id = models.BigIntegerField(null=True)  # no index: the log filters by the name; each index slows bulk steps
    actor = models.CharField(_("by"), max_length=150, blank=True, default="")
    address = models.CharField(_("address"), max_length=45, blank=True, default="")
    request_id = models.CharField(_("request id"), max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["model", "object_id", "-id"], name="audit_object"),
            models.Index(fields=["parent_model", "parent_id", "-id"], name="audit_parent"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(action__in=Action.values), name="audit_action_known"),
        ]

    def __str__(self):
        return f"{self.model} #{self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
