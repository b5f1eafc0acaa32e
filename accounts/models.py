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
