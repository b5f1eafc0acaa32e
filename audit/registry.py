"""Which models the trail follows, as each app declares them in its ``ready()``::

    from audit.registry import track
    track(Member, organization="organization")
    track(Membership, organization="organization", parent="member")

``organization`` is how a row names its organization: a foreign key to it
("organization"), "pk" for the organization itself, or one hop further
("review__organization", the review's); the audit log filters by it.
``masked`` fields (a citizen ID) are shown in the trail by their last digits
only, as the member pages show them to most readers.
``labels`` maps a field whose codes are data, not ``choices`` (a rating level,
whose names each rule set stores), to a function returning {code: name}.
``parent`` is the foreign key of the object whose page shows this row's
history with its own (a meeting record on its review's page). Columns that only
mirror others (the search key, ``updated_at``) and secrets are never recorded.
"""

from dataclasses import dataclass

from core.registry import Registry

# How the history section narrows the parts of a shared object (a cycle's not-reviewed members, a
# document's …) to the reader's reach: accounts registers ``reach(user)`` → the organization ids
# the user reaches (a queryset), since the access rules live above this app.
reach = Registry("audit.reach")

# Columns that are not the user's data: a derived search key, the save time the trail already has, secrets.
ALWAYS_EXCLUDED = frozenset({"search_text", "created_at", "updated_at", "last_login"})
# Columns recorded as "changed" only: the trail must not keep a copy of a password hash.
ALWAYS_SECRET = frozenset({"password"})


@dataclass(frozen=True)
class Tracked:
    model: type
    organization: str | None
    parent: str | None
    exclude: frozenset
    masked: frozenset = frozenset()
    labels: tuple = ()  # (field name, function returning {code: name}) pairs

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def columns(self):
        """The recorded columns: every concrete column but the excluded ones."""
        return [
            field.column
            for field in self.model._meta.concrete_fields
            if field.name not in self.exclude and field.name not in ALWAYS_EXCLUDED
        ]

    @property
    def excluded_columns(self):
        return sorted(
            field.column
            for field in self.model._meta.concrete_fields
            if field.name in self.exclude or field.name in ALWAYS_EXCLUDED
        )

    @property
    def secret_columns(self):
        return sorted(field.column for field in self.model._meta.concrete_fields if field.name in ALWAYS_SECRET)

    @property
    def pk_column(self):
        return self.model._meta.pk.column

    @property
    def parent_field(self):
        return self.model._meta.get_field(self.parent) if self.parent else None


_tracked = {}


def track(model, *, organization=None, parent=None, exclude=(), masked=(), labels=None):
    """Follow ``model``; ``masked`` fields are recorded in full but shown only by their last digits."""
    spec = Tracked(model, organization, parent, frozenset(exclude), frozenset(masked), tuple((labels or {}).items()))
    spec.columns  # noqa: B018 - fails now, at start-up, on a misspelled field
    if parent:
        spec.parent_field  # noqa: B018
    _tracked[spec.label] = spec
    from audit.triggers import register_postgresql

    register_postgresql(spec)
    return spec


def tracked():
    return list(_tracked.values())


def get(label):
    return _tracked.get(label)
