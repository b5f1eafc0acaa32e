"""The dashboard page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from core.replica import reads_from_replica
from reports import dashboard


def require_some_role(user):
    """Anyone with a role sees the figures of their own reach; a user with none has none."""
    if not (user.is_superuser or access.roles_of(user)):
        raise PermissionDenied


@login_required
@require_GET
@reads_from_replica
def dashboard_view(request):
    require_some_role(request.user)
    return render(request, "reports/dashboard.html", dashboard.build(request.user, request.GET))
