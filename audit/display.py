"""Audit events as people read them: the record named, each changed field by its label, values in words.

The triggers store columns as the database gives them (``organization_id``: 12,
``is_active``: true or 1, dates as ISO text); this turns a page of events into
rows with the field's label, a choice's label, yes/no, a date in the local
format and a related row by its name, in one query per related model per page.
"""

import datetime
import json

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import dateparse, formats, timezone
from django.utils.translation import gettext as _

from audit import registry
from audit.models import Action, AuditEvent

MAX_TEXT = 300


class Row:
    __slots__ = ("changes", "event", "link", "record", "record_kind", "show_record")

    def __init__(self, event):
        self.event = event
        self.show_record = True  # an object's own history leaves its own name out
        self.record_kind = ""
        self.record = ""
        self.link = ""
        self.changes = []


def model_of(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def kind_of(label):
    """A model label as people read it: "Party member"."""
    model = model_of(label)
    return str(model._meta.verbose_name).capitalize() if model else label


def _fields_by_column(model):
    return {field.column: field for field in model._meta.concrete_fields} if model else {}


def _label(field):
    """The field's label; a foreign key left with the label Django derives from its name takes its model's."""
    if field.is_relation and str(field.verbose_name) == field.name.replace("_", " "):
        return str(field.related_model._meta.verbose_name).capitalize()
    return str(field.verbose_name).capitalize()


def _decode(value):
    # SQLite's triggers store a JSON column's text as a string; show what it holds.
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _mask(value):
    text = str(value)
    return "•" * max(len(text) - 3, 0) + text[-3:]


def _text(field, value, names, masked=False):
    if value is None or value == "":
        return "—"
    if field is None:
        return str(value)
    if masked:
        return _mask(value)
    if field.is_relation:
        if names is None:  # names not looked up (the export): the id
            return f"#{value}"
        return names.get((field.related_model, value)) or _deleted(f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value in (True, 1, "1", "true") else _("no")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = dateparse.parse_datetime(value.replace(" ", "T", 1))
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, datetime.UTC)
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str):
        day = dateparse.parse_date(value[:10])
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    value = _decode(value)
    if isinstance(value, list) and all(isinstance(item, (int, float, str)) for item in value):
        value = ", ".join(str(item) for item in value)  # a list of days or codes: "3, 7, 14"
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _references(events, columns_of):
    """{model: pks} of every foreign key value on the page."""
    wanted = {}
    for event in events:
        fields = columns_of(event.model)
        for column, pair in (event.changes or {}).items():
            field = fields.get(column)
            if field is not None and field.is_relation:
                values = pair if isinstance(pair, list) else [pair]
                wanted.setdefault(field.related_model, set()).update(v for v in values if isinstance(v, int))
    return wanted


def _subjects(events):
    """{model: pks} of the rows the events are about and of their parents."""
    wanted = {}
    for event in events:
        for label, pk in ((event.model, event.object_id), (event.parent_model, event.parent_id)):
            model = model_of(label) if label and pk is not None else None
            if model is not None:
                wanted.setdefault(model, set()).add(pk)
    return wanted


def _load(wanted, known=()):
    """{(model, pk): object} of the ``wanted`` rows that exist, one query per model; ``known`` ones are not read.

    Then each loaded row's foreign keys to another loaded row point at it, so that naming a row reads what its
    name needs (a carried-over item's commitment and cycle, a review's organization) from the page's rows
    instead of a query per row, as ``str()`` would.
    """
    pool = {(type(obj), obj.pk): obj for obj in _with_loaded_relations(known)}
    for model, pks in wanted.items():
        missing = [pk for pk in pks if (model, pk) not in pool]
        if missing:
            pool.update(((model, pk), obj) for pk, obj in model._base_manager.in_bulk(missing).items())
    for obj in pool.values():
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.target_field.primary_key and not field.is_cached(obj):
                target = pool.get((field.related_model, getattr(obj, field.attname)))
                if target is not None:
                    field.set_cached_value(obj, target)
    by_model = {}
    for (model, _pk), obj in pool.items():
        by_model.setdefault(model, []).append(obj)
    for objects in by_model.values():
        _read_what_names_need(objects)
    return pool


def _loaded(obj, depth=2, prefix=""):
    """The relations of ``obj`` already read (``select_related``, a prefetch, or an access), ``depth`` hops deep."""
    paths = set()
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.is_cached(obj):
            paths.add(prefix + field.name)
            related = field.get_cached_value(obj)
            if related is not None and depth > 1:
                paths |= _loaded(related, depth - 1, f"{prefix}{field.name}__")
    return paths


def _read_what_names_need(objects):
    """Naming the first row shows which relations its name reads (a study essay its member and plan); those
    are then read for the other rows at once, a query per relation instead of one per row."""
    first, *rest = objects
    if not rest:
        return
    before = _loaded(first)
    str(first)
    needed = sorted(_loaded(first) - before)
    if needed:
        prefetch_related_objects(rest, *needed)


def _with_loaded_relations(objects, depth=2):
    """``objects`` and the related rows already loaded on them (``select_related``), ``depth`` hops deep."""
    found = list(objects)
    layer = found
    for _hop in range(depth):
        layer = [
            field.get_cached_value(obj)
            for obj in layer
            for field in obj._meta.concrete_fields
            if field.is_relation and field.is_cached(obj) and field.get_cached_value(obj) is not None
        ]
        found += layer
    return found


