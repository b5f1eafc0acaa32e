"""Into the annual review: the member's study record on the individual review, the organization's sessions on the
collective review, and section I started with that record when it is empty."""

import pytest
from django.urls import reverse

from reviews.tests.conftest import open_cycle
from studies import services
from studies.slots import PREFILLED_SECTION
from studies.tests.conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(studied_a, city):
    return open_cycle(year=2018, code="QD132", organization=city)


@pytest.fixture
def studied_a(plan, session_a, people, city_staff):
    ward_a = ("secretary", "leader", "deputy", "ordinary", "teacher")
    entries = {people[name].pk: ("present", "") for name in ward_a} | {people["ordinary"].pk: ("excused", "Ốm")}
    services.record_attendance(session_a, entries)
    services.receive_essay(plan.essays.get(member=people["leader"]), city_staff, submitted_on=START, text="Bài")
    return plan


def test_the_individual_review_shows_the_members_study_and_essay_record(cycle, people, login, secretary_a):
    review = cycle.individual_reviews.get(member=people["leader"])
    html = login(secretary_a).get(reverse("reviews:individual_detail", args=[review.pk])).content.decode()
    record = html[html.index('id="study-record"') :]
    assert "10/03/2018 · 04-NQ/TW" in record
    assert "Có mặt: 1" in record
    assert "Bài thu hoạch đã nộp: 1/1" in record


def test_an_ordinary_members_record_has_attendance_and_no_essay(cycle, people, login, secretary_a):
    review = cycle.individual_reviews.get(member=people["ordinary"])
    html = login(secretary_a).get(reverse("reviews:individual_detail", args=[review.pk])).content.decode()
    record = html[html.index('id="study-record"') : html.index("</section>", html.index('id="study-record"'))]
    assert "Vắng có lý do – Ốm" in record
    assert "Bài thu hoạch" not in record


def test_the_collective_review_shows_the_organizations_sessions_and_attendance(
    cycle, studied_a, ward_a, login, secretary_a
):
    review = cycle.collective_reviews.get(organization=ward_a)
    html = login(secretary_a).get(reverse("reviews:collective_detail", args=[review.pk])).content.decode()
    record = html[html.index('id="study-record"') :]
    assert "04-NQ/TW" in record
    assert f'href="/studies/sessions/?plan={studied_a.pk}&amp;organization={ward_a.pk}">1</a>' in record
    assert "Tỷ lệ tham dự 80%." in record


def test_an_empty_section_i_starts_with_the_study_record(cycle, ward_a, login, secretary_a):
    review = cycle.collective_reviews.get(organization=ward_a)
    form = login(secretary_a).get(reverse("reviews:collective_edit", args=[review.pk])).context["form"]
    text = form[PREFILLED_SECTION].initial
    assert text.startswith("Học tập, quán triệt nghị quyết, chỉ thị năm 2018: 1 kế hoạch (04-NQ/TW), tổ chức 1 buổi")
    assert "tham dự 4/5 lượt (80%)" in text
    assert "Bài thu hoạch: đã nộp 1/3, còn 2 bài chưa nộp." in text
    review.refresh_from_db()
    assert review.strengths == ""  # nothing is saved until the editor saves


def test_the_individual_edit_page_starts_section_i_with_the_members_record(cycle, people, login, secretary_a):
    review = cycle.individual_reviews.get(member=people["leader"])
    form = login(secretary_a).get(reverse("reviews:individual_edit", args=[review.pk])).context["form"]
    assert form[PREFILLED_SECTION].initial.startswith("Học tập, quán triệt nghị quyết, chỉ thị năm 2018: tham dự 1/1")


def test_a_written_section_i_is_left_as_written(cycle, ward_a, login, secretary_a):
    review = cycle.collective_reviews.get(organization=ward_a)
    type(review).objects.filter(pk=review.pk).update(strengths="Đã viết.")
    form = login(secretary_a).get(reverse("reviews:collective_edit", args=[review.pk])).context["form"]
    assert form[PREFILLED_SECTION].initial == "Đã viết."


def test_the_prefill_is_written_in_vietnamese_for_an_english_editor(cycle, ward_a, login, secretary_a):
    client = login(secretary_a)
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    review = cycle.collective_reviews.get(organization=ward_a)
    form = client.get(reverse("reviews:collective_edit", args=[review.pk])).context["form"]
    assert form[PREFILLED_SECTION].initial.startswith("Học tập, quán triệt")
