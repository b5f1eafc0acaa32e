"""Login protection: lockout per account and per address (django-axes), the trusted proxy only, unlocking by city
staff, the login history, two-factor sign-in (django-otp) and the password rules (issue 18, point 10)."""

import time

import pyotp
import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import LoginEvent, LoginOutcome
from accounts.passwords import LocalCommonPasswordValidator
from conftest import PASSWORD

LOCKED = "bị khóa"  # part of the Vietnamese lockout message


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, username, password, address="10.0.0.7", url="/login/", **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def test_an_account_is_locked_after_repeated_failures_from_any_address(client, city_staff):
    statuses = [attempt(client, "vanphong", "wrong", address=f"10.0.1.{number}").status_code for number in range(3)]
    assert statuses == [200, 200, 429]
    response = attempt(client, "vanphong", PASSWORD, address="10.0.2.1")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_failures_on_several_accounts(client, city_staff, secretary_a):
    for name in ("a1", "a2", "a3"):
        attempt(client, name, "wrong", address="10.0.3.3")
    assert attempt(client, "bithu_a", PASSWORD, address="10.0.3.3").status_code == 429
    assert attempt(client, "vanphong", PASSWORD, address="10.0.3.4").status_code == 302
    accounts, addresses = services.lockouts()
    assert [row["key"] for row in addresses] == ["10.0.3.3"] and accounts == []


