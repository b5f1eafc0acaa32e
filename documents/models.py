"""The register of directing documents (văn bản chỉ đạo) of a Party committee."""

import uuid
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import access
from core.models import SearchableModel
from core.uploads import UploadValidator

DOCUMENT_FILE_VALIDATOR = UploadValidator(("pdf", "docx"))


class DocumentType(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")
    PLAN = "plan", _("Plan")
    ACTION_PROGRAMME = "action_programme", _("Action programme")
    GUIDANCE = "guidance", _("Guidance")
    NOTICE = "notice", _("Notice")
    CONCLUSION = "conclusion", _("Conclusion")
    REGULATION = "regulation", _("Regulation")


def document_file_path(instance, filename):
    # A random stored name: the original name is kept in ``file_name`` for downloads,
    # and nothing a user typed ends up in a path on disk.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"documents/{uuid.uuid4().hex}{suffix}"


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Documents registered in the user's reach, or by a committee above it.

        A ward secretary reads the city committee's documents: they are what the
        ward carries out. Reach itself comes from ``accounts.access``.
        """
        return access.scope_with_superiors(self, user, via="organization")


class Document(SearchableModel):
    SEARCH_FIELDS = ("number", "issuing_body", "title", "summary")

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    number = models.CharField(_("number and symbol"), max_length=64, help_text=_("For example 15-KH/TU"))
    kind = models.CharField(_("type"), max_length=32, choices=DocumentType.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    issued_on = models.DateField(_("date issued"))
    # Copied from ``issued_on`` on save; it carries the "unique per issuer and year" rule.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(
        _("attached file"), upload_to=document_file_path, blank=True, validators=[DOCUMENT_FILE_VALIDATOR]
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    cycles = models.ManyToManyField(
        "reviews.ReviewCycle", verbose_name=_("review cycles governed"), blank=True, related_name="documents"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuing_body", "year", "number"], name="document_number_unique_per_year"),
        ]
        indexes = [
            # The register lists a committee's documents filtered by type and year.
            models.Index(fields=["organization", "kind", "year"], name="document_org_kind_year"),
        ]

    def __str__(self):
        return f"{self.number} – {self.title}"

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.year = self.issued_on.year
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "issued_on" in update_fields:
            kwargs["update_fields"] = {*update_fields, "year"}
        super().save(*args, **kwargs)

    def number_taken(self):
        """Whether another document of the same issuer and year already has this number."""
        return (
            Document.objects.filter(
                issuing_body=self.issuing_body, year=self.issued_on.year, number__iexact=self.number
            )
            .exclude(pk=self.pk)
            .exists()
        )
