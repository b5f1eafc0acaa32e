"""Inbox, preferences, and the city staff's schedule settings and failed-delivery list.

A notification belongs to one person: the inbox and every action on a
notification filter by ``user=request.user``, so another person's notification
answers 404. Links lead to the items' own pages, which load them through
``accounts.access``. Schedules and failed deliveries are city-level: the user
needs the permission at one of their organizations (the city committee).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core.lists import paginate, sort
from core.views import perform, perform_action
from notifications import services
from notifications.forms import InboxFilterForm, PreferencesForm, ScheduleForm
from notifications.models import Channel, Delivery, DeliveryStatus, Digest, Notification, ReminderSchedule
from notifications.providers import registry


@login_required
def inbox(request):
    filters = InboxFilterForm(request.GET)
    notifications = filters.filter(Notification.objects.for_user(request.user).select_related("organization"))
    page = paginate(request, notifications)
    for notification in page:
        notification.kind_label = registry.label(notification.kind)
    return render(request, "notifications/inbox.html", {"page_obj": page, "filters": filters})


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    perform_action(request, lambda: services.mark_read(notification))
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    if done := perform_action(request, lambda: services.mark_all_read(request.user)):
        messages.success(request, _("%(count)s notifications marked as read.") % {"count": done.result})
    return redirect("notifications:inbox")


@login_required
@require_POST
def acknowledge(request, pk):
    notification = get_object_or_404(
        Notification.objects.for_user(request.user).select_related("delivery"), pk=pk, delivery__isnull=False
    )
    if perform_action(request, lambda: services.acknowledge(notification, request.user)):
        messages.success(request, _("Acknowledged: this item will not be escalated further."))
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    kinds = registry.choices()
    saved = dict(request.user.notification_preferences.values_list("kind", "channel"))
    initial = {kind: saved.get(kind, Channel.DIGEST) for kind, _label in kinds}
    form = PreferencesForm(request.POST or None, kinds=kinds, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.save_preferences(request.user, form.cleaned_data))
    ):
        messages.success(request, _("Your email preferences were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def schedule_list(request):
    access.require_anywhere(request.user, "notification.configure")
    saved = {schedule.kind: schedule for schedule in ReminderSchedule.objects.all()}
    schedules = [(label, saved.get(kind) or ReminderSchedule.default_for(kind)) for kind, label in registry.choices()]
    return render(request, "notifications/schedule_list.html", {"schedules": schedules})


@login_required
def schedule_edit(request, kind):
    access.require_anywhere(request.user, "notification.configure")
    provider = registry.get(kind)
    if provider is None:
        raise Http404
    schedule = ReminderSchedule.for_kind(kind)
    form = ScheduleForm(request.POST or None, initial=ScheduleForm.initial_for(schedule))
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.save_schedule(kind, request.user, **form.cleaned_data))
    ):
        messages.success(request, _("The reminder schedule was saved."))
        return redirect("notifications:schedules")
    context = {"form": form, "label": provider.label, "kind": kind, "schedule": schedule}
    return render(request, "notifications/schedule_form.html", context)


@login_required
def failed(request):
    access.require_anywhere(request.user, "notification.view_failed")
    deliveries = access.scope(
        Delivery.objects.filter(status=DeliveryStatus.FAILED).select_related("recipient", "organization"),
        request.user,
        via="organization",
    )
    deliveries, current_sort = sort(
        deliveries, request.GET.get("sort"), {"updated": "updated_at", "deadline": "deadline"}, "-updated"
    )
    digests = Digest.objects.filter(status=DeliveryStatus.FAILED).select_related("recipient").order_by("-updated_at")
    page = paginate(request, deliveries)
    for delivery in page:
        delivery.kind_label = registry.label(delivery.kind)
    context = {"page_obj": page, "digests": digests[:50], "sort": current_sort}
    return render(request, "notifications/failed.html", context)
