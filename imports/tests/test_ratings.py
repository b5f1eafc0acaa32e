"""Past ratings: a year's results per organization and per member into that year's closed cycle."""

import datetime
from decimal import Decimal

import pytest

from core.errors import DomainError
from imports import services
from imports.models import ImportKind
from imports.tests.helpers import csv_upload
from organizations import services as organization_services
from organizations.models import Organization, OrganizationKind, Sector
from reviews.models import CollectiveReview, CycleStatus, IndividualReview, ReviewCycle
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _run(user, rows, year=2019):
    batch = services.start(user, ImportKind.RATINGS, csv_upload(rows, kind=ImportKind.RATINGS), year)
    batch.refresh_from_db()
    return batch


def test_past_ratings_go_into_a_closed_cycle_of_the_years_rule_set_with_levels_matched_leniently(
    city_staff, city, ward_a, branch_a
):
    member = make_member(branch_a, full_name="Trần Văn Cũ", card_number="55000001")
    rows = [["P-THD", "", "HOÀN THÀNH TỐT NHIỆM VỤ"], ["", "55000001", "hoan thanh xuat sac nhiem vu"]]
    batch = _run(city_staff, rows)
    assert batch.error_count == 0, batch.report
    assert batch.report["counts"]["create"] == 2
    services.confirm(batch)
    batch.refresh_from_db()
    assert batch.applied_at, batch.error
    cycle = ReviewCycle.objects.get(year=2019)
    assert cycle.status == CycleStatus.CLOSED and cycle.organization == city
    assert cycle.rule_set.first_year <= 2019
    collective = CollectiveReview.objects.get(cycle=cycle, organization=ward_a)
    individual = IndividualReview.objects.get(cycle=cycle, member=member)
    assert collective.decided_level and individual.decided_level
    assert cycle.rules.label("organization", collective.decided_level).lower() == "hoàn thành tốt nhiệm vụ"

    rows = [["P-THD", "", "Hoàn thành tốt nhiệm vụ"], ["", "55000001", "Hoàn thành xuất sắc nhiệm vụ"]]
    again = _run(city_staff, rows)
    assert again.report["counts"] == {"create": 0, "update": 0, "unchanged": 2, "transfer": 0}


def test_unknown_levels_and_out_of_reach_rows_are_errors(secretary_a, city_staff, ward_a, ward_b, branch_a):
    batch = _run(city_staff, [["P-THD", "", "Xuất sắc lắm"], ["P-THD", "55", "Hoàn thành nhiệm vụ"]])
    assert {(error["row"], error["column"]) for error in batch.report["errors"]} == {(2, "C"), (3, "A")}


def test_an_open_cycle_is_refused(city_staff, city, ward_a):
    from reviews.models import RuleSet

    ReviewCycle.objects.create(
        year=2019, rule_set=RuleSet.for_year(2019), organization=city,
        opened_on="2019-11-01", reference_date="2019-12-31",
    )  # fmt: skip
    batch = _run(city_staff, [["P-THD", "", "Hoàn thành tốt nhiệm vụ"]])
    assert "đang mở" in batch.report["file_error"]


def test_past_scores_are_read_checked_and_stored_and_a_second_import_changes_nothing(city_staff, ward_a, branch_a):
    member = make_member(branch_a, full_name="Lê Văn Điểm", card_number="55000002")
    rows = [["P-THD", "", "Hoàn thành tốt nhiệm vụ", "27,5", "60"], ["", "55000002", "Hoàn thành nhiệm vụ", "", ""]]
    batch = _run(city_staff, rows, year=2025)
    assert batch.error_count == 0, batch.report
    services.confirm(batch)
    collective = CollectiveReview.objects.get(cycle__year=2025, organization=ward_a)
    assert (collective.general_score, collective.results_score, collective.total_score) == (
        Decimal("27.5"),
        Decimal("60"),
        Decimal("87.5"),
    )
    assert IndividualReview.objects.get(cycle__year=2025, member=member).general_score is None

    assert _run(city_staff, rows, year=2025).report["counts"]["unchanged"] == 2

    rows[0][4] = "62.5"
    changed = _run(city_staff, rows, year=2025)
    assert changed.report["counts"]["update"] == 1
    assert ["Điểm nhóm tiêu chí kết quả thực hiện nhiệm vụ", "60.0", "62.5"] in changed.report["diffs"][0]["changes"]


def test_bad_scores_are_errors_of_their_cells_and_nothing_is_written(city_staff, ward_a, ward_b, branch_a):
    make_member(branch_a, card_number="55000003")
    rows = [
        ["P-THD", "", "Hoàn thành tốt nhiệm vụ", "nhiều", "60"],  # not a number
        ["", "55000003", "Hoàn thành nhiệm vụ", "20", "101"],  # over 100
        ["P-QT", "", "Hoàn thành nhiệm vụ", "31", "50"],  # over QĐ 366's 30 for the general criteria
    ]
    batch = _run(city_staff, rows, year=2025)
    errors = {(error["sheet"], error["row"], error["column"]) for error in batch.report["errors"]}
    assert {(row, column) for _sheet, row, column in errors} == {(2, "D"), (3, "E"), (4, "D")}
    assert all(sheet for sheet, _row, _column in errors)
    with pytest.raises(DomainError):
        services.confirm(batch)
    assert not CollectiveReview.objects.filter(cycle__year=2025).exists()


def test_a_score_for_a_year_rated_without_scores_is_an_error(city_staff, ward_a):
    batch = _run(city_staff, [["P-THD", "", "Hoàn thành tốt nhiệm vụ", "25", "60"]], year=2019)
    assert {(error["row"], error["column"]) for error in batch.report["errors"]} == {(2, "D"), (2, "E")}


def test_a_past_years_rating_import_stores_the_place_of_that_year(city_staff, city, ward_a, ward_b, branch_a):
    """Ward A merged into a new ward in 2025: its branch moved under the new ward, its own members were
    transferred there. A 2019 rating keeps the 2019 tree: the branch under ward A, the member in ward A."""
    in_branch = make_member(branch_a, card_number="55000001")
    in_ward = make_member(ward_a, card_number="55000002")
    path_2019 = branch_a.path
    new_ward = Organization(
        name="Đảng bộ phường Nam Định", code="P-ND", kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD,
        parent=city,
    )  # fmt: skip
    basis = organization_services.Basis(number="1674/NQ", date=datetime.date(2025, 6, 16), issuer="UBTVQH")
    successor = organization_services.merge([ward_a, ward_b], new_ward, datetime.date(2025, 7, 1), basis).subject
    branch_a.refresh_from_db()
    assert branch_a.path.startswith(successor.path)

    rows = [["P-THD-1", "", "Hoàn thành tốt nhiệm vụ"], ["P-THD", "", "Hoàn thành nhiệm vụ"]]
    rows += [["", card, "Hoàn thành tốt nhiệm vụ"] for card in ("55000001", "55000002")]
    batch = _run(city_staff, rows)
    assert batch.error_count == 0, batch.report
    services.confirm(batch)

    places = {
        (review.organization_id, review.organization_path)
        for review in CollectiveReview.objects.filter(cycle__year=2019)
    }
    assert places == {(branch_a.pk, path_2019), (ward_a.pk, ward_a.path)}
    members = {
        review.member_id: (review.organization_id, review.organization_path)
        for review in IndividualReview.objects.filter(cycle__year=2019)
    }
    assert members == {in_branch.pk: (branch_a.pk, path_2019), in_ward.pk: (ward_a.pk, ward_a.path)}
