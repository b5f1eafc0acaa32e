"""Section IV of a named leader's own review: the directive's items, with what the explanation says of them."""

from directives import services
from directives.models import ExplanationReport
from directives.tests.conftest import DEADLINE, ISSUED_ON, fill_report
from reviews.models import IndividualReview
from tests.factories import make_member


def _named_directive(cycle, city, ward_a, inspector, city_staff, catalogue_items, member, standing_member):
    proposal = services.propose(
        inspector,
        issuer=city,
        cycle=cycle,
        title="Gợi ý kiểm điểm sâu",
        reasons=["public_concern"],
        organizations=[ward_a],
        members=[member],
        catalogue_items=catalogue_items[:1],
        free_items=["Việc cấp phép xây dựng"],
    )
    return services.issue(
        proposal,
        city_staff,
        number="102-TB/TU",
        issued_on=ISSUED_ON,
        report_deadline=DEADLINE,
        review_days=2,
        standing_member=standing_member,
    )


def test_a_named_leader_sees_each_item_with_the_responsibility_the_explanation_gives_them(
    cycle, city, ward_a, branch_a, inspector, city_staff, secretary_a, standing_member_a, catalogue_items
):
    leader = make_member(branch_a, full_name="Phạm Văn Lãnh", is_leader=True, works_in_political_system=True)
    other = make_member(branch_a, full_name="Ngô Thị Khác")
    directive = _named_directive(cycle, city, ward_a, inspector, city_staff, catalogue_items, leader, standing_member_a)
    report = ExplanationReport.objects.get(directive=directive, organization=ward_a)
    fill_report(report, secretary_a, people=[(leader, "Chịu trách nhiệm trực tiếp.")])
    own = IndividualReview.objects.create(cycle=cycle, member=leader, organization=branch_a, form="2A")
    items = services.member_section_iv_items(own)
    assert [(item.text, texts) for _directive, item, texts in items] == [
        (catalogue_items[0].title, ["Chịu trách nhiệm trực tiếp."]),
        ("Việc cấp phép xây dựng", ["Chịu trách nhiệm trực tiếp."]),
    ]
    not_named = IndividualReview.objects.create(cycle=cycle, member=other, organization=branch_a, form="2C")
    assert services.member_section_iv_items(not_named) == []


def test_a_directive_not_issued_yet_gives_no_item(cycle, city, ward_a, branch_a, inspector, catalogue_items):
    leader = make_member(branch_a)
    services.propose(
        inspector,
        issuer=city,
        cycle=cycle,
        title="Chưa ban hành",
        reasons=["public_concern"],
        organizations=[ward_a],
        members=[leader],
        catalogue_items=catalogue_items[:1],
    )
    own = IndividualReview.objects.create(cycle=cycle, member=leader, organization=branch_a, form="2C")
    assert services.member_section_iv_items(own) == []
