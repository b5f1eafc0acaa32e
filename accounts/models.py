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
