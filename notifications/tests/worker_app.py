"""The Celery app for the end-to-end tests' worker: the project app plus the test provider."""

from config.celery import app
from notifications.providers import registry
from notifications.tests.reviewprovider import ReviewSubmissionProvider

if registry.get(ReviewSubmissionProvider.kind) is None:
    registry.register(ReviewSubmissionProvider())

__all__ = ["app"]
