"""A past cycle's documents are as they were issued: the organizations under their names on the cycle's date (issue 16).

The 2025 world of the document tests with a 2017 cycle before it, then on 1/7/2025 ward A renamed
(as xã Lộc Hòa became phường Lộc Hòa) and the city committee renamed into a province. The 2017
Mẫu 01, Mẫu 2A and directive print the names of 2017, with no "(nay là …)": an official document
is as it was; the 2025 ones print today's.
"""

import datetime

import pytest
from django.urls import reverse

from members.models import Member
from organizations import lineage, services
from paperwork.tests.conftest import DECIDED_AT, docx_text
from reviews.tests.conftest import open_cycle
from tests.factories import issue_directive

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 7, 1)
BASIS = services.Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
OLD_WARD, NEW_WARD = "Đảng bộ phường Trần Hưng Đạo", "Đảng bộ phường Lộc Hòa"
OLD_CITY, NEW_CITY = "Đảng bộ Thành phố Nam Định", "Đảng bộ tỉnh Ninh Bình"


@pytest.fixture
def renamed(world, city, ward_a, head_a, inspector, city_staff, standing_member_a):
    """A 2017 cycle and a directive of 2017 aimed at ward A; then the ward and the city renamed in 2025."""
    Member.objects.filter(pk=head_a.pk).update(works_in_political_system=True)  # a leader in 2017: Mẫu 2A
    cycle = open_cycle(year=2017, organization=city)
    directive = issue_directive(
        cycle,
        city,
        [ward_a],
        inspector,
        city_staff,
        standing_member_a,
        "12-TB/TU",
        title="Gợi ý kiểm điểm sâu về quản lý đất đai",
        free_items=["Việc cấp phép xây dựng ở khu phố 1"],
    )
    services.rename(ward_a, NEW_WARD, ON, BASIS)
    services.rename(city, NEW_CITY, ON, BASIS)
    return {
        **world,
        "old_cycle": cycle,
        "old_ward_review": cycle.collective_reviews.get(organization=ward_a),
        "old_leader": cycle.individual_reviews.get(member__full_name="Nguyễn Văn Đức"),
        "leader": world["cycle"].individual_reviews.get(member__full_name="Nguyễn Văn Đức"),
        "old_directive": directive,
    }


def _word(client, kind, record):
    response = client.get(reverse("paperwork:document", args=[kind, record.pk, "docx"]))
    assert response.status_code == 200
    return docx_text(response.content)


def _named_only_then(text):
    assert "Lộc Hòa" not in text and "Ninh Bình" not in text and "nay là" not in text


def test_the_2017_collective_review_of_a_renamed_ward_is_issued_under_its_2017_name(renamed, login, city_staff):
    text = _word(login(city_staff), "collective", renamed["old_ward_review"])
    for line in ("ĐẢNG BỘ THÀNH PHỐ NAM ĐỊNH", "ĐẢNG ỦY PHƯỜNG TRẦN HƯNG ĐẠO", "Nam Định, ngày", OLD_WARD):
        assert line in text
    assert "Thành ủy Nam Định (để báo cáo)" in text
    _named_only_then(text)


def test_the_2025_collective_review_of_the_same_ward_is_issued_under_todays_name(renamed, login, city_staff):
    text = _word(login(city_staff), "collective", renamed["ward_review"])
    for line in (
        "ĐẢNG BỘ TỈNH NINH BÌNH",
        "ĐẢNG ỦY PHƯỜNG LỘC HÒA",
        "Ninh Bình, ngày",
        "Tỉnh ủy Ninh Bình (để báo cáo)",
    ):
        assert line in text
    assert "Trần Hưng Đạo" not in text and "nay là" not in text


def test_the_2017_form_2a_names_the_branchs_superior_ward_as_in_2017(renamed, login, city_staff):
    client = login(city_staff)
    text = _word(client, "individual", renamed["old_leader"])
    assert "Mẫu 2A" in text and "ĐẢNG BỘ PHƯỜNG TRẦN HƯNG ĐẠO" in text and "Nam Định, ngày" in text
    _named_only_then(text)
    text = _word(client, "individual", renamed["leader"])
    assert "ĐẢNG BỘ PHƯỜNG LỘC HÒA" in text and "Ninh Bình, ngày" in text


def test_the_2017_directive_names_its_issuer_and_target_as_in_2017(renamed, login, city_staff):
    text = _word(login(city_staff), "directive", renamed["old_directive"])
    assert "THÀNH ỦY NAM ĐỊNH" in text and "Đảng ủy phường Trần Hưng Đạo" in text
    assert OLD_WARD in text
    _named_only_then(text)


def test_the_2017_decision_and_slips_name_the_cells_and_members_organizations_as_then(renamed, city, branch_a):
    from paperwork.content import reviews

    services.rename(branch_a, "Chi bộ tổ dân phố 1", ON, BASIS)
    cycle = renamed["old_cycle"]
    review = cycle.collective_reviews.get(organization=renamed["ward_review"].organization)
    cycle.collective_reviews.filter(organization=branch_a).update(decided_level="httnv", decided_at=DECIDED_AT)
    cycle.individual_reviews.filter(organization=branch_a).update(decided_level="httnv", decided_at=DECIDED_AT)
    texts = [
        str(cell)
        for paper in (*reviews.decision(review), *reviews.organization_slips(review, copies=1))
        for block in paper.blocks
        for row in getattr(block, "rows", ())
        for cell in row
    ]
    assert "Chi bộ khu phố 1" in texts and "Chi bộ tổ dân phố 1" not in texts


def test_as_on_gives_the_organization_and_its_superiors_named_then_without_touching_todays(renamed, ward_a):
    then = lineage.as_on(datetime.date(2017, 12, 1), ward_a)
    assert (then.name, then.parent.name, [unit.name for unit in then.superiors]) == (OLD_WARD, OLD_CITY, [OLD_CITY])
    ward_a.refresh_from_db()
    assert (ward_a.name, ward_a.parent.name) == (NEW_WARD, NEW_CITY)
