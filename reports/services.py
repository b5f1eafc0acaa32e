"""Export jobs: start one from a request, write its file from a task."""

import logging
import secrets

from django.utils import translation

from core import jobs
from core.exports import write_xlsx
from reports import registry

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
# Progress is saved every this many rows: often enough for the bar, rarely enough to cost nothing.
PROGRESS_EVERY = 500


def job_path(job):
    return job.path


def write_export(job):
    """Write the file of a claimed (running) job; mark it done or failed. Never raises."""
    try:
        export = registry.get(job.kind)
    except KeyError:
        logger.error("Export job %s names an unknown export %r", job.pk, job.kind)
        job.fail(f"Unknown export {job.kind!r}")
        return

    def write(path):
        # Headers in the owner's language; rows under the owner's access scope as it is now.
        with translation.override(job.owner.language):
            rows = export.rows(job.owner, job.parameters)
            job.report_progress(0, rows.count())
            return write_xlsx(
                path,
                rows,
                export.columns,
                title=export.sheet_title,
                on_progress=job.report_progress,
                every=PROGRESS_EVERY,
            )

    jobs.write_file(job, f"{EXPORT_DIR}/{job.owner_id}/{job.pk}-{secrets.token_hex(8)}.xlsx", write)
