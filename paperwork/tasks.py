"""The review-file task (the job's id as argument) and how a job is started."""

from celery import shared_task
from django.db import transaction

from core import jobs
from paperwork import files
from paperwork.models import ReviewFileJob


def start_review_file(user, review, output):
    """Record a job for ``review``'s whole file and enqueue its task once the job is committed."""
    with transaction.atomic():
        job = ReviewFileJob.objects.create(owner=user, review=review, output=output)
        transaction.on_commit(lambda: build_review_file.delay(job.pk))
    return job


# Acknowledged when it ends, and given back if the worker process dies: the job is then run again
# (its claim takes over a running job whose heartbeat stopped) or reaped (core.jobs.reap_stale).
@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def build_review_file(job_id):
    """Write the zip of job ``job_id``; a second delivery of the same job does nothing."""
    job = jobs.claimed(ReviewFileJob, job_id)
    if job is not None:
        files.write_review_file(job)
