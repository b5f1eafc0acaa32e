"""Imported by the worker of the killed-worker test (``celery worker -I``): every export stalls after its start.

The export reports its start (so the job is claimed and beats), then sleeps: the
test kills the worker while the job is running.
"""

import time

from reports import services


def _stall(job):
    job.report_progress(0, 1)
    time.sleep(600)


services.write_export = _stall
