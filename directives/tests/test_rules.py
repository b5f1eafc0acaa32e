"""Bad input and business rules: each refused step explains itself in Vietnamese and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.workflow import SubmissionStatus, SubmissionVersion
from directives import services
from directives.models import Directive, DirectiveStatus, DirectiveTarget, ExplanationReport
from directives.tests.conftest import fill_report
from documents.models import Document
from tests.factories import make_organization

VI = {"HTTP_COOKIE": "django_language=vi"}


def test_an_issued_directive_cannot_be_edited(login, issued, city_staff, inspector, cycle, ward_b):
    response = login(inspector).post(
        reverse("directives:edit", args=[issued.pk]),
        {"cycle": cycle.pk, "title": "Đổi tên", "organizations": [ward_b.pk], "reasons": ["stagnation"]},
        follow=True,
    )
    assert "Gợi ý kiểm điểm đã ban hành thì không sửa được" in response.content.decode()
    issued.refresh_from_db()
    assert issued.title == "Gợi ý kiểm điểm sâu Đảng bộ phường Trần Hưng Đạo"
    assert list(issued.targets.values_list("organization__name", flat=True)) == ["Đảng bộ phường Trần Hưng Đạo"]
    with pytest.raises(DomainError):
        services.update_proposal(issued, city_staff, cycle=cycle, title="x", reasons=["stagnation"], organizations=[])


def test_a_deadline_before_the_issue_date_is_refused(login, proposal, city_staff, standing_member_a):
    response = login(city_staff).post(
        reverse("directives:issue", args=[proposal.pk]),
        {
            "number": "7-TB/TU",
            "kind": "notice",
            "issuing_body": "Ban Thường vụ Thành ủy",
            "issued_on": "10/11/2017",
            "report_deadline": "09/11/2017",
            "review_days": 2,
            "standing_member": standing_member_a.pk,
        },
    )
    assert response.status_code == 200
    assert "Hạn nộp báo cáo giải trình không được trước ngày ban hành" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == DirectiveStatus.PROPOSED
    assert not Document.objects.exists() and not ExplanationReport.objects.exists()


def test_the_service_refuses_a_deadline_before_the_issue_date_too(proposal, city_staff):
    with pytest.raises(DomainError) as caught:
        services.issue(
            proposal,
            city_staff,
            number="7-TB/TU",
            issued_on=datetime.date(2017, 11, 10),
            report_deadline=datetime.date(2017, 11, 9),
            review_days=2,
            standing_member=None,
        )
    assert caught.value.field == "report_deadline"
    assert Directive.objects.get().status == DirectiveStatus.PROPOSED


def test_a_number_already_used_by_the_issuer_that_year_is_refused(issued, city_staff, cycle, ward_b, inspector):
    second = services.propose(
        inspector, issuer=issued.issuer, cycle=cycle, title="Khác", reasons=["stagnation"], organizations=[ward_b],
        free_items=["Nội dung"],
    )  # fmt: skip
    with pytest.raises(DomainError) as caught:
        services.issue(
            second, city_staff, number="101-TB/TU", issued_on=datetime.date(2017, 12, 1),
            report_deadline=datetime.date(2017, 12, 20), review_days=1, standing_member=None,
        )  # fmt: skip
    assert caught.value.field == "number"
    second.refresh_from_db()
    assert second.status == DirectiveStatus.PROPOSED


def test_a_target_outside_the_issuers_reach_is_refused(login, cycle, city, inspector, catalogue_items):
    elsewhere = make_organization("Đảng bộ tỉnh khác", code="KHAC")
    response = login(inspector).post(
        reverse("directives:propose"),
        {"issuer": city.pk, "cycle": cycle.pk, "title": "Sai", "organizations": [elsewhere.pk],
         "reasons": ["complaints"], "catalogue_items": [catalogue_items[0].pk]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Directive.objects.exists()
    with pytest.raises(DomainError) as caught:
        services.propose(
            inspector, issuer=city, cycle=cycle, title="Sai", reasons=["complaints"], organizations=[elsewhere],
            catalogue_items=catalogue_items,
        )  # fmt: skip
    assert caught.value.field == "organizations"
    assert "ngoài phạm vi" in caught.value.message
    assert not Directive.objects.exists()


def test_a_proposal_needs_a_reason_and_a_content_item(login, cycle, city, ward_a, inspector):
    response = login(inspector).post(
        reverse("directives:propose"),
        {"issuer": city.pk, "cycle": cycle.pk, "title": "Thiếu", "organizations": [ward_a.pk]},
    )
    content = response.content.decode()
    assert "Hãy nêu lý do cần kiểm điểm sâu" in content
    assert not Directive.objects.exists()


def test_an_explanation_without_the_heads_responsibility_cannot_be_submitted(login, report, secretary_a):
    fill_report(report, secretary_a, head="")
    data = {"revision": report.revision, "intent": "submit"}
    response = login(secretary_a).post(reverse("directives:report", args=[report.pk]), data)
    assert response.status_code == 200
    assert "Trách nhiệm của người đứng đầu là bắt buộc" in response.content.decode()
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT and report.submitted_at is None
    assert not SubmissionVersion.objects.for_object(report).exists()


def test_a_submitted_report_cannot_be_saved_over(login, report, secretary_a):
    fill_report(report, secretary_a)
    services.submit_explanation(report, secretary_a)
    revision = report.revision
    response = login(secretary_a).post(
        reverse("directives:report", args=[report.pk]), {"revision": revision}, follow=True
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.revision == revision and report.items.first().head_responsibility


def test_an_edit_against_an_older_revision_is_a_conflict(login, report, secretary_a):
    fill_report(report, secretary_a)
    item = report.items.first()
    response = login(secretary_a).post(
        reverse("directives:report", args=[report.pk]), {"revision": 0, f"{item.pk}-facts": "Bản cũ"}
    )
    assert "Người khác đã lưu báo cáo này" in response.content.decode()
    item.refresh_from_db()
    assert item.facts != "Bản cũ"


def test_revoking_needs_a_reason_which_is_kept(login, issued, city_staff, report):
    url = reverse("directives:revoke", args=[issued.pk])
    response = login(city_staff).post(url, {"reason": "  "}, follow=True)
    assert "Hãy nêu lý do thu hồi" in response.content.decode()
    issued.refresh_from_db()
    assert issued.status == DirectiveStatus.ISSUED
    login(city_staff).post(url, {"reason": "Ban hành nhầm đối tượng"})
    issued.refresh_from_db()
    assert issued.status == DirectiveStatus.REVOKED and issued.revoke_reason == "Ban hành nhầm đối tượng"
    page = login(city_staff).get(reverse("directives:report", args=[report.pk])).content.decode()
    assert 'id="explanation-form"' not in page


def test_a_conclusion_needs_an_accepted_report(report, inspector, ward_a, issued):
    with pytest.raises(DomainError):
        services.conclude(issued, ward_a, inspector, text="Sớm quá")


def test_read_receipt_is_recorded_once_and_shown_to_city_staff(login, issued, secretary_a, city_staff, time_machine):
    time_machine.move_to(datetime.datetime(2017, 11, 2, 8, 30, tzinfo=timezone.get_current_timezone()))
    login(secretary_a).get(reverse("directives:detail", args=[issued.pk]))
    time_machine.move_to(datetime.datetime(2017, 11, 5, 9, 0, tzinfo=timezone.get_current_timezone()))
    login(secretary_a).get(reverse("directives:detail", args=[issued.pk]))
    target = DirectiveTarget.objects.get(directive=issued)
    assert timezone.localtime(target.read_at).strftime("%d/%m/%Y %H:%M") == "02/11/2017 08:30"
    assert target.read_by == secretary_a
    page = login(city_staff).get(reverse("directives:detail", args=[issued.pk])).content.decode()
    assert "đã xem lúc 02/11/2017 08:30" in page


def test_city_staff_opening_a_directive_is_not_a_read_receipt(login, issued, city_staff, inspector):
    login(city_staff).get(reverse("directives:detail", args=[issued.pk]))
    login(inspector).get(reverse("directives:detail", args=[issued.pk]))
    assert DirectiveTarget.objects.get(directive=issued).read_at is None


def test_the_target_secretary_sees_the_directive_on_the_home_page(login, issued, secretary_a, secretary_b):
    assert issued.title in login(secretary_a).get(reverse("home")).content.decode()
    assert issued.title not in login(secretary_b).get(reverse("home")).content.decode()
