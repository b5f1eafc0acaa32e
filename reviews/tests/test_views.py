"""Review pages: each renders for those who may see it and does what it says."""

import datetime

import pytest
from django.urls import reverse

from core.workflow import SubmissionStatus
from reviews.models import CollectiveReview, MeetingRecord, ReviewCycle, RuleSet
from reviews.tests.conftest import FILLED, fill


def test_pages_render_for_city_staff(login, city_staff, cycle, review_a, individual_a):
    client = login(city_staff)
    urls = [
        reverse("reviews:cycle_list"),
        reverse("reviews:cycle_open"),
        reverse("reviews:cycle_board", args=[cycle.pk]),
        reverse("reviews:cycle_board", args=[cycle.pk]) + "?step=returned&scope=all&q=tran&sort=-status",
        reverse("reviews:not_reviewed", args=[cycle.pk]),
        reverse("reviews:collective_detail", args=[review_a.pk]),
        reverse("reviews:collective_edit", args=[review_a.pk]),
        reverse("reviews:meeting", args=[review_a.pk]),
        reverse("reviews:individual_detail", args=[individual_a.pk]),
        reverse("reviews:individual_edit", args=[individual_a.pk]),
        reverse("reviews:conclusion", args=[individual_a.pk]),
        reverse("reviews:return", args=["collective", review_a.pk]),
        reverse("reviews:history", args=["collective", review_a.pk]),
        reverse("reviews:rate", args=["collective", review_a.pk]),
        reverse("reviews:rate", args=["individual", individual_a.pk]),
        reverse("reviews:ruleset_list"),
        reverse("reviews:ruleset_edit", args=[RuleSet.objects.first().pk]),
        reverse("reviews:manifestation_list"),
        reverse("reviews:manifestation_edit", args=[1]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_city_staff_open_a_cycle_from_the_form(login, city_staff, city, ward_a, member_a):
    response = login(city_staff).post(
        reverse("reviews:cycle_open"),
        {
            "year": 2018,
            "kind": "annual",
            "number": 1,
            "rule_set": RuleSet.objects.get(code="QD132").pk,
            "organization": city.pk,
            "opened_on": "01/11/2018",
            "reference_date": "01/12/2018",
        },
    )
    cycle = ReviewCycle.objects.get()
    assert response.status_code == 302
    assert cycle.reference_date == datetime.date(2018, 12, 1)
    assert cycle.collective_reviews.count() == 2  # ward A and its branch
    assert cycle.individual_reviews.get().member == member_a


def test_opening_a_cycle_twice_from_the_form_shows_a_clear_message(login, city_staff, cycle, city):
    data = {
        "year": 2025,
        "kind": "annual",
        "number": 1,
        "rule_set": cycle.rule_set.pk,
        "organization": city.pk,
        "opened_on": "01/11/2025",
        "reference_date": "01/12/2025",
    }
    response = login(city_staff).post(reverse("reviews:cycle_open"), data)
    assert response.status_code == 200
    assert "cannot be opened twice" in str(response.context["form"].non_field_errors()[0]) or "hai lần" in str(
        response.context["form"].non_field_errors()[0]
    )
    assert ReviewCycle.objects.count() == 1


def test_the_secretary_edits_and_submits_the_collective_report(login, secretary_a, review_a):
    client = login(secretary_a)
    data = {**FILLED, "revision": review_a.revision}
    assert client.post(reverse("reviews:collective_edit", args=[review_a.pk]), data).status_code == 302
    client.post(reverse("reviews:act", args=["collective", review_a.pk, "submit"]))
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.SUBMITTED
    assert review_a.strengths == FILLED["strengths"]


def test_the_second_editor_sees_the_first_ones_change_and_nothing_is_overwritten(
    login, secretary_a, city_staff, review_a
):
    stale = review_a.revision
    login(city_staff).post(
        reverse("reviews:collective_edit", args=[review_a.pk]),
        {**FILLED, "strengths": "Bản của văn phòng", "revision": stale},
    )
    response = login(secretary_a).post(
        reverse("reviews:collective_edit", args=[review_a.pk]),
        {**FILLED, "strengths": "Bản của bí thư", "revision": stale},
    )
    assert response.status_code == 200
    assert "Bản của văn phòng" in response.content.decode()
    review_a.refresh_from_db()
    assert review_a.strengths == "Bản của văn phòng"
    form = response.context["form"]
    # One message: the panel with their text says it; the form does not say it a second time on top.
    assert form.theirs == {"I. Ưu điểm, kết quả đạt được": "Bản của văn phòng"} and not form.non_field_errors()
    assert form["revision"].value() == review_a.revision  # saving again now replaces theirs, knowingly
    assert form["strengths"].value() == "Bản của bí thư"


def test_city_staff_return_with_a_reason_on_a_section_and_the_secretary_sees_it(
    login, secretary_a, city_staff, review_a
):
    from core.workflow import transition

    transition(fill(review_a), "submit", secretary_a)
    login(city_staff).post(
        reverse("reviews:return", args=["collective", review_a.pk]),
        {"reason_weaknesses": "Nêu rõ nguyên nhân chủ quan"},
    )
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.RETURNED
    page = login(secretary_a).get(reverse("reviews:collective_detail", args=[review_a.pk])).content.decode()
    assert "Nêu rõ nguyên nhân chủ quan" in page


def test_a_return_without_any_reason_is_refused_with_a_message(login, secretary_a, city_staff, review_a):
    from core.workflow import transition

    transition(fill(review_a), "submit", secretary_a)
    response = login(city_staff).post(reverse("reviews:return", args=["collective", review_a.pk]), {"note": "x"})
    assert response.status_code == 200 and response.context["form"].errors
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.SUBMITTED


def test_a_meeting_with_a_late_draft_is_saved_with_a_warning(login, secretary_a, review_a):
    response = login(secretary_a).post(
        reverse("reviews:meeting", args=[review_a.pk]),
        {"held_on": "04/12/2025", "draft_shared_on": "02/12/2025", "attendees_expected": 30, "attendees_present": 28},
        follow=True,
    )
    assert MeetingRecord.objects.get(review=review_a).held_on == datetime.date(2025, 12, 4)
    assert any(m.level_tag == "warning" for m in response.context["messages"])


def test_the_decision_over_the_quota_is_refused_on_the_page_with_the_numbers(login, city_staff, review_a):
    from reviews.tests.conftest import settle_below

    settle_below(review_a)
    CollectiveReview.objects.filter(pk=review_a.pk).update(
        general_score=30, results_score=65, self_level="htxsnv", proposed_level="htxsnv"
    )
    response = login(city_staff).post(
        reverse("reviews:rate_step", args=["collective", review_a.pk, "decide"]), {"decide-level": "htxsnv"}
    )
    assert response.status_code == 200
    assert "0" in str(response.context["forms"]["decide"].non_field_errors())
    review_a.refresh_from_db()
    assert review_a.decided_level == ""


def test_the_individual_checklist_and_conclusion_are_saved(login, secretary_a, city, member_a, branch_a):
    from reviews.tests.conftest import open_cycle

    cycle = open_cycle(year=2018, code="QD132", organization=city)
    review = cycle.individual_reviews.get(member=member_a)
    client = login(secretary_a)
    page = client.get(reverse("reviews:individual_edit", args=[review.pk]))
    checklist = page.context["checklist"]
    data = {"revision": review.revision, "strengths": "Tốt", "weaknesses": "Chưa", "directions": "Sửa"}
    data.update({f"checklist-{name}": "0" for name in checklist.fields})
    assert client.post(reverse("reviews:individual_edit", args=[review.pk]), data).status_code == 302
    assert review.answers.count() == 27
    client.post(
        reverse("reviews:conclusion", args=[review.pk]),
        {
            "conclusion_strengths": "Gương mẫu",
            "conclusion_weaknesses": "Ít phát biểu",
            "conclusion_measures": "Tích cực hơn",
        },
    )
    review.refresh_from_db()
    assert review.conclusion_strengths == "Gương mẫu" and review.concluded_by == secretary_a


def test_sections_i_and_ii_are_prefilled_from_last_year_and_marked_until_edited(login, secretary_a, city, ward_a):
    from reviews.tests.conftest import open_cycle

    old = open_cycle(year=2024, code="QD124", organization=city)
    fill(old.collective_reviews.get(organization=ward_a), causes="Chủ quan")
    review = open_cycle(year=2025, organization=city).collective_reviews.get(organization=ward_a)
    client = login(secretary_a)
    client.post(reverse("reviews:copy_previous", args=[review.pk]), {"revision": review.revision})
    review.refresh_from_db()
    assert review.strengths == FILLED["strengths"] and review.causes == "Chủ quan"
    assert set(review.copied_sections) == {"strengths", "weaknesses", "causes"}
    data = {name: getattr(review, name) for name, _label in review.SECTIONS}
    client.post(
        reverse("reviews:collective_edit", args=[review.pk]),
        {**data, "strengths": "Viết lại", "revision": review.revision},
    )
    review.refresh_from_db()
    assert set(review.copied_sections) == {"weaknesses", "causes"}


def test_copying_without_an_earlier_review_says_so_and_changes_nothing(login, secretary_a, review_a):
    response = login(secretary_a).post(
        reverse("reviews:copy_previous", args=[review_a.pk]), {"revision": review_a.revision}, follow=True
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    review_a.refresh_from_db()
    assert review_a.strengths == "" and review_a.copied_sections == []


def _ruleset_data(rule_set, **changes):
    from reviews.forms import RuleSetForm

    form = RuleSetForm(instance=rule_set)
    data = {name: form[name].value() for name in form.fields}
    data["criteria"] = form.fields["criteria"].prepare_value(changes.pop("criteria", rule_set.criteria))
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_city_staff_correct_a_rule_set_and_its_levels(login, city_staff):
    rule_set = RuleSet.objects.get(code="QD366")
    data = _ruleset_data(
        rule_set, quota_percent=15, member_levels_text="a | Xuất sắc | 90\nb | Tốt | 70\nc | Không đạt"
    )
    response = login(city_staff).post(reverse("reviews:ruleset_edit", args=[rule_set.pk]), data)
    assert response.status_code == 302
    rule_set.refresh_from_db()
    assert rule_set.quota_percent == 15
    assert rule_set.member_levels == [
        {"code": "a", "label": "Xuất sắc", "min_score": 90.0},
        {"code": "b", "label": "Tốt", "min_score": 70.0},
        {"code": "c", "label": "Không đạt"},
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"member_levels_text": "a | Chỉ một mức"},
        {"member_levels_text": "a | A | nhiều\nb | B"},
        {"quota_percent": 30, "quota_percent_raised": 25},
        {"criteria": "[1, 2]"},
        {"criteria": {"PL1": {"general": [{"code": "1", "text": "Chung", "max": 29}], "results": []}}},
    ],
)
def test_bad_rule_set_input_is_refused_and_nothing_changes(login, city_staff, changes):
    rule_set = RuleSet.objects.get(code="QD366")
    before = rule_set.as_dict()
    response = login(city_staff).post(
        reverse("reviews:ruleset_edit", args=[rule_set.pk]), _ruleset_data(rule_set, **changes)
    )
    assert response.status_code == 200 and response.context["form"].errors
    rule_set.refresh_from_db()
    assert rule_set.as_dict() == before


def test_city_staff_correct_the_maxima_of_a_scoring_annex(login, city_staff):
    rule_set = RuleSet.objects.get(code="QD366")
    criteria = rule_set.criteria
    general = criteria["PL5"]["general"]
    general[0]["max"], general[1]["max"] = 8, 4  # 30 in all still
    response = login(city_staff).post(
        reverse("reviews:ruleset_edit", args=[rule_set.pk]), _ruleset_data(rule_set, criteria=criteria)
    )
    assert response.status_code == 302
    rule_set.refresh_from_db()
    assert [line["max"] for line in rule_set.criteria["PL5"]["general"]][:2] == [8, 4]


def test_city_staff_correct_the_wording_of_a_manifestation(login, city_staff):
    from reviews.models import Manifestation

    item = Manifestation.objects.get(group="I", number=6)
    login(city_staff).post(
        reverse("reviews:manifestation_edit", args=[item.pk]),
        {"text": "Nói không đi đôi với làm.", "verified": "on", "is_active": "on"},
    )
    item.refresh_from_db()
    assert item.text == "Nói không đi đôi với làm." and item.verified


@pytest.mark.parametrize(
    "held_on,message",
    [
        ("12/12/2030", "không thể là một ngày trong tương lai"),  # in the future
        ("15/10/2025", "được họp từ 01/11/2025 đến 31/12/2026"),  # before the cycle opened
    ],
)
def test_a_meeting_date_outside_its_cycle_is_refused_with_one_message(login, secretary_a, review_a, held_on, message):
    response = login(secretary_a).post(
        reverse("reviews:meeting", args=[review_a.pk]),
        {"held_on": held_on, "attendees_expected": 30, "attendees_present": 28},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["held_on"] and len(errors["held_on"]) == 1
    assert message in errors["held_on"][0]
    assert not MeetingRecord.objects.filter(review=review_a).exists()


def test_the_edit_form_asks_for_no_prefill_once_every_section_is_written(login, secretary_a, review_a, monkeypatch):
    from reviews import hooks

    asked = []
    monkeypatch.setattr(hooks.section_prefills, "_entries", [lambda review: asked.append(review.pk) or {}])
    client, url = login(secretary_a), reverse("reviews:collective_edit", args=[review_a.pk])
    CollectiveReview.objects.filter(pk=review_a.pk).update(strengths="Đã viết.")
    client.get(url)
    assert asked == [review_a.pk]  # another section is still empty: the apps above may offer its start
    CollectiveReview.objects.filter(pk=review_a.pk).update(**{name: "Đã viết." for name, _label in review_a.SECTIONS})
    assert client.get(url).status_code == 200
    assert asked == [review_a.pk]  # every section written: nothing asked (it cost queries on every visit)


def test_a_review_page_counts_the_unread_notifications_once_and_names_its_organization_with_the_review(
    login, secretary_a, review_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(secretary_a)
    url = reverse("reviews:collective_detail", args=[review_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = [query["sql"] for query in captured]
    assert sum('FROM "notifications_notification"' in sql for sql in queries) == 1
    assert sum('FROM "organizations_priorstate"' in sql for sql in queries) <= 1  # named once, not per mention
    assert response.context["review"].organization_name == review_a.organization.name
