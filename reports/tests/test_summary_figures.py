"""The dashboard and the organization report read the summary tables: a change shows at once."""

import re

import pytest
from django.urls import reverse

from members import services as members
from members.models import MemberStatus
from reports.figures import organization as figures
from reviews.models import IndividualReview
from reviews.rating import decide, propose, self_assess

pytestmark = pytest.mark.django_db


def _decide(review, level, user):
    """The three steps in their order (a decision needs the self-assessment and the proposal)."""
    self_assess(review, level, user)
    propose(review, level, user)
    decide(review, level, user)


def _bar(html, figure_id, title):
    """The number of the bar titled ``title`` (its SVG tooltip, "label – series: n") in the figure ``figure_id``."""
    start = html.index(f'id="{figure_id}"')
    figure = html[start : html.index("</figure>", start)]
    return int(re.search(rf"<title>{re.escape(title)}[^<:]*: (\d+)</title>", figure).group(1))


def test_a_decided_rating_changes_the_dashboards_member_levels_at_once(world, login, city_staff):
    client = login(city_staff)
    title = "Hoàn thành nhiệm vụ – Hằng năm 2017"
    assert _bar(client.get(reverse("reports:dashboard")).content.decode(), "member-ratings", title) == 0
    unrated = IndividualReview.objects.get(cycle=world["cycle"], decided_level="")
    _decide(unrated, "htnv", city_staff)
    assert _bar(client.get(reverse("reports:dashboard")).content.decode(), "member-ratings", title) == 1


def test_a_status_change_moves_the_member_on_the_dashboard_at_once(login, city_staff, member_a):
    client = login(city_staff)

    def suspended():
        html = client.get(reverse("reports:dashboard")).content.decode()
        return _bar(html, "members-by-status", str(MemberStatus.SUSPENDED.label))

    before = suspended()
    member_a.status = MemberStatus.SUSPENDED
    members.update_member(member_a, ["status"])
    assert suspended() == before + 1


def test_the_organization_reports_member_levels_change_with_a_decided_rating(world, city_staff, ward_a):
    def completed():
        row = next(row for row in figures.reviews_over_the_years(ward_a, city_staff) if row["cycle"] == world["cycle"])
        return next(cell["count"] for cell in row["members"] if cell["label"] == "Hoàn thành nhiệm vụ")

    assert completed() == 0
    _decide(IndividualReview.objects.get(cycle=world["cycle"], decided_level=""), "htnv", city_staff)
    assert completed() == 1


@pytest.mark.parametrize(
    "params",
    [{}, {"level": "httnv"}, {"level": "none"}, {"level": "good"}, {"status": "draft"}, {"q": "Hoa"}, {"form": "2C"}],
)
def test_the_individual_reviews_list_counts_the_rows_it_lists(world, login, city_staff, secretary_a, params):
    from reports.lists import IndividualReviewFilterForm, individual_reviews_for
    from reports.views.lists import _summary_count

    summed = _summary_count(
        IndividualReviewFilterForm({"cycle": world["cycle"].pk, **params}, user=city_staff), city_staff
    )
    assert (summed is None) == bool({"q", "form"} & params.keys())  # the name and the form are not in the counts
    for user in (city_staff, secretary_a):
        response = login(user).get(reverse("reports:individual_reviews"), {"cycle": world["cycle"].pk, **params})
        assert (
            response.context["page_obj"].paginator.count
            == individual_reviews_for(user, {"cycle": world["cycle"].pk, **params}).count()
        )


def _move_branch_b(branch_b, new_parent):
    """Branch B moves after the 2017 cycle's reference date (01/12/2017): its 2017 reviews stay under ward B."""
    import datetime

    from organizations import services as organizations

    day = datetime.date(2017, 12, 10)
    basis = organizations.Basis(number="12-QĐ/TU", date=day, issuer="Thành ủy Nam Định")
    organizations.move(branch_b, new_parent, day, basis)


