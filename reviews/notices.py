"""Who is told of each workflow step of a review, once, after the step commits: the people who must act next.

Collective review (Mẫu 01):

* submitted or resubmitted: who accepts it (``review.accept``, the nearest holders: the city staff);
* returned, or a new review ordered: the organization's secretaries (they revise it);
* accepted: who submitted it.

Individual review (Mẫu 2A/2B/2C): the same, except that

* submitted: who accepts members' reviews (``review.accept_member``) closest
  above the member's organization, usually the branch's or ward's secretary;
  they get ONE row per cycle and organization that counts the reviews waiting
  (``notifications.services.tally``), not a row per member;
* returned: the member's own account when one is linked, else the secretaries.

The person who acted is never told. Each notice leaves the unread count when
the next step is taken: the "to accept" row when the review is accepted or
returned, the "returned" row when it is submitted again.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access
from accounts.models import Role, User
from core.workflow import SubmissionAction, SubmissionStatus, SubmissionVersion
from notifications.services import notify, resolve, tally
from reviews.models import CollectiveReview, IndividualReview

TO_ACCEPT = "reviews.to_accept"  # a collective review waiting for acceptance
MEMBERS_TO_ACCEPT = "reviews.members_to_accept"  # the group row of individual reviews waiting
RETURNED = "reviews.returned"  # a review (either kind) back with its editor
ACCEPTED = "reviews.accepted"  # the answer to who submitted it

WAITING = (SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED)


def _individual(review):
    return isinstance(review, IndividualReview)


def _url(review):
    name = getattr(review, "DETAIL_URL", None) or (
        "reviews:individual_detail" if _individual(review) else "reviews:collective_detail"
    )
    return reverse(name, args=[review.pk])


def _name(review):
    if hasattr(review, "notice_name"):  # a leadership collective or a leader there
        return review.notice_name
    return review.member.full_name if _individual(review) else review.organization.name


def _secretaries(review):
    return access.nearest_holders("review.edit", review.organization, roles={Role.SECRETARY})


def _editors(review):
    """Who revises a returned review: the member's own account for an individual one, else the secretaries."""
    if _individual(review):
        own = User.objects.filter(member_id=review.member_id, is_active=True)
        if own.exists():
            return list(own)
    return _secretaries(review)


def _submitter(review):
    version = review.versions().filter(action=SubmissionAction.SUBMIT).order_by("-number").first()
    return [version.created_by] if version is not None and version.created_by is not None else []


def _tell(recipients, kind, review, title, event, actor):
    notify(
        recipients,
        kind,
        review,
        organization_id=review.organization_id,
        url=_url(review),
        title=lambda: title() % {"name": _name(review), "cycle": review.cycle},
        event=event,
        exclude=[actor],
    )


def _members_waiting(review, actor=None):
    """The group row of the organization's individual reviews waiting for acceptance, recounted."""
    organization, cycle = review.organization, review.cycle
    collective = CollectiveReview.objects.filter(cycle=cycle, organization=organization).only("pk").first()
    url = reverse("reviews:collective_detail", args=[collective.pk]) if collective else _url(review)
    acceptors = access.nearest_holders("review.accept_member", organization) if actor is not None else []
    tally(
        f"{MEMBERS_TO_ACCEPT}:{cycle.pk}:{organization.pk}",
        MEMBERS_TO_ACCEPT,
        lambda: IndividualReview.objects.filter(cycle=cycle, organization=organization, status__in=WAITING).count(),
        recipients=acceptors,
        exclude=[actor],
        organization_id=organization.pk,
        url=url,
        title=lambda count: (
            ngettext(
                "%(count)s individual review of %(organization)s to accept (%(cycle)s)",
                "%(count)s individual reviews of %(organization)s to accept (%(cycle)s)",
                count,
            )
            % {"count": count, "organization": organization.name, "cycle": cycle}
        ),
    )


def moved(review, version: SubmissionVersion, actor=None):
    """Tell who acts next after ``version`` (a submission, a return, an acceptance, a new review) of ``review``."""
    status, individual = version.status_after, _individual(review)
    event = f"{status}-{version.number}"
    if status in WAITING:
        resolve(review, RETURNED)
        if individual:
            _members_waiting(review, actor)
        else:
            _tell(
                access.nearest_holders("review.accept", review.organization),
                TO_ACCEPT,
                review,
                lambda: _("Collective review to accept or return: %(name)s (%(cycle)s)."),
                event,
                actor,
            )
        return
    if individual:
        _members_waiting(review)
    else:
        resolve(review, TO_ACCEPT)
    if status == SubmissionStatus.RETURNED:
        _tell(
            _editors(review),
            RETURNED,
            review,
            lambda: _("Review returned for changes: %(name)s (%(cycle)s). See the reasons next to each section."),
            event,
            actor,
        )
    elif status == SubmissionStatus.ACCEPTED:
        _tell(_submitter(review), ACCEPTED, review, lambda: _("Review accepted: %(name)s (%(cycle)s)."), event, actor)
    elif status == SubmissionStatus.DRAFT:  # a new review ordered ("kiểm điểm lại")
        resolve(review, ACCEPTED)
        _tell(
            _editors(review),
            RETURNED,
            review,
            lambda: _("A new review was ordered: %(name)s (%(cycle)s). Revise it and submit it again."),
            event,
            actor,
        )
