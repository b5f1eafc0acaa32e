"""Fixtures for the commitments tests: a 2017 cycle, reviews of ward A and member A, commitments in any state."""

import datetime
import importlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from commitments import services
from commitments.models import SourceKind
from directives.models import ConcludedShortcoming, Conclusion, Directive
from reviews.models import CollectiveReview, CycleKind, IndividualReview, ReviewCycle, RuleSet

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def office_file(member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rule_set(db):
    if not RuleSet.objects.filter(code="HD27").exists():
        # Shipped by a data migration, but a transactional (browser) test flushes it afterwards.
        from django.apps import apps

        importlib.import_module("reviews.migrations.0002_rule_sets").add_rule_sets(apps, None)
    return RuleSet.objects.get(code="HD27")


@pytest.fixture
def cycle(rule_set):
    return ReviewCycle.objects.create(
        year=2017,
        kind=CycleKind.ANNUAL,
        rule_set=rule_set,
        opened_on=datetime.date(2017, 11, 1),
        reference_date=datetime.date(2017, 12, 31),
    )


@pytest.fixture
def next_cycle(rule_set):
    return ReviewCycle.objects.create(
        year=2018,
        kind=CycleKind.ANNUAL,
        rule_set=rule_set,
        opened_on=datetime.date(2018, 11, 1),
        reference_date=datetime.date(2018, 12, 31),
    )


@pytest.fixture
def review_a(cycle, ward_a):
    return CollectiveReview.objects.create(cycle=cycle, organization=ward_a)


@pytest.fixture
def review_b(cycle, ward_b):
    return CollectiveReview.objects.create(cycle=cycle, organization=ward_b)


@pytest.fixture
def member_review_a(cycle, member_a):
    return IndividualReview.objects.create(cycle=cycle, member=member_a, organization=member_a.organization, form="2C")


def make_conclusion(cycle, issuer, organization, shortcomings=()):
    """A directive of ``issuer`` in ``cycle`` concluded for ``organization`` with ``shortcomings``."""
    directive = Directive.objects.create(issuer=issuer, cycle=cycle, title="Gợi ý kiểm điểm sâu")
    conclusion = Conclusion.objects.create(directive=directive, organization=organization, text="Kết luận")
    ConcludedShortcoming.objects.bulk_create(
        ConcludedShortcoming(conclusion=conclusion, organization=organization, text=text) for text in shortcomings
    )
    return conclusion


@pytest.fixture
def conclusion_a(cycle, city, ward_a):
    """Ward A's directive conclusion in the 2017 cycle, with two concluded shortcomings."""
    return make_conclusion(
        cycle,
        city,
        ward_a,
        ["Chậm kiện toàn bộ máy cán bộ lãnh đạo quản lý.", "Chậm kiện toàn chức danh chủ tịch các hội."],
    )


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def make_commitment(city_staff):
    """A commitment of ``source`` (a collective or individual review, or a directive conclusion) by city staff."""

    def _make(source, deadline_in=30, measure="Sửa đổi quy chế làm việc", shortcoming="Quy chế chưa sát thực tế"):
        kind = {
            IndividualReview: SourceKind.INDIVIDUAL_REVIEW,
            CollectiveReview: SourceKind.COLLECTIVE_REVIEW,
            Conclusion: SourceKind.DIRECTIVE_CONCLUSION,
        }[type(source)]
        rows = [{"shortcoming": shortcoming, "measure": measure, "deadline": in_days(deadline_in)}]
        return services.create_commitments(kind, source, rows, city_staff)[0]

    return _make


@pytest.fixture
def commitment_a(make_commitment, review_a):
    return make_commitment(review_a)


@pytest.fixture
def commitment_b(make_commitment, review_b):
    return make_commitment(review_b)


@pytest.fixture
def reported_a(commitment_a, secretary_a):
    return services.report_completed(commitment_a, secretary_a, "Đã ban hành quy chế mới")
