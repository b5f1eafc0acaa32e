"""Fixtures of the directive tests: a 2017 cycle, a proposal and an issued directive aimed at ward A."""

import datetime

import pytest

from accounts.models import Role
from directives import services
from directives.catalogue import ARTICLE_CONTENT_ITEMS
from directives.models import ContentItem, ExplanationReport
from organizations.models import OrganizationKind, Sector
from reviews.models import CollectiveReview, ReviewCycle, RuleSet
from tests.factories import make_member, make_organization, make_user

ISSUED_ON = datetime.date(2017, 11, 1)
DEADLINE = datetime.date(2017, 11, 20)


@pytest.fixture
def cycle(db):
    rule_set = RuleSet.objects.get(code="HD27")  # shipped by a data migration
    return ReviewCycle.objects.create(
        year=2017, rule_set=rule_set, opened_on=datetime.date(2017, 10, 1), reference_date=datetime.date(2017, 12, 15)
    )


@pytest.fixture
def catalogue_items(db):
    # The migration seeds the catalogue, but a transactional (browser) test flushes it afterwards.
    for position, title in enumerate(ARTICLE_CONTENT_ITEMS, start=1):
        ContentItem.objects.get_or_create(title=title, defaults={"position": position})
    return list(ContentItem.objects.order_by("position")[:2])


@pytest.fixture
def proposal(cycle, city, ward_a, inspector, catalogue_items):
    return services.propose(
        inspector,
        issuer=city,
        cycle=cycle,
        title="Gợi ý kiểm điểm sâu Đảng bộ phường Trần Hưng Đạo",
        reasons=["public_concern"],
        organizations=[ward_a],
        catalogue_items=catalogue_items,
        free_items=["Việc cấp phép xây dựng ở khu phố 1"],
    )


@pytest.fixture
def issued(proposal, city_staff, standing_member_a):
    return services.issue(
        proposal,
        city_staff,
        number="101-TB/TU",
        issued_on=ISSUED_ON,
        report_deadline=DEADLINE,
        review_days=3,
        standing_member=standing_member_a,
    )


@pytest.fixture
def report(issued, ward_a):
    return ExplanationReport.objects.get(directive=issued, organization=ward_a)


@pytest.fixture
def collective_review(cycle, ward_a):
    return CollectiveReview.objects.create(cycle=cycle, organization=ward_a)


def fill_report(report, user, *, head="Bí thư chịu trách nhiệm chính.", people=()):
    """Answer every item of ``report`` through the service, naming ``people`` [(member, text)] on each."""
    answers = {
        item.pk: {
            "facts": f"Sự việc về {item.directive_item.text}",
            "objective_causes": "Địa bàn rộng",
            "subjective_causes": "Buông lỏng quản lý",
            "collective_responsibility": "Đảng ủy chịu trách nhiệm",
            "head_responsibility": head,
            "people": list(people),
        }
        for item in report.items.all()
    }
    return services.save_explanation(report, user, report.revision, answers)


# The article's seven directed collectives.
NAMES = [
    ("Đảng bộ phường Quang Trung", Sector.WARD),
    ("Đảng bộ phường Trần Đăng Ninh", Sector.WARD),
    ("Đảng bộ phường Vị Hoàng", Sector.WARD),
    ("Đảng bộ phường Trần Hưng Đạo", Sector.WARD),
    ("Đảng bộ phường Nguyễn Du", Sector.WARD),
    ("Đảng bộ xã Lộc Hòa", Sector.COMMUNE),
    ("Đảng bộ xã Nam Phong", Sector.COMMUNE),
]


@pytest.fixture
def demo_city(db):
    city = make_organization("Đảng bộ Thành phố Nam Định", kind=OrganizationKind.SUPERIOR_COMMITTEE, code="TU")
    for name, sector in NAMES:
        ward = make_organization(name, parent=city, sector=sector)
        make_member(ward, full_name=f"Bí thư {name}", is_leader=True)
    make_organization("Trường THCS Trần Hưng Đạo", parent=city, sector=Sector.SCHOOL)
    make_user("vp", Role.CITY_STAFF, city)
    make_user("kt", Role.INSPECTION, city)
    make_user("tv", Role.STANDING_MEMBER, city)
    return city
