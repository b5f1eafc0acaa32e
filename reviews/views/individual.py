"""Individual review pages: the review and the reviewing level's conclusion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core.views import perform
from members.models import ReviewForm
from reviews import leadership, services
from reviews.forms import ConclusionForm
from reviews.views.collective import available_actions, workflow_notes
from reviews.views.common import load_review


def form_heading(rules, form):
    """The form as the regime names it ("Mẫu 02B-HD KĐ.ĐG 2023 – Cá nhân giữ chức vụ lãnh đạo, quản lý"); the app's
    own wording where the regime's title was not found."""
    title = rules.form_title(form) or str(ReviewForm(form).label).split(" – ", 1)[-1]
    return f"{rules.form_code(form) or form} – {title}"


@login_required
def individual_detail(request, pk):
    review = load_review(request.user, "individual", pk)
    answers = review.answers.select_related("manifestation").order_by("manifestation__group", "manifestation__number")
    return render(
        request,
        "reviews/individual_detail.html",
        {
            "review": review,
            "kind": "individual",
            "actions": available_actions(request.user, review, "individual"),
            "can_edit": review.is_editable and access.can(request.user, "review.edit", review.organization),
            "can_conclude": access.can(request.user, "review.conclude", review.organization),
            "answers": answers,
            **workflow_notes(review),
            "section_labels": dict(review.SECTIONS),
            "form_heading": form_heading(review.cycle.rules, review.form),
            "leader_reviews": leadership.collective_comments_for(review),
            "collective_first": review.cycle.rules.collective_first,
        },
    )


@login_required
def conclusion(request, pk):
    review = load_review(request.user, "individual", pk)
    access.require(request.user, "review.conclude", review.organization)
    initial = {name: getattr(review, name) for name in ConclusionForm.base_fields}
    form = ConclusionForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(form, lambda: services.conclude(review, request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Conclusion saved."))
        return redirect("reviews:individual_detail", review.pk)
    return render(request, "reviews/conclusion_form.html", {"review": review, "form": form})
