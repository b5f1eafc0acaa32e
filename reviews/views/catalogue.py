"""City staff edit the rule sets and the manifestation wording without a deploy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core.views import perform
from reviews.forms import ManifestationForm, RuleSetForm
from reviews.models import Manifestation, RuleSet


@login_required
def ruleset_list(request):
    return render(
        request,
        "reviews/ruleset_list.html",
        {"rule_sets": RuleSet.objects.all(), "can_change": access.can_anywhere(request.user, "ruleset.change")},
    )


@login_required
def ruleset_edit(request, pk):
    # Rule sets belong to no organization: every signed-in user may read them, only city staff change them.
    rule_set = get_object_or_404(RuleSet, pk=pk)
    access.require_anywhere(request.user, "ruleset.change")
    form = RuleSetForm(request.POST or None, instance=rule_set)
    if request.method == "POST" and form.is_valid() and perform(form, form.save):
        messages.success(request, _("Rule set saved. Cycles already open keep the rules they opened with."))
        return redirect("reviews:ruleset_list")
    return render(request, "reviews/ruleset_form.html", {"form": form, "rule_set": rule_set})


@login_required
def manifestation_list(request):
    return render(
        request,
        "reviews/manifestation_list.html",
        {
            "manifestations": Manifestation.objects.all(),
            "can_change": access.can_anywhere(request.user, "ruleset.change"),
        },
    )


@login_required
def manifestation_edit(request, pk):
    manifestation = get_object_or_404(Manifestation, pk=pk)
    access.require_anywhere(request.user, "ruleset.change")
    form = ManifestationForm(request.POST or None, instance=manifestation)
    if request.method == "POST" and form.is_valid() and perform(form, form.save):
        messages.success(request, _("Wording saved."))
        return redirect("reviews:manifestation_list")
    return render(request, "reviews/manifestation_form.html", {"form": form, "manifestation": manifestation})
