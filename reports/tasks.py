"""Celery tasks of the reports app (ids as arguments, JSON-serialisable)."""

import logging

from celery import shared_task

from core.replica import reading_from_replica
from reports import services
from reports.models import ExportJob

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def run_export(job_id):
    """Write the file of export job ``job_id``; a second delivery of the same job does nothing."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None:
        logger.warning("Export job %s is gone", job_id)
        return
    if not job.claim():
        logger.info("Export job %s was already taken (status %s)", job_id, job.status)
        return
    with reading_from_replica():  # the rows; the job's own updates still go to the primary
        services.write_export(job)
