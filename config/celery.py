"""The Celery application; it reads every ``CELERY_*`` Django setting."""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kiemdiem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _log_with_task_id(task_id=None, **kwargs):
    """Log lines written by a task carry its id where a request's would carry the request id."""
    from core.logs import request_id

    request_id.set(task_id)
