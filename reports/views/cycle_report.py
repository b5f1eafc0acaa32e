"""The cycle report: choose a cycle and scope, read it, edit its texts, finalize, print, PDF and Excel."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core.pdf import pdf_response
from core.replica import reads_from_replica
from core.views import perform
from core.workflow import save_and_submit
from organizations.models import Organization
from reports import cycle_report, cycle_report_xlsx
from reports.figures.common import cycles_for, select_cycle
from reports.forms import CycleReportScopeForm, CycleReportTextForm
from reports.models import CycleReportVersion
from reviews.views.common import get_cycle_or_404

OUTPUTS = ("print", "pdf", "xlsx")


def _load(user, cycle_pk, organization_pk):
    cycle = get_cycle_or_404(user, cycle_pk)
    organization = access.get_or_404(Organization.objects.all(), user, via="", pk=organization_pk)
    return cycle, organization


@login_required
@require_GET
@reads_from_replica
def report_index(request):
    access.require_some_role(request.user)
    cycles = cycles_for(request.user)
    cycle = select_cycle(cycles, request.GET.get("cycle"), request.user)
    scope = CycleReportScopeForm(request.GET if "organization" in request.GET else None, user=request.user, cycle=cycle)
    if cycle and scope.is_bound and scope.is_valid():
        return redirect("reports:cycle_report", cycle.pk, scope.cleaned_data["organization"].pk)
    return render(request, "reports/cycle_report_index.html", {"cycles": cycles, "cycle": cycle, "scope": scope})


def _page(request, cycle, organization, form=None, status=200):
    """The report page: the saved working copy and its figures, with the texts' form (bound after a refusal).

    The body shows the saved texts; what the editor typed lives only in the
    form, so posted data never reaches the rest of the page.
    """
    copy = cycle_report.working_copy(cycle, organization)
    figures = cycle_report.build_figures(cycle, organization, request.user)
    if form is None:
        initial = {"assessment": copy.assessment, "direction": copy.direction, "revision": copy.revision}
        form = CycleReportTextForm(initial=initial)
    context = {
        "cycle": cycle,
        "organization": organization,
        "figures": figures,
        "not_reviewed_listed": cycle_report.not_reviewed_listed(figures),
        "remediation_listed": cycle_report.remediation_listed(figures),
        "remediation_rows": cycle_report.remediation_rows(figures),
        "title": cycle_report.title(figures),
        "assessment": copy.assessment,
        "direction": copy.direction,
        "versions": copy.versions.select_related("finalized_by") if copy.pk else [],
        "report_copy": copy,
        "may_edit": access.can(request.user, "report.edit", organization),
        "form": form,
    }
    return render(request, "reports/cycle_report.html", context, status=status)


@login_required
@require_GET
@reads_from_replica
def report_view(request, cycle_pk, organization_pk):
    cycle, organization = _load(request.user, cycle_pk, organization_pk)
    return _page(request, cycle, organization)


@login_required
@require_POST
def report_edit(request, cycle_pk, organization_pk):
    """Save the texts on the screen, or save them and finalize a version (the form's submit): one step."""
    cycle, organization = _load(request.user, cycle_pk, organization_pk)
    access.require(request.user, "report.edit", organization)
    form = CycleReportTextForm(request.POST)
    if form.is_valid() and (
        done := perform(
            form,
            lambda: save_and_submit(
                request.POST,
                lambda: cycle_report.save_texts(cycle, organization, request.user, **form.cleaned_data),
                lambda: cycle_report.finalize(cycle, organization, request.user),
            ),
        )
    ):
        if form.submitting:
            version = done.result
            messages.success(request, _("Version %(number)s of the report was finalized.") % {"number": version.number})
            return redirect("reports:cycle_report_version", version.pk, "print")
        messages.success(request, _("The report's texts were saved."))
        return redirect("reports:cycle_report", cycle.pk, organization.pk)
    return _page(request, cycle, organization, form, status=400)


def _output(request, output, figures, assessment, direction, status, filename):
    if output not in OUTPUTS:
        raise Http404
    context = {
        "figures": figures,
        "not_reviewed_listed": cycle_report.not_reviewed_listed(figures),
        "remediation_listed": cycle_report.remediation_listed(figures),
        "remediation_rows": cycle_report.remediation_rows(figures),
        "title": cycle_report.title(figures),
        "assessment": assessment,
        "direction": direction,
        "status": status,
    }
    if output == "pdf":
        return pdf_response("reports/cycle_report_print.html", context, f"{filename}.pdf", request=request)
    if output == "xlsx":
        return cycle_report_xlsx.xlsx_response(figures, assessment, direction, status, f"{filename}.xlsx")
    return render(request, "reports/cycle_report_print.html", context)


@login_required
@require_GET
@reads_from_replica
def report_output(request, cycle_pk, organization_pk, output):
    """The working copy with figures as of now, marked as a draft."""
    cycle, organization = _load(request.user, cycle_pk, organization_pk)
    copy = cycle_report.working_copy(cycle, organization)
    figures = cycle_report.build_figures(cycle, organization, request.user)
    filename = f"bao-cao-kiem-diem-{cycle.year}-{organization.code}-du-thao"
    return _output(request, output, figures, copy.assessment, copy.direction, _("Draft"), filename)


@login_required
@require_GET
@reads_from_replica
def version_output(request, pk, output):
    """A finalized version exactly as it was frozen."""
    queryset = CycleReportVersion.objects.select_related("report__cycle", "report__organization")
    version = access.get_or_404(queryset, request.user, via="report__organization", pk=pk)
    status = _("Finalized version %(number)s, %(date)s") % {
        "number": version.number,
        "date": version.finalized_at.strftime("%d/%m/%Y"),
    }
    organization = version.report.organization
    filename = f"bao-cao-kiem-diem-{version.report.cycle.year}-{organization.code}-v{version.number}"
    return _output(request, output, version.figures, version.assessment, version.direction, status, filename)
