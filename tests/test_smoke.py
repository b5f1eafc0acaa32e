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


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["password_reset", "login"])
def test_account_pages_use_the_products_layout_not_the_admins(client, url_name):
    content = client.get(reverse(url_name)).content.decode()
    assert 'id="language-switcher"' in content
    assert "colM" not in content, "the admin's registration template shadows ours"


def test_password_change_uses_the_products_layout(login, secretary_a):
    content = login(secretary_a).get(reverse("password_change")).content.decode()
    assert 'id="language-switcher"' in content and "colM" not in content
