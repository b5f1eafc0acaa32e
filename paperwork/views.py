"""Printed documents as Word or PDF, and the whole review file built in the background."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core import jobs
from core.downloads import media_download
from core.views import perform_action
from organizations.models import Organization
from paperwork import layout, registry, tasks
from paperwork.content import cycle_report
from paperwork.models import Output, ReviewFileJob
from reports.cycle_report import build_figures, working_copy
from reviews.models import CollectiveReview
from reviews.views.common import get_cycle_or_404


@login_required
@require_GET
def document(request, kind, pk, output):
    """One document of ``kind`` printed from the record ``pk``: 404 when the record is out of reach."""
    spec = registry.get_or_404(kind)
    record = spec.load(request.user, pk)
    return layout.response(spec.papers(record, request.GET), spec.stem(record), output)


@login_required
@require_GET
def cycle_report_draft(request, cycle_pk, organization_pk, output):
    """The cycle report's working copy in the official layout, with the figures as of now, marked as a draft."""
    cycle = get_cycle_or_404(request.user, cycle_pk)
    organization = access.get_or_404(
        Organization.objects.select_related("parent"), request.user, via="", pk=organization_pk
    )
    copy = working_copy(cycle, organization)
    with translation.override(settings.LANGUAGE_CODE):  # the figures' labels are worded like the document
        figures = build_figures(cycle, organization, request.user)
        papers = cycle_report.cycle_report_paper(
            organization, figures, copy.assessment, copy.direction, day=cycle.reference_date
        )
    stem = f"bao-cao-kiem-diem-{cycle.year}-{registry.slug(organization.code)}-du-thao"
    return layout.response(papers, stem, output)


@login_required
@require_POST
def review_file_start(request, pk):
    """Start building the whole review file of a collective review the user may see."""
    review = access.get_or_404(CollectiveReview.objects.all(), request.user, pk=pk)
    output = request.POST.get("output", Output.DOCX)
    if output not in Output.values:
        raise Http404
    if done := perform_action(request, lambda: tasks.start_review_file(request.user, review, output)):
        return redirect("paperwork:file_job", done.result.pk)
    return redirect("reviews:collective_detail", review.pk)


def _own_job(request, pk):
    jobs_ = ReviewFileJob.objects.select_related("review__organization", "review__cycle")
    return access.get_own_or_404(jobs_, request.user, pk=pk)


@login_required
@require_GET
def file_job(request, pk):
    return render(request, "paperwork/file_job.html", {"job": _own_job(request, pk)})


@login_required
@require_GET
def file_job_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(jobs.status_payload(job, reverse("paperwork:file_job_download", args=[job.pk])))


@login_required
@require_GET
def file_job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != jobs.JobStatus.DONE:
        raise Http404
    review = job.review
    filename = f"ho-so-kiem-diem-{review.cycle.year}-{registry.slug(review.organization.code)}-{job.output}.zip"
    return media_download(job.file, filename)
