"""Users and their roles at organizations."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY_STAFF = "city_staff", _("City committee staff")
    STANDING_MEMBER = "standing_member", _("Standing Committee member in charge")
    INSPECTION = "inspection", _("Inspection Committee")
    SECRETARY = "secretary", _("Secretary")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("Party member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username


class RoleAssignment(models.Model):
    """A user's role at an organization; it reaches the organization's whole sub-tree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="role_assignment_unique"),
        ]
        indexes = [
            # Escalation and digests look up who holds a role at an organization.
            models.Index(fields=["organization", "role"], name="role_assignment_org_role"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organization}"


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", _("Password accepted")
    FAILURE = "failure", _("Wrong user name or password")
    LOCKED_OUT = "locked_out", _("Refused: locked out after repeated failures")
    CODE_ACCEPTED = "code_accepted", _("Second factor accepted")
    CODE_REFUSED = "code_refused", _("Wrong second-factor code")


class LoginEvent(models.Model):
    """One sign-in attempt: who (as typed, and the account when it exists), when, from where, and how it ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="login_events"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=LoginOutcome.choices)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=LoginOutcome.values), name="login_event_outcome"),
        ]
        indexes = [
            # A user's own history, newest first; the city staff's list filters by user name.
            models.Index(fields=["user", "-at"], name="login_event_user_recent"),
            models.Index(fields=["username", "-at"], name="login_event_username_recent"),
        ]

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M} {self.outcome}"
