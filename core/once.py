"""A creating form runs its step once, however often it is sent (a double click, a retried POST).

The form's template carries a fresh random token (``{% once_token %}`` from
``core_tags``: a hidden input). ``perform(form, step, once=request)`` stores the
token as the primary key of a ``SubmittedForm`` row in the step's own
transaction, before the step runs. A second POST with the same token finds the
key taken: on PostgreSQL its INSERT waits for the first transaction and fails
once that commits (a rolled-back first attempt leaves the key free, so the
second runs the step). The step is then not run again and ``perform`` answers
``Done(None, repeated=True)``: the view goes where a success goes and says the
form was already saved. A POST without a token (a script, a page from before)
runs as it always did.
"""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import SubmittedForm

TOKEN_FIELD = "once_token"
# A send repeats within seconds (a double click) or hours (a tab left open, a retry); older tokens are dropped, so
# the table stays small without a scheduled job. Creating forms are few, so one indexed DELETE each is cheap.
KEEP = datetime.timedelta(days=2)


def token_of(request):
    """The request's form token, or None when it has none (or not a well-formed one)."""
    raw = request.POST.get(TOKEN_FIELD, "")
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def claim(request):
    """Record the request's token; False when another request already did (the step must not run again)."""
    token = token_of(request)
    if token is None:
        return True
    try:
        with transaction.atomic():
            SubmittedForm.objects.create(token=token)
    except IntegrityError:
        return False
    SubmittedForm.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return True


def new_token():
    return uuid.uuid4()
