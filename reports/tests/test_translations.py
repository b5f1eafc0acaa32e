"""Strings of the reports app in Vietnamese and English (tests/test_i18n.py checks every catalog)."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.parametrize(("language", "title"), [("vi", "Bảng điều khiển"), ("en", "Dashboard")])
def test_the_dashboard_speaks_the_users_language(language, title, client, login, city_staff):
    login(city_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert f'<h1 class="h3 me-auto mb-0">{title}</h1>' in client.get(reverse("reports:dashboard")).content.decode()
