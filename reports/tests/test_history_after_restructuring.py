"""History stays where it was after the 2025 restructuring (issue 16 points 2, 7).

The demo's 2017 cycle (92 grassroots organizations, 78 rated in the two top
levels), then the city's wards merged into new wards under Tỉnh ủy Ninh Bình
and the city committee dissolved into it on 1/7/2025, with the services of
``organizations.services``.
"""

import datetime
import io
import re

import pytest
from django.urls import reverse

from accounts import access
from accounts.models import Role, RoleAssignment
from core import demo
from members.demo import users as users_demo
from organizations import demo as organizations_demo
from organizations import services
from organizations.models import Organization, OrganizationKind, Sector
from reports.figures import common, reviews
from reviews import demo as reviews_demo
from reviews.models import CollectiveReview, ReviewCycle, RuleSet
from reviews.services import open_cycle
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 7, 1)
BASIS = services.Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
NAM_DINH_WARDS = (
    "P-LOC-VUONG",
    "P-VI-XUYEN",
    "P-TRAN-HUNG-DAO",
    "P-QUANG-TRUNG",
    "P-CUA-BAC",
    "P-NANG-TINH",
    "P-CUA-NAM",
)


def _new_ward(name, code, province):
    return Organization(
        name=name, code=code, kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD, parent=province
    )


@pytest.fixture
def restructured():
    """The demo's 2017 cycle, then the 2025 restructuring: who is who afterwards."""
    out = io.StringIO()
    organizations_demo.seed(out)
    users_demo.seed(out)
    reviews_demo.seed(out)
    cycle_2017 = ReviewCycle.objects.get(year=2017)
    quang_trung = Organization.objects.get(code="P-QUANG-TRUNG")
    before = CollectiveReview.objects.filter(cycle=cycle_2017, organization_path__startswith=quang_trung.path).count()
    old_staff = RoleAssignment.objects.filter(role=Role.CITY_STAFF).select_related("user").first().user
    city = Organization.objects.get(code=demo.CITY_CODE)
    province = Organization.objects.create(
        name="Tỉnh ủy Ninh Bình", code="TINH-NB", kind=OrganizationKind.SUPERIOR_COMMITTEE, valid_from=ON
    )
    wards = [Organization.objects.get(code=code) for code in NAM_DINH_WARDS]
    nam_dinh = services.merge(wards, _new_ward("Đảng bộ phường Nam Định", "PN-NAM-DINH", province), ON, BASIS).subject
    loc_ha = Organization.objects.get(code="P-LOC-HA")
    thien_truong = services.merge(
        [loc_ha], _new_ward("Đảng bộ phường Thiên Trường", "PN-THIEN-TRUONG", province), ON, BASIS
    ).subject
    services.dissolve(city, ON, BASIS, successor=province)
    # The city staff's role at the dissolved committee ends with it.
    RoleAssignment.objects.filter(user=old_staff).update(starts_on=datetime.date(2018, 1, 1), ends_on=ON)
    return {
        "cycle_2017": cycle_2017,
        "quang_trung": Organization.objects.get(pk=quang_trung.pk),
        "quang_trung_2017_reviews": before,
        "loc_ha": loc_ha,
        "nam_dinh": nam_dinh,
        "thien_truong": thien_truong,
        "province": province,
        "old_staff": type(old_staff).objects.get(pk=old_staff.pk),
        "province_staff": make_user("tinhuy", Role.CITY_STAFF, province),
        "nam_dinh_secretary": make_user("bithu_namdinh", Role.SECRETARY, nam_dinh),
    }


def _share_2017(world, user):
    totals = reviews.ratings([world["cycle_2017"]], user)["organization_totals"][0]
    return totals["good"], totals["total"], totals["share"]


@pytest.mark.parametrize("who", ["old_staff", "province_staff"])
def test_the_2017_dashboard_still_shows_85_percent_after_the_restructuring(restructured, login, who):
    user = restructured[who]
    assert _share_2017(restructured, user) == (78, 92, 85)
    html = login(user).get(reverse("reports:dashboard"), {"cycle": restructured["cycle_2017"].pk}).content.decode()
    assert re.search(r'id="good-share">85%<', html)
    assert ">78</a>/92" in html or re.search(r'id="good-count"[^>]*>78</a>/92', html)


