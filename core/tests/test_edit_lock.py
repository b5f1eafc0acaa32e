"""Two people open the same edit form; the first saves; the second's stale copy is refused, not saved over it.

One lock for every edit form of a shared object (core.locking): the member, the
organization and the meeting record of a collective review.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from members.models import Member
from organizations.models import Organization
from reviews.models import MeetingRecord
from reviews.tests.conftest import open_cycle

STALE = "chưa lưu gì"  # part of the refusal's Vietnamese message


def form_data(response):
    """The POST data of the page's form as it was opened: every field with its shown value."""
    data = {}
    for field in response.context["form"]:
        value = field.value()
        if isinstance(value, dict) and "values" in value:  # a picker (core's autocomplete widget) shows its choice
            value = value["values"]
        if value is None or value is False:
            continue
        if value is True:
            data[field.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[field.html_name] = [str(item) for item in value]
        elif isinstance(value, datetime.date):
            data[field.html_name] = field.field.widget.format_value(value)
        else:
            data[field.html_name] = str(value)
    return data


def two_editors(first_user, second_user, url):
    first, second = Client(), Client()
    first.force_login(first_user)
    second.force_login(second_user)
    return (first, form_data(first.get(url))), (second, form_data(second.get(url)))


def assert_lost_update_refused(url, first_user, second_user, field, first_value, second_value, stored):
    (first, first_form), (second, second_form) = two_editors(first_user, second_user, url)
    assert first.post(url, {**first_form, field: first_value}).status_code == 302
    response = second.post(url, {**second_form, field: second_value})
    assert response.status_code == 200, "the stale copy was saved over the first save"
    page = response.content.decode()
    assert STALE in page
    assert second_value in page, "the second editor's typed text is not shown again"
    assert stored() == first_value
    # Saving again from the page that showed the refusal is a deliberate overwrite.
    assert second.post(url, form_data(response)).status_code == 302
    assert stored() == second_value


def test_member_edit_refuses_a_stale_copy(city_staff, secretary_a, member_a):
    url = reverse("members:edit", args=[member_a.pk])
    assert_lost_update_refused(
        url, city_staff, secretary_a, "full_name", "Trần Thị Hoa Mai", "Trần Thị Hòa",
        lambda: Member.objects.get(pk=member_a.pk).full_name,
    )  # fmt: skip


def test_organization_edit_refuses_a_stale_copy(city_staff, branch_a):
    other_staff = type(city_staff).objects.get(pk=city_staff.pk)
    url = reverse("organizations:edit", args=[branch_a.pk])
    assert_lost_update_refused(
        url, city_staff, other_staff, "description", "Khu phố 1 gồm tổ 1 đến tổ 5", "Khu phố 1 sáp nhập tổ 6",
        lambda: Organization.objects.get(pk=branch_a.pk).description,
    )  # fmt: skip


@pytest.fixture
def review_a(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b):
    return open_cycle(organization=city).collective_reviews.get(organization=ward_a)


def test_meeting_record_refuses_a_stale_copy(city_staff, secretary_a, review_a):
    MeetingRecord.objects.create(review=review_a, held_on=datetime.date(2025, 12, 4), attendees_expected=30)
    url = reverse("reviews:meeting", args=[review_a.pk])
    assert_lost_update_refused(
        url, secretary_a, city_staff, "minutes", "Hội nghị thống nhất 28/30", "Hội nghị thống nhất 27/30",
        lambda: MeetingRecord.objects.get(review=review_a).minutes,
    )  # fmt: skip


def test_a_meeting_recorded_by_someone_else_meanwhile_is_not_overwritten(city_staff, secretary_a, review_a):
    url = reverse("reviews:meeting", args=[review_a.pk])
    (first, _form), (second, _form2) = two_editors(secretary_a, city_staff, url)
    data = {"held_on": "04/12/2025", "attendees_expected": 30, "attendees_present": 28, "edit_version": ""}
    assert first.post(url, {**data, "minutes": "Bản của bí thư"}).status_code == 302
    response = second.post(url, {**data, "minutes": "Bản của văn phòng"})
    assert response.status_code == 200 and STALE in response.content.decode()
    assert MeetingRecord.objects.get(review=review_a).minutes == "Bản của bí thư"
