"""The Celery application; it reads every ``CELERY_*`` Django setting."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kiemdiem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

FILESYSTEM_FOLDERS = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")


@app.on_after_configure.connect
def create_filesystem_broker_folders(sender, source, **kwargs):
    """kombu's filesystem transport does not create its folders; worker, beat and producers fail without them.

    Celery reads its configuration on first use in a process (a worker or beat
    starting, a task sent), so the folders appear then, not on importing the settings.
    """
    if not str(source.broker_url).startswith("filesystem://"):
        return
    options = source.broker_transport_options or {}
    for name in FILESYSTEM_FOLDERS:
        if options.get(name):
            Path(options[name]).mkdir(parents=True, exist_ok=True)


@task_prerun.connect
def _log_with_task_id(task_id=None, **kwargs):
    """Log lines written by a task carry its id where a request's would carry the request id."""
    from core.logs import request_id

    request_id.set(task_id)
