"""The demo seeds: the article's documents and the seven directed collectives, deterministic and idempotent."""

import io

from core.workflow import SubmissionStatus
from directives import demo as directives_demo
from directives.models import ConcludedShortcoming, Conclusion, Directive, ExplanationReport
from documents import demo as documents_demo
from documents.models import Document


def _run():
    out = io.StringIO()
    documents_demo.seed(out)
    directives_demo.seed(out)
    return out.getvalue()


def _fingerprint():
    return (
        sorted(Document.objects.values_list("number", "issuing_body", "issued_on", "title")),
        sorted(Directive.objects.values_list("number", "title", "status", "target_members")),
        sorted(ExplanationReport.objects.values_list("organization__name", "status")),
        sorted(Conclusion.objects.values_list("organization__name", "text")),
        sorted(ConcludedShortcoming.objects.values_list("text", flat=True)),
    )


def test_demo_registers_the_articles_documents_and_directive_05(demo_city):
    _run()
    numbers = [row[0] for row in documents_demo.CITY_DOCUMENTS]
    city_documents = Document.objects.filter(issuing_body="Ban Thường vụ Thành ủy Nam Định", number__in=numbers)
    assert city_documents.filter(summary__contains="giả định cho dữ liệu mẫu").count() == 7
    directive_05 = Document.objects.get(number="05-CT/TW")
    assert directive_05.issued_on.isoformat() == "2016-05-15" and directive_05.issuing_body == "Bộ Chính trị"


def test_demo_documents_say_in_vietnamese_that_their_numbers_are_invented(demo_city):
    _run()
    assert Document.objects.count() == 7 + 1 + 7  # the article's, Directive 05 and one notice per directive
    assert not Document.objects.filter(summary__icontains="invented").exists()
    assert Document.objects.filter(summary__contains="giả định").count() == 14


def test_demo_directs_the_seven_collectives_with_reports_in_various_states(demo_city):
    _run()
    reports = dict(ExplanationReport.objects.values_list("organization__name", "status"))
    assert len(reports) == 7
    assert reports["Đảng bộ phường Trần Hưng Đạo"] == SubmissionStatus.ACCEPTED
    assert len(set(reports.values())) >= 4
    conclusion = Conclusion.objects.get()
    assert conclusion.organization.name == "Đảng bộ phường Trần Hưng Đạo" and conclusion.shortcomings.count() == 2
    commune_items = Directive.objects.get(targets__organization__name="Đảng bộ xã Lộc Hòa").items.count()
    ward_items = Directive.objects.get(targets__organization__name="Đảng bộ phường Vị Hoàng").items.count()
    assert commune_items == 9 and ward_items == 8
    assert not Directive.objects.filter(targets__organization__name__contains="Trường").exists()


def test_demo_runs_twice_without_changing_anything(demo_city):
    _run()
    first = _fingerprint()
    _run()
    assert _fingerprint() == first


def test_demo_without_organizations_does_nothing(db):
    assert "skipped" in _run()
    assert not Directive.objects.exists()
