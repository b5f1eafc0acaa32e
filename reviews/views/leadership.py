"""Leadership collectives' reviews in a cycle, each leader's review there, and the upper level's delegation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core.views import perform
from organizations.lineage import attach_names_then
from reviews import leadership
from reviews.forms import DelegationForm
from reviews.models import LeadershipReview
from reviews.models.placement import cycle_date
from reviews.views.collective import available_actions, workflow_notes
from reviews.views.common import get_cycle_or_404, load_review


@login_required
def leadership_list(request, pk):
    cycle = get_cycle_or_404(request.user, pk)
    reviews = access.scope(
        LeadershipReview.objects.filter(cycle=cycle)
        .select_related("body", "organization")
        .annotate(leader_count=Count("leaders")),
        request.user,
    )
    return render(request, "reviews/leadership_list.html", {"cycle": cycle, "reviews": reviews})


def _detail_context(request, review, kind):
    return {
        "review": review,
        "kind": kind,
        "actions": available_actions(request.user, review, kind),
        "can_edit": review.is_editable and access.can(request.user, "review.edit", review.organization),
        **workflow_notes(review),
        "section_labels": dict(review.SECTIONS),
    }


@login_required
def leadership_detail(request, pk):
    review = load_review(request.user, "leadership", pk, named=False)
    context = _detail_context(request, review, "leadership")
    leaders = review.leaders.select_related("member", "branch_review__organization").order_by(
        "position", "member__full_name"
    )
    context["leaders"] = leaders
    # A past cycle's collective and its leaders' cells as named then, today's beside (one query).
    attach_names_then(
        [review, *(leader.branch_review for leader in leaders if leader.branch_review)], cycle_date(review)
    )
    context["can_record"] = access.can(request.user, "review.edit", review.organization)
    return render(request, "reviews/leadership_detail.html", context)


@login_required
def leader_detail(request, pk):
    review = load_review(request.user, "leader", pk, named=False)
    context = _detail_context(request, review, "leader")
    context["branch"] = review.branch_review
    attach_names_then([item for item in (review, review.branch_review) if item], cycle_date(review))
    context["collective_first"] = review.cycle.rules.collective_first
    return render(request, "reviews/leader_detail.html", context)


@login_required
def delegation(request, pk):
    review = load_review(request.user, "leadership", pk)
    access.require(request.user, "review.edit", review.organization)
    form = DelegationForm(request.POST or None, instance=review)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: leadership.record_delegation(review, form))
    ):
        messages.success(request, _("Meeting and delegation saved."))
        return redirect("reviews:leadership_detail", review.pk)
    return render(request, "reviews/delegation_form.html", {"review": review, "form": form})
