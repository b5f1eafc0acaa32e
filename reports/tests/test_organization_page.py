"""The organization's reviews and remediation page, and the individual reviews list: content and access."""

import pytest
from django.urls import reverse

from reports.tests.conftest import MARKER

pytestmark = pytest.mark.django_db


def test_the_page_shows_ratings_over_the_years_the_current_step_directives_and_commitments(
    world, ward_b, login, secretary_b
):
    html = login(secretary_b).get(reverse("reports:organization", args=[ward_b.pk])).content.decode()
    table = html[html.index('id="ratings-over-years"') : html.index("</table>", html.index('id="ratings-over-years"'))]
    assert table.index("2017") < table.index("2016")  # newest first
    assert "Hoàn thành tốt nhiệm vụ" in table and "Đã xếp loại" in table
    assert 'id="directives-received"' in html and "01-GY/TU" in html and "phải kiểm điểm lại" in html
    assert 'id="organization-commitments"' in html
    assert 'id="remediation-by-organization"' in html


def test_the_organization_detail_page_links_to_it(world, ward_a, login, secretary_a):
    html = login(secretary_a).get(reverse("organizations:detail", args=[ward_a.pk])).content.decode()
    assert f'href="{reverse("reports:organization", args=[ward_a.pk])}"' in html


def test_the_page_of_another_ward_answers_404(world, ward_b, login, secretary_a):
    assert login(secretary_a).get(reverse("reports:organization", args=[ward_b.pk])).status_code == 404


def test_a_secretary_sees_no_other_wards_commitments_on_the_own_page(world, ward_a, ward_b, login, secretary_a):
    from commitments.models import Commitment

    Commitment.objects.filter(organization=ward_b).update(measure=MARKER)
    html = login(secretary_a).get(reverse("reports:organization", args=[ward_a.pk])).content.decode()
    assert MARKER not in html


@pytest.mark.parametrize("name", ["reports:individual_reviews", "reports:cycle_report_index"])
def test_anonymous_users_are_sent_to_login_and_users_without_a_role_refused(name, client, db, login):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login" in response["Location"]
    from tests.factories import make_user

    assert login(make_user("nobody")).get(reverse(name)).status_code == 403


def test_anonymous_users_are_sent_to_login_for_the_organization_page(world, ward_a, client):
    response = client.get(reverse("reports:organization", args=[ward_a.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_individual_reviews_list_costs_the_same_queries_for_few_and_many_rows(world, login, city_staff):
    from reviews.models import IndividualReview
    from tests.factories import make_member

    client = login(city_staff)
    url = reverse("reports:individual_reviews")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"cycle": world["cycle"].pk})
    for _n in range(30):
        member = make_member(world["wards"]["E"])
        IndividualReview.objects.create(
            cycle=world["cycle"], member=member, organization=member.organization, form="2C"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"cycle": world["cycle"].pk})
    assert len(few) == len(many)


def test_the_report_lists_a_bounded_number_of_organizations_and_links_to_all_of_them(
    world, login, city_staff, city, monkeypatch
):
    from reports.views import organization as view

    monkeypatch.setattr(view, "REPORT_ROWS_SHOWN", 1)
    html = login(city_staff).get(reverse("reports:organization", args=[city.pk])).content.decode()
    table = html[html.index('id="remediation-by-organization"') : html.index("</table>", html.index("remediation-by"))]
    assert table.count('<th scope="row"') == 1
    assert f'href="{reverse("commitments:list")}?organization={city.pk}"' in html
