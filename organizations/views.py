"""Organization pages: list, detail, create, edit; the restructuring events' forms and the history page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core.lists import paginate, sort
from core.views import lookup_response, perform
from organizations import lineage, lookups, services
from organizations.forms import (
    DissolveForm,
    MergeForm,
    MoveForm,
    OrganizationFilterForm,
    OrganizationForm,
    RenameForm,
    SplitForm,
)
from organizations.hooks import basis_links, detail_panels
from organizations.models import Organization

LIST_SORTS = {"name": "search_text", "code": "code", "kind": "kind", "sector": "sector", "valid_from": "valid_from"}


@login_required
def organization_list(request):
    filters = OrganizationFilterForm(request.GET)
    organizations = filters.filter(Organization.objects.visible_to(request.user).select_related("parent"))
    organizations, current_sort = sort(organizations, request.GET.get("sort"), LIST_SORTS, "name")
    context = {"filters": filters, "page_obj": paginate(request, organizations), "current_sort": current_sort}
    return render(request, "organizations/organization_list.html", context)


@login_required
def organization_detail(request, pk):
    user = request.user
    organization = access.get_or_404(Organization.objects.select_related("parent", "successor"), user, via="", pk=pk)
    # One prefix query for the whole sub-tree, whatever its depth; the members are counted for the page's
    # rows only (a province's top committee has 5,669 descendants: counting them all took most of the page).
    page = paginate(request, organization.descendants().order_by("path"))
    counts = dict(
        Organization.objects.filter(pk__in=[unit.pk for unit in page])
        .annotate(member_count=Count("members"))
        .values_list("pk", "member_count")
    )
    for unit in page:
        unit.member_count = counts.get(unit.pk, 0)
    context = {
        "organization": organization,
        "ancestors": access.scope(organization.ancestors(), user, via=""),
        "predecessor_links": lineage.predecessor_links(organization),
        "successor_links": lineage.successor_links(organization),
        # Closed before the events were recorded: the successor column alone.
        "legacy_predecessors": organization.predecessors.exclude(successor_links__isnull=False).order_by("valid_to"),
        "page_obj": page,
        "role_holders": organization.role_assignments.select_related("user").order_by("role", "user__username"),
        "panels": [(panel.template, panel.context(organization, user)) for panel in detail_panels],
        "can_change": access.can(user, "organization.change", organization),
        "can_add_member": access.can(user, "member.change", organization),
    }
    return render(request, "organizations/organization_detail.html", context)


@login_required
def organization_create(request, pk):
    """A new organization under the organization ``pk``."""
    parent = access.get_or_404(Organization.objects.all(), request.user, via="", pk=pk)
    access.require(request.user, "organization.change", parent)
    initial = {"parent": parent, "sector": parent.sector}
    form = OrganizationForm(request.POST or None, user=request.user, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and (done := perform(form, lambda: services.create_organization(form.save(commit=False))))
    ):
        messages.success(request, _("The organization was created."))
        return redirect("organizations:detail", done.result.pk)
    return render(request, "organizations/organization_form.html", {"form": form, "parent": parent})


@login_required
def organization_edit(request, pk):
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=pk)
    access.require(request.user, "organization.change", organization)
    form = OrganizationForm(request.POST or None, instance=organization, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form, lambda: services.update_organization(form.save(commit=False), form.changed_data, lock=form.edit_lock)
        )
    ):
        messages.success(request, _("The organization was saved."))
        return redirect("organizations:detail", organization.pk)
    return render(request, "organizations/organization_form.html", {"form": form, "organization": organization})


CONTROL_FIELDS = {"csrfmiddlewaretoken", "confirmed", "back"}


def _event_page(request, pk, form_class, run, title, done_message):
    """The page of a restructuring event: the form, then its summary to confirm, then the one service call.

    Every step is a POST of the same fields (hidden once typed); nothing is
    stored before the confirmed one, and a refusal shows the form again with
    the message next to its field.
    """
    organization = access.get_or_404(Organization.objects.select_related("parent"), request.user, via="", pk=pk)
    access.require(request.user, "organization.change", organization)
    if organization.valid_to is not None:
        messages.error(request, _("%(name)s is already closed.") % {"name": organization.name})
        return redirect("organizations:history", organization.pk)
    form = form_class(request.POST or None, user=request.user, organization=organization)
    confirming = False
    if request.method == "POST" and form.is_valid() and form.ready() and not request.POST.get("back"):
        if request.POST.get("confirmed") and (done := perform(form, lambda: run(organization, form))):
            messages.success(request, done_message)
            return redirect("organizations:history", done.result.subject_id)
        confirming = not form.errors
    context = {
        "form": form,
        "organization": organization,
        "title": title,
        "confirming": confirming,
        "summary": form.summary() if confirming else [],
        # The confirmation sends back what was typed, as typed (a picker posts its text box too).
        "carried": [
            (name, value) for name in request.POST if name not in CONTROL_FIELDS for value in request.POST.getlist(name)
        ]
        if confirming
        else [],
    }
    return render(request, "organizations/event_form.html", context)


@login_required
def organization_merge(request, pk):
    def run(organization, form):
        return services.merge(
            form.predecessors(), form.into(), form.cleaned_data["on_date"], form.basis(), request.user
        )

    return _event_page(request, pk, MergeForm, run, _("Merge organizations"), _("The merger was recorded."))


@login_required
def organization_split(request, pk):
    def run(organization, form):
        data = form.cleaned_data
        successors = form.successors()
        return services.split(organization, successors, data["on_date"], form.basis(), form.assignments(), request.user)

    return _event_page(request, pk, SplitForm, run, _("Split the organization"), _("The split was recorded."))


@login_required
def organization_rename(request, pk):
    def run(organization, form):
        data = form.cleaned_data
        return services.rename(organization, data["name"], data["on_date"], form.basis(), request.user)

    return _event_page(request, pk, RenameForm, run, _("Rename the organization"), _("The renaming was recorded."))


@login_required
def organization_move(request, pk):
    def run(organization, form):
        data = form.cleaned_data
        return services.move(organization, data["parent"], data["on_date"], form.basis(), request.user)

    return _event_page(request, pk, MoveForm, run, _("Move under another superior"), _("The move was recorded."))


@login_required
def organization_close(request, pk):
    def run(organization, form):
        data = form.cleaned_data
        return services.dissolve(organization, data["on_date"], form.basis(), data["successor"], request.user)

    return _event_page(
        request, pk, DissolveForm, run, _("Dissolve the organization"), _("The dissolution was recorded.")
    )


@login_required
def organization_history(request, pk):
    """ "Lịch sử tổ chức": what the organization was formed from, what it became, its renamings and moves."""
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=pk)
    events = list(lineage.events_of(organization))
    links = {}
    for find in basis_links:
        for event_pk, url in find(events, request.user).items():
            links.setdefault(event_pk, url)
    context = {
        "organization": organization,
        "predecessor_links": lineage.predecessor_links(organization),
        "successor_links": lineage.successor_links(organization),
        "events": [(event, links.get(event.pk)) for event in events],
        "legacy_predecessors": organization.predecessors.exclude(successor_links__isnull=False).order_by("valid_to"),
        "prior_states": organization.prior_states.select_related("parent", "event").order_by("until", "pk"),
        "can_change": access.can(request.user, "organization.change", organization) and organization.valid_to is None,
    }
    return render(request, "organizations/organization_history.html", context)


@login_required
def organization_lookup(request):
    """The organization picker's suggestions (``core.widgets``): JSON, within the user's reach only."""
    params = lookups.LookupParams(request.GET).params()
    choices = lookups.organization_choices(request.user, **params)
    return lookup_response(choices, request.GET.get("q", ""), lookups.describe)