def test_the_old_city_staff_role_has_ended_and_grants_no_change(restructured):
    old_staff = restructured["old_staff"]
    assert access.assignments(old_staff) == ()
    assert not access.can(old_staff, "review.accept", restructured["quang_trung"])
    # Only history: the 2017 cycle, not today's tree.
    assert not access.scope(Organization.objects.filter(pk=restructured["nam_dinh"].pk), old_staff, via="").exists()


def test_a_merged_ward_keeps_its_2017_sub_tree(restructured):
    world = restructured
    assert world["quang_trung"].children.filter(valid_to=None).count() == 0  # its branches moved to the new ward
    sub_tree = common.scoped(
        CollectiveReview.objects.filter(cycle=world["cycle_2017"]),
        world["province_staff"],
        organization=world["quang_trung"],
    )
    assert world["quang_trung_2017_reviews"] > 1
    assert sub_tree.count() == world["quang_trung_2017_reviews"]


def test_a_new_wards_secretary_reads_the_history_of_the_wards_it_was_formed_from_only(restructured, login):
    world = restructured
    client = login(world["nam_dinh_secretary"])
    reviews_2017 = CollectiveReview.objects.filter(cycle=world["cycle_2017"])
    own = reviews_2017.get(organization=world["quang_trung"])
    assert client.get(reverse("reviews:collective_detail", args=[own.pk])).status_code == 200
    for code in ("P-LOC-HA", "P-TRUONG-THI", "X-LOC-HOA"):
        other = reviews_2017.get(organization__code=code)
        assert client.get(reverse("reviews:collective_detail", args=[other.pk])).status_code == 404
    grassroots = reviews_2017.filter(organization__kind=OrganizationKind.GRASSROOTS_COMMITTEE)
    visible = access.scope(grassroots, world["nam_dinh_secretary"])
    assert set(visible.values_list("organization__code", flat=True)) == set(NAM_DINH_WARDS)
    assert not access.can(world["nam_dinh_secretary"], "review.edit", world["quang_trung"])


def test_the_dashboard_opens_on_the_current_cycle_of_todays_tree(restructured, login):
    world = restructured
    cycle = ReviewCycle(
        year=2025,
        organization=world["province"],
        rule_set=RuleSet.objects.get(code="QD366"),
        opened_on=datetime.date(2025, 11, 1),
        reference_date=datetime.date(2025, 12, 1),
    )
    open_cycle(cycle)
    for who in ("province_staff", "nam_dinh_secretary"):
        response = login(world[who]).get(reverse("reports:dashboard"))
        assert response.context["cycle"] == cycle
        assert response.context["cycle"].collective_reviews.filter(organization=world["nam_dinh"]).exists()
    # The 2018 cycle of the dissolved city is still open: it stays one click away, not the default.
    assert world["cycle_2017"].pk in [c.pk for c in response.context["cycles"]]
    # An ended role opens on the latest cycle it still reads.
    response = login(world["old_staff"]).get(reverse("reports:dashboard"))
    assert response.context["cycle"].year == 2018


def test_the_2017_directives_stay_readable_to_the_old_staff_and_to_the_successors_secretary(restructured):
    from directives.models import Directive, DirectiveStatus, DirectiveTarget

    world = restructured
    city = Organization.objects.get(code=demo.CITY_CODE)
    issued = {"status": DirectiveStatus.ISSUED, "issued_on": datetime.date(2018, 3, 1)}
    issued["report_deadline"] = datetime.date(2018, 4, 1)
    directive = Directive.objects.create(issuer=city, cycle=world["cycle_2017"], title="Gợi ý kiểm điểm sâu", **issued)
    DirectiveTarget.objects.create(directive=directive, organization=world["quang_trung"])
    other = Directive.objects.create(issuer=city, cycle=world["cycle_2017"], title="Gợi ý khác", **issued)
    DirectiveTarget.objects.create(directive=other, organization=world["loc_ha"])
    assert set(Directive.objects.visible_to(world["old_staff"])) == {directive, other}
    assert set(Directive.objects.visible_to(world["province_staff"])) == {directive, other}
    assert list(Directive.objects.visible_to(world["nam_dinh_secretary"])) == [directive]
    # A directive of a cycle after the role ended is not the old staff's.
    later = ReviewCycle(
        year=2025,
        organization=world["province"],
        rule_set=RuleSet.objects.get(code="QD366"),
        opened_on=datetime.date(2025, 11, 1),
        reference_date=datetime.date(2025, 12, 1),
    )
    open_cycle(later)
    Directive.objects.create(issuer=city, cycle=later, title="Sau khi giải thể", **issued)
    assert set(Directive.objects.visible_to(world["old_staff"])) == {directive, other}
