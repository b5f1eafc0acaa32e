"""Secretaries' accounts: invited in bulk, a one-time link that expires, the role of a replaced secretary ended."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts import access
from accounts.models import Role, RoleAssignment, User
from core.errors import DomainError
from imports import invitations
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary_member(branch_a):
    return make_member(
        branch_a, full_name="Phạm Thị Thu", card_number="77000001", party_position="Bí thư chi bộ", email="thu@x.vn"
    )


def _link(message):
    return re.search(r"https?://\S+/password/reset/\S+/", message.body).group(0)


def _invite(city_staff, organizations, on_date=None, capture=None):
    with capture(execute=True):
        return invitations.invite_secretaries(city_staff, organizations, on_date)


def test_the_invitation_link_works_once_and_expires(
    client, city_staff, branch_a, secretary_member, django_capture_on_commit_callbacks
):
    invited, skipped = _invite(city_staff, [branch_a], capture=django_capture_on_commit_callbacks)
    user = User.objects.get(member=secretary_member)
    assert invited == [user] and skipped == [] and not invitations.is_activated(user)
    assert RoleAssignment.objects.filter(user=user, organization=branch_a, role=Role.SECRETARY).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["thu@x.vn"]
    assert list(invitations.pending(city_staff)) == list(user.invitations.all())
    path = _link(mail.outbox[0]).split("testserver", 1)[-1].split("://", 1)[-1]
    path = path[path.index("/password/") :]

    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    password = {"new_password1": "Tre-xanh-ngo-9q!", "new_password2": "Tre-xanh-ngo-9q!"}
    done = client.post(form_page.redirect_chain[-1][0], password)
    assert done.status_code == 302
    user.refresh_from_db()
    assert invitations.is_activated(user) and not invitations.pending(city_staff).exists()
    assert not client.get(path, follow=True).context["validlink"]  # used once

    user.set_unusable_password()
    user.save()
    later = invitations.link(user)
    later_path = later[later.index("/password/") :]
    with time_machine.travel(datetime.datetime.now() + datetime.timedelta(days=4)):
        assert not client.get(later_path, follow=True).context["validlink"]


def test_a_new_secretary_ends_the_old_ones_role_and_keeps_it_as_history(
    city_staff, branch_a, secretary_member, django_capture_on_commit_callbacks
):
    old = User.objects.create(username="bithu-cu")
    RoleAssignment.objects.create(
        user=old, organization=branch_a, role=Role.SECRETARY, starts_on=datetime.date(2020, 1, 1)
    )
    on_date = datetime.date.today()
    _invite(city_staff, [branch_a], on_date, capture=django_capture_on_commit_callbacks)
    ended = RoleAssignment.history.get(user=old, organization=branch_a)
    assert ended.ends_on == on_date
    assert not RoleAssignment.objects.filter(user=old).exists()
    access.forget(old)
    assert not access.can(old, "member.change", branch_a)
    new = User.objects.get(member=secretary_member)
    assert access.can(new, "member.change", branch_a)


def test_an_organization_without_a_secretary_with_email_is_skipped_with_its_reason(
    city_staff, branch_a, branch_b, secretary_member, django_capture_on_commit_callbacks
):
    invited, skipped = _invite(city_staff, [branch_a, branch_b], capture=django_capture_on_commit_callbacks)
    assert len(invited) == 1 and [organization for organization, _why in skipped] == [branch_b]
    with pytest.raises(DomainError):
        invitations.invite_secretaries(city_staff, [branch_b])


def test_the_secretaries_page_invites_and_refuses_others(client, city_staff, secretary_a, branch_a, secretary_member):
    client.force_login(secretary_a)
    assert client.get(reverse("imports:secretaries")).status_code == 403
    client.force_login(city_staff)
    page = client.get(reverse("imports:secretaries"))
    assert "Phạm Thị Thu" in page.content.decode()
    response = client.post(reverse("imports:secretaries"), {"organizations": [branch_a.pk]})
    assert response.status_code == 302
    assert User.objects.filter(member=secretary_member).exists()