def _names(references, pool):
    """{(model, pk): name} of every referenced row: its ``str()``, or its last name when it is gone."""
    names = {}
    for model, pks in references.items():
        gone = set()
        for pk in pks:
            obj = pool.get((model, pk))
            if obj is None:
                gone.add(pk)
            else:
                names[(model, pk)] = str(obj)
        for pk, name in _last_names(model, gone).items():
            names[(model, pk)] = _deleted(name)
    return names


def _deleted(name):
    return _("(deleted) %(name)s") % {"name": name}


def _last_names(model, pks):
    """{pk: name} of rows gone from ``model``, named from their deletion events (one query).

    A deletion event holds the deleted row's non-empty columns; the row is rebuilt from
    them, unsaved, and named as it was. A name that needs another row that is gone
    too, or a model the trail does not follow, leaves the id.
    """
    if not pks or registry.get(model._meta.label_lower) is None:
        return {}
    events = AuditEvent.objects.filter(model=model._meta.label_lower, object_id__in=pks, action=Action.DELETE).only(
        "object_id", "changes"
    )
    fields = _fields_by_column(model)
    names = {}
    for event in events:
        values = {}
        for column, value in (event.changes or {}).items():
            field = fields.get(column)
            if field is not None and not isinstance(value, list):
                values[field.attname] = _decode(value) if isinstance(field, models.JSONField) else value
        try:
            names[event.object_id] = str(model(**values))
        except (ObjectDoesNotExist, LookupError, TypeError, ValueError, AttributeError):
            continue  # a name built from another missing row: the id says enough
    return names


def _gone(events, records):
    """{(label, pk): "(deleted) name"} for the events' records no longer there, named by their deletion."""
    missing = {}
    for event in events:
        if (event.model, event.object_id) not in records:
            missing.setdefault(event.model, set()).add(event.object_id)
    gone = {}
    for label, pks in missing.items():
        model = model_of(label)
        if model is not None:
            for pk, name in _last_names(model, pks).items():
                gone[(label, pk)] = _deleted(name)
    return gone


def _url(obj):
    get_url = getattr(obj, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


def _named(pair, names):
    """The stored code(s) of ``pair`` replaced by their names (a code no longer named stays as it is)."""
    if isinstance(pair, list):
        return [names.get(value, value) for value in pair]
    return names.get(pair, pair)


def rows(events, *, with_records=True, with_names=True, known=()):
    """Display rows for a page of ``AuditEvent`` objects.

    Without names nothing is looked up: a foreign key shows as its id and a coded value (a rating level) as
    its code — the export calls this once per row, where a look-up would be a query per row. ``known``: objects
    the caller already holds (an object page's own), named and linked without reading them again.
    """
    events = list(events)
    cache = {}

    def columns_of(label):
        if label not in cache:
            cache[label] = _fields_by_column(model_of(label))
        return cache[label]

    references = _references(events, columns_of) if with_names else {}
    subjects = _subjects(events) if with_records else {}
    wanted = {model: references.get(model, set()) | subjects.get(model, set()) for model in references | subjects}
    pool = _load(wanted, known)
    names = _names(references, pool) if with_names else None
    records = {
        (label, pk): pool[key]
        for event in events
        for label, pk in ((event.model, event.object_id), (event.parent_model, event.parent_id))
        if (key := (model_of(label), pk)) in pool
    }
    gone = _gone(events, records) if with_records else {}
    result = []
    for event in events:
        row = Row(event)
        row.record_kind = kind_of(event.model)
        obj = records.get((event.model, event.object_id))
        row.record = str(obj) if obj is not None else gone.get((event.model, event.object_id), f"#{event.object_id}")
        # A part without a page of its own (a membership, a progress update) links to its parent's.
        row.link = _url(obj) or _url(records.get((event.parent_model, event.parent_id)))
        fields = columns_of(event.model)
        order = {column: index for index, column in enumerate(fields)}
        spec = registry.get(event.model)
        for column, pair in sorted((event.changes or {}).items(), key=lambda item: order.get(item[0], len(order))):
            field = fields.get(column)
            if field is not None and field.primary_key:
                continue  # the record itself, named above
            label = _label(field) if field is not None else column
            masked = bool(spec and field is not None and field.name in spec.masked)
            coded = dict(spec.labels).get(field.name) if with_names and spec and field is not None else None
            # The names are read (a query) only for a level actually set: a review's creation shows its empty ones.
            if coded is not None and any(
                value not in (None, "") for value in (pair if isinstance(pair, list) else [pair])
            ):
                if coded not in cache:
                    cache[coded] = coded()
                pair = _named(pair, cache[coded])
            if event.action == "create":
                before, after = None, pair
            elif event.action == "delete":
                before, after = pair, None
            else:
                before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            if event.action == "update" and before is None and after is None:  # a secret: only that it changed
                row.changes.append((label, "…", _("(changed)")))
                continue
            if event.action == "create" and after in (None, ""):
                continue  # a new record's empty fields say nothing
            row.changes.append((label, _text(field, before, names, masked), _text(field, after, names, masked)))
        result.append(row)
    return result
