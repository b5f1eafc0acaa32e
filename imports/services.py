"""The steps of an import: upload (and dry run), confirm (and write), check again.

A small file runs its step at once, in the request; a larger one
(``settings.IMPORT_SYNC_LIMIT`` bytes) runs as a Celery task and the page
shows its progress (``core.jobs``). Either way ``run_step`` ends the batch as
done or failed and never raises, so leaving the page and coming back shows
where it is.
"""

import hashlib
import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.context import acting_as_user
from core import jobs
from core.errors import DomainError
from imports import engine
from imports.models import ImportBatch, Stage
from imports.reader import FileRefused, check_file, content_bytes

logger = logging.getLogger(__name__)
UPLOAD_DIR = "imports"


class StateChanged(DomainError):
    """The file or the stored data changed between the dry run and the confirmation."""


def _store(upload, owner, file_format):
    """Save the upload under MEDIA_ROOT while hashing it; (relative path, SHA-256)."""
    relative = f"{UPLOAD_DIR}/{owner.pk}/{secrets.token_hex(12)}.{file_format}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with open(target, "wb") as handle:
        for chunk in content_bytes(upload):
            digest.update(chunk)
            handle.write(chunk)
    return relative, digest.hexdigest()


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def start(owner, kind, upload, year=None):
    """Check the file as a whole, store it and start its dry run; the batch. ``DomainError`` for a refused file."""
    try:
        file_format = check_file(upload)
    except FileRefused as refused:
        raise DomainError(refused.message, field="file") from None
    relative, digest = _store(upload, owner, file_format)
    batch = ImportBatch.objects.create(
        owner=owner,
        kind=kind,
        year=year,
        original_name=(upload.name or "")[:255],
        file_format=file_format,
        digest=digest,
        file=relative,
    )
    _launch(batch)
    return batch


def confirm(batch):
    """Write a batch whose dry run found no error: its step moves to writing, once (a second click does nothing)."""
    moved = ImportBatch.objects.filter(
        pk=batch.pk, stage=Stage.CHECK, status=jobs.JobStatus.DONE, error_count=0, applied_at__isnull=True
    ).update(stage=Stage.APPLY, status=jobs.JobStatus.PENDING, progress_done=0, error="")
    if not moved:
        raise DomainError(_("This import cannot be written: it has errors, is running or was written already."))
    batch.refresh_from_db()
    _launch(batch)
    return batch


def check_again(batch):
    """Run the dry run again on the same file (after the data changed, or a failed writing)."""
    moved = (
        ImportBatch.objects.filter(pk=batch.pk, applied_at__isnull=True)
        .exclude(status__in=(jobs.JobStatus.PENDING, jobs.JobStatus.RUNNING))
        .update(stage=Stage.CHECK, status=jobs.JobStatus.PENDING, progress_done=0, error="")
    )
    if not moved:
        raise DomainError(_("This import is running or was written already."))
    batch.refresh_from_db()
    _launch(batch)
    return batch


def _launch(batch):
    """Run the step now for a small file, else enqueue it once the batch is committed."""
    if batch.path.stat().st_size <= settings.IMPORT_SYNC_LIMIT:
        run_claimed(batch.pk)
    else:
        from imports.tasks import run_import

        transaction.on_commit(lambda: run_import.delay(batch.pk))


def run_claimed(batch_id):
    """Claim batch ``batch_id`` and run its step; a second delivery of the same step does nothing."""
    batch = jobs.claimed(ImportBatch, batch_id)
    if batch is not None:
        run_step(batch)


def run_step(batch):
    """Run a claimed batch's step (dry run or writing) in its owner's language; ends it done or failed, never raises.

    What it writes is the owner's change in the audit trail, "through import N", whichever worker runs it.
    """
    with (
        translation.override(batch.owner.language or settings.LANGUAGE_CODE),
        # Like "manage.py seed_demo" and "task …", a technical name kept in one language in the trail.
        acting_as_user(batch.owner, via=f"import {batch.pk}"),
    ):
        try:
            if batch.stage == Stage.CHECK:
                _check(batch)
            else:
                _apply(batch)
        except DomainError as refused:
            batch.fail(str(refused.message))
        except Exception:  # the batch must end whatever broke; the log keeps the trace
            logger.exception("Import %s failed", batch.pk)
            batch.fail(_("The import stopped on an unexpected error; nothing was written. Please try again."))


def _check(batch):
    state = engine.data_state()
    outcome = engine.run(batch, write=False, on_progress=batch.report_progress)
    batch.report = outcome.as_report()
    batch.error_count = outcome.error_count
    batch.state = state
    batch.save(update_fields=["report", "error_count", "state"])
    batch.finish(batch.file, outcome.rows)


def _apply(batch):
    """Write the batch in one transaction, if neither its file nor the data changed since its dry run."""
    with transaction.atomic():
        if file_digest(batch.path) != batch.digest or engine.data_state() != batch.state:
            raise StateChanged(
                _(
                    "The data changed since the dry run (someone edited members or organizations, or another "
                    "import was written). Nothing was written: run the dry run again and check the differences."
                )
            )
        outcome = engine.run(batch, write=True)
        if outcome.error_count:
            raise StateChanged(_("The file no longer passes the checks; nothing was written. Run the dry run again."))
        batch.applied_at = timezone.now()
        batch.save(update_fields=["applied_at"])
        batch.finish(batch.file, outcome.rows)
