"""Excel exports of every list: the rows the list shows with its filters, and never a row out of reach."""

import datetime
import io
import unicodedata

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from commitments.models import Commitment, CommitmentStatus
from directives.models import Conclusion, Directive, DirectiveStatus, DirectiveTarget
from documents.models import Document, DocumentType
from reports import registry
from reports.tests.conftest import MARKER
from reviews.models import CollectiveReview, IndividualReview, NotReviewedMember

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _workbook_text(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return " ".join(str(v) for s in workbook.worksheets for row in s.iter_rows(values_only=True) for v in row if v)


def test_the_cycle_board_export_holds_the_boards_filtered_rows(world, login, city_staff):
    client = login(city_staff)
    rows = _sheet(client.get(reverse("reports:export", args=["cycle_board"]), {"cycle": world["cycle"].pk}))
    assert rows[0][:4] == ["Tổ chức đảng", "Mã", "Đợt kiểm điểm", "Báo cáo"]
    assert len(rows) == 1 + 7
    rows = _sheet(
        client.get(reverse("reports:export", args=["cycle_board"]), {"cycle": world["cycle"].pk, "level": "good"})
    )
    assert sorted(row[0] for row in rows[1:]) == ["Đảng bộ phường Quang Trung", "Đảng bộ phường Trần Hưng Đạo"]
    assert {row[7] for row in rows[1:]} == {"Trong sạch vững mạnh", "Hoàn thành tốt nhiệm vụ"}
    board = client.get(reverse("reviews:cycle_board", args=[world["cycle"].pk]), {"level": "good"})
    assert board.context["page_obj"].paginator.count == 2


def test_the_cycle_board_export_of_an_unknown_cycle_is_empty(world, login, city_staff):
    rows = _sheet(login(city_staff).get(reverse("reports:export", args=["cycle_board"]), {"cycle": "999"}))
    assert len(rows) == 1


def test_the_individual_reviews_export_follows_the_level_filter(world, login, city_staff):
    client = login(city_staff)
    params = {"cycle": world["cycle"].pk, "level": "good"}
    rows = _sheet(client.get(reverse("reports:export", args=["individual_reviews"]), params))
    assert rows[0][0] == "Họ và tên"
    assert sorted(row[0] for row in rows[1:]) == ["Lê Văn Bình", "Trần Thị Hoa"]
    page = client.get(reverse("reports:individual_reviews"), params)
    assert page.context["page_obj"].paginator.count == 2


def test_the_directive_export_follows_the_list_filters(world, login, city_staff):
    client = login(city_staff)
    rows = _sheet(client.get(reverse("reports:export", args=["directives"]), {"status": "issued"}))
    assert rows[0][:2] == ["Số, ký hiệu", "Trích yếu"]
    assert [row[0] for row in rows[1:]] == ["01-GY/TU"]
    assert isinstance(rows[1][5], datetime.datetime)  # a real date
    assert len(_sheet(client.get(reverse("reports:export", args=["directives"]), {"status": "proposed"}))) == 1


def test_the_commitment_export_follows_the_list_filters(world, login, city_staff):
    client = login(city_staff)
    rows = _sheet(client.get(reverse("reports:export", args=["commitments"]), {"overdue": "on"}))
    assert len(rows) == 1 + 2
    assert all(row[10] == "Có" for row in rows[1:])  # after the organization, who made it ("Made by")
    listed = client.get(reverse("commitments:list"), {"overdue": "on"})
    assert listed.context["page_obj"].paginator.count == 2


def test_the_document_export_follows_the_list_filters(world, ward_a, login, city_staff):
    Document.objects.create(
        organization=ward_a, number="3-KH/ĐU", kind=DocumentType.PLAN, issuing_body="Đảng ủy phường",
        issued_on=datetime.date(2017, 3, 1), title="Kế hoạch học tập",
    )  # fmt: skip
    client = login(city_staff)
    rows = _sheet(client.get(reverse("reports:export", args=["documents"]), {"kind": "plan", "year": "2017"}))
    assert [row[0] for row in rows[1:]] == ["3-KH/ĐU"]
    assert len(_sheet(client.get(reverse("reports:export", args=["documents"]), {"year": "2016"}))) == 1


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("directives:list", []),
        ("commitments:list", []),
        ("documents:list", []),
        ("reports:individual_reviews", []),
    ],
)
def test_each_list_has_an_export_to_excel_button_with_its_filters(url_name, args, world, login, city_staff):
    html = login(city_staff).get(reverse(url_name, args=args), {"q": "abc"}).content.decode()
    assert 'id="export-xlsx"' in html
    assert "q=abc" in html[html.index('id="export-xlsx"') :].split(">")[0]


def test_the_cycle_board_has_an_export_button_carrying_the_cycle(world, login, city_staff):
    html = login(city_staff).get(reverse("reviews:cycle_board", args=[world["cycle"].pk]), {"step": "draft"})
    link = html.content.decode().split('id="export-xlsx" href="')[1].split('"')[0].replace("&amp;", "&")
    assert link.startswith(reverse("reports:export", args=["cycle_board"]) + f"?cycle={world['cycle'].pk}&")
    assert "step=draft" in link


