"""Users and their roles at organizations."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
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


class CurrentRoleManager(models.Manager):
    """Roles held today: an ended role (a secretary replaced) grants nothing, but its row stays as history."""

    def get_queryset(self):
        today = timezone.localdate()
        return super().get_queryset().filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))


class AllRolesManager(models.Manager):
    """Every assignment, ended ones included: the history of who held a role where."""


class RoleAssignment(models.Model):
    """A user's role at an organization; it reaches the organization's whole sub-tree.

    ``objects`` gives the roles held today, so every access check, reminder
    and escalation forgets a role once it has ended; ``history`` gives all.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True, help_text="First day without the role.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CurrentRoleManager()
    history = AllRolesManager()

    class Meta:
        base_manager_name = "history"
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            # One open assignment of a role per user and organization; ended ones are history.
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(ends_on__isnull=True),
                name="role_assignment_unique",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="role_assignment_ends_after_start",
            ),
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
