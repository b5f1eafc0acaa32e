"""The import task: ids as arguments, so a delivery carries no data."""

from celery import shared_task

from imports import services


@shared_task(ignore_result=True)
def run_import(batch_id):
    """Run the pending step of import ``batch_id``; a second delivery of the same step does nothing."""
    services.run_claimed(batch_id)
