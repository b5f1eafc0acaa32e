"""Year-end rollouts: a plan or session in December or in the review weeks warns, with the article's reasoning."""

import datetime

import pytest
from django.urls import reverse

from reviews.models import CycleKind, ReviewCycle, RuleSet
from studies import timing
from studies.models import StudyPlan, StudySession
from studies.tests.conftest import make_plan

pytestmark = pytest.mark.django_db

REASONING_VI = "bận nhiều công việc"  # the reasoning, as the Vietnamese page says it


def _cycle(organization, year=2018):
    return ReviewCycle.objects.create(
        year=year, kind=CycleKind.ANNUAL, rule_set=RuleSet.objects.get(code="QD132"), organization=organization,
        opened_on=datetime.date(year, 11, 1), reference_date=datetime.date(year, 12, 1),
        meetings_due=datetime.date(year, 12, 15), ratings_due=datetime.date(year, 12, 31),
    )  # fmt: skip


def test_a_december_plan_shows_the_warning_with_the_reasoning(city, document, login, city_staff):
    plan = make_plan(city, document, starts_on=datetime.date(2018, 12, 3), ends_on=datetime.date(2018, 12, 28),
                     essay_deadline=datetime.date(2019, 1, 10))  # fmt: skip
    html = login(city_staff).get(reverse("studies:plan", args=[plan.pk])).content.decode()
    assert 'id="timing-warning"' in html
    assert "tháng cuối năm" in html
    assert REASONING_VI in html


def test_a_plan_in_march_shows_no_warning(plan, login, city_staff):
    html = login(city_staff).get(reverse("studies:plan", args=[plan.pk])).content.decode()
    assert 'id="timing-warning"' not in html


def test_a_plan_starting_in_the_review_weeks_of_a_cycle_over_it_warns(city, ward_a, document):
    plan = make_plan(ward_a, document, starts_on=datetime.date(2018, 11, 12), ends_on=datetime.date(2018, 11, 30),
                     essay_deadline=datetime.date(2018, 11, 30))  # fmt: skip
    assert timing.plan_warnings(plan) == []
    _cycle(city)
    [warning] = timing.plan_warnings(plan)
    assert "01/11/2018" in warning and "31/12/2018" in warning


def test_a_cycle_over_another_ward_leaves_the_plan_alone(ward_a, ward_b, document):
    plan = make_plan(ward_a, document, starts_on=datetime.date(2018, 11, 12), ends_on=datetime.date(2018, 11, 30),
                     essay_deadline=datetime.date(2018, 11, 30))  # fmt: skip
    _cycle(ward_b)
    assert timing.plan_warnings(plan) == []


def test_the_year_end_filter_lists_exactly_the_plans_that_warn(city, ward_a, ward_b, document, login, city_staff):
    _cycle(ward_b)
    for starts_on, issuer in [
        ((2018, 3, 5), city), ((2018, 11, 5), ward_a), ((2018, 11, 5), ward_b), ((2018, 12, 3), ward_a),
        ((2017, 12, 20), city), ((2018, 10, 31), ward_b),
    ]:  # fmt: skip
        day = datetime.date(*starts_on)
        make_plan(issuer, document, starts_on=day, ends_on=day, essay_deadline=day, title=f"{issuer.code} {day}")
    warned = {plan.pk for plan in StudyPlan.objects.all() if timing.plan_warnings(plan)}
    assert len(warned) == 3  # ward B in its review weeks, December 2018, December 2017
    response = login(city_staff).get(reverse("studies:plans"), {"late": "on"})
    assert {plan.pk for plan in response.context["page_obj"].paginator.object_list} == warned
    assert set(timing.late_plans(StudyPlan.objects.all()).values_list("pk", flat=True)) == warned


def test_a_december_session_warns_on_its_page_and_when_recorded(plan, ward_a, login, secretary_a):
    client = login(secretary_a)
    data = {"organization": ward_a.pk, "held_on": "14/12/2018", "form": "conference", "speaker": "", "notes": ""}
    response = client.post(reverse("studies:session_create", args=[plan.pk]), data, follow=True)
    assert REASONING_VI in response.content.decode()
    session = StudySession.objects.get()
    assert 'id="timing-warning"' in client.get(reverse("studies:session", args=[session.pk])).content.decode()


def test_a_session_in_march_does_not_warn(session_a):
    assert timing.session_warnings(session_a) == []
