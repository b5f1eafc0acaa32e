"""Access matrix of every review URL: leaks are 404s, refused writes are 403s and change nothing."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from core.workflow import SubmissionVersion, transition
from reviews.models import (
    CollectiveReview,
    IndividualReview,
    Manifestation,
    MeetingRecord,
    ReviewCycle,
    RuleSet,
)
from reviews.tests.conftest import FILLED, fill


@pytest.fixture
def objects(cycle, review_a, individual_a):
    fill(review_a)
    return {"cycle": cycle.pk, "collective": review_a.pk, "individual": individual_a.pk}


# (url name, kwargs from objects, data for POST)
REVIEW_PAGES = [
    ("reviews:collective_detail", lambda o: [o["collective"]]),
    ("reviews:history", lambda o: ["collective", o["collective"]]),
    ("reviews:rate", lambda o: ["collective", o["collective"]]),
    ("reviews:individual_detail", lambda o: [o["individual"]]),
    ("reviews:history", lambda o: ["individual", o["individual"]]),
    ("reviews:rate", lambda o: ["individual", o["individual"]]),
]
REVIEW_WRITES = [
    ("reviews:collective_edit", lambda o: [o["collective"]], {**FILLED, "strengths": "Đổi", "revision": 0}),
    ("reviews:copy_previous", lambda o: [o["collective"]], {"revision": 0}),
    (
        "reviews:meeting",
        lambda o: [o["collective"]],
        {"held_on": "04/12/2025", "attendees_expected": 1, "attendees_present": 1},
    ),
    ("reviews:act", lambda o: ["collective", o["collective"], "submit"], {}),
    ("reviews:act", lambda o: ["collective", o["collective"], "accept"], {}),
    ("reviews:act", lambda o: ["collective", o["collective"], "reopen"], {}),
    ("reviews:return", lambda o: ["collective", o["collective"]], {"reason_weaknesses": "Sửa"}),
    (
        "reviews:rate_step",
        lambda o: ["collective", o["collective"], "self"],
        {"self-level": "htnv", "self-general_score": 20, "self-results_score": 40},
    ),
    ("reviews:rate_step", lambda o: ["collective", o["collective"], "propose"], {"propose-level": "htnv"}),
    ("reviews:rate_step", lambda o: ["collective", o["collective"], "decide"], {"decide-level": "htnv"}),
    ("reviews:individual_edit", lambda o: [o["individual"]], {**FILLED, "revision": 0}),
    (
        "reviews:conclusion",
        lambda o: [o["individual"]],
        {"conclusion_strengths": "a", "conclusion_weaknesses": "b", "conclusion_measures": "c"},
    ),
    ("reviews:act", lambda o: ["individual", o["individual"], "submit"], {}),
    ("reviews:return", lambda o: ["individual", o["individual"]], {"reason_strengths": "Sửa"}),
    ("reviews:rate_step", lambda o: ["individual", o["individual"], "decide"], {"decide-level": "htnv"}),
]
CITY_ONLY_WRITES = [
    ("reviews:cycle_open", lambda o: [], {"year": 2026, "kind": "annual", "number": 1}),
    ("reviews:ruleset_edit", lambda o: [RuleSet.objects.get(code="QD366").pk], {"name": "Đổi"}),
    ("reviews:manifestation_edit", lambda o: [Manifestation.objects.first().pk], {"text": "Đổi"}),
]
SECRETARY_REFUSED = [  # steps of the superior that the secretary may not take on their own organization
    ("reviews:act", lambda o: ["collective", o["collective"], "accept"], {}),
    ("reviews:act", lambda o: ["collective", o["collective"], "reopen"], {}),
    ("reviews:return", lambda o: ["collective", o["collective"]], {"reason_weaknesses": "Sửa"}),
    ("reviews:rate_step", lambda o: ["collective", o["collective"], "propose"], {"propose-level": "htnv"}),
    ("reviews:rate_step", lambda o: ["collective", o["collective"], "decide"], {"decide-level": "htnv"}),
]


def state():
    """Everything a refused write could have changed."""
    return (
        [model_to_dict(r) for r in CollectiveReview.objects.order_by("pk")],
        [model_to_dict(r) for r in IndividualReview.objects.order_by("pk")],
        list(MeetingRecord.objects.values()),
        SubmissionVersion.objects.count(),
        ReviewCycle.objects.count(),
        list(RuleSet.objects.values()),
        list(Manifestation.objects.values()),
    )


def _ids(cases):
    return [f"{name}-{i}" for i, (name, *_rest) in enumerate(cases)]


@pytest.mark.parametrize("name,args", REVIEW_PAGES, ids=_ids(REVIEW_PAGES))
def test_review_of_a_leaked_to_secretary_of_b_is_a_404(login, secretary_b, objects, name, args):
    assert login(secretary_b).get(reverse(name, args=args(objects))).status_code == 404


@pytest.mark.parametrize("name,args,data", REVIEW_WRITES, ids=_ids(REVIEW_WRITES))
def test_secretary_of_b_cannot_write_to_a_review_of_a(login, secretary_b, objects, name, args, data):
    before = state()
    assert login(secretary_b).post(reverse(name, args=args(objects)), data).status_code == 404
    assert state() == before


@pytest.mark.parametrize("role", ["inspector", "standing_member_a"])
@pytest.mark.parametrize("name,args,data", REVIEW_WRITES + CITY_ONLY_WRITES, ids=_ids(REVIEW_WRITES + CITY_ONLY_WRITES))
def test_read_only_roles_get_403_on_writes_and_nothing_changes(request, login, objects, role, name, args, data):
    user = request.getfixturevalue(role)
    before = state()
    assert login(user).post(reverse(name, args=args(objects)), data).status_code == 403
    assert state() == before


@pytest.mark.parametrize("role", ["inspector", "standing_member_a"])
@pytest.mark.parametrize("name,args", REVIEW_PAGES, ids=_ids(REVIEW_PAGES))
def test_read_only_roles_may_read_the_reviews_they_reach(request, login, objects, role, name, args):
    assert login(request.getfixturevalue(role)).get(reverse(name, args=args(objects))).status_code == 200


@pytest.mark.parametrize(
    "name,args,data", SECRETARY_REFUSED + CITY_ONLY_WRITES, ids=_ids(SECRETARY_REFUSED + CITY_ONLY_WRITES)
)
def test_the_secretary_cannot_take_the_superiors_steps(login, secretary_a, objects, review_a, name, args, data):
    transition(review_a, "submit", secretary_a)
    before = state()
    assert login(secretary_a).post(reverse(name, args=args(objects)), data).status_code == 403
    assert state() == before


ALL = (
    [(n, a) for n, a in REVIEW_PAGES]
    + [(n, a) for n, a, _d in REVIEW_WRITES + CITY_ONLY_WRITES]
    + [
        ("reviews:cycle_list", lambda o: []),
        ("reviews:cycle_board", lambda o: [o["cycle"]]),
        ("reviews:not_reviewed", lambda o: [o["cycle"]]),
        ("reviews:ruleset_list", lambda o: []),
        ("reviews:manifestation_list", lambda o: []),
    ]
)


@pytest.mark.parametrize("name,args", ALL, ids=_ids(ALL))
def test_anonymous_visitors_are_sent_to_log_in(client, objects, name, args):
    for method in (client.get, client.post):
        response = method(reverse(name, args=args(objects)))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_board_shows_secretary_b_only_their_organizations(login, secretary_b, objects, ward_a, ward_b):
    page = login(secretary_b).get(reverse("reviews:cycle_board", args=[objects["cycle"]]) + "?scope=all")
    names = {review.organization.name for review in page.context["page_obj"]}
    assert ward_b.name in names and ward_a.name not in names


def test_a_user_without_any_role_sees_no_cycle(login, objects):
    from tests.factories import make_user

    nobody = make_user("nobody")
    assert login(nobody).get(reverse("reviews:cycle_board", args=[objects["cycle"]])).status_code == 404
