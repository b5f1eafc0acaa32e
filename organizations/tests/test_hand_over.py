"""What an ending organization hands to its successor (``organizations.hooks.closing_holdings``), case by case.

Two wards named by one directive and merged into one successor, the person who
answers for a handed-over commitment, and the reminders of a ward that has ended.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from commitments import services as commitment_services
from commitments.models import Commitment, SourceKind
from core.workflow import SubmissionStatus
from directives import services as directive_services
from directives.models import (
    Conclusion,
    Directive,
    DirectiveItem,
    DirectiveStatus,
    DirectiveTarget,
    ExplanationItem,
    ExplanationReport,
)
from notifications.models import Step
from notifications.tests.helpers import sweep_on
from organizations import services
from organizations.models import Organization, OrganizationKind, Sector
from paperwork.content.directives import directive_paper
from reviews.models import CollectiveReview, CycleKind, IndividualReview, ReviewCycle, RuleSet
from tests.factories import make_member, make_user

ON = datetime.date(2025, 7, 1)
BASIS = services.Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
REPORT_DEADLINE = datetime.date(2025, 9, 1)
DEADLINE, EXPLANATION = "commitments.deadline", "directives.explanation"


def new_ward(parent):
    return Organization(
        name="Đảng bộ phường Nam Định", code="P-ND", kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD,
        parent=parent,
    )  # fmt: skip


@pytest.fixture
def cycle(db):
    return ReviewCycle.objects.create(
        year=2024,
        kind=CycleKind.ANNUAL,
        rule_set=RuleSet.objects.get(code="HD27"),
        opened_on=datetime.date(2024, 11, 1),
        reference_date=datetime.date(2024, 12, 1),
    )


@pytest.fixture
def directive(cycle, city, ward_a, ward_b):
    """An issued directive naming both wards, each with its explanation report still owed."""
    directive = Directive.objects.create(
        issuer=city,
        cycle=cycle,
        title="Gợi ý kiểm điểm sâu hai phường",
        status=DirectiveStatus.ISSUED,
        issued_on=datetime.date(2025, 3, 1),
        report_deadline=REPORT_DEADLINE,
    )
    for ward in (ward_a, ward_b):
        DirectiveTarget.objects.create(directive=directive, organization=ward, reason_details=f"Lý do {ward.code}")
    DirectiveItem.objects.create(directive=directive, text="Việc cấp phép xây dựng", position=1)
    directive_services.open_reports(directive)
    return directive


def commitment_of(source, kind=SourceKind.COLLECTIVE_REVIEW, shortcoming="Quy chế chưa sát thực tế"):
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    rows = [{"shortcoming": shortcoming, "measure": "Sửa đổi quy chế", "deadline": deadline}]
    return commitment_services.create_commitments(kind, source, rows, None)[0]


def answers(directive):
    """(organization, named organization) of the directive's targets, reports and conclusions."""
    return {
        name: sorted((row.organization.name, (row.origin_organization or row.organization).name) for row in rows)
        for name, rows in (
            ("targets", directive.targets.all()),
            ("reports", directive.reports.all()),
            ("conclusions", directive.conclusions.all()),
        )
    }


# --- two merged wards named by one directive -------------------------------------------------------------------


def test_two_merged_wards_named_by_one_directive_are_both_named_at_the_successor(city, ward_a, ward_b, directive):
    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    both = [(successor.name, ward_b.name), (successor.name, ward_a.name)]
    assert answers(directive) == {"targets": both, "reports": both, "conclusions": []}
    # Each keeps why the directive named it, read by the successor's secretary under the ward it was named as.
    reader = make_user("bithu_nam_dinh", Role.SECRETARY, successor)
    part = directive_services.part_seen_by(directive, reader)
    details = {organization.code: text for organization, text in part.details}
    assert details == {"P-THD": "Lý do P-THD", "P-QT": "Lý do P-QT"}


def test_the_successor_answers_and_is_concluded_for_each_merged_ward_on_its_own(
    login, city, ward_a, ward_b, directive, inspector, city_staff
):
    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    report_a = ExplanationReport.objects.get(directive=directive, origin_organization=ward_a)
    report_b = ExplanationReport.objects.get(directive=directive, origin_organization=ward_b)
    ExplanationReport.objects.filter(pk=report_a.pk).update(status=SubmissionStatus.ACCEPTED)

    directive_services.conclude(directive, successor, inspector, text="Kết luận phần phường cũ A", origin=ward_a)

    outcome = {t.origin_organization_id: (t.report_pk, t.concluded) for t in directive.targets.with_outcome()}
    assert outcome == {ward_a.pk: (report_a.pk, True), ward_b.pk: (report_b.pk, False)}
    # Ward B's report is still owed by the successor, and concluding it later is not a second conclusion of A's.
    ExplanationReport.objects.filter(pk=report_b.pk).update(status=SubmissionStatus.ACCEPTED)
    directive_services.conclude(directive, successor, inspector, text="Kết luận phần phường cũ B", origin=ward_b)
    assert dict(Conclusion.objects.values_list("origin_organization__code", "text")) == {
        "P-THD": "Kết luận phần phường cũ A",
        "P-QT": "Kết luận phần phường cũ B",
    }
    # The directive's page links each named ward's own report, which says whom it answers for.
    client = login(city_staff)
    content = client.get(reverse("directives:detail", args=[directive.pk])).content.decode()
    for report, ward in ((report_a, ward_a), (report_b, ward_b)):
        assert content.count(reverse("directives:report", args=[report.pk])) == 1
        page = client.get(reverse("directives:report", args=[report.pk])).content.decode()
        assert f"({ward.name})" not in page and f"trả lời thay cho {ward.name}" in page


