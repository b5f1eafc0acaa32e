"""The optimistic edit lock of every form over a shared object (a member, an organization, a meeting record…).

Two people open the same edit form; the first saves; the second's stale copy
must not silently overwrite the first's. The form carries, in a hidden field,
the version of the object it was opened at: a digest of the stored values of
the fields it edits (so no migration is needed and a change to any of them
counts). The service checks it inside its transaction, with the row locked
(``EditLock.check``): a different version raises ``StaleEdit``, a
``DomainError``, so nothing is saved, the page shows the message and the
user's typed values again, and the form now carries the current version, so
saving once more is a deliberate overwrite. The review sections keep their
own revision counter (``core.workflow``), which also tells what the other
person wrote.
"""

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

VERSION_FIELD = "edit_version"
# The version of an object that did not exist when the form was opened.
NEW = ""


class StaleEdit(DomainError):
    """Someone saved the object after this editor opened it; nothing was saved."""

    def __init__(self, current):
        super().__init__(
            _(
                "Someone else saved this record after you opened it, so nothing was saved. Your entries are shown "
                "again below: check the record's current state in another tab, then save again to keep your "
                "version."
            )
        )
        self.current = current


def version_of(obj, fields):
    """A digest of the stored values of ``fields`` of ``obj`` (``NEW`` for an unsaved object)."""
    if obj is None or obj.pk is None:
        return NEW
    values = []
    for name in sorted(fields):
        field = obj._meta.get_field(name)
        values.append([name, str(getattr(obj, field.attname))])
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class EditLock:
    """The version a form was opened at, and the fields it covers."""

    fields: tuple
    expected: str

    def check(self, model, **lookup):
        """Lock the stored row matching ``lookup`` (or its absence) and raise ``StaleEdit`` if it changed.

        Call inside the transaction that saves, before saving.
        """
        stored = model.objects.select_for_update().filter(**lookup).first()
        current = version_of(stored, self.fields)
        if current != self.expected:
            raise StaleEdit(current)


class EditLockFormMixin:
    """A ModelForm that carries the version of its instance; the service checks ``form.edit_lock``.

    ``lock_fields`` are the model fields the form edits (every concrete model
    field of ``Meta.fields`` by default).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[VERSION_FIELD].initial = version_of(self.instance, self.lock_fields())

    @property
    def changed_data(self):
        """The model fields changed: the version is the form's, not the object's."""
        return [name for name in super().changed_data if name != VERSION_FIELD]

    def lock_fields(self):
        concrete = {field.name for field in self._meta.model._meta.concrete_fields}
        return tuple(name for name in self._meta.fields if name in concrete)

    @property
    def edit_lock(self):
        """The lock to check, or None for a request that carries no version at all.

        Every page of the form carries one (empty for an object that did not exist
        yet); a request without the field was not made from that page (a script, an
        older client) and claims no version to check: sending the current one would
        pass anyway, so the lock protects people from stale pages, not from scripts.
        """
        if VERSION_FIELD not in self.data:
            return None
        return EditLock(self.lock_fields(), self.cleaned_data.get(VERSION_FIELD) or NEW)

    def refused(self, error):
        """After a lost race the typed values stay, and the form carries the current version (``core.views``)."""
        if isinstance(error, StaleEdit):
            self.data = self.data.copy()
            self.data[VERSION_FIELD] = error.current
