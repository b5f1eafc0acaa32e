"""The one shape of a write view: run the domain step, and show its refusal where the user acts.

A page with a form::

    form = SomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and perform(form, lambda: services.step(...)):
        messages.success(request, ...)
        return redirect(...)
    return render(request, "...", {"form": form})

A POST-only button that leads back to its page (submit, accept, revoke...)::

    if perform_action(request, lambda: services.step(...)):
        messages.success(request, ...)
    return redirect(...)

Both return ``Done`` (true, with what the step returned) or None. A creating
form that must not create twice when sent twice passes ``once=request`` (see
``core.once``); a repeated send then returns ``Done`` with ``repeated`` set and
nothing run, and the view says so with ``saved_message``.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import Case, IntegerField, When
from django.forms.formsets import BaseFormSet
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import DomainError
from core.once import claim
from core.text import search_key


class Done:
    """A step that went through; ``result`` is what it returned (possibly falsy: no warnings, nothing marked)."""

    __slots__ = ("repeated", "result")

    def __init__(self, result, repeated=False):
        self.result = result
        self.repeated = repeated


def _show(form, error):
    """Put a refusal on ``form``: next to the field it concerns when the form has that field, else on top."""
    for field, message in error.errors.items():
        if isinstance(form, BaseFormSet):  # a formset has no fields of its own; its top errors sit above the rows
            form.non_form_errors().append(message)
        else:
            form.add_error(field if field in form.fields else None, message)
    # A form that shows more than the message (the section editor, after a lost race) says so here.
    if hasattr(form, "refused"):
        form.refused(error)


def perform(form, step, once=None):
    """Run ``step()`` for a bound, valid ``form`` in one transaction: ``Done``, or None when refused.

    A ``DomainError`` rolls everything the step wrote back and becomes the
    form's error (see ``_show``), after which a form that defines
    ``refused(error)`` is told, to show more. Anything else propagates.
    ``once``: the request whose form token was already used makes this a
    ``Done(None, repeated=True)`` without running the step (``core.once``).
    """
    try:
        with transaction.atomic():
            if once is not None and not claim(once):
                return Done(None, repeated=True)
            result = step()
    except DomainError as error:
        _show(form, error)
        return None
    return Done(result)


def saved_message(request, done, message):
    """The success message of a creating form, or, when it was a repeated send, that it was saved once only.

    ``message`` is a callable taking the step's result (which a repeat has not).
    """
    if done.repeated:
        messages.info(request, _("This form had already been sent: it was saved once, nothing was added twice."))
    else:
        messages.success(request, message(done.result))


def perform_action(request, step, form=None):
    """``perform`` for a POST-only button: its input errors and the refusal go to ``messages.error``.

    ``form`` holds the button's input, when it has any; the caller redirects
    back to the page either way, where the message shows.
    """
    form = form if form is not None else forms.Form(request.POST)
    done = perform(form, step) if form.is_valid() else None
    if done is None:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return done


LOOKUP_LIMIT = 20


def lookup_response(queryset, text, describe):
    """The JSON answer of a picker's endpoint (``core.widgets``): the first matches of ``text``.

    ``queryset`` is already scoped by the access module; every word of ``text`` must occur in the
    object's ``search_text`` (``core.text.search_key``), so "tran an" finds "Trần Văn An".
    ``describe(obj)`` gives ``{"id", "label", "detail", "choice"}``.
    """
    words = search_key(text).split()
    if not words:
        return JsonResponse({"results": [], "summary": ""})
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    # What starts with, then contains, the whole text comes first: "to dan pho so 8" before "… số 6" (code 8…).
    phrase = " ".join(words)
    rank = Case(
        When(search_text__startswith=phrase, then=0),
        When(search_text__contains=phrase, then=1),
        default=2,
        output_field=IntegerField(),
    )
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    queryset = queryset.annotate(lookup_rank=rank).order_by("lookup_rank", *ordering)
    found = list(queryset[: LOOKUP_LIMIT + 1])
    more = len(found) > LOOKUP_LIMIT
    results = [describe(obj) for obj in found[:LOOKUP_LIMIT]]
    if more:
        summary = _("More than %(count)d matches; type more of the name.") % {"count": LOOKUP_LIMIT}
    else:
        summary = ngettext("%(count)d match.", "%(count)d matches.", len(results)) % {"count": len(results)}
    return JsonResponse({"results": results, "summary": summary, "more": more})
