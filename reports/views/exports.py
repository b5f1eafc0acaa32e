"""Excel exports of the lists, and the export jobs of the current user."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from core import jobs
from core.downloads import media_download
from core.exports import XLSX_CONTENT_TYPE, xlsx_response
from core.replica import reads_from_replica
from core.views import perform_action
from reports import registry, tasks
from reports.models import ExportJob, ExportStatus


@login_required
@require_http_methods(["GET", "POST"])
@reads_from_replica
def export_view(request, name):
    """GET: the file at once if small, else a page offering a background export. POST: start it."""
    export = registry.get_or_404(name)
    if request.method == "POST":
        # Who may read these rows at all (the audit log: 403) is asked now, not first in the worker.
        export.rows(request.user, export.params(request.POST))
        if done := perform_action(
            request, lambda: tasks.start_export(request.user, export, export.params(request.POST))
        ):
            return redirect("reports:job", pk=done.result.pk)
        return redirect(request.get_full_path())
    params = export.params(request.GET)
    rows = export.rows(request.user, params)
    count = rows.count()
    if count <= settings.EXPORT_SYNC_LIMIT:
        return xlsx_response(rows, export.columns, export.filename(), title=export.sheet_title)
    context = {"export": export, "params": params, "count": count, "limit": settings.EXPORT_SYNC_LIMIT}
    return render(request, "reports/export_confirm.html", context)


def _own_job(request, pk):
    return access.get_own_or_404(ExportJob.objects.all(), request.user, pk=pk)


@login_required
@require_GET
def job_list(request):
    jobs = ExportJob.objects.filter(owner=request.user)[:50]
    return render(request, "reports/job_list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request, pk):
    job = _own_job(request, pk)
    return render(request, "reports/job_detail.html", {"job": job})


@login_required
@require_GET
def job_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(jobs.status_payload(job, reverse("reports:job_download", args=[job.pk])))


@login_required
@require_GET
def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != ExportStatus.DONE:
        raise Http404
    filename = f"{job.kind}-{job.created_at:%Y%m%d}-{job.pk}.xlsx"
    return media_download(job.file, filename, XLSX_CONTENT_TYPE)


def job_download_url(job):
    return reverse("reports:job_download", args=[job.pk]) if job.status == ExportStatus.DONE else ""
