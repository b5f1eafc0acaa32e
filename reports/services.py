"""Export jobs: start one from a request, write its file from a task."""

import logging
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import translation

from core.exports import write_xlsx
from reports import registry

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
# Progress is saved every this many rows: often enough for the bar, rarely enough to cost nothing.
PROGRESS_EVERY = 500


def job_path(job):
    return Path(settings.MEDIA_ROOT) / job.file


def write_export(job):
    """Write the file of a claimed (running) job; mark it done or failed. Never raises."""
    try:
        export = registry.get(job.kind)
    except KeyError:
        logger.error("Export job %s names an unknown export %r", job.pk, job.kind)
        job.fail(f"Unknown export {job.kind!r}")
        return
    relative = f"{EXPORT_DIR}/{job.owner_id}/{job.pk}-{secrets.token_hex(8)}.xlsx"
    target = Path(settings.MEDIA_ROOT) / relative
    partial = target.with_suffix(".part")
    try:
        # Headers in the owner's language; rows under the owner's access scope as it is now.
        with translation.override(job.owner.language):
            rows = export.rows(job.owner, job.parameters)
            job.report_progress(0, rows.count())
            target.parent.mkdir(parents=True, exist_ok=True)
            written = write_xlsx(
                partial,
                rows,
                export.columns,
                title=export.sheet_title,
                on_progress=job.report_progress,
                every=PROGRESS_EVERY,
            )
        partial.replace(target)
    except Exception as error:  # the job must end as failed whatever broke; the log keeps the trace
        logger.exception("Export job %s failed", job.pk)
        partial.unlink(missing_ok=True)
        job.fail(f"{type(error).__name__}: {error}")
        return
    job.finish(relative, written)
