"""Sign-in protection: the login history, two-factor devices (django-otp) and lifting a lockout (django-axes)."""

import base64

import qrcode
import qrcode.image.svg
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.addresses import client_address
from accounts.models import LoginEvent, LoginOutcome, User
from core.errors import DomainError

BACKUP_CODES = 10
TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"
# Whether the signed-in user has an authenticator, noted in the session at login (so no query per request).
ENROLLED_KEY = "second_factor_enrolled"

# ---------------------------------------------------------------- login history


def record_login(request, outcome, user=None, username=""):
    """One row of the login history; the address as the lockout sees it (``accounts.addresses``)."""
    if user is None and username:
        user = User.objects.filter(username=username).first()
    LoginEvent.objects.create(
        user=user,
        username=(username or getattr(user, "username", ""))[:150],
        address=client_address(request) if request is not None else None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else "",
        outcome=outcome,
    )


def on_logged_in(sender, request, user, **kwargs):
    record_login(request, LoginOutcome.SUCCESS, user=user)
    if hasattr(request, "session"):
        request.session[ENROLLED_KEY] = has_second_factor(user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    locked = getattr(request, "axes_locked_out", False)
    outcome = LoginOutcome.LOCKED_OUT if locked else LoginOutcome.FAILURE
    record_login(request, outcome, username=str(credentials.get("username", "")))


# ---------------------------------------------------------------- two-factor devices


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user):
    """The user's authenticator being enrolled (unconfirmed), made on first use; its secret stays until confirmed."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=False, defaults={"name": TOTP_NAME})
    return device


def qr_svg_data_uri(text):
    """``text`` as a QR code: an SVG (no Pillow needed) in a data: URI, which the CSP allows for images."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def secret_base32(device):
    """The secret as the authenticator apps take it when typed in."""
    return base64.b32encode(device.bin_key).decode()


@transaction.atomic
def confirm_totp(user, device, token):
    """Confirm the authenticator being enrolled with its first code; return fresh backup codes."""
    if device.user_id != user.pk or device.confirmed:
        raise DomainError(_("This enrolment is no longer pending. Open the page again."))
    if not device.verify_token(token):
        raise DomainError(_("The code is not right. Check the time on your phone and type the current code."),
                          field="code")  # fmt: skip
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_backup_codes(user)


@transaction.atomic
def new_backup_codes(user):
    """Replace the user's backup codes (each works once) and return them; only their use is stored afterwards."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def check_code(user, token):
    """The device that accepts ``token`` (an authenticator code or an unused backup code), or None.

    Not run inside a refusal's rollback: a wrong code must count towards the
    device's throttling (django-otp's growing delay between tries), which a
    rolled-back transaction would forget.
    """
    token = "".join(str(token).split())
    for device in devices_for_user(user, confirmed=True):
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


# ---------------------------------------------------------------- lockouts


def lockouts():
    """(accounts, addresses) locked now: [{"key", "failures", "last"}], as django-axes counts them.

    Axes keeps one attempts row per user name and address and locks a user name,
    or an address, once the failures of its rows within the cool-off add up to the limit.
    """
    from axes.models import AccessAttempt

    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)

    def locked(column):
        rows = (
            recent.exclude(**{f"{column}__isnull": True})
            .values(column)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by("-last")
        )
        return [{"key": row[column], "failures": row["failures"], "last": row["last"]} for row in rows if row[column]]

    return locked("username"), locked("ip_address")


def unlock(*, username=None, address=None):
    """Lift the lockout of an account or of an address: its failed attempts are forgotten."""
    if not (username or address):
        raise DomainError(_("Name an account or an address to unlock."))
    removed = axes_reset(username=username) if username else axes_reset(ip=address)
    if not removed:
        raise DomainError(_("It was not locked (any more)."))
    return removed


def reached_organization_ids(user):
    """The ids of the organizations ``user`` reaches, as a subquery (the audit history's parts)."""
    from django.apps import apps

    from accounts import access

    organizations = apps.get_model("organizations", "Organization").objects.all()
    return access.scope(organizations, user, via="").values("pk")
