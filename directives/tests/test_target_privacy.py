"""A directive aimed at two wards: each ward reads the common part and only its own details and members."""

import datetime

import pytest
from django.urls import reverse

from directives import services
from directives.models import DirectiveTarget
from paperwork.tests.conftest import docx_text
from tests.factories import make_member

COMMON = "Nơi có vấn đề phức tạp, dư luận bức xúc."
DETAILS_A = "Sai phạm cấp phép xây dựng ở khu phố 1 của phường Trần Hưng Đạo."
DETAILS_B = "Đơn thư tố cáo việc thu chi quỹ phường Quang Trung."


@pytest.fixture
def two_ward_directive(cycle, city, ward_a, ward_b, branch_a, branch_b, inspector, city_staff, standing_member_a,
                       catalogue_items):  # fmt: skip
    leader_a = make_member(branch_a, full_name="Phạm Văn Ánh", is_leader=True)
    leader_b = make_member(branch_b, full_name="Đỗ Thị Bích", is_leader=True)
    proposal = services.propose(
        inspector,
        issuer=city,
        cycle=cycle,
        title="Gợi ý kiểm điểm sâu hai phường",
        reasons=["public_concern"],
        reason_details=COMMON,
        organizations=[ward_a, ward_b],
        members=[leader_a, leader_b],
        catalogue_items=catalogue_items,
        free_items=[],
        target_details={ward_a.pk: DETAILS_A, ward_b.pk: DETAILS_B},
    )
    return services.issue(
        proposal,
        city_staff,
        number="102-TB/TU",
        issued_on=datetime.date(2017, 11, 1),
        report_deadline=datetime.date(2017, 11, 20),
        review_days=3,
        standing_member=standing_member_a,
    )


def test_each_target_reads_the_common_part_and_only_its_own_details(login, secretary_a, two_ward_directive):
    response = login(secretary_a).get(reverse("directives:detail", args=[two_ward_directive.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert COMMON in page and DETAILS_A in page and "Phạm Văn Ánh" in page
    assert DETAILS_B not in page
    assert "Đỗ Thị Bích" not in page, "a named member of the other ward leaked"


def test_the_other_target_reads_its_own_details_only(login, secretary_b, two_ward_directive):
    page = login(secretary_b).get(reverse("directives:detail", args=[two_ward_directive.pk])).content.decode()
    assert COMMON in page and DETAILS_B in page and "Đỗ Thị Bích" in page
    assert DETAILS_A not in page and "Phạm Văn Ánh" not in page


@pytest.mark.parametrize("actor", ["city_staff", "inspector"])
def test_city_staff_and_inspection_read_every_targets_details(request, login, actor, two_ward_directive):
    page = login(request.getfixturevalue(actor)).get(reverse("directives:detail", args=[two_ward_directive.pk]))
    text = page.content.decode()
    assert all(part in text for part in (COMMON, DETAILS_A, DETAILS_B, "Phạm Văn Ánh", "Đỗ Thị Bích"))


def test_the_printed_directive_follows_the_same_rule(login, secretary_a, city_staff, two_ward_directive, settings,
                                                     tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    url = reverse("paperwork:document", args=["directive", two_ward_directive.pk, "docx"])
    response = login(secretary_a).get(url)
    assert response.status_code == 200
    text = docx_text(response.content)
    assert DETAILS_A in text and "Phạm Văn Ánh" in text
    assert DETAILS_B not in text and "Đỗ Thị Bích" not in text
    everything = docx_text(login(city_staff).get(url).content)
    assert DETAILS_A in everything and DETAILS_B in everything and "Đỗ Thị Bích" in everything


def test_editing_the_proposal_keeps_each_targets_details(login, inspector, proposal, ward_a, ward_b):
    client = login(inspector)
    url = reverse("directives:edit", args=[proposal.pk])
    form = client.get(url).context["form"]
    assert f"details_{ward_a.pk}" in form.fields
    data = {
        "cycle": proposal.cycle_id,
        "title": proposal.title,
        "organizations": [ward_a.pk, ward_b.pk],
        "reasons": ["public_concern"],
        "free_items": "Việc cấp phép xây dựng ở khu phố 1",
        f"details_{ward_a.pk}": DETAILS_A,
    }
    assert client.post(url, data).status_code == 302
    details = dict(DirectiveTarget.objects.filter(directive=proposal).values_list("organization_id", "reason_details"))
    assert details == {ward_a.pk: DETAILS_A, ward_b.pk: ""}
