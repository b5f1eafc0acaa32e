"""What the document register does: save a document with its file; link the tree's events to their basis."""

from collections import defaultdict

from django.db import transaction
from django.urls import reverse

from documents.models import Document


@transaction.atomic
def save_document(form):
    """Save a validated ``DocumentForm``, remembering the uploaded file's own name."""
    document = form.save(commit=False)
    upload = form.cleaned_data.get("file")
    if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
        document.file_name = upload.name[:255]
    document.save()
    form.save_m2m()
    return document


def event_basis_links(events, user):
    """``organizations.hooks.basis_links``: the register's page of each event's legal basis the user may read.

    An event keeps its basis as text (number, date); the document of the
    register with the same number and date, when there is one, is its page.
    """
    wanted = defaultdict(list)
    for event in events:
        wanted[event.basis_number, event.basis_date].append(event.pk)
    if not wanted:
        return {}
    documents = Document.objects.visible_to(user).filter(
        number__in={number for number, _day in wanted}, issued_on__in={day for _number, day in wanted}
    )
    links = {}
    for pk, number, issued_on in documents.order_by("pk").values_list("pk", "number", "issued_on"):
        for event_pk in wanted.get((number, issued_on), ()):
            links.setdefault(event_pk, reverse("documents:detail", args=[pk]))
    return links
