"""The dashboard page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from core.replica import reads_from_replica
from reports import dashboard


@login_required
@require_GET
@reads_from_replica
def dashboard_view(request):
    access.require_some_role(request.user)
    return render(request, "reports/dashboard.html", dashboard.build(request.user, request.GET))
