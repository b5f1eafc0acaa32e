"""The commitment pages: who may do what through them, and what each page shows."""

import datetime

import pytest
from django.urls import reverse

from commitments import services
from commitments.models import Commitment, CommitmentStatus, ExtensionStatus, VerificationOutcome
from commitments.tests.conftest import PDF, PNG, in_days, upload
from commitments.tests.test_services import snapshot


def test_secretary_sees_their_organizations_and_members_commitments_only(
    login, secretary_a, commitment_a, commitment_b, make_commitment, member_review_a
):
    member_commitment = make_commitment(member_review_a, measure="Cam kết của đảng viên")
    response = login(secretary_a).get(reverse("commitments:list"))
    page = list(response.context["page_obj"])
    assert commitment_a in page and member_commitment in page
    assert commitment_b not in page, "commitment of ward B leaked to the secretary of ward A"


def test_city_staff_see_every_commitment(login, city_staff, commitment_a, commitment_b):
    page = list(login(city_staff).get(reverse("commitments:list")).context["page_obj"])
    assert {commitment_a, commitment_b} <= set(page)


def test_list_shows_overdue_first_with_days_late(login, city_staff, make_commitment, review_a, review_b):
    later = make_commitment(review_a, deadline_in=1)
    late = make_commitment(review_b, deadline_in=0)
    Commitment.objects.filter(pk=late.pk).update(
        created_on=in_days(-20), original_deadline=in_days(-10), deadline=in_days(-3)
    )
    response = login(city_staff).get(reverse("commitments:list"))
    page = list(response.context["page_obj"])
    assert page[0] == late and page[0].days_late.days == 3
    assert page[1] == later
    assert "Trễ 3 ngày" in response.content.decode()


def test_list_filters_by_status_overdue_and_extended(login, city_staff, commitment_a, commitment_b, secretary_a):
    request = services.request_extension(commitment_a, secretary_a, commitment_a.deadline + datetime.timedelta(5), "x")
    services.decide_extension(request, city_staff, approve=True)
    client = login(city_staff)
    assert list(client.get(reverse("commitments:list"), {"extended": "on"}).context["page_obj"]) == [commitment_a]
    assert list(client.get(reverse("commitments:list"), {"overdue": "on"}).context["page_obj"]) == []
    assert list(client.get(reverse("commitments:list"), {"status": "verified"}).context["page_obj"]) == []


def test_overdue_list_query_count_does_not_grow_with_commitments(login, city_staff, make_commitment, review_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(city_staff)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("commitments:list"), {"overdue": "on"}).status_code == 200
        return len(context.captured_queries)

    make_commitment(review_a)
    Commitment.objects.update(created_on=in_days(-30), original_deadline=in_days(-5), deadline=in_days(-5))
    few = count()
    for _ in range(15):
        make_commitment(review_a)
    Commitment.objects.update(created_on=in_days(-30), original_deadline=in_days(-5), deadline=in_days(-5))
    assert Commitment.objects.overdue().count() == 16
    assert count() == few


