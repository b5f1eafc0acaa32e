"""Directive data as users read it: overdue only while a report is owed, the delegation in charge, the read
receipt of a submitted report, the home page's directives button, the issuing body's name."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role, User
from core.workflow import SubmissionStatus
from directives import services
from directives.forms import IssueForm
from directives.models import Directive, DirectiveTarget, ExplanationReport
from directives.tests.conftest import fill_report
from directives.tests.test_demo import _run
from reviews.models import ReviewCycle
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _overview(client, user, cycle):
    client.force_login(user)
    return client.get(reverse("directives:overview", args=[cycle.pk])).content.decode()


def test_an_owed_report_past_its_deadline_is_overdue(client, issued, city_staff):
    assert "quá hạn" in _overview(client, city_staff, issued.cycle)
    assert issued.days_to_deadline_if_owed(issued.reports.all()) < 0


@pytest.mark.parametrize(
    "status", [SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED, SubmissionStatus.ACCEPTED]
)
def test_a_report_in_or_accepted_is_not_overdue(client, issued, report, city_staff, status):
    ExplanationReport.objects.filter(pk=report.pk).update(status=status)
    assert issued.days_to_deadline_if_owed(issued.reports.all()) is None
    page = _overview(client, city_staff, issued.cycle)
    assert "quá hạn" not in page and "overdue" not in page


def test_a_revoked_directive_is_not_overdue(issued, city_staff):
    services.revoke(issued, city_staff, "Sai đối tượng")
    issued.refresh_from_db()
    assert issued.days_to_deadline_if_owed(issued.reports.all()) is None


def test_submitting_the_report_records_that_the_secretary_read_the_directive(issued, report, secretary_a):
    assert DirectiveTarget.objects.get(directive=issued).read_at is None
    fill_report(report, secretary_a)
    services.submit_explanation(report, secretary_a)
    target = DirectiveTarget.objects.get(directive=issued)
    assert target.read_at is not None and target.read_by == secretary_a


def test_the_default_issuing_body_is_the_standing_committee_of_the_city_committee(proposal, city):
    assert city.name == "Đảng bộ Thành phố Nam Định"
    assert IssueForm(directive=proposal).initial["issuing_body"] == "Ban Thường vụ Thành ủy Nam Định"


def test_issuing_without_a_body_registers_the_committees_name(issued):
    assert issued.document.issuing_body == "Ban Thường vụ Thành ủy Nam Định"


# ------------------------------------------------------------------ the demo


@pytest.fixture
def demo_with_people(demo_city):
    from organizations.models import Organization

    wards = Organization.objects.filter(sector="ward", parent=demo_city)
    communes = Organization.objects.filter(sector="commune", parent=demo_city)
    ward_member = make_user("tv_phuong", Role.STANDING_MEMBER, wards.first())
    for ward in wards[1:]:
        ward_member.role_assignments.create(organization=ward, role=Role.STANDING_MEMBER)
    commune_member = make_user("tv_xa", Role.STANDING_MEMBER, communes.first())
    for commune in communes[1:]:
        commune_member.role_assignments.create(organization=commune, role=Role.STANDING_MEMBER)
    for organization in (*wards, *communes):
        make_user(f"bt_{organization.pk}", Role.SECRETARY, organization)
    return ward_member, commune_member


def test_demo_delegations_are_led_by_the_standing_member_in_charge_of_each_ward_or_commune(demo_with_people):
    ward_member, commune_member = demo_with_people
    _run()
    for directive in Directive.objects.prefetch_related("targets__organization"):
        sector = directive.targets.get().organization.sector
        assert directive.standing_member == (commune_member if sector == "commune" else ward_member), directive


def test_demo_reports_that_were_written_show_as_read_by_the_secretary(demo_with_people):
    _run()
    for target in DirectiveTarget.objects.with_outcome().select_related("read_by"):
        written = target.report_status != SubmissionStatus.DRAFT or target.organization.name.endswith("Nguyễn Du")
        assert (target.read_at is not None) == written, target
        if written:
            assert target.read_by.role_assignments.filter(role=Role.SECRETARY).exists()


def test_demo_overdue_only_where_a_report_is_owed(demo_with_people):
    _run()
    owed = {
        str(directive.targets.get().organization)
        for directive in Directive.objects.all()
        if directive.days_to_deadline_if_owed(directive.reports.all()) is not None
    }
    # Nguyễn Du and Nam Phong are drafts, Trần Đăng Ninh was returned: the other four are in.
    assert owed == {"Đảng bộ phường Nguyễn Du", "Đảng bộ xã Nam Phong", "Đảng bộ phường Trần Đăng Ninh"}


def test_home_directives_button_opens_the_cycle_that_has_directives(client, demo_city):
    _run()
    staff = User.objects.get(username="vp")
    later = ReviewCycle.objects.create(
        year=2018,
        rule_set=ReviewCycle.objects.get(year=2017).rule_set,
        opened_on=datetime.date(2018, 10, 1),
        reference_date=datetime.date(2018, 12, 15),
    )
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    cycle_2017 = ReviewCycle.objects.get(year=2017)
    assert reverse("directives:overview", args=[cycle_2017.pk]) in page
    assert reverse("directives:overview", args=[later.pk]) not in page
