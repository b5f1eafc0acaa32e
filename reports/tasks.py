"""The export task of the reports app (ids as arguments, JSON-serialisable) and how a job is started."""

import logging

from celery import shared_task
from django.db import transaction

from core.replica import reading_from_replica
from reports import services
from reports.models import ExportJob

logger = logging.getLogger(__name__)


def start_export(user, export, params):
    """Record a job for ``export`` with ``params`` and enqueue its task once the job is committed."""
    with transaction.atomic():
        job = ExportJob.objects.create(owner=user, kind=export.name, parameters=params)
        transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


# Acknowledged when it ends, and given back if the worker process dies: the job is then run again
# (its claim takes over a running job whose heartbeat stopped) or reaped (core.jobs.reap_stale).
@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
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