def test_secretary_posts_progress_with_evidence_and_reports_completed(login, secretary_a, commitment_a):
    client = login(secretary_a)
    response = client.post(
        reverse("commitments:progress", args=[commitment_a.pk]),
        {
            "date": in_days(0).strftime("%d/%m/%Y"),
            "percentage": "50",
            "note": "Đã họp",
            "files": [upload("bb.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("commitments:report", args=[commitment_a.pk]), {"summary": "Đã sửa quy chế"})
    assert response.status_code == 302
    commitment_a.refresh_from_db()
    assert commitment_a.status == CommitmentStatus.REPORTED_COMPLETED
    assert commitment_a.evidence_files.get().kind == "pdf"


def test_evidence_with_a_lying_name_is_refused_next_to_the_field(login, secretary_a, commitment_a):
    before = snapshot(commitment_a)
    response = login(secretary_a).post(
        reverse("commitments:progress", args=[commitment_a.pk]),
        {"date": in_days(0).strftime("%d/%m/%Y"), "percentage": "50", "files": [upload("bienban.pdf", PNG)]},
    )
    assert response.status_code == 200
    assert "không khớp với nội dung" in str(response.context["form"].errors["files"])
    assert snapshot(commitment_a) == before


def test_inspector_marks_not_effective_and_the_secretary_sees_the_reason(
    login, client, inspector, secretary_a, reported_a
):
    response = login(inspector).post(
        reverse("commitments:verify", args=[reported_a.pk]),
        {"outcome": VerificationOutcome.NOT_EFFECTIVE, "assessment": "Quy chế chưa được áp dụng"},
    )
    assert response.status_code == 302
    page = login(secretary_a).get(reverse("commitments:detail", args=[reported_a.pk])).content.decode()
    assert "Quy chế chưa được áp dụng" in page


def test_verification_without_assessment_shows_an_error_and_changes_nothing(login, inspector, reported_a):
    before = snapshot(reported_a)
    response = login(inspector).post(
        reverse("commitments:verify", args=[reported_a.pk]), {"outcome": VerificationOutcome.VERIFIED}
    )
    assert response.status_code == 200 and response.context["form"].errors["assessment"]
    assert snapshot(reported_a) == before


def test_concurrent_loser_is_told_in_the_form(login, inspector, reported_a, city_staff):
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Hiệu quả")
    Commitment.objects.filter(pk=reported_a.pk).update(status=CommitmentStatus.REPORTED_COMPLETED)
    # The first inspector's verdict lands between the second's page load and post.
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Hiệu quả lần 2")
    response = login(inspector).post(
        reverse("commitments:verify", args=[reported_a.pk]),
        {"outcome": VerificationOutcome.VERIFIED, "assessment": "Lần 3"},
    )
    assert response.status_code == 200
    assert "người khác vừa thẩm định" in response.content.decode()


def test_requester_cannot_approve_own_extension_through_the_page(login, city_staff, commitment_a):
    request = services.request_extension(commitment_a, city_staff, commitment_a.deadline + datetime.timedelta(9), "x")
    response = login(city_staff).post(
        reverse("commitments:extension_decide", args=[request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 200
    assert "chính mình" in response.content.decode()
    request.refresh_from_db()
    assert request.status == ExtensionStatus.PENDING


def test_queue_lists_reported_commitments_oldest_first_with_filters(
    login, inspector, secretary_a, secretary_b, commitment_a, commitment_b, ward_b
):
    services.report_completed(commitment_b, secretary_b, "B xong")
    services.report_completed(commitment_a, secretary_a, "A xong")
    client = login(inspector)
    assert list(client.get(reverse("commitments:queue")).context["page_obj"]) == [commitment_b, commitment_a]
    filtered = client.get(reverse("commitments:queue"), {"organization": ward_b.pk})
    assert list(filtered.context["page_obj"]) == [commitment_b]


def test_create_screen_makes_one_commitment_per_measure_row(login, secretary_a, review_a):
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-shortcoming": "Sinh hoạt chi bộ chưa đều",
        "form-0-measure": "Họp định kỳ hằng tháng",
        "form-0-deadline": in_days(30).strftime("%d/%m/%Y"),
        "form-1-shortcoming": "Sinh hoạt chi bộ chưa đều",
        "form-1-measure": "Phân công ghi biên bản",
        "form-1-deadline": in_days(60).strftime("%d/%m/%Y"),
    }
    response = login(secretary_a).post(reverse("commitments:create", args=["collective_review", review_a.pk]), data)
    assert response.status_code == 302
    assert Commitment.objects.filter(collective_review=review_a).count() == 2


def test_create_screen_refuses_a_deadline_in_the_past_and_creates_nothing(login, secretary_a, review_a):
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-shortcoming": "A",
        "form-0-measure": "B",
        "form-0-deadline": in_days(-1).strftime("%d/%m/%Y"),
    }
    response = login(secretary_a).post(reverse("commitments:create", args=["collective_review", review_a.pk]), data)
    assert response.status_code == 200
    assert "không được trước ngày hôm nay" in response.content.decode()
    assert not Commitment.objects.exists()


def test_organization_fragment_lists_open_commitments_and_verification_history(
    rf, secretary_a, ward_a, reported_a, inspector, make_commitment, review_a
):
    from django.template.loader import render_to_string

    from commitments.includes import organization_commitments

    open_one = make_commitment(review_a, measure="Còn mở")
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Đạt hiệu quả tốt")
    context = organization_commitments(ward_a, secretary_a)
    assert list(context["open_commitments"]) == [open_one]
    html = render_to_string("commitments/includes/_organization_commitments.html", context)
    assert "Còn mở" in html and "Đạt hiệu quả tốt" in html


def test_the_organization_fragment_leaves_out_other_wards_verifications(
    secretary_a, secretary_b, ward_a, city, reported_a, inspector, commitment_b
):
    from commitments.includes import organization_commitments

    reported_b = services.report_completed(commitment_b, secretary_b, "Đã sửa xong")
    services.verify(reported_a, inspector, VerificationOutcome.VERIFIED, "Đạt ở phường A")
    services.verify(reported_b, inspector, VerificationOutcome.VERIFIED, "Đạt ở phường B")

    def assessments(organization, user):
        return [v.assessment for v in organization_commitments(organization, user)["verification_history"]]

    assert assessments(ward_a, secretary_a) == ["Đạt ở phường A"]  # not ward B's: outside the organization
    assert assessments(city, secretary_a) == ["Đạt ở phường A"]  # not ward B's: outside the reader's reach
    assert sorted(assessments(city, inspector)) == ["Đạt ở phường A", "Đạt ở phường B"]


@pytest.mark.parametrize("kind", ["pdf", "png"])
def test_evidence_download_serves_the_file_to_its_organization(login, secretary_a, commitment_a, kind):
    content, name = (PDF, "a.pdf") if kind == "pdf" else (PNG, "a.png")
    services.post_progress(commitment_a, secretary_a, in_days(0), percentage=10, files=[upload(name, content)])
    evidence = commitment_a.evidence_files.get()
    response = login(secretary_a).get(reverse("commitments:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert "attachment" in response["Content-Disposition"]


def test_section_three_fragment_lists_the_carried_over_commitments(commitment_a, next_cycle, ward_a):
    from django.template.loader import render_to_string

    from commitments.includes import carry_over_items
    from reviews.models import CollectiveReview

    review = CollectiveReview.objects.create(cycle=next_cycle, organization=ward_a)
    services.carry_over(next_cycle)
    context = carry_over_items(review)
    assert [item.commitment for item in context["carry_over_items"]] == [commitment_a]
    html = render_to_string("commitments/includes/_carry_over_items.html", context)
    assert commitment_a.measure in html and "Đang mở" in html


def test_list_summary_counts_overdue_and_extended(login, city_staff, commitment_a, commitment_b, secretary_a):
    request = services.request_extension(commitment_a, secretary_a, commitment_a.deadline + datetime.timedelta(5), "x")
    services.decide_extension(request, city_staff, approve=True)
    Commitment.objects.filter(pk=commitment_b.pk).update(
        created_on=in_days(-20), original_deadline=in_days(-10), deadline=in_days(-10)
    )
    totals = login(city_staff).get(reverse("commitments:list")).context["totals"]
    assert totals == {"total": 2, "overdue": 1, "extended": 1}


@pytest.mark.parametrize("percentage", ["150", "-5"])
def test_a_percentage_out_of_range_gets_one_clear_message_and_saves_nothing(
    login, secretary_a, commitment_a, percentage
):
    before = snapshot(commitment_a)
    response = login(secretary_a).post(
        reverse("commitments:progress", args=[commitment_a.pk]),
        {"date": in_days(0).strftime("%d/%m/%Y"), "percentage": percentage},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"percentage": ["Tỷ lệ phần trăm phải từ 0 đến 100."]}
    assert snapshot(commitment_a) == before


def test_the_lists_pages_keep_overdue_first_and_count_what_the_summary_counts(
    login, city_staff, make_commitment, review_a, settings
):
    settings.PAGE_SIZE = 2
    made = [make_commitment(review_a, deadline_in=days) for days in (5, 1, 9, 3, 7)]
    late = made[2]
    Commitment.objects.filter(pk=late.pk).update(
        created_on=in_days(-20), original_deadline=in_days(-10), deadline=in_days(-3)
    )
    client = login(city_staff)
    first = client.get(reverse("commitments:list")).context
    listed = []
    for number in (1, 2, 3):
        listed += list(client.get(reverse("commitments:list"), {"page": number}).context["page_obj"])
    assert listed == [late, made[1], made[3], made[0], made[4]]  # overdue first, then by deadline
    assert first["page_obj"].paginator.count == first["totals"]["total"] == 5