def test_the_printed_directive_still_names_the_wards_it_named(city, ward_a, ward_b, directive, city_staff):
    services.merge([ward_a, ward_b], new_ward(city), ON, BASIS)
    (paper,) = directive_paper(directive, directive_services.part_seen_by(directive, city_staff))
    text = " ".join([*(getattr(block, "text", "") for block in paper.blocks), *paper.recipients])
    assert "phường Trần Hưng Đạo" in text and "phường Quang Trung" in text
    assert "phường Nam Định" not in text


def test_a_ward_merged_into_a_ward_named_by_the_same_directive_keeps_its_own_report(ward_a, ward_b, directive):
    services.merge([ward_a], ward_b, ON, BASIS)
    both = [(ward_b.name, ward_b.name), (ward_b.name, ward_a.name)]
    assert answers(directive) == {"targets": both, "reports": both, "conclusions": []}


def test_each_wards_review_of_the_directives_cycle_keeps_its_own_explanation_after_the_merger(
    ward_a, ward_b, directive, cycle
):
    ExplanationItem.objects.filter(report__organization=ward_a).update(facts="Phường A cấp phép sai")
    ExplanationItem.objects.filter(report__organization=ward_b).update(facts="Phường B cấp phép chậm")
    reviews = {ward.pk: CollectiveReview.objects.create(cycle=cycle, organization=ward) for ward in (ward_a, ward_b)}

    services.merge([ward_a], ward_b, ON, BASIS)

    section_iv = {pk: [item.facts for item in directive_services.section_iv_items(r)] for pk, r in reviews.items()}
    assert section_iv == {ward_a.pk: ["Phường A cấp phép sai"], ward_b.pk: ["Phường B cấp phép chậm"]}


def test_a_closed_ward_is_not_reminded(
    ward_a, ward_b, secretary_a, secretary_b, directive, cycle, city_staff, inspector
):
    reviews = {ward.pk: CollectiveReview.objects.create(cycle=cycle, organization=ward) for ward in (ward_a, ward_b)}
    commitment_a, commitment_b = (commitment_of(reviews[ward.pk]) for ward in (ward_a, ward_b))
    report_b = ExplanationReport.objects.get(directive=directive, organization=ward_b)
    # Closed before the product knew lineage (or by hand): nothing was handed over.
    ward_a.close(ON)

    assert sweep_on(REPORT_DEADLINE, EXPLANATION) == {(report_b.pk, Step.ON_DAY, secretary_b.pk)}
    assert sweep_on(commitment_a.deadline, DEADLINE) == {(commitment_b.pk, Step.ON_DAY, secretary_b.pk)}


# --- who answers for a handed-over commitment ------------------------------------------------------------------


def test_a_handed_over_commitment_is_answered_for_by_the_successors_secretary(
    ward_a, ward_b, secretary_a, secretary_b, cycle
):
    commitment = commitment_of(CollectiveReview.objects.create(cycle=cycle, organization=ward_a))
    assert commitment.accountable_user == secretary_a

    services.merge([ward_a], ward_b, ON, BASIS)

    commitment.refresh_from_db()
    assert (commitment.organization, commitment.accountable_user) == (ward_b, secretary_b)
    assert commitment.accountable_name == secretary_b.get_full_name()
    assert Commitment.objects.filter(search_text__contains="bithu_b").get() == commitment


def test_a_handed_over_commitments_reminder_goes_to_the_successors_secretary_not_the_old_one(
    city, ward_a, ward_b, secretary_a, cycle
):
    commitment = commitment_of(CollectiveReview.objects.create(cycle=cycle, organization=ward_a))
    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    # The old ward's secretary's role ends (the fixture's began today); the new ward's secretary is appointed.
    RoleAssignment.objects.filter(user=secretary_a).update(ends_on=timezone.localdate() + datetime.timedelta(days=1))
    new_secretary = make_user("bithu_nam_dinh", Role.SECRETARY, successor)

    assert sweep_on(commitment.deadline, DEADLINE) == {(commitment.pk, Step.ON_DAY, new_secretary.pk)}


def test_a_members_own_commitment_stays_with_the_member_when_handed_over(ward_a, ward_b, secretary_b, cycle):
    member = make_member(ward_a, full_name="Phạm Văn Đức")
    member_user = make_user("ducpv", member=member)
    review = IndividualReview.objects.create(cycle=cycle, member=member, organization=ward_a, form="2C")
    commitment = commitment_of(review, kind=SourceKind.INDIVIDUAL_REVIEW)

    services.merge([ward_a], ward_b, ON, BASIS)

    commitment.refresh_from_db()
    assert (commitment.organization, commitment.member) == (ward_b, member)
    assert (commitment.accountable_user, commitment.accountable_name) == (member_user, "Phạm Văn Đức")
