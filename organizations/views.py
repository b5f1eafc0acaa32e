"""Organization pages: list, detail (sub-tree, officers, member counts), create, edit, close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core.lists import paginate, sort
from core.views import lookup_response, perform
from organizations import lookups, services
from organizations.forms import OrganizationCloseForm, OrganizationFilterForm, OrganizationForm
from organizations.hooks import detail_panels
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
        "predecessors": organization.predecessors.order_by("valid_to", "name"),
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


@login_required
def organization_close(request, pk):
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=pk)
    access.require(request.user, "organization.change", organization)
    form = OrganizationCloseForm(request.POST or None, user=request.user, organization=organization)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.close_organization(organization, **form.cleaned_data))
    ):
        messages.success(request, _("The organization was closed."))
        return redirect("organizations:detail", organization.pk)
    return render(request, "organizations/organization_close.html", {"form": form, "organization": organization})


@login_required
def organization_lookup(request):
    """The organization picker's suggestions (``core.widgets``): JSON, within the user's reach only."""
    params = lookups.LookupParams(request.GET).params()
    choices = lookups.organization_choices(request.user, **params)
    return lookup_response(choices, request.GET.get("q", ""), lookups.describe)
