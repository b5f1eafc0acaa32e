"""The hand-counted review world and ward B's marker, shared with the reports tests."""

from reports.tests.conftest import marked_b, world  # noqa: F401
