"""The audit log page: who changed what, when and from where, for city staff and the Inspection Committee."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit import display
from core import lists
from reports.audit_log import AuditFilterForm, scoped_events


@login_required
@require_GET
def audit_log(request):
    events = scoped_events(request.user)  # 403 for anyone without audit.view
    filters = AuditFilterForm(request.GET, user=request.user)
    page = lists.paginate(request, filters.filter(events).order_by("-id"))
    context = {"filters": filters, "page_obj": page, "rows": display.rows(page.object_list)}
    return render(request, "reports/audit_log.html", context)
