"""An organization's reviews and remediation: ratings over the years, the current cycle, directives, commitments."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from commitments.includes import organization_commitments
from core.replica import reads_from_replica
from organizations.models import Organization
from reports.dashboard import remediation_chart
from reports.figures import organization as figures
from reports.figures.remediation import REPORT_ROWS_SHOWN, remediation


@login_required
@require_GET
@reads_from_replica
def organization_overview(request, pk):
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=pk)
    commitments = remediation(request.user, organization, limit=REPORT_ROWS_SHOWN)
    context = {
        "organization": organization,
        "reviews": figures.reviews_over_the_years(organization, request.user),
        "directives": figures.directives_received(organization, request.user),
        "remediation": commitments,
        "remediation_chart": remediation_chart(commitments),
        **organization_commitments(organization, request.user),
    }
    return render(request, "reports/organization_overview.html", context)
