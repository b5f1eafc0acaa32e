"""The error pages: Vietnamese, in the site's layout, and never a word about the URL patterns."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import include, path, reverse

from conftest import PASSWORD


def _raise_server_error(request):
    raise RuntimeError("boom")


def _raise_bad_request(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("boom/", _raise_server_error),
    path("tampered/", _raise_bad_request),
    path("", include("config.urls")),  # the layout links to the real pages
]


def _login(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.django_db
def test_404_is_the_sites_page_and_lists_no_url_pattern(settings, secretary_a, debug):
    settings.DEBUG = debug
    response = _login(secretary_a).get("/no/such/page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert 'class="navbar' in body  # the site's layout, with its navigation
    assert "URLconf" not in body and "urlpatterns" not in body and "admin/" not in body


@pytest.mark.django_db
def test_403_is_vietnamese_in_the_sites_layout(secretary_a):
    response = _login(secretary_a).post(reverse("directives:propose"), {})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Không được phép" in body and "đồng chí" in body.lower()
    assert "403 Forbidden" not in body


@pytest.mark.django_db
def test_csrf_failure_is_vietnamese(secretary_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


@pytest.mark.django_db
def test_400_is_vietnamese(settings, client):
    settings.ROOT_URLCONF = __name__
    response = client.get("/tampered/")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_500_is_a_standalone_vietnamese_page(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in body and "đồng chí" in body
    assert "boom" not in body and "Traceback" not in body
