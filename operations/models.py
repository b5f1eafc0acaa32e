"""What the health check needs to know about processes it cannot ask directly."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a named process showed it was alive (Celery beat records each of its ticks).

    Kept in the database that every web node reads, so a health check on any node
    sees the beat that runs on one machine only.
    """

    name = models.CharField(_("process"), max_length=50, primary_key=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
