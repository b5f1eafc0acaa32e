"""Models shared by the apps: the search column, and the workflow versions (defined in core.workflow)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import search_key


class SearchableModel(models.Model):
    """A model with a precomputed diacritic-free search column.

    Subclasses name the fields that feed it in ``SEARCH_FIELDS``. Bulk inserts
    must call ``fill_search_text()`` themselves, since ``save()`` is bypassed.
    """

    SEARCH_FIELDS = ()

    search_text = models.TextField(_("search key"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def fill_search_text(self):
        self.search_text = search_key(" ".join(str(getattr(self, f) or "") for f in self.SEARCH_FIELDS))


class SubmittedForm(models.Model):
    """The token of a creating form that was sent: the key that makes a second send of it do nothing (core.once)."""

    token = models.UUIDField(_("form token"), primary_key=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return str(self.token)


from core.workflow import ReturnReason, SubmissionVersion  # noqa: E402,F401 - registers the workflow models
