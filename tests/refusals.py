"""Checking a refused domain step: its Vietnamese message, the field it names, and that nothing stored changed.

Every app's ``tests/test_refusals.py`` calls ``assert_refused`` once per
refusal of its service functions. "Nothing changed" compares every row of
every table before and after the step, so a step that wrote something before
refusing (and did not roll it back) fails, whatever table it wrote to.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from core.errors import DomainError


def stored_rows():
    """Every row of every table (many-to-many ones too), comparable with ``==``.

    Plain SQL, a tenth of the ORM's cost: the check runs twice per refusal.
    """
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                cursor.execute(f"SELECT * FROM {quote(model._meta.db_table)}")
                rows[model._meta.label] = sorted(cursor.fetchall(), key=repr)
    return rows


def assert_refused(step, message, field=None):
    """Run ``step()``: it must raise ``DomainError`` whose message contains ``message`` and change nothing.

    ``message`` is (part of) the Vietnamese text the user reads; the step runs
    in Vietnamese whatever the test module chose. ``field`` is the form field
    the refusal must name (None: a refusal of the whole form). Returns the error.
    """
    before = stored_rows()
    with translation.override("vi"):
        with pytest.raises(DomainError) as refused:
            step()
        error = refused.value
        shown = str(error.message)  # a lazy message is translated when read
    assert message in shown, f"refused with {shown!r}, expected {message!r}"
    assert error.field == field, f"refusal names the field {error.field!r}, expected {field!r}"
    assert stored_rows() == before, f"refused with {shown!r} but the stored rows changed"
    return error
