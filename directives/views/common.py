"""Loading helpers shared by the directive views: every object comes through ``accounts.access``."""

from django.shortcuts import get_object_or_404

from accounts import access
from directives.models import Directive, ExplanationReport


def visible_directive(user, pk):
    """A directive the user may see (404 otherwise): see ``DirectiveQuerySet.visible_to``."""
    return get_object_or_404(Directive.objects.visible_to(user).select_related("issuer", "cycle"), pk=pk)


def visible_report(user, pk):
    """An explanation report of an organization in the user's reach (targets lie under the issuer)."""
    reports = ExplanationReport.objects.select_related(
        "directive__issuer", "directive__cycle", "organization", "origin_organization"
    )
    return access.get_or_404(reports, user, via="organization", pk=pk)
