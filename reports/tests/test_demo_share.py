"""The article's figure on the demo data: 85% of the 2017 grassroots organizations, "hoàn thành tốt nhiệm vụ" up."""

import io
import re

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from members.demo import users as users_demo
from organizations import demo as organizations_demo
from reports.figures import reviews
from reviews import demo as reviews_demo
from reviews.models import ReviewCycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_2017():
    """Nam Định City's 92 grassroots organizations and its users, then the reviews demo (members are not needed)."""
    out = io.StringIO()
    organizations_demo.seed(out)
    users_demo.seed(out)
    reviews_demo.seed(out)
    return ReviewCycle.objects.get(year=2017)


def test_the_dashboard_shows_85_percent_for_the_demo_2017_cycle(demo_2017, login):
    staff = RoleAssignment.objects.filter(role=Role.CITY_STAFF).select_related("user").first().user
    totals = reviews.ratings([demo_2017], staff)["organization_totals"][0]
    assert (totals["good"], totals["total"], totals["share"]) == (78, 92, 85)
    html = login(staff).get(reverse("reports:dashboard"), {"cycle": demo_2017.pk}).content.decode()
    assert re.search(r'id="good-share">85%<', html)
    assert re.search(r'id="good-count"[^>]*>78</a>/92', html) or ">78</a>/92" in html
