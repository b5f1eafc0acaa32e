"""Fixtures of the operations tests: an evidence file of ward A on disk."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments import services
from commitments.models import SourceKind
from reviews.models import CollectiveReview, CycleKind, ReviewCycle, RuleSet

PDF = b"%PDF-1.4\n%evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evidence(settings, tmp_path, ward_a, city_staff, secretary_a):
    """An evidence file uploaded by ward A's secretary, stored under a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cycle = ReviewCycle.objects.create(
        year=2017,
        kind=CycleKind.ANNUAL,
        rule_set=RuleSet.objects.get(code="HD27"),
        opened_on=datetime.date(2017, 11, 1),
        reference_date=datetime.date(2017, 12, 31),
    )
    review = CollectiveReview.objects.create(cycle=cycle, organization=ward_a)
    today = timezone.localdate()
    row = {"shortcoming": "Quy chế chưa sát", "measure": "Sửa quy chế", "deadline": today + datetime.timedelta(30)}
    [commitment] = services.create_commitments(SourceKind.COLLECTIVE_REVIEW, review, [row], city_staff)
    services.post_progress(
        commitment, secretary_a, today, percentage=10, files=[SimpleUploadedFile("biên bản họp.pdf", PDF)]
    )
    return commitment.evidence_files.get()
