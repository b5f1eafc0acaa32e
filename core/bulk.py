"""Insert many rows of one model when most of their columns are the same.

Django's ``bulk_create`` builds a model instance per row, converts every value
of every row for the database and sends them as parameters; for the 100,000
individual reviews of a province's cycle, whose 35 columns are defaults but for
four, that is most of the time of opening the cycle. ``insert`` converts each
default once and sends only the rows' own values with them: on PostgreSQL
through ``COPY`` (a stream of text lines, the defaults written once as the end
of every line), elsewhere in multi-row INSERTs of the size ``bulk_create``
would use. Like ``bulk_create`` it sends no signals and calls no ``save()``;
unlike it, it returns no primary keys.
"""

import datetime
import decimal
import io
import json

from django.db import connection

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """``value`` (as prepared for the database) in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if type(value).__name__ == "Jsonb":  # a JSONField's default as Django wraps it (psycopg2: ``adapted``; 3: ``obj``)
        data = value.adapted if hasattr(value, "adapted") else value.obj
        return json.dumps(data, ensure_ascii=False).translate(_COPY_ESCAPES)
    raise TypeError(f"core.bulk cannot write a {type(value).__name__} through COPY")


def insert(model, fields, rows):
    """Insert ``rows`` (tuples of the values of ``fields``, attribute names such as ``member_id``); their count.

    The rows' values go as they are: ids, strings, numbers, dates, as the database takes them.
    """
    meta = model._meta
    by_name = {field.attname: field for field in meta.concrete_fields}
    given = [by_name[name] for name in fields]
    template = model()  # every other column takes its default, as a new instance would
    rest = [field for field in meta.concrete_fields if field.attname not in fields and not field.primary_key]
    defaults = [field.get_db_prep_save(field.pre_save(template, add=True), connection) for field in rest]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in given + rest)
    rows = list(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tail = "".join("\t" + _copy_text(value) for value in defaults) + "\n"
            lines = io.StringIO()
            for row in rows:
                lines.write("\t".join(map(_copy_text, row)) + tail)
            lines.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", lines)
            return len(rows)
        batch = max(1, connection.ops.bulk_batch_size(given + rest, [template] * 1000))
        placeholder = "(" + ", ".join(["%s"] * (len(given) + len(rest))) + ")"
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = []
            for row in chunk:
                params.extend(row)
                params.extend(defaults)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(chunk))}",  # noqa: S608 - names from the model
                params,
            )
    return len(rows)


def update(model, objects, fields):
    """Write the ``fields`` (names) of ``objects``, saved instances of ``model``, in one UPDATE per batch.

    ``bulk_update`` writes a CASE expression per field listing every row, built as Django
    expressions: 15 s of Python for the demo's 15,000 study essays. Here each batch is one
    ``UPDATE … FROM (VALUES …)`` joined on the primary key, each value prepared as ``save()``
    would (on PostgreSQL cast to its column's type: a column of NULLs has none of its own).
    Like ``bulk_update`` it sends no signals and calls no ``save()``; triggers run as for any UPDATE.
    """
    objects = list(objects)
    if not objects:
        return 0
    meta, quote = model._meta, connection.ops.quote_name
    written = [meta.get_field(name) for name in fields]
    columns = [meta.pk, *written]
    postgres = connection.vendor == "postgresql"
    placeholder = "(" + ", ".join(f"%s::{field.db_type(connection)}" if postgres else "%s" for field in columns) + ")"
    named = ", ".join(f"column{number} AS {quote(field.column)}" for number, field in enumerate(columns, 1))
    table, key = quote(meta.db_table), quote(meta.pk.column)
    assignments = ", ".join(f"{quote(field.column)} = changed.{quote(field.column)}" for field in written)
    batch = max(1, connection.ops.bulk_batch_size(columns, objects))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            chunk = objects[start : start + batch]
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in chunk for field in columns
            ]
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (SELECT {named} FROM (VALUES {values}) AS given) AS changed "  # noqa: S608 - names from the model
                f"WHERE {table}.{key} = changed.{key}",
                params,
            )
    return len(objects)
