"""Commitments from every source: directive conclusions, collective reviews and individual review conclusions.

The same-organization invariant holds for each source in the service, in
``clean`` and in the database trigger; the creation screen lists the source's
structured shortcomings as pre-filled rows.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from commitments import services
from commitments.models import Commitment, SourceKind
from commitments.tests.conftest import in_days, make_conclusion
from core.errors import DomainError
from reviews.models import CycleKind, ReviewCycle


def test_commitment_from_a_directive_conclusion_takes_its_organization_and_the_directive_cycle(
    make_commitment, conclusion_a, ward_a, cycle
):
    commitment = make_commitment(conclusion_a)
    assert commitment.source_kind == SourceKind.DIRECTIVE_CONCLUSION
    assert commitment.directive_conclusion == conclusion_a and commitment.source == conclusion_a
    assert commitment.organization == ward_a and commitment.cycle == cycle and commitment.member is None
    assert list(conclusion_a.commitments.all()) == [commitment]


def test_directive_commitment_for_another_organization_is_refused_by_the_service(conclusion_a, ward_b, city_staff):
    rows = [{"shortcoming": "A", "measure": "B", "deadline": in_days(5)}]
    with pytest.raises(DomainError, match="phải thuộc tổ chức"):
        services.create_commitments(
            SourceKind.DIRECTIVE_CONCLUSION, conclusion_a, rows, city_staff, organization=ward_b
        )
    assert not Commitment.objects.exists()


def test_model_clean_refuses_a_directive_commitment_of_another_organization(make_commitment, conclusion_a, ward_b):
    commitment = make_commitment(conclusion_a)
    commitment.organization = ward_b
    with pytest.raises(Exception, match="phải thuộc tổ chức"):
        commitment.clean()


def test_database_refuses_a_directive_commitment_moved_to_another_organization(make_commitment, conclusion_a, ward_b):
    commitment = make_commitment(conclusion_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(organization=ward_b)
    commitment.refresh_from_db()
    assert commitment.organization_id != ward_b.pk


def test_database_refuses_a_directive_commitment_pointing_at_another_organizations_conclusion(
    make_commitment, conclusion_a, cycle, city, ward_b
):
    commitment = make_commitment(conclusion_a)
    conclusion_b = make_conclusion(cycle, city, ward_b, ["Khác"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(directive_conclusion=conclusion_b)
    commitment.refresh_from_db()
    assert commitment.directive_conclusion_id == conclusion_a.pk


def test_database_refuses_a_directive_commitment_in_another_cycle_than_the_directive(
    make_commitment, conclusion_a, rule_set
):
    commitment = make_commitment(conclusion_a)
    other = ReviewCycle.objects.create(
        year=2016,
        kind=CycleKind.ANNUAL,
        rule_set=rule_set,
        opened_on=datetime.date(2016, 11, 1),
        reference_date=datetime.date(2016, 12, 31),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(cycle=other)


def test_database_refuses_the_directive_kind_without_its_conclusion(commitment_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment_a.pk).update(source_kind=SourceKind.DIRECTIVE_CONCLUSION)


def test_database_refuses_a_review_commitment_that_also_points_at_a_conclusion(commitment_a, conclusion_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment_a.pk).update(directive_conclusion=conclusion_a)


def _rows(*rows):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for number, (shortcoming, measure, days) in enumerate(rows):
        data[f"form-{number}-shortcoming"] = shortcoming
        data[f"form-{number}-measure"] = measure
        data[f"form-{number}-deadline"] = in_days(days).strftime("%d/%m/%Y") if days is not None else ""
    return data


def test_create_screen_lists_the_concluded_shortcomings_of_a_directive_conclusion(login, secretary_a, conclusion_a):
    url = reverse("commitments:create", args=[SourceKind.DIRECTIVE_CONCLUSION, conclusion_a.pk])
    response = login(secretary_a).get(url)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert [form.initial.get("shortcoming") for form in formset.forms[:2]] == [
        "Chậm kiện toàn bộ máy cán bộ lãnh đạo quản lý.",
        "Chậm kiện toàn chức danh chủ tịch các hội.",
    ]
    assert 'id="source-shortcomings"' in response.content.decode()


def test_create_screen_makes_a_commitment_per_measure_row_of_a_directive_conclusion(
    login, secretary_a, conclusion_a, ward_a
):
    first, second = (s.text for s in conclusion_a.shortcomings.all())
    data = _rows(
        (first, "Bầu bổ sung phó bí thư trong quý I", 60),
        (first, "Quy hoạch cán bộ nguồn", 120),
        (second, "Kiện toàn chủ tịch Hội Cựu chiến binh", 90),
    )
    url = reverse("commitments:create", args=[SourceKind.DIRECTIVE_CONCLUSION, conclusion_a.pk])
    assert login(secretary_a).post(url, data).status_code == 302
    created = Commitment.objects.filter(directive_conclusion=conclusion_a).order_by("pk")
    assert [(c.shortcoming, c.organization_id) for c in created] == [
        (first, ward_a.pk),
        (first, ward_a.pk),
        (second, ward_a.pk),
    ]


def test_pre_filled_rows_left_without_a_measure_are_skipped(login, secretary_a, conclusion_a):
    first, second = (s.text for s in conclusion_a.shortcomings.all())
    data = _rows((first, "Bầu bổ sung phó bí thư", 60), (second, "", None))
    data["form-INITIAL_FORMS"] = "2"
    url = reverse("commitments:create", args=[SourceKind.DIRECTIVE_CONCLUSION, conclusion_a.pk])
    assert login(secretary_a).post(url, data).status_code == 302
    assert list(Commitment.objects.values_list("shortcoming", flat=True)) == [first]


def test_create_screen_lists_section_ii_lines_and_section_vi_measures_of_a_collective_review(
    login, secretary_a, review_a
):
    review_a.weaknesses = "- Sinh hoạt chi bộ chưa đều\n\n- Quản lý đất đai còn buông lỏng\n"
    review_a.directions = "Đổi mới nội dung sinh hoạt\nKiểm tra việc lấn chiếm đất công"
    review_a.save(update_fields=["weaknesses", "directions"])
    response = login(secretary_a).get(reverse("commitments:create", args=[SourceKind.COLLECTIVE_REVIEW, review_a.pk]))
    assert [form.initial.get("shortcoming") for form in response.context["formset"].forms[:2]] == [
        "Sinh hoạt chi bộ chưa đều",
        "Quản lý đất đai còn buông lỏng",
    ]
    assert response.context["measures"] == ["Đổi mới nội dung sinh hoạt", "Kiểm tra việc lấn chiếm đất công"]
    assert "Kiểm tra việc lấn chiếm đất công" in response.content.decode()


def test_create_screen_lists_the_weaknesses_and_measures_of_an_individual_review_conclusion(
    login, secretary_a, member_review_a
):
    member_review_a.conclusion_weaknesses = "Chưa gương mẫu trong sinh hoạt\nCòn nể nang"
    member_review_a.conclusion_measures = "Tự phê bình trước chi bộ"
    member_review_a.save(update_fields=["conclusion_weaknesses", "conclusion_measures"])
    response = login(secretary_a).get(
        reverse("commitments:create", args=[SourceKind.INDIVIDUAL_REVIEW, member_review_a.pk])
    )
    assert [form.initial.get("shortcoming") for form in response.context["formset"].forms[:2]] == [
        "Chưa gương mẫu trong sinh hoạt",
        "Còn nể nang",
    ]
    assert response.context["measures"] == ["Tự phê bình trước chi bộ"]


def test_create_screen_of_a_source_without_structured_shortcomings_asks_for_them(login, secretary_a, review_a):
    response = login(secretary_a).get(reverse("commitments:create", args=[SourceKind.COLLECTIVE_REVIEW, review_a.pk]))
    assert response.context["shortcomings"] == []
    assert all(not form.initial for form in response.context["formset"].forms)
