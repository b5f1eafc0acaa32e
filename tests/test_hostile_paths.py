"""The code paths the hostile-input audit found answering 500, each pinned by a request (see test_hostile_input)."""

import pytest
from django.db import connection
from django.urls import reverse

from core.params import integer
from directives.forms import LinesField
from members.forms import MemberForm
from members.models import Member
from members.tests.test_access_matrix import _member_data
from reviews.tests.conftest import open_cycle
from tests.test_hostile_input import _refuse_nul

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


@pytest.fixture
def cycle(city, ward_a, branch_a, member_a):
    return open_cycle(organization=city)


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("members:list", {"q": NUL, "status": NUL}),
        ("organizations:list", {"q": NUL, "status": NUL}),
        ("commitments:list", {"q": NUL, "status": NUL, "organization": "²"}),
        ("reviews:cycle_open", {"year": "abc"}),
        ("reviews:cycle_open", {"year": "²⁰²⁵"}),
        ("reports:cycle_report_index", {"cycle": "²", "organization": "²"}),
        ("reports:cycle_report_index", {"cycle": "9" * 40, "organization": NUL}),
        ("reports:dashboard", {"cycle": "²"}),
    ],
)
def test_hostile_list_parameters_answer_the_page(login, city_staff, cycle, url_name, params):
    with connection.execute_wrapper(_refuse_nul):
        response = login(city_staff).get(reverse(url_name), params)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("params", [{"reason": NUL, "q": NUL}, {"reason": "x" * 200_000}])
def test_hostile_parameters_on_the_not_reviewed_list(login, city_staff, cycle, params):
    with connection.execute_wrapper(_refuse_nul):
        response = login(city_staff).get(reverse("reviews:not_reviewed", args=[cycle.pk]), params)
    assert response.status_code == 200


@pytest.mark.parametrize("revision", ["abc", "²", NUL, "", "-3"])
def test_copy_previous_with_a_bad_revision_answers_with_a_message(login, secretary_a, cycle, ward_a, revision):
    review = cycle.collective_reviews.get(organization=ward_a)
    response = login(secretary_a).post(reverse("reviews:copy_previous", args=[review.pk]), {"revision": revision})
    assert response.status_code == 302
    assert list(response.wsgi_request._messages), "the refusal is told"
    review.refresh_from_db()
    assert review.copied_sections == []


def test_a_nul_byte_in_a_lines_field_is_a_form_error():
    field = LinesField(required=False)
    with pytest.raises(Exception, match="Null|null|NUL|ký tự"):
        field.clean("dòng 1\n" + NUL)


@pytest.mark.parametrize("pk", ["9" * 40, "²", "1\x00"])
def test_a_hostile_id_in_a_multiple_choice_is_a_form_error(login, city_staff, cycle, pk):
    with connection.execute_wrapper(_refuse_nul):
        response = login(city_staff).post(reverse("documents:create"), {"cycles": [pk], "title": "x"})
    assert response.status_code == 200
    assert "cycles" in response.context["form"].errors


def test_a_card_number_registered_meanwhile_is_a_form_error_not_a_500(login, city_staff, member_a, branch_a,
                                                                       monkeypatch):  # fmt: skip
    # The race: the form's uniqueness check ran before the other request's INSERT committed.
    monkeypatch.setattr(MemberForm, "validate_unique", lambda self: None)
    data = _member_data(member_a, branch_a, full_name="Người Thứ Hai")
    before = Member.objects.count()
    response = login(city_staff).post(reverse("members:create", args=[branch_a.pk]), data)
    assert response.status_code == 200
    assert member_a.card_number in str(response.context["form"].errors["card_number"])
    assert Member.objects.count() == before


@pytest.mark.parametrize(
    ("raw", "expected"), [("12", 12), ("²", None), ("١٢", None), ("1\x00", None), ("9" * 40, None), (None, None)]
)
def test_integer_takes_plain_ascii_digits_only(raw, expected):
    assert integer(raw) == expected


def test_a_citizen_id_of_unicode_digits_is_refused(member_a):
    member_a.citizen_id = "²" * 12
    with pytest.raises(Exception, match="12"):
        member_a.full_clean()
