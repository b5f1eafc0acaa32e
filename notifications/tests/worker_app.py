"""The Celery app for the end-to-end tests' worker: the project app plus the test provider."""

import django

from config.celery import app

django.setup()  # the provider below imports models

from notifications.providers import registry  # noqa: E402
from notifications.tests.reviewprovider import ReviewSubmissionProvider  # noqa: E402

if registry.get(ReviewSubmissionProvider.kind) is None:
    registry.register(ReviewSubmissionProvider())

__all__ = ["app"]
