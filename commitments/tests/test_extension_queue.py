"""Extension decisions: the page shows what is decided, the deciders' queue, and its count in the navigation."""

import datetime

import pytest
from django.urls import reverse

from accounts import access
from accounts.models import Role
from commitments import services
from commitments.models import ExtensionStatus
from tests.factories import make_user


@pytest.fixture
def requested(make_commitment, review_a, secretary_a):
    """Ward A's commitment, extended once already, with a second request waiting."""
    commitment = make_commitment(review_a, measure="Kiện toàn chi ủy")
    first = services.request_extension(
        commitment, secretary_a, commitment.deadline + datetime.timedelta(days=15), "Chờ đại hội chi bộ"
    )
    services.decide_extension(first, make_user("ubkt_first", Role.INSPECTION, review_a.organization), True, "Đồng ý")
    commitment.refresh_from_db()
    return services.request_extension(
        commitment, secretary_a, commitment.deadline + datetime.timedelta(days=20), "Cấp trên chưa phê duyệt nhân sự"
    )


def test_the_decision_page_shows_the_deadline_the_date_asked_the_reason_and_earlier_requests(
    login, inspector, requested
):
    commitment = requested.commitment
    response = login(inspector).get(reverse("commitments:extension_decide", args=[requested.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        commitment.deadline.strftime("%d/%m/%Y"),  # the deadline now
        requested.requested_deadline.strftime("%d/%m/%Y"),  # the date asked
        "20 ngày",
        "Cấp trên chưa phê duyệt nhân sự",  # the reason
        "Chờ đại hội chi bộ",  # the earlier request, approved
        "Đồng ý",
    ):
        assert text in page, text
    assert list(response.context["extensions"]) == [commitment.extension_requests.exclude(pk=requested.pk).get()]


def test_a_decided_request_shows_its_decision_and_no_form(login, inspector, city_staff, requested):
    services.decide_extension(requested, city_staff, False, "Không đủ căn cứ")
    response = login(inspector).get(reverse("commitments:extension_decide", args=[requested.pk]))
    assert response.context["form"] is None
    assert "Không đủ căn cứ" in response.content.decode()


def test_the_queue_lists_the_pending_requests_in_the_deciders_reach_only(
    login, inspector, requested, ward_b, make_commitment, review_b, secretary_b
):
    other = make_commitment(review_b, measure="Việc của phường B")
    other_request = services.request_extension(other, secretary_b, other.deadline + datetime.timedelta(days=5), "B")
    inspector_b = make_user("ubkt_b", Role.INSPECTION, ward_b)

    city_queue = login(inspector).get(reverse("commitments:extension_queue"))
    assert [e.pk for e in city_queue.context["page_obj"]] == [requested.pk, other_request.pk]  # oldest first
    ward_queue = login(inspector_b).get(reverse("commitments:extension_queue"))
    assert [e.pk for e in ward_queue.context["page_obj"]] == [other_request.pk]
    assert "Kiện toàn chi ủy" not in ward_queue.content.decode()
    # Another ward's request answers 404 to the ward's decider, as every object out of reach.
    assert login(inspector_b).get(reverse("commitments:extension_decide", args=[requested.pk])).status_code == 404


def test_the_queue_leaves_out_the_deciders_own_requests(login, city_staff, commitment_a):
    services.request_extension(commitment_a, city_staff, commitment_a.deadline + datetime.timedelta(days=9), "x")
    response = login(city_staff).get(reverse("commitments:extension_queue"))
    assert list(response.context["page_obj"]) == []
    assert "Không có đề nghị gia hạn nào" in response.content.decode()


@pytest.mark.parametrize("actor", ["secretary_a", "standing_member_a"])
def test_the_queue_is_refused_to_those_who_do_not_decide(request, login, actor, requested):
    user = request.getfixturevalue(actor)
    assert login(user).get(reverse("commitments:extension_queue")).status_code == 403


def test_anonymous_is_sent_to_login_from_the_queue(client):
    response = client.get(reverse("commitments:extension_queue"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_navigation_shows_the_deciders_count_in_one_query(
    login, inspector, secretary_a, requested, django_assert_num_queries
):
    access.assignments(inspector)  # cached per request, as the header has them already
    with django_assert_num_queries(1):
        assert services.pending_extension_count(inspector) == {"pending_extensions": 1}
    access.assignments(secretary_a)
    with django_assert_num_queries(0):
        assert services.pending_extension_count(secretary_a) == {}

    page = login(inspector).get(reverse("home")).content.decode()
    assert 'id="nav-extension-queue"' in page and reverse("commitments:extension_queue") in page
    nav = page[page.index('id="nav-commitments"') :]
    assert nav[: nav.index("</a>")].count(">1<") == 1
    assert 'id="nav-extension-queue"' not in login(secretary_a).get(reverse("home")).content.decode()


def test_deciding_from_the_page_leads_back_to_the_queue(login, inspector, requested):
    response = login(inspector).post(
        reverse("commitments:extension_decide", args=[requested.pk]), {"decision": "approve", "note": ""}
    )
    assert response["Location"] == reverse("commitments:extension_queue")
    requested.refresh_from_db()
    assert requested.status == ExtensionStatus.APPROVED
