"""The "change history" section of object pages, and the citizen ID reads the trail keeps."""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from members.models import Member
from tests.factories import make_member


def test_a_member_page_shows_who_changed_what_before_and_after(login, city_staff, member_a):
    client = login(city_staff)
    response = client.post(
        reverse("members:edit", args=[member_a.pk]),
        {**_member_data(client, member_a), "full_name": "Trần Thị Hoa Mới"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = client.get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert 'id="history"' in page
    assert "Trần Thị Hoa Mới" in page and "vanphong" in page


def test_the_history_masks_a_citizen_id_changed(login, secretary_a, member_a):
    Member.objects.filter(pk=member_a.pk).update(citizen_id="036080999888")
    page = login(secretary_a).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert "036080999888" not in page
    assert "•••••••••888" in page


def test_another_wards_member_history_is_not_found(login, secretary_b, member_a):
    assert login(secretary_b).get(reverse("members:detail", args=[member_a.pk])).status_code == 404


def test_the_history_pages_on_its_own_parameter(login, city_staff, member_a):
    for number in range(12):
        Member.objects.filter(pk=member_a.pk).update(phone=f"09000000{number:02d}")
    client = login(city_staff)
    first = client.get(reverse("members:detail", args=[member_a.pk])).content.decode()
    second = client.get(reverse("members:detail", args=[member_a.pk]), {"history": "2"}).content.decode()
    assert "0900000011" in first and "0900000011" not in second
    assert "0900000000" in second
    assert client.get(reverse("members:detail", args=[member_a.pk]), {"history": "²"}).status_code == 200


def test_showing_a_citizen_id_in_full_is_recorded_as_a_read(login, city_staff, member_a):
    client = login(city_staff)
    client.get(reverse("members:detail", args=[member_a.pk]), REMOTE_ADDR="10.9.8.7")
    event = AuditEvent.objects.get(action=Action.READ)
    assert (event.model, event.object_id, event.actor, event.address) == (
        "members.member",
        member_a.pk,
        "vanphong",
        "10.9.8.7",
    )
    assert event.changes == {"citizen_id": [None, None]}  # which field, never the number
    client.get(reverse("members:edit", args=[member_a.pk]))
    assert AuditEvent.objects.filter(action=Action.READ).count() == 2


def test_a_masked_citizen_id_records_no_read(login, secretary_a, member_a):
    login(secretary_a).get(reverse("members:detail", args=[member_a.pk]))
    assert not AuditEvent.objects.filter(action=Action.READ).exists()


@pytest.mark.parametrize(
    "name",
    ["organizations:detail", "members:detail"],
)
def test_object_pages_have_the_history_section(login, city_staff, member_a, name):
    pk = member_a.pk if name.startswith("members") else member_a.organization_id
    assert 'id="history"' in login(city_staff).get(reverse(name, args=[pk])).content.decode()


def _member_data(client, member):
    form = client.get(reverse("members:edit", args=[member.pk])).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    return {key: value for key, value in data.items() if value is not None}


def test_make_member_is_recorded(branch_a):
    member = make_member(branch_a)
    assert AuditEvent.objects.filter(model="members.member", object_id=member.pk, action=Action.CREATE).exists()


def test_a_shared_objects_history_shows_another_wards_parts_only_to_who_reaches_it(
    login, city, ward_a, ward_b, member_a, member_b, secretary_a, city_staff
):
    from reviews.models import NotReviewedMember
    from reviews.tests.conftest import open_cycle

    cycle = open_cycle(organization=city)
    NotReviewedMember.objects.create(
        cycle=cycle, member=member_b, organization=member_b.organization, reason="Lý do của B"
    )
    url = reverse("reviews:cycle_board", args=[cycle.pk])
    assert "Lý do của B" not in login(secretary_a).get(url, {"history": "1"}).content.decode()
    assert "Lý do của B" in login(city_staff).get(url).content.decode()


def test_the_history_merges_the_objects_events_with_its_parts_newest_first_without_counting_them(
    login, city_staff, member_a
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import Membership

    for number in range(6):
        Member.objects.filter(pk=member_a.pk).update(phone=f"09000000{number:02d}")
        Membership.objects.create(
            member=member_a,
            organization=member_a.organization,
            start=datetime.date(2001 + number, 1, 1),
            end=datetime.date(2001 + number, 6, 1),
        )
    client, url = login(city_staff), reverse("members:detail", args=[member_a.pk])
    with CaptureQueriesContext(connection) as captured:
        first = client.get(url).content.decode()
    second = client.get(url, {"history": "2"}).content.decode()
    first, second = first[first.index('id="history"') :], second[second.index('id="history"') :]
    # Ten newest of twelve changes and the two creations: phones 1-5 and periods from 2002 on, then the rest.
    assert "<ins>0900000005</ins>" in first and "<ins>0900000001</ins>" in first
    assert "<ins>0900000000</ins>" not in first
    assert "01/01/2002" in first and "01/01/2001" not in first
    assert "<ins>0900000000</ins>" in second and "01/01/2001" in second and "0900000005" not in second
    assert "?history=2#history" in first and "?history=1#history" in second
    assert not any("COUNT(*)" in query["sql"] and "audit_auditevent" in query["sql"] for query in captured)
    assert "<ins>0900000005</ins>" in client.get(url, {"history": "99"}).content.decode()  # past the end: the first
