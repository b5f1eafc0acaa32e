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
from core.views import perform, perform_action
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
    cycle = select_cycle(cycles, request.GET.get("cycle"))
    scope = CycleReportScopeForm(request.GET if "organization" in request.GET else None, user=request.user, cycle=cycle)
    if cycle and scope.is_bound and scope.is_valid():
        return redirect("reports:cycle_report", cycle.pk, scope.cleaned_data["organization"].pk)
    return render(request, "reports/cycle_report_index.html", {"cycles": cycles, "cycle": cycle, "scope": scope})


@login_required
@require_GET
@reads_from_replica
def report_view(request, cycle_pk, organization_pk):
    cycle, organization = _load(request.user, cycle_pk, organization_pk)
    copy = cycle_report.working_copy(cycle, organization)
    figures = cycle_report.build_figures(cycle, organization, request.user)
    context = {
        "cycle": cycle,
        "organization": organization,
        "figures": figures,
        "title": cycle_report.title(figures),
        "assessment": copy.assessment,
        "direction": copy.direction,
        "versions": copy.versions.select_related("finalized_by") if copy.pk else [],
        "may_edit": access.can(request.user, "report.edit", organization),
        "form": CycleReportTextForm(initial={"assessment": copy.assessment, "direction": copy.direction}),
    }
    return render(request, "reports/cycle_report.html", context)


@login_required
@require_POST
def report_edit(request, cycle_pk, organization_pk):
    cycle, organization = _load(request.user, cycle_pk, organization_pk)
    access.require(request.user, "report.edit", organization)
    form = CycleReportTextForm(request.POST)
    if form.is_valid() and perform(
        form, lambda: cycle_report.save_texts(cycle, organization, request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The report's texts were saved."))
        return redirect("reports:cycle_report", cycle.pk, organization.pk)
    figures = cycle_report.build_figures(cycle, organization, request.user)
    context = {"cycle": cycle, "organization": organization, "figures": figures, "form": form, "may_edit": True}
    context |= {"title": cycle_report.title(figures), "versions": [], **form.data.dict()}
    return render(request, "reports/cycle_report.html", context, status=400)


@login_required
@require_POST
def report_finalize(request, cycle_pk, organization_pk):
    cycle, organization = _load(request.user, cycle_pk, organization_pk)
    access.require(request.user, "report.edit", organization)
    if done := perform_action(request, lambda: cycle_report.finalize(cycle, organization, request.user)):
        version = done.result
        messages.success(request, _("Version %(number)s of the report was finalized.") % {"number": version.number})
        return redirect("reports:cycle_report_version", version.pk, "print")
    return redirect("reports:cycle_report", cycle.pk, organization.pk)


def _output(request, output, figures, assessment, direction, status, filename):
    if output not in OUTPUTS:
        raise Http404
    context = {
        "figures": figures,
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
