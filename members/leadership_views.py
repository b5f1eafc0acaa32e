"""Pages of the leadership collectives: an organization's list, a collective with its seats, the forms.

Reached from the organization page (the card ``members.leadership.leadership_panel``). City staff change them
(``leadership.change``); whoever sees the organization reads them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from core.views import perform, saved_message
from members import leadership
from members.forms import EndSeatForm, LeadershipBodyForm, SeatEditForm, SeatForm
from members.models import LeadershipBody, LeadershipSeat
from organizations.models import Organization


@login_required
def body_list(request, organization_pk):
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=organization_pk)
    context = {"panel": leadership.leadership_panel(organization, request.user), "organization": organization}
    return render(request, "members/leadership/body_list.html", context)


@login_required
def body_detail(request, pk):
    body = access.get_or_404(LeadershipBody.objects.select_related("organization"), request.user, pk=pk)
    today = timezone.localdate()
    context = {
        "body": body,
        # Held today or from a day to come (a seat added ahead of its start): every seat not ended yet.
        "current": body.seats.filter(Q(end__isnull=True) | Q(end__gt=today)).select_related("member"),
        # Every seat that has ended (those held today are listed above, those to come there too once they start).
        "history": body.seats.filter(end__lte=today).select_related("member").order_by("-end", "position"),
        "today": today,
        "can_change": access.can(request.user, "leadership.change", body.organization),
    }
    return render(request, "members/leadership/body_detail.html", context)


@login_required
def body_create(request, organization_pk):
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=organization_pk)
    access.require(request.user, "leadership.change", organization)
    form = LeadershipBodyForm(request.POST or None, instance=LeadershipBody(organization=organization))
    if request.method == "POST" and form.is_valid():
        done = perform(form, lambda: leadership.create_body(form.save(commit=False)), once=request)
        if done:
            saved_message(request, done, lambda body: _("The leadership collective was added."))
            if done.result is None:
                return redirect("members:bodies", organization.pk)
            return redirect("members:body_detail", done.result.pk)
    return render(request, "members/leadership/body_form.html", {"form": form, "organization": organization})


@login_required
def body_edit(request, pk):
    body = access.get_or_404(LeadershipBody.objects.select_related("organization"), request.user, pk=pk)
    access.require(request.user, "leadership.change", body.organization)
    form = LeadershipBodyForm(request.POST or None, instance=body)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form, lambda: leadership.update_body(form.save(commit=False), form.changed_data, lock=form.edit_lock)
        )
    ):
        messages.success(request, _("The leadership collective was saved."))
        return redirect("members:body_detail", body.pk)
    context = {"form": form, "body": body, "organization": body.organization}
    return render(request, "members/leadership/body_form.html", context)


@login_required
def seat_add(request, pk):
    body = access.get_or_404(LeadershipBody.objects.select_related("organization"), request.user, pk=pk)
    access.require(request.user, "leadership.change", body.organization)
    form = SeatForm(request.POST or None, user=request.user, body=body)
    if request.method == "POST" and form.is_valid():
        done = perform(form, lambda: leadership.add_seat(body, **form.cleaned_data), once=request)
        if done:
            saved_message(request, done, lambda seat: _("Comrade %(name)s was given the seat.") % {"name": seat.member})
            return redirect("members:body_detail", body.pk)
    return render(request, "members/leadership/seat_form.html", {"form": form, "body": body})


def _seat_or_404(request, pk):
    seat = access.get_or_404(
        LeadershipSeat.objects.select_related("body__organization", "member"),
        request.user,
        via="body__organization",
        pk=pk,
    )
    access.require(request.user, "leadership.change", seat.body.organization)
    return seat


@login_required
def seat_edit(request, pk):
    seat = _seat_or_404(request, pk)
    form = SeatEditForm(request.POST or None, instance=seat)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form, lambda: leadership.update_seat(form.save(commit=False), form.changed_data, lock=form.edit_lock)
        )
    ):
        messages.success(request, _("The seat of comrade %(name)s was saved.") % {"name": seat.member})
        return redirect("members:body_detail", seat.body_id)
    return render(request, "members/leadership/seat_form.html", {"form": form, "body": seat.body, "seat": seat})


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request, pk):
    """The confirmation page (GET) and the ending itself (POST): the seat stays in the history, with its end."""
    seat = access.get_or_404(
        LeadershipSeat.objects.select_related("body__organization", "member"),
        request.user,
        via="body__organization",
        pk=pk,
    )
    access.require(request.user, "leadership.change", seat.body.organization)
    form = EndSeatForm(request.POST or None, initial={"end": timezone.localdate()})
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: leadership.end_seat(seat, form.cleaned_data["end"]))
    ):
        messages.success(request, _("The seat of comrade %(name)s was ended.") % {"name": seat.member})
        return redirect("members:body_detail", seat.body_id)
    return render(request, "members/leadership/seat_end.html", {"form": form, "seat": seat, "body": seat.body})
