"""A small review world counted by hand: two cycles, seven wards, members, directives and commitments.

2016 (previous): ward A "tsvm", B "httnv", C "htnv", D "yeu_kem" → 2 of 4 good (50%).
2017 (current, open), seven grassroots organizations, one per step:
  A rated "tsvm" · B rated "httnv" · C submitted · D draft with a meeting · E draft written
  · F not started · G returned → 2 of 7 good (29%); branch A1 is reviewed but never counted.
Members 2017: member A "httnv", member B "htxsnv", one more of A not rated yet.
Not reviewed 2017: "Miễn sinh hoạt" ×2 (A, B), "Đình chỉ sinh hoạt" ×1 (B).
Directive (issued, 2017) → wards A and B: A's report submitted, B's none; B concluded, to redo.
Commitments: A: 1 open overdue, 1 verified; B: 1 reopened overdue extended, 1 reported completed,
1 in progress (owned by branch B1's ward); so B is worse than A.
"""

import datetime

from django.utils import timezone

from commitments import services as commitment_services
from commitments.models import Commitment, CommitmentStatus, SourceKind
from core.workflow import SubmissionStatus
from directives.models import Conclusion, Directive, DirectiveStatus, DirectiveTarget, ExplanationReport
from reviews.models import (
    CollectiveReview,
    CycleStatus,
    IndividualReview,
    MeetingRecord,
    NotReviewedMember,
    ReviewCycle,
    RuleSet,
)
from tests.factories import make_member, make_organization

TODAY = datetime.date(2017, 12, 20)
EXCUSED, SUSPENDED = "Miễn sinh hoạt", "Đình chỉ sinh hoạt"


def _cycle(city, year, status):
    return ReviewCycle.objects.create(
        year=year,
        rule_set=RuleSet.objects.get(code="HD27"),
        rules_snapshot=RuleSet.objects.get(code="HD27").as_dict(),
        organization=city,
        opened_on=datetime.date(year, 11, 1),
        reference_date=datetime.date(year, 12, 1),
        status=status,
    )


def _commitment(review, user, status, *, overdue=False, extended=False):
    rows = [
        {"shortcoming": "Hạn chế", "measure": "Khắc phục", "deadline": timezone.localdate() + datetime.timedelta(30)}
    ]
    commitment = commitment_services.create_commitments(SourceKind.COLLECTIVE_REVIEW, review, rows, user)[0]
    changes = {"status": status}
    if status == CommitmentStatus.VERIFIED:
        changes["closed_at"] = timezone.now()
    if overdue:
        past = TODAY - datetime.timedelta(days=40)
        changes |= {"created_on": past, "original_deadline": past, "deadline": TODAY - datetime.timedelta(days=5)}
    if extended:
        changes["extension_count"] = 1
    Commitment.objects.filter(pk=commitment.pk).update(**changes)
    return commitment


def build_world(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, city_staff):
    wards = {"A": ward_a, "B": ward_b}
    for letter in "CDEFG":
        wards[letter] = make_organization(f"Đảng bộ phường {letter}", parent=city, code=f"P-{letter}")
    previous = _cycle(city, 2016, CycleStatus.CLOSED)
    for letter, level in zip("ABCD", ["tsvm", "httnv", "htnv", "yeu_kem"], strict=True):
        CollectiveReview.objects.create(
            cycle=previous, organization=wards[letter], status=SubmissionStatus.ACCEPTED, decided_level=level
        )
    cycle = _cycle(city, 2017, CycleStatus.OPEN)
    written = {"strengths": "Đã viết"}
    states = {
        "A": {"status": SubmissionStatus.ACCEPTED, "decided_level": "tsvm"},
        "B": {"status": SubmissionStatus.ACCEPTED, "decided_level": "httnv"},
        "C": {"status": SubmissionStatus.SUBMITTED, **written},
        "D": {"status": SubmissionStatus.DRAFT, **written},
        "E": {"status": SubmissionStatus.DRAFT, **written},
        "F": {"status": SubmissionStatus.DRAFT},
        "G": {"status": SubmissionStatus.RETURNED, **written},
    }
    reviews = {
        letter: CollectiveReview.objects.create(cycle=cycle, organization=wards[letter], **values)
        for letter, values in states.items()
    }
    MeetingRecord.objects.create(review=reviews["D"], held_on=datetime.date(2017, 12, 10))
    CollectiveReview.objects.create(cycle=cycle, organization=branch_a, status=SubmissionStatus.DRAFT)
    other_a = make_member(branch_a, full_name="Phạm Văn Chưa")
    for member, level in ((member_a, "httnv"), (member_b, "htxsnv"), (other_a, "")):
        IndividualReview.objects.create(
            cycle=cycle, member=member, organization=member.organization, form="2C", decided_level=level
        )
    for organization, reason in ((branch_a, EXCUSED), (branch_b, EXCUSED), (branch_b, SUSPENDED)):
        NotReviewedMember.objects.create(
            cycle=cycle, member=make_member(organization), organization=organization, reason=reason
        )
    directive = Directive.objects.create(
        issuer=city,
        cycle=cycle,
        title="Gợi ý kiểm điểm sâu",
        number="01-GY/TU",
        status=DirectiveStatus.ISSUED,
        issued_on=datetime.date(2017, 11, 15),
        report_deadline=datetime.date(2017, 12, 15),
    )
    for ward in (ward_a, ward_b):
        DirectiveTarget.objects.create(directive=directive, organization=ward)
    ExplanationReport.objects.create(directive=directive, organization=ward_a, status=SubmissionStatus.SUBMITTED)
    Conclusion.objects.create(directive=directive, organization=ward_b, text="Phải kiểm điểm lại", redo_required=True)
    _commitment(reviews["A"], city_staff, CommitmentStatus.OPEN, overdue=True)
    _commitment(reviews["A"], city_staff, CommitmentStatus.VERIFIED)
    _commitment(reviews["B"], city_staff, CommitmentStatus.REOPENED, overdue=True, extended=True)
    _commitment(reviews["B"], city_staff, CommitmentStatus.REPORTED_COMPLETED)
    _commitment(reviews["B"], city_staff, CommitmentStatus.IN_PROGRESS)
    return {"cycle": cycle, "previous": previous, "wards": wards, "reviews": reviews, "directive": directive}
