"""Collective review pages: the report with its organization's board and the meeting record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core import lists
from core.views import perform
from core.workflow import SubmissionAction, SubmissionStatus
from organizations.lineage import attach_names_then
from reviews import services
from reviews.forms import MeetingForm, MemberReviewFilterForm
from reviews.models import IndividualReview, IndividualReviewRollup, MeetingRecord
from reviews.models.placement import cycle_date
from reviews.views.common import ACTION_PERMISSION, KINDS, load_review

MEMBER_SORTS = {"name": "member__full_name", "status": "status", "form": "form"}


def available_actions(user, review, kind):
    """The workflow actions the user may take on ``review`` now."""
    permissions = KINDS[kind]
    return [
        action
        for action in review.allowed_actions()
        if access.can(user, permissions[ACTION_PERMISSION[action]], review.organization)
    ]


def workflow_notes(review):
    """The page's notes on the workflow, from one read of the review's versions (three reads before):

    * ``returned``, ``reasons``: the latest return and, while the review is back with its editor (the only
      time the page shows them), its reasons as (section label, text);
    * ``changes`` [(label, old, new)]: for the editor, the changes since the last version; for the reviewer,
      what the latest submission changed compared with the version before it.
    """
    versions = list(review.versions().order_by("number"))
    returned = next((version for version in reversed(versions) if version.action == SubmissionAction.RETURN), None)
    labels = dict(review.SECTIONS)
    reasons = []
    if returned is not None and review.status == SubmissionStatus.RETURNED:
        reasons = [(labels.get(r.section, r.section), r.text) for r in returned.reasons.all()]
    return {"returned": returned, "reasons": reasons, "changes": _changes(review, versions)}


def _changes(review, versions):
    if review.is_editable:
        return review.changes_since(versions[-1]) if versions else []
    submissions = [version.number for version in versions if version.action == SubmissionAction.SUBMIT]
    latest_two = [version for version in versions if version.number <= (submissions[-1] if submissions else 0)][-2:]
    if len(latest_two) < 2:
        return []
    old, new = latest_two[0].snapshot, latest_two[1].snapshot
    return [
        (label, old.get(name, ""), new.get(name, ""))
        for name, label in review.SECTIONS
        if (old.get(name) or "") != (new.get(name) or "")
    ]


@login_required
def collective_detail(request, pk):
    review = load_review(request.user, "collective", pk, named=False, related=["meeting"])
    filters = MemberReviewFilterForm(request.GET)
    members = filters.filter(
        IndividualReview.objects.filter(
            cycle=review.cycle, organization_path__startswith=review.organization_path
        ).select_related("member", "organization")
    )
    members, sort = lists.sort(members, request.GET.get("sort"), MEMBER_SORTS, "name")
    meeting = getattr(review, "meeting", None)  # read with the review
    # Unfiltered, the number of members' reviews comes from the roll-up (a few rows) instead of a COUNT
    # over the sub-tree's reviews: 14 ms of a 60 ms page for a city-level review on SQLite.
    count = (
        None
        if any(filters.values.values())
        else IndividualReviewRollup.count_under(review.cycle, review.organization_path)
    )
    page = lists.paginate(request, members, count=count)
    # A past cycle's review names its organization and the members' as then, today's beside (one query).
    attach_names_then([review, *page], cycle_date(review))
    rules = review.cycle.rules
    for item in page:
        item.level_text = rules.label("member", item.decided_level)
    return render(
        request,
        "reviews/collective_detail.html",
        {
            "review": review,
            "kind": "collective",
            "actions": available_actions(request.user, review, "collective"),
            "can_edit": review.is_editable and access.can(request.user, "review.edit", review.organization),
            "meeting": meeting,
            "meeting_warning": meeting.notice_warning(review.cycle.rules.draft_notice_working_days) if meeting else "",
            **workflow_notes(review),
            "filters": filters,
            "page_obj": page,
            "labels": {
                step: rules.label("organization", getattr(review, f"{step}_level"))
                for step in ("self", "proposed", "decided")
            },
            "sort": sort,
            "section_labels": dict(review.SECTIONS),
        },
    )


@login_required
def meeting_record(request, pk):
    review = load_review(request.user, "collective", pk)
    access.require(request.user, "review.edit", review.organization)
    instance = MeetingRecord.objects.filter(review=review).first()
    form = MeetingForm(request.POST or None, instance=instance)
    if (
        request.method == "POST"
        and form.is_valid()
        and (done := perform(form, lambda: services.record_meeting(review, form, request.user)))
    ):
        messages.success(request, _("Meeting record saved."))
        if done.result:
            messages.warning(request, done.result)
        return redirect("reviews:collective_detail", review.pk)
    return render(request, "reviews/meeting_form.html", {"review": review, "form": form})
