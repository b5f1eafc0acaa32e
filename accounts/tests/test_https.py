"""HTTPS behind the TLS proxy: the HSTS header, the redirect, https reset links, no reset link in a production log."""

import logging
import re

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.test import override_settings
from django.urls import reverse

from core.emails import UnsentBackend
from tests.factories import make_user

pytestmark = pytest.mark.django_db

BEHIND_TLS_PROXY = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31_536_000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SITE_URL": "https://kiemdiem.example.vn",
}


@override_settings(**BEHIND_TLS_PROXY)
def test_behind_the_tls_proxy_the_hsts_header_is_sent_and_plain_http_is_redirected(client):
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")


@override_settings(**BEHIND_TLS_PROXY)
def test_the_reset_link_is_https_on_the_sites_address_whatever_the_host_header(client, settings):
    settings.ALLOWED_HOSTS = ["kiemdiem.example.vn", "evil.example"]
    make_user("hoa", email="hoa@example.vn")
    client.post(
        reverse("password_reset"), {"email": "hoa@example.vn"}, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="evil.example"
    )
    (message,) = mail.outbox
    links = re.findall(r"\w+://\S+/password/reset/\S+/", message.body)
    assert links and all(link.startswith("https://kiemdiem.example.vn/") for link in links)


def test_without_a_mail_server_nothing_of_the_mail_reaches_the_log(caplog):
    with caplog.at_level(logging.WARNING, logger="core.emails"):
        sent = UnsentBackend().send_messages(
            [mail.EmailMessage("Đặt lại mật khẩu", "https://kiemdiem.example.vn/reset/abc/", to=["hoa@example.vn"])]
        )
    assert sent == 0
    assert "EMAIL_HOST" in caplog.text
    assert "reset" not in caplog.text and "hoa@example.vn" not in caplog.text


@override_settings(EMAIL_BACKEND="core.emails.UnsentBackend")
def test_send_mail_through_the_unsent_backend_raises_nothing():
    assert send_mail("Chủ đề", "Nội dung", None, ["hoa@example.vn"]) == 0