# --- The marker: nothing of ward B ever reaches the secretary of ward A --------------------------------


@pytest.fixture
def marked_world(world, marked_b, ward_b, city, city_staff):
    organization, member = marked_b
    cycle = world["cycle"]
    CollectiveReview.objects.create(cycle=cycle, organization=organization, strengths=MARKER)
    IndividualReview.objects.create(
        cycle=cycle, member=member, organization=organization, form="2C", decided_level="httnv"
    )
    NotReviewedMember.objects.create(cycle=cycle, member=member, organization=organization, reason=f"Lý do {MARKER}")
    directive = Directive.objects.create(
        issuer=city, cycle=cycle, title=f"Gợi ý {MARKER}", number=f"{MARKER}-GY", status=DirectiveStatus.ISSUED,
        issued_on=datetime.date(2017, 11, 20), report_deadline=datetime.date(2017, 12, 20),
    )  # fmt: skip
    DirectiveTarget.objects.create(directive=directive, organization=ward_b)
    Conclusion.objects.create(directive=world["directive"], organization=organization, text=f"Kết luận {MARKER}")
    Commitment.objects.filter(organization=ward_b).update(measure=f"Biện pháp {MARKER}")
    Document.objects.create(
        organization=ward_b, number=f"{MARKER}-KH", kind=DocumentType.PLAN, issuing_body=MARKER,
        issued_on=datetime.date(2017, 5, 1), title=f"Kế hoạch {MARKER}",
    )  # fmt: skip
    assert Commitment.objects.filter(measure__contains=MARKER, status=CommitmentStatus.REOPENED).exists()
    return world


def _everything_seen_by(client, world, organization):
    """The text of every page, report and export the user can ask for about the cycle."""
    cycle = world["cycle"].pk
    seen = []
    for url in (
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + f"?cycle={cycle}",
        reverse("reports:organization", args=[organization.pk]),
        reverse("reports:cycle_report", args=[cycle, organization.pk]),
        reverse("reports:cycle_report_output", args=[cycle, organization.pk, "print"]),
        reverse("reports:individual_reviews") + f"?cycle={cycle}",
        reverse("reviews:cycle_board", args=[cycle]) + "?scope=all",
        reverse("reviews:not_reviewed", args=[cycle]),
    ):
        seen.append(client.get(url).content.decode())
    pdf = client.get(reverse("reports:cycle_report_output", args=[cycle, organization.pk, "pdf"])).content
    seen.append(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)))
    seen.append(
        _workbook_text(
            client.get(reverse("reports:cycle_report_output", args=[cycle, organization.pk, "xlsx"])).content
        )
    )
    for name in registry.names():
        response = client.get(reverse("reports:export", args=[name]), {"cycle": cycle, "scope": "all"})
        if name == "audit" and response.status_code == 403:  # city staff's and inspection's only
            continue
        assert response.status_code == 200, name
        seen.append(_workbook_text(response.content))
    return "\n".join(seen)


def test_nothing_of_ward_b_reaches_the_secretary_of_ward_a(marked_world, ward_a, login, secretary_a):
    seen = _everything_seen_by(login(secretary_a), marked_world, ward_a)
    assert MARKER not in seen, "ward B's data leaked to the secretary of ward A"
    assert "Trần Thị Hoa" in seen  # ward A's own data is there


def test_city_staff_do_see_the_marker_so_the_leak_test_can_fail(marked_world, city, login, city_staff):
    seen = _everything_seen_by(login(city_staff), marked_world, city)
    assert seen.count(MARKER) >= 10


def test_a_long_individual_review_export_runs_as_a_task_that_reports_progress(world, city_staff, monkeypatch, settings):
    from pathlib import Path

    from reports import services, tasks
    from reports.models import ExportJob, ExportStatus
    from tests.factories import make_member

    for n in range(6):
        member = make_member(world["wards"]["C"], full_name=f"Đảng viên {n}")
        IndividualReview.objects.create(
            cycle=world["cycle"], member=member, organization=member.organization, form="2C"
        )
    monkeypatch.setattr(services, "PROGRESS_EVERY", 4)
    seen = []
    original = ExportJob.report_progress

    def spy(self, done, total=None):
        original(self, done, total)
        seen.append(ExportJob.objects.values_list("progress_done", "progress_total").get(pk=self.pk))

    monkeypatch.setattr(ExportJob, "report_progress", spy)
    job = ExportJob.objects.create(
        owner=city_staff, kind="individual_reviews", parameters={"cycle": str(world["cycle"].pk)}
    )
    tasks.run_export(job.pk)
    assert seen == [(0, 9), (4, 9), (8, 9), (9, 9)]
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    sheet = openpyxl.load_workbook(Path(services.job_path(job))).active
    assert sheet.max_row == 10
