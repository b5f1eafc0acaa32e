"""Who writes an essay: by default the office-holders only; the rule and the office titles are data of each plan."""

import pytest

from studies import services
from studies.forms import PlanForm
from studies.models import EssayRule, EssayStatus
from studies.tests.conftest import START, make_plan

pytestmark = pytest.mark.django_db


def asked(plan):
    return set(plan.essays.values_list("member__full_name", flat=True))


def test_under_the_default_rule_only_office_holders_are_asked_for_an_essay(plan, people):
    assert plan.essay_rule == EssayRule.OFFICE_HOLDERS
    assert asked(plan) == {"Bí thư A1", "Lãnh đạo A1", "Phó Chủ tịch A1", "Bí thư B1"}
    assert people["ordinary"].full_name not in asked(plan)
    assert people["teacher"].full_name not in asked(plan)  # a job title is not an office


def test_a_plan_that_says_so_asks_the_ordinary_member_too(city, document, people):
    plan = make_plan(city, document, essay_rule=EssayRule.EVERYONE)
    assert {people["ordinary"].full_name, people["teacher"].full_name} <= asked(plan)


def test_members_excused_from_activities_are_never_asked(city, document, people):
    plan = make_plan(city, document, essay_rule=EssayRule.EVERYONE)
    assert people["excused"].full_name not in asked(plan)


def test_a_plan_without_essays_asks_nobody(city, document, people):
    plan = make_plan(city, document, essay_rule=EssayRule.NOBODY, essay_deadline=None)
    assert asked(plan) == set()


def test_the_office_titles_are_data_of_each_plan(city, document, people):
    plan = make_plan(city, document, office_titles="Giáo viên")
    assert "Giáo viên A1" in asked(plan)
    assert "Phó Chủ tịch A1" not in asked(plan)  # "Phó Chủ tịch" is no longer on this plan's list
    assert "Bí thư A1" in asked(plan)  # a Party post counts whatever the list


def test_a_plan_over_one_ward_asks_only_its_members(ward_a, document, people):
    plan = make_plan(ward_a, document)
    assert asked(plan) == {"Bí thư A1", "Lãnh đạo A1", "Phó Chủ tịch A1"}


def test_changing_the_rule_drops_the_owed_essays_and_keeps_those_handed_in(plan, people, city_staff):
    handed = plan.essays.get(member=people["leader"])
    services.receive_essay(handed, city_staff, submitted_on=START, text="Bài thu hoạch")
    plan.essay_rule = EssayRule.NOBODY
    plan.essay_deadline = None
    services.save_plan(plan)
    assert list(plan.essays.values_list("member__full_name", "status")) == [("Lãnh đạo A1", EssayStatus.RECEIVED)]


def test_a_member_taking_up_a_post_is_asked_when_the_essays_are_updated(plan, people):
    people["ordinary"].party_position = "Chi ủy viên"
    people["ordinary"].save()
    assert services.sync_essays(plan) == (1, 0)
    assert people["ordinary"].full_name in asked(plan)


@pytest.mark.parametrize(
    ("rule", "deadline", "valid"),
    [(EssayRule.OFFICE_HOLDERS, "", False), (EssayRule.NOBODY, "", True), (EssayRule.EVERYONE, "20/04/2018", True)],
)
def test_a_plan_asking_essays_needs_their_deadline(rule, deadline, valid, city, document, city_staff):
    data = {
        "title": "Kế hoạch", "document": document.pk, "issuer": city.pk, "form": "conference",
        "starts_on": "05/03/2018", "ends_on": "30/03/2018", "essay_rule": rule, "essay_deadline": deadline,
        "office_titles": "Bí thư",
    }  # fmt: skip
    form = PlanForm(data, user=city_staff)
    assert form.is_valid() is valid, form.errors
    if valid:
        assert form.cleaned_data["applies_to"] == city  # empty: the issuing committee's whole sub-tree
