"""What the document register does: save a document with its file."""

from django.db import transaction


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
