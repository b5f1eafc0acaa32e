"""The member page lists the member's reviews at leadership collectives (the slot ``member.reviews``)."""

import datetime

from django.urls import reverse

from members.models import BodyKind, LeadershipBody, LeadershipSeat
from reviews.models import LeaderReview
from reviews.tests.conftest import open_cycle

SEATED = datetime.date(2015, 10, 1)


def test_the_member_page_lists_reviews_at_collectives_within_the_readers_reach(
    login, city, ward_a, member_a, city_staff, secretary_a
):
    ward_committee = LeadershipBody.objects.create(organization=ward_a, kind=BodyKind.EXECUTIVE, name="Đảng ủy phường")
    standing = LeadershipBody.objects.create(organization=city, kind=BodyKind.STANDING, name="Ban Thường vụ Thành ủy")
    for body, title in ((ward_committee, "Bí thư Đảng ủy"), (standing, "Ủy viên Ban Thường vụ")):
        LeadershipSeat.objects.create(body=body, member=member_a, title=title, start=SEATED)
    cycle = open_cycle(organization=city)
    at_ward = LeaderReview.objects.get(cycle=cycle, member=member_a, leadership_review__body=ward_committee)
    at_city = LeaderReview.objects.get(cycle=cycle, member=member_a, leadership_review__body=standing)
    url = reverse("members:detail", args=[member_a.pk])

    page = login(city_staff).get(url).content.decode()
    assert 'id="leader-reviews"' in page
    assert reverse("reviews:leader_detail", args=[at_ward.pk]) in page
    assert reverse("reviews:leader_detail", args=[at_city.pk]) in page
    assert reverse("reviews:individual_detail", args=[at_ward.branch_review_id]) in page

    # the ward's secretary reads the review at the ward's committee, not the one at the city's Standing Committee
    page = login(secretary_a).get(url).content.decode()
    assert reverse("reviews:leader_detail", args=[at_ward.pk]) in page
    assert reverse("reviews:leader_detail", args=[at_city.pk]) not in page


def test_a_member_never_reviewed_at_a_collective_says_so(login, member_a, city_staff):
    page = login(city_staff).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert "Chưa có bản kiểm điểm ở tập thể lãnh đạo nào." in page
