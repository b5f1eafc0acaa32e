"""Core's periodic task: the reaper of background jobs whose worker died (``core.jobs.reap_stale``)."""

from celery import shared_task

from core import jobs


@shared_task(name="core.reap_stale_jobs", ignore_result=True)
def reap_stale_jobs():
    """Run by beat on the sweep queue; a job never stays "running" after its worker is gone."""
    jobs.reap_stale()