def test_a_spoofed_forwarded_for_header_does_not_dodge_the_address_lockout(client, secretary_a):
    for number in range(3):
        attempt(client, f"x{number}", "wrong", address="10.0.4.4", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    retry = attempt(client, "bithu_a", PASSWORD, address="10.0.4.4", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert retry.status_code == 429


def test_behind_the_trusted_proxy_only_the_address_it_saw_counts(client, settings, secretary_a):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw; what the client wrote before it changes on every try.
    for number in range(3):
        spoofed = f"203.0.113.{number}, 10.0.5.5"
        attempt(client, f"y{number}", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR=spoofed)
    locked = attempt(client, "bithu_a", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.5.5")
    assert locked.status_code == 429
    other = attempt(client, "bithu_a", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.5.5, 10.0.5.6")
    assert other.status_code == 302
    assert LoginEvent.objects.filter(outcome=LoginOutcome.SUCCESS).get().address == "10.0.5.6"


def test_the_admin_login_is_locked_the_same_way(client, db):
    from tests.factories import make_user

    make_user("quantri", is_staff=True, is_superuser=True)
    for _ in range(3):
        attempt(client, "quantri", "wrong", url="/admin/login/")
    response = attempt(client, "quantri", PASSWORD, url="/admin/login/", address="10.0.6.6")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_city_staff_see_the_lockouts_and_unlock_an_account(client, login, city_staff, secretary_a):
    for number in range(3):
        attempt(client, "bithu_a", "wrong", address=f"10.0.7.{number}")
    staff = login(city_staff)
    page = staff.get(reverse("lockouts")).content.decode()
    assert "bithu_a" in page
    assert staff.post(reverse("unlock"), {"username": "bithu_a"}).status_code == 302
    staff.logout()
    assert attempt(client, "bithu_a", PASSWORD, address="10.0.7.9").status_code == 302


def test_a_secretary_may_not_see_lockouts_nor_unlock(login, secretary_a):
    client = login(secretary_a)
    assert client.get(reverse("lockouts")).status_code == 403
    assert client.post(reverse("unlock"), {"username": "bithu_a"}).status_code == 403
    assert client.get(reverse("login_history_all")).status_code == 403


def test_each_user_sees_their_own_login_history_and_city_staff_see_everyones(client, login, city_staff, secretary_a):
    attempt(client, "bithu_a", "wrong", address="10.0.8.1")
    attempt(client, "bithu_a", PASSWORD, address="10.0.8.2")
    own = client.get(reverse("login_history")).content.decode()
    assert "10.0.8.1" in own and "10.0.8.2" in own
    assert "Sai tên đăng nhập hoặc mật khẩu" in own
    client.logout()
    staff = login(city_staff)
    assert "10.0.8.1" not in staff.get(reverse("login_history")).content.decode()
    everyone = staff.get(reverse("login_history_all"), {"username": "bithu_a"}).content.decode()
    assert "10.0.8.1" in everyone and "10.0.8.2" in everyone


# ---------------------------------------------------------------- two-factor sign-in


def code_for(device, offset=0):
    return pyotp.TOTP(services.secret_base32(device)).at(time.time() + offset)


def test_city_staff_must_enrol_a_second_factor_when_it_is_required(client, settings, city_staff, secretary_a):
    settings.OTP_REQUIRED_ROLES = ["city_staff", "inspection", "superuser"]
    attempt(client, "vanphong", PASSWORD)
    response = client.get("/members/")
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_setup"))
    client.logout()
    attempt(client, "bithu_a", PASSWORD)
    assert client.get("/members/").status_code == 200, "optional for a secretary"


def test_enrolment_then_sign_in_with_a_code_and_with_a_backup_code(client, settings, city_staff):
    settings.OTP_REQUIRED_ROLES = ["city_staff"]
    attempt(client, "vanphong", PASSWORD)
    page = client.get(reverse("two_factor_setup"))
    assert "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(user=city_staff, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    done = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get("/members/").status_code == 200
    client.post(reverse("logout"))

    attempt(client, "vanphong", PASSWORD)
    assert client.get("/members/").url.startswith(reverse("two_factor_verify"))
    refused = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert refused.status_code == 200 and refused.context["form"].errors
    time.sleep(1.1)  # django-otp makes the next try after a wrong code wait (1 s, then doubling)
    assert client.post(reverse("two_factor_verify"), {"code": code_for(device, 30), "next": "/members/"}).url == (
        "/members/"
    )
    assert client.get("/members/").status_code == 200
    client.post(reverse("logout"))

    attempt(client, "vanphong", PASSWORD)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    client.post(reverse("logout"))
    attempt(client, "vanphong", PASSWORD)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200, "a backup code works once"
    outcomes = set(LoginEvent.objects.filter(user=city_staff).values_list("outcome", flat=True))
    assert {LoginOutcome.CODE_ACCEPTED, LoginOutcome.CODE_REFUSED, LoginOutcome.SUCCESS} <= outcomes


def test_a_secretary_who_enrolled_gives_a_code_too(client, secretary_a):
    device = TOTPDevice.objects.create(user=secretary_a, name="authenticator", confirmed=True)
    attempt(client, "bithu_a", PASSWORD)
    assert client.get("/members/").url.startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert client.get("/members/").status_code == 200


# ---------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    "password", ["KiemDiem@2018", "Matkhau123", "NamDinh1975", "Hà Nội@2024", "dangvien2025!", "bithu_a2024"]
)
def test_passwords_people_here_guess_first_are_refused(password, secretary_a):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password, secretary_a)


def test_a_real_passphrase_is_accepted(secretary_a):
    LocalCommonPasswordValidator().validate("Cay-bang-truoc-ngo-7!", secretary_a)


def test_changing_to_the_demo_password_is_refused_with_a_vietnamese_message(login, secretary_a):
    response = login(secretary_a).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "KiemDiem@2018", "new_password2": "KiemDiem@2018"},
    )
    assert response.status_code == 200
    assert "quá dễ đoán" in response.content.decode()


def test_new_passwords_are_hashed_with_argon2():
    import importlib

    settings_module = importlib.import_module("config.settings")
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("Cay-bang-truoc-ngo-7!", "somesalt12345678").startswith("argon2$")


def test_the_demo_password_still_signs_a_demo_user_in(client, db):
    from tests.factories import make_user

    make_user("vanphong_demo", password="KiemDiem@2018")
    assert attempt(client, "vanphong_demo", "KiemDiem@2018").status_code == 302
