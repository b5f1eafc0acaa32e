import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_secretary_home_lists_own_organization(login, secretary_a, ward_a, ward_b):
    response = login(secretary_a).get(reverse("home"))
    assert response.status_code == 200
    assert ward_a.name in response.content.decode()
    assert ward_b.name not in response.content.decode()
