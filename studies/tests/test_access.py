"""Access through accounts.access only: another ward's sessions and essays are not there (404), a read-only role
is refused a change (403), and nothing changes when a write is refused."""

import pytest
from django.urls import reverse

from studies.models import Attendance, Essay, StudySession
from studies.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def _attendance_post(session, people, status="absent"):
    return {f"status_{member.pk}": status for member in people} | {f"reason_{member.pk}": "" for member in people}


def _stored():
    return (
        sorted(Attendance.objects.values_list("session_id", "member_id", "status")),
        sorted(StudySession.objects.values_list("pk", "organization_id", "held_on")),
        sorted(Essay.objects.values_list("pk", "status")),
    )


def test_a_secretary_cannot_record_attendance_for_another_ward(session_a, people, login, secretary_b):
    client = login(secretary_b)
    url = reverse("studies:attendance_edit", args=[session_a.pk])
    before = _stored()
    assert client.get(url).status_code == 404
    assert client.post(url, _attendance_post(session_a, [people["ordinary"]])).status_code == 404
    assert _stored() == before


def test_the_secretary_of_the_ward_does_record_it_so_the_refusal_can_fail(session_a, people, login, secretary_a):
    url = reverse("studies:attendance_edit", args=[session_a.pk])
    roster = [people[name] for name in ("secretary", "leader", "deputy", "ordinary", "teacher")]
    response = login(secretary_a).post(url, _attendance_post(session_a, roster, "present"))
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session_a).count() == 5  # the roster of ward A, all posted present


@pytest.mark.parametrize("actor", ["inspector", "standing_member_a"])
def test_read_only_roles_may_look_but_not_record(actor, request, session_a, plan, people, login):
    client = login(request.getfixturevalue(actor))
    before = _stored()
    assert client.get(reverse("studies:session", args=[session_a.pk])).status_code == 200
    assert client.get(reverse("studies:plan", args=[plan.pk])).status_code == 200
    url = reverse("studies:attendance_edit", args=[session_a.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _attendance_post(session_a, [people["ordinary"]])).status_code == 403
    assert client.get(reverse("studies:session_create", args=[plan.pk])).status_code == 403
    assert client.get(reverse("studies:plan_create")).status_code == 403
    essay = plan.essays.get(member=people["secretary"])
    receive = reverse("studies:essay_receive", args=[essay.pk])
    assert client.post(receive, {"submitted_on": "10/03/2018", "text": "Bài"}).status_code == 403
    assert _stored() == before


def test_another_wards_session_and_essay_are_not_there_for_a_secretary(session_a, plan, people, login, secretary_b):
    client = login(secretary_b)
    essay = plan.essays.get(member=people["secretary"])
    for url in (
        reverse("studies:session", args=[session_a.pk]),
        reverse("studies:session_edit", args=[session_a.pk]),
        reverse("studies:essay", args=[essay.pk]),
        reverse("studies:essay_file", args=[essay.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_secretary_cannot_record_a_session_for_another_ward_through_the_form(plan, ward_b, login, secretary_a):
    data = {"organization": ward_b.pk, "held_on": "10/03/2018", "form": "conference", "speaker": "", "notes": ""}
    response = login(secretary_a).post(reverse("studies:session_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert not StudySession.objects.exists()


def test_a_plan_over_another_ward_is_not_there_for_a_secretary(ward_b, document, login, secretary_a, secretary_b):
    plan = make_plan(ward_b, document)
    assert login(secretary_a).get(reverse("studies:plan", args=[plan.pk])).status_code == 404
    assert plan.pk not in {p.pk for p in login(secretary_a).get(reverse("studies:plans")).context["page_obj"]}


def test_a_ward_secretary_plans_for_the_own_ward_only(plan, login, secretary_a, ward_a, ward_b):
    client = login(secretary_a)
    assert client.get(reverse("studies:plan_edit", args=[plan.pk])).status_code == 403  # the city's plan
    form = client.get(reverse("studies:plan_create")).context["form"]
    assert list(form.fields["issuer"].queryset) == [ward_a]
    assert ward_b not in form.fields["applies_to"].queryset


def test_anonymous_users_are_sent_to_log_in(session_a, client):
    response = client.get(reverse("studies:attendance_edit", args=[session_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
