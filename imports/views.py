"""Import pages: the kinds one may import, the upload, the dry run's report and the confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.models import Role, RoleAssignment
from core import jobs
from core.exports import XLSX_CONTENT_TYPE
from core.lists import paginate
from core.views import perform, perform_action
from imports import invitations, services
from imports.engine import PERMISSIONS
from imports.forms import InviteForm, UploadForm
from imports.models import ImportBatch, ImportKind
from imports.template import columns_of, template_bytes
from organizations.models import BRANCH_KINDS, GRASSROOTS_KINDS, Organization

SECRETARY_KINDS = (*GRASSROOTS_KINDS, *BRANCH_KINDS)

ERRORS_PER_PAGE = 100


def _kind_or_404(kind):
    if kind not in ImportKind.values:
        raise Http404
    return ImportKind(kind)


def _require_kind(user, kind):
    access.require_anywhere(user, PERMISSIONS[kind])


def _own_batch(request, pk):
    return access.get_own_or_404(ImportBatch.objects.all(), request.user, pk=pk)


@login_required
@require_GET
def index(request):
    kinds = [kind for kind in ImportKind if access.can_anywhere(request.user, PERMISSIONS[kind])]
    if not kinds:
        raise PermissionDenied
    batches = ImportBatch.objects.filter(owner=request.user)[:30]
    can_invite = access.can_anywhere(request.user, "import.accounts")
    return render(request, "imports/index.html", {"kinds": kinds, "batches": batches, "can_invite": can_invite})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, kind):
    kind = _kind_or_404(kind)
    _require_kind(request.user, kind)
    form = UploadForm(request.POST or None, request.FILES or None, kind=kind)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := perform(
                form,
                lambda: services.start(request.user, kind, form.cleaned_data["file"], form.cleaned_data.get("year")),
            )
        )
    ):
        return redirect("imports:batch", pk=done.result.pk)
    context = {"kind": kind, "form": form, "columns": columns_of(kind)}
    return render(request, "imports/upload.html", context)


@login_required
@require_GET
def template_download(request, kind):
    kind = _kind_or_404(kind)
    _require_kind(request.user, kind)
    response = HttpResponse(template_bytes(kind), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"mau-nhap-{kind}.xlsx")
    return response


@login_required
@require_GET
def batch_detail(request, pk):
    batch = _own_batch(request, pk)
    report = batch.report or {}
    errors = Paginator(report.get("errors", []), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    changes = batch.changes.order_by("row")[:200] if batch.applied_at else []
    context = {"batch": batch, "report": report, "errors": errors, "changes": changes}
    return render(request, "imports/batch.html", context)


@login_required
@require_GET
def batch_status(request, pk):
    batch = _own_batch(request, pk)
    return JsonResponse(jobs.status_payload(batch, reverse("imports:batch", args=[batch.pk])))


@login_required
@require_POST
def batch_confirm(request, pk):
    batch = _own_batch(request, pk)
    _require_kind(request.user, batch.kind)
    if perform_action(request, lambda: services.confirm(batch)):
        messages.info(request, _("The import is being written."))
    return redirect("imports:batch", pk=batch.pk)


@login_required
@require_POST
def batch_check_again(request, pk):
    batch = _own_batch(request, pk)
    _require_kind(request.user, batch.kind)
    perform_action(request, lambda: services.check_again(batch))
    return redirect("imports:batch", pk=batch.pk)


@login_required
@require_http_methods(["GET", "POST"])
def secretaries(request):
    """The organizations in reach with their secretary: invite them in bulk; the accounts not yet activated."""
    access.require_anywhere(request.user, "import.accounts")
    organizations = Organization.objects.permitted_to(request.user, "import.accounts").filter(
        kind__in=SECRETARY_KINDS, valid_to__isnull=True
    )
    form = InviteForm(request.POST or None, queryset=organizations)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["organizations"])
        if done := perform(form, lambda: invitations.invite_secretaries(request.user, chosen)):
            invited, skipped = done.result
            messages.success(request, _("%(count)d secretaries were invited by email.") % {"count": len(invited)})
            for organization, why in skipped:
                messages.warning(request, f"{organization}: {why}")
            return redirect("imports:secretaries")
    page = paginate(request, organizations.order_by("path"))
    found = invitations.candidates(page.object_list)
    holders = {}
    assignments = RoleAssignment.objects.filter(organization__in=page.object_list, role=Role.SECRETARY)
    for assignment in assignments.select_related("user"):
        holders.setdefault(assignment.organization_id, []).append(assignment.user)
    rows = [(organization, found.get(organization.pk), holders.get(organization.pk, [])) for organization in page]
    context = {"form": form, "page": page, "rows": rows, "pending": invitations.pending(request.user)[:100]}
    return render(request, "imports/secretaries.html", context)