def _direct_levels(cycle, user):
    """The member levels counted review by review, each at its stored place."""
    from django.db.models import Count

    from reports.figures.common import scoped

    rows = scoped(IndividualReview.objects.filter(cycle=cycle), user).values_list("cycle_id", "decided_level")
    return {(c, level): n for c, level, n in rows.order_by().annotate(n=Count("pk"))}


@pytest.mark.parametrize(
    ("target", "reader"),
    [("P-THD", "secretary_a"), ("P-C", "secretary_a"), ("P-C", "city_staff")],
    ids=["into the reader's reach", "outside the reader's reach", "inside the city"],
)
def test_after_a_move_the_member_levels_still_come_from_the_roll_up_and_match_the_reviews(
    world, branch_b, target, reader, request
):
    """The roll-up counts each review at its stored place, as ``scope`` reads it: a move needs no fallback."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from organizations.models import Organization
    from reports.figures.reviews import member_levels

    user = request.getfixturevalue(reader)
    _move_branch_b(branch_b, Organization.objects.get(code=target))  # in 2017 under ward B
    with CaptureQueriesContext(connection) as queries:
        levels = member_levels([world["cycle"]], user)
    assert levels == _direct_levels(world["cycle"], user)
    if reader == "secretary_a":
        assert (world["cycle"].pk, "htxsnv") not in levels  # member B's 2017 review belongs to ward B's figures
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "reviews_individualreviewrollup" in sql
    assert '"reviews_individualreview"' not in sql


def test_a_meeting_record_and_an_organizations_rating_change_the_dashboards_progress_at_once(world, login, city_staff):
    import datetime

    from reviews.models import CollectiveReview, MeetingRecord

    client = login(city_staff)

    def steps():
        progress = client.get(reverse("reports:dashboard")).context["progress"]
        return {code: count for code, _label, count, _link in progress["steps"]}

    before = steps()
    review = CollectiveReview.objects.filter(
        cycle=world["cycle"],
        status="draft",
        decided_level="",
        meeting__isnull=True,
        organization__kind__startswith="grassroots",
    ).first()
    MeetingRecord.objects.create(review=review, held_on=datetime.date(2017, 12, 5))
    after = steps()
    assert after["meeting_held"] == before["meeting_held"] + 1
    CollectiveReview.objects.filter(pk=review.pk).update(decided_level="httnv")  # a rating, however it is written
    rated = steps()
    assert (rated["rated"], rated["meeting_held"]) == (after["rated"] + 1, after["meeting_held"] - 1)


def test_the_individual_reviews_list_filtered_by_form_counts_only_up_to_the_cap(world, login, city_staff, settings):
    from collections import Counter

    settings.LIST_COUNT_CAP, settings.PAGE_SIZE = 1, 1
    forms = Counter(IndividualReview.objects.filter(cycle=world["cycle"]).values_list("form", flat=True))
    form, rows = forms.most_common(1)[0]
    assert rows >= 2
    client = login(city_staff)
    params = {"cycle": world["cycle"].pk, "form": form}
    first = client.get(reverse("reports:individual_reviews"), params)
    assert first.context["page_obj"].paginator.over and first.context["page_obj"].has_next()
    html = first.content.decode()
    assert "Hơn 1 bản kiểm điểm cá nhân phù hợp" in html and "Trang 1 / hơn 1" in html
    last = client.get(reverse("reports:individual_reviews"), {**params, "page": rows})  # past the cap, the end
    assert not last.context["page_obj"].paginator.over and not last.context["page_obj"].has_next()
    assert f"Trang {rows} / {rows}" in last.content.decode() and "Hơn" not in last.content.decode()
    unfiltered = client.get(reverse("reports:individual_reviews"), {"cycle": world["cycle"].pk})
    assert not unfiltered.context["page_obj"].paginator.over  # counted from the summary table, exactly
