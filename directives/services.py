"""What happens to a directive: propose, issue, revoke, read, explain, decide, conclude.

Each function is one transaction and checks the business rules (the caller has
already checked the permission through ``accounts.access``). A refused step
raises ``DomainError`` with a message for the user (and the form field it
concerns, where there is one), and changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from core.errors import DomainError
from core.workflow import (
    EDITABLE_STATES,
    EditConflict,
    SubmissionAction,
    SubmissionStatus,
    transition,
)
from directives import notices
from directives.models import (
    ConcludedShortcoming,
    Conclusion,
    Directive,
    DirectiveItem,
    DirectiveStatus,
    DirectiveTarget,
    ExplanationItem,
    ExplanationReport,
    IndividualResponsibility,
    TriggerReason,
)
from documents.models import Document, DocumentType
from members.models import Member
from organizations.models import Organization
from organizations.naming import committee_name

# ---------------------------------------------------------------- proposal


def _check_targets(user, issuer, organizations, members):
    reachable = access.scope(Organization.objects.all(), user, via="")
    for organization in organizations:
        inside = organization.path.startswith(issuer.path) and organization.pk != issuer.pk
        if not inside or not reachable.filter(pk=organization.pk).exists():
            raise DomainError(
                _("%(name)s is outside the issuing committee's reach.") % {"name": organization}, field="organizations"
            )
    for member in members:
        if not member.organization.path.startswith(issuer.path) or not access.can(
            user, "member.view", member.organization
        ):
            raise DomainError(
                _("%(name)s is outside the issuing committee's reach.") % {"name": member}, field="members"
            )
    if not organizations:
        raise DomainError(_("Name at least one collective to review in depth."), field="organizations")


def _write_content(
    directive, *, organizations, members, catalogue_items, free_items, basis_documents, target_details=None
):
    """Replace the targets, items, members and documents; ``target_details`` maps an organization pk to its details."""
    directive.targets.all().delete()
    directive.items.all().delete()
    details = target_details or {}
    DirectiveTarget.objects.bulk_create(
        DirectiveTarget(directive=directive, organization=o, reason_details=details.get(o.pk, "").strip())
        for o in organizations
    )
    texts = [(item, item.title) for item in catalogue_items] + [(None, text) for text in free_items]
    if not texts:
        raise DomainError(_("Pick or write at least one content item."), field="free_items")
    DirectiveItem.objects.bulk_create(
        DirectiveItem(directive=directive, catalogue_item=item, text=text, position=position)
        for position, (item, text) in enumerate(texts, start=1)
    )
    directive.target_members.set(members)
    directive.basis_documents.set(basis_documents)


@transaction.atomic
def propose(user, *, issuer, cycle, title, reasons, reason_details="", organizations=(), members=(), **content):
    """A new proposal; ``content`` holds catalogue_items, free_items and basis_documents."""
    _check_targets(user, issuer, organizations, members)
    _check_reasons(reasons)
    directive = Directive.objects.create(
        issuer=issuer,
        cycle=cycle,
        title=title,
        reasons=list(reasons),
        reason_details=reason_details,
        proposed_by=user,
    )
    _write_content(directive, organizations=organizations, members=members, **_content(content))
    return directive


@transaction.atomic
def update_proposal(directive, user, *, cycle, title, reasons, reason_details="", organizations=(), members=(), **rest):
    locked = Directive.objects.select_for_update().get(pk=directive.pk)
    if not locked.is_editable:
        raise DomainError(_("An issued directive cannot be edited; it can only be revoked with a reason."))
    _check_targets(user, locked.issuer, organizations, members)
    _check_reasons(reasons)
    locked.cycle, locked.title, locked.reasons, locked.reason_details = cycle, title, list(reasons), reason_details
    locked.save(update_fields=["cycle", "title", "reasons", "reason_details", "search_text"])
    _write_content(locked, organizations=organizations, members=members, **_content(rest))
    return locked


def _content(values):
    return {
        "target_details": dict(values.get("target_details") or {}),
        "catalogue_items": list(values.get("catalogue_items") or ()),
        "free_items": [line.strip() for line in values.get("free_items") or () if line.strip()],
        "basis_documents": list(values.get("basis_documents") or ()),
    }


def _check_reasons(reasons):
    if not reasons:
        raise DomainError(_("Say why the in-depth review is needed."), field="reasons")
    if set(reasons) - set(TriggerReason.values):
        raise DomainError(_("Unknown reason."), field="reasons")


# ---------------------------------------------------------------- what a reader sees


@dataclass(frozen=True)
class ReaderPart:
    """What one reader may read of a directive beyond its common part (title, reasons, items, targets' names).

    A directive aimed at several collectives carries, for each, why it was chosen and
    whom it names; a target's secretary reads only their own collective's, the issuing
    side (city staff, inspection) reads every target's.
    """

    sees_all: bool
    details: list  # [(organization, details)] of the targets this reader may read, non-empty details only
    members: list  # the named individuals this reader may read, with their organization


def part_seen_by(directive, user):
    """The part of ``directive`` that ``user`` may read (``ReaderPart``)."""
    sees_all = access.can(user, "directive.view_all_targets", directive.issuer)
    targets = directive.targets.select_related("organization", "origin_organization")
    targets = targets.order_by("organization__name", "pk")
    members = directive.target_members.select_related("organization__parent").order_by("full_name", "pk")
    if not sees_all:
        targets = access.scope(targets, user)
        members = access.scope(members, user)
    # The details are why the directive named that collective: a successor answering for two shows each one's.
    details = [
        (target.origin_organization or target.organization, target.reason_details)
        for target in targets
        if target.reason_details
    ]
    return ReaderPart(sees_all=sees_all, details=details, members=list(members))


# ---------------------------------------------------------------- issue, revoke, read


@transaction.atomic
def issue(directive, user, *, number, issued_on, report_deadline, review_days, standing_member, **extra):
    """Issue a proposal: register it as a document, freeze it and open one explanation report per target.

    ``extra`` may hold ``kind``, ``issuing_body`` and ``board_representatives``.
    """
    locked = Directive.objects.select_for_update().select_related("issuer").get(pk=directive.pk)
    if locked.status != DirectiveStatus.PROPOSED:
        raise DomainError(_("Only a proposed directive can be issued."))
    if report_deadline < issued_on:
        raise DomainError(
            _("The deadline for the explanation report cannot be before the date issued."), field="report_deadline"
        )
    issuing_body = extra.get("issuing_body") or standing_committee_name(locked.issuer)
    document = Document(
        organization=locked.issuer,
        number=number,
        kind=extra.get("kind") or DocumentType.NOTICE,
        issuing_body=issuing_body,
        issued_on=issued_on,
        title=locked.title,
        summary=locked.reason_details,
    )
    if document.number_taken():
        raise DomainError(
            _("%(body)s already registered a document numbered %(number)s in %(year)s.")
            % {"body": issuing_body, "number": number, "year": issued_on.year},
            field="number",
        )
    document.save()
    document.cycles.add(locked.cycle)
    locked.status = DirectiveStatus.ISSUED
    locked.number, locked.document, locked.issued_on, locked.issued_by = number, document, issued_on, user
    locked.report_deadline, locked.review_days, locked.standing_member = report_deadline, review_days, standing_member
    locked.save(
        update_fields=[
            "status", "number", "document", "issued_on", "issued_by", "report_deadline", "review_days",
            "standing_member", "search_text",
        ]
    )  # fmt: skip
    locked.board_representatives.set(extra.get("board_representatives") or ())
    open_reports(locked)
    notices.issued(locked, user)
    directive.refresh_from_db()
    return locked


def standing_committee_name(issuer):
    """The issuing body of a directive as the Party's documents write it: "Ban Thường vụ Thành ủy Nam Định"."""
    return _("Standing Committee of %(name)s") % {"name": committee_name(issuer)}


def open_reports(directive):
    """One explanation report per target: per organization named, even where two now answer through one successor."""
    ExplanationReport.objects.bulk_create(
        ExplanationReport(
            directive=directive,
            organization_id=target.organization_id,
            origin_organization_id=target.origin_organization_id,
        )
        for target in directive.targets.all()
    )
    reports = ExplanationReport.objects.filter(directive=directive)
    items = list(directive.items.all())
    ExplanationItem.objects.bulk_create(
        ExplanationItem(report=report, directive_item=item) for report in reports for item in items
    )


@transaction.atomic
def revoke(directive, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking the directive."), field="reason")
    locked = Directive.objects.select_for_update().get(pk=directive.pk)
    if locked.status != DirectiveStatus.ISSUED:
        raise DomainError(_("Only an issued directive can be revoked."))
    locked.status, locked.revoke_reason = DirectiveStatus.REVOKED, reason
    locked.revoked_at, locked.revoked_by = timezone.now(), user
    locked.save(update_fields=["status", "revoke_reason", "revoked_at", "revoked_by"])
    directive.refresh_from_db()
    return locked


def _secretary_organization_ids(user):
    """Ids of the organizations where ``user`` is secretary (the last segment of each path)."""
    paths = [path for role, path in access.assignments(user) if role == Role.SECRETARY]
    return [int(path.rstrip(".").rsplit(".", 1)[-1]) for path in paths]


def _record_read_on_submit(report, user):
    """A submitted report was read: the receipt shows it even if the directive page itself was never opened."""
    reader = user if user and user.is_authenticated else None
    DirectiveTarget.objects.filter(**report.same_answer(), read_at__isnull=True).update(
        read_at=timezone.now(), read_by=reader
    )


def record_read(directive, user):
    """Record the first opening by a target organization's secretary; later openings change nothing.

    One conditional UPDATE, so two tabs opened at once still record a single time.
    """
    if directive.status != DirectiveStatus.ISSUED:
        return 0
    org_ids = _secretary_organization_ids(user)
    if not org_ids:
        return 0
    return DirectiveTarget.objects.filter(
        directive=directive, organization_id__in=org_ids, read_at__isnull=True
    ).update(read_at=timezone.now(), read_by=user)


# ---------------------------------------------------------------- explanation report


@transaction.atomic
def save_explanation(report, user, expected_revision, answers):
    """Save the item rows of ``report``.

    ``answers`` maps an ExplanationItem pk to its text fields and ``people``, a
    list of (member, text). Only members of the organization (or its branches)
    may be named. A save made against an older revision raises EditConflict.
    """
    members_of_org = Member.objects.filter(organization__path__startswith=report.organization.path)
    allowed = set(
        members_of_org.filter(pk__in=[m.pk for a in answers.values() for m, _t in a["people"]]).values_list(
            "pk", flat=True
        )
    )
    for answer in answers.values():
        for member, _text in answer["people"]:
            if member.pk not in allowed:
                raise DomainError(
                    _("%(name)s is not a member of %(organization)s.")
                    % {"name": member, "organization": report.organization}
                )
    updated = ExplanationReport.objects.filter(
        pk=report.pk, revision=expected_revision, status__in=EDITABLE_STATES
    ).update(revision=F("revision") + 1)
    if not updated:
        current = ExplanationReport.objects.get(pk=report.pk)
        if not current.is_editable:
            raise DomainError(_("This report can no longer be edited in its current state."))
        raise EditConflict({}, current.revision)
    items = {item.pk: item for item in report.items.all()}
    for item_pk, answer in answers.items():
        item = items[item_pk]
        for name in ExplanationItem.TEXT_FIELDS:
            setattr(item, name, answer.get(name, "").strip())
        item.save(update_fields=list(ExplanationItem.TEXT_FIELDS))
        item.people.all().delete()
        IndividualResponsibility.objects.bulk_create(
            IndividualResponsibility(item=item, member=member, member_name=member.full_name, text=text.strip())
            for member, text in answer["people"]
        )
    report.refresh_from_db()
    return report


def submit_explanation(report, user):
    missing = report.missing_sections()
    if missing:
        raise DomainError(
            _("The head's responsibility is required for every item before submitting. It is missing for: %(items)s.")
            % {"items": "; ".join(missing)}
        )
    version = transition(report, SubmissionAction.SUBMIT, user)
    _record_read_on_submit(report, user)
    notices.report_moved(report, version, user)
    return version


def return_explanation(report, user, reasons, note=""):
    """Return ``report`` with reasons keyed by the item's ``key``."""
    if not any((text or "").strip() for text in reasons.values()):
        raise DomainError(_("Give at least one reason, next to the item it concerns, when returning a report."))
    version = transition(report, SubmissionAction.RETURN, user, note=note, reasons=reasons)
    notices.report_moved(report, version, user)
    return version


def accept_explanation(report, user, note=""):
    version = transition(report, SubmissionAction.ACCEPT, user, note=note)
    notices.report_moved(report, version, user)
    return version


def last_return_reasons(report):
    """{item key: reason} from the latest return, for showing next to each item."""
    version = report.versions().filter(action=SubmissionAction.RETURN).order_by("-number").first()
    return {reason.section: reason.text for reason in version.reasons.all()} if version else {}


# ---------------------------------------------------------------- conclusion


@transaction.atomic
def conclude(
    directive, organization, user, *, text, satisfactory_items=(), shortcomings=(), redo_required=False, origin=None
):
    """Conclude ``organization``'s explanation; ``origin``: the organization named, when a successor answers for it."""
    report = ExplanationReport.objects.select_for_update().get(
        directive=directive, organization=organization, origin_organization=origin
    )
    if report.status != SubmissionStatus.ACCEPTED:
        raise DomainError(_("Accept the explanation report before writing the conclusion."))
    if Conclusion.objects.filter(**report.same_answer()).exists():
        raise DomainError(_("This organization's explanation has already been concluded."))
    if any(item.directive_id != directive.pk for item in satisfactory_items):
        raise DomainError(_("Pick items of this directive only."), field="satisfactory_items")
    conclusion = Conclusion.objects.create(
        directive=directive, organization=organization, origin_organization=origin, text=text.strip(),
        redo_required=redo_required, concluded_by=user,
    )  # fmt: skip
    conclusion.satisfactory_items.set(satisfactory_items)
    ConcludedShortcoming.objects.bulk_create(
        ConcludedShortcoming(conclusion=conclusion, organization=organization, text=line.strip())
        for line in shortcomings
        if line.strip()
    )
    notices.concluded(report)
    return conclusion


# ---------------------------------------------------------------- section IV of the collective review


def section_iv_items(collective_review):
    """The explanation items of the review's organization for its cycle: section IV of Mẫu 01.

    The rows are the explanation report's own, so an edit of either shows in both. The reports are those
    answering for the organization the directive named: one a successor took over after a merger stays in
    the named ward's review of that cycle, and stays out of the successor's own.
    """
    organization_id = collective_review.organization_id
    named = Q(report__organization_id=organization_id, report__origin_organization__isnull=True)
    return (
        ExplanationItem.objects.filter(
            named | Q(report__origin_organization_id=organization_id),
            report__directive__cycle_id=collective_review.cycle_id,
            report__directive__status=DirectiveStatus.ISSUED,
        )
        .select_related("directive_item", "report__directive")
        .prefetch_related("people")
        .order_by("report__directive__issued_on", "report__directive_id", "directive_item__position", "pk")
    )


def member_section_iv_items(review):
    """Section IV of a named member's own review (at the chi bộ or at a leadership collective): each item of
    the cycle's issued directives that name the member, with what the explanation reports say of the member.

    ``review`` is any review with ``cycle_id`` and ``member_id``. Returns [(directive, item, [responsibility
    texts])]: a directive naming a leader asks the leader's own explanation, not only the collective's.
    """
    directives = Directive.objects.filter(
        cycle_id=review.cycle_id, status=DirectiveStatus.ISSUED, target_members=review.member_id
    ).order_by("issued_on", "pk")
    items = DirectiveItem.objects.filter(directive__in=directives).select_related("directive")
    written = {}
    for person in IndividualResponsibility.objects.filter(
        member_id=review.member_id, item__report__directive__in=directives
    ).select_related("item"):
        written.setdefault(person.item.directive_item_id, []).append(person.text)
    return [
        (item.directive, item, written.get(item.pk, []))
        for item in items.order_by("directive__issued_on", "directive_id", "position", "pk")
    ]


def directives_for_secretary(user):
    """[(directive, explanation report)] issued to the organizations where ``user`` is secretary."""
    org_ids = _secretary_organization_ids(user)
    if not org_ids:
        return []
    reports = (
        ExplanationReport.objects.filter(organization_id__in=org_ids, directive__status=DirectiveStatus.ISSUED)
        .select_related("directive")
        .order_by("directive__report_deadline", "pk")
    )
    return [(report.directive, report) for report in reports]


def governed_by(document, user):
    """(title, url) of the directives ``user`` may see that ``document`` is the basis or the record of."""
    directives = Directive.objects.visible_to(user).filter(Q(basis_documents=document) | Q(document=document))
    return [(directive.title, reverse("directives:detail", args=[directive.pk])) for directive in directives.distinct()]


# --- an ending organization's open explanations go to its successor (organizations.hooks.closing_holdings) --------


def _open_targets(organization):
    """Targets of ``organization`` in an issued directive not concluded for it yet: its explanation is still due."""
    return (
        DirectiveTarget.objects.with_outcome()
        .filter(organization=organization, directive__status=DirectiveStatus.ISSUED, concluded=False)
        .select_related("directive")
    )


def holds_open_targets(organization):
    """Whether a directive still waits for ``organization``'s explanation (it must follow it to a successor)."""
    return _open_targets(organization).exists()


def open_targets_held(organization):
    """``(pk, label)`` of the directives still waiting for ``organization``'s explanation, for a split."""
    return [(target.pk, str(target.directive)) for target in _open_targets(organization).order_by("pk")]


@transaction.atomic
def hand_over_targets(organization, successor, on_date, keys=None):
    """The directives still waiting for ``organization``'s explanation now wait for ``successor``'s.

    Each target and its report (draft, returned or submitted) move; both keep
    the organization the directive named (``origin_organization``, set once: a
    second hand-over keeps the first). Where the successor already answers the
    same directive (it was named too, or another merged ward was), it answers
    for each named organization apart: one target and one report per origin
    (see ``models.AnswersForNamed``).
    """
    targets = _open_targets(organization)
    if keys is not None:
        targets = targets.filter(pk__in=keys)
    moving = list(targets)
    handed = {"origin_organization": Coalesce(F("origin_organization"), F("organization")), "organization": successor}
    for target in moving:
        ExplanationReport.objects.filter(**target.same_answer()).update(**handed)
    DirectiveTarget.objects.filter(pk__in=[target.pk for target in moving]).update(**handed)
    return len(moving)
