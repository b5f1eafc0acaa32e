"""Organization pages: list and detail."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import access
from organizations.models import Organization


@login_required
def organization_list(request):
    organizations = access.visible_organizations(request.user)
    return render(request, "organizations/organization_list.html", {"organizations": organizations[:50]})


@login_required
def organization_detail(request, pk):
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=pk)
    return render(request, "organizations/organization_detail.html", {"organization": organization})
