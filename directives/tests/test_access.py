"""Access matrix of every directive URL: leaks are phrased as leaks, refused writes leave the database as it was."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from core.workflow import SubmissionVersion
from directives.models import (
    ContentItem,
    Directive,
    DirectiveItem,
    DirectiveTarget,
    ExplanationItem,
    ExplanationReport,
)
from organizations.models import Organization, OrganizationKind, Sector
from organizations.services import Basis, merge
from tests.factories import make_user


def _state():
    """Everything a refused write could have touched."""
    return (
        list(Directive.objects.values_list("pk", "status", "title", "revoke_reason")),
        list(DirectiveTarget.objects.values_list("pk", "organization_id")),
        list(DirectiveItem.objects.values_list("pk", "text")),
        list(ExplanationReport.objects.values_list("pk", "status", "revision")),
        list(ExplanationItem.objects.values_list("pk", "facts", "head_responsibility")),
        list(ContentItem.objects.values_list("pk", "title")),
        SubmissionVersion.objects.count(),
    )


def _urls(directive, report, cycle):
    item = ContentItem.objects.first()
    return {
        "list": reverse("directives:list"),
        "propose": reverse("directives:propose"),
        "detail": reverse("directives:detail", args=[directive.pk]),
        "edit": reverse("directives:edit", args=[directive.pk]),
        "issue": reverse("directives:issue", args=[directive.pk]),
        "revoke": reverse("directives:revoke", args=[directive.pk]),
        "overview": reverse("directives:overview", args=[cycle.pk]),
        "catalogue": reverse("directives:catalogue"),
        "catalogue_create": reverse("directives:catalogue_create"),
        "catalogue_edit": reverse("directives:catalogue_edit", args=[item.pk]),
        "report": reverse("directives:report", args=[report.pk]),
        "report_return": reverse("directives:report_return", args=[report.pk]),
        "report_accept": reverse("directives:report_accept", args=[report.pk]),
        "report_conclude": reverse("directives:report_conclude", args=[report.pk]),
    }


@pytest.mark.parametrize(
    "name",
    ["list", "propose", "detail", "edit", "issue", "revoke", "overview", "catalogue", "catalogue_create",
     "catalogue_edit", "report", "report_return", "report_accept", "report_conclude"],
)  # fmt: skip
def test_anonymous_is_sent_to_login(client, name, report, issued, cycle):
    url = _urls(issued, report, cycle)[name]
    response = client.get(url) if name not in {"revoke", "report_accept"} else client.post(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["detail", "edit", "issue", "revoke", "report", "report_return",
                                  "report_accept", "report_conclude"])  # fmt: skip
def test_secretary_of_a_non_targeted_organization_gets_404(login, secretary_b, name, report, issued, cycle):
    before = _state()
    response = login(secretary_b).post(_urls(issued, report, cycle)[name], {"reason": "x", "title": "x"})
    assert response.status_code == 404, f"{name} of ward A leaked to the secretary of ward B"
    assert _state() == before


def test_directive_of_ward_a_does_not_leak_into_lists_of_ward_b(login, secretary_b, issued, cycle, report):
    for name in ("list", "overview"):
        page = login(secretary_b).get(_urls(issued, report, cycle)[name]).content.decode()
        assert issued.title not in page, f"{name} leaked ward A's directive to ward B"


def test_secretary_does_not_see_a_proposal_aimed_at_their_ward(login, secretary_a, proposal):
    assert login(secretary_a).get(reverse("directives:detail", args=[proposal.pk])).status_code == 404
    assert proposal.title not in login(secretary_a).get(reverse("directives:list")).content.decode()


@pytest.mark.parametrize("name", ["list", "detail", "overview", "catalogue", "report"])
def test_inspection_reads_everything(login, inspector, name, report, issued, cycle):
    assert login(inspector).get(_urls(issued, report, cycle)[name]).status_code == 200


@pytest.mark.parametrize("name", ["detail", "report", "list", "overview", "catalogue"])
def test_target_secretary_reads_their_directive_and_report(login, secretary_a, name, report, issued, cycle):
    assert login(secretary_a).get(_urls(issued, report, cycle)[name]).status_code == 200


@pytest.mark.parametrize(
    ("actor", "name"),
    [
        ("secretary_a", "propose"),
        ("secretary_a", "issue"),
        ("secretary_a", "revoke"),
        ("secretary_a", "report_return"),
        ("secretary_a", "report_accept"),
        ("secretary_a", "report_conclude"),
        ("secretary_a", "catalogue_create"),
        ("secretary_a", "catalogue_edit"),
        ("inspector", "issue"),
        ("inspector", "revoke"),
        ("inspector", "report"),
        ("inspector", "report_return"),
        ("inspector", "report_accept"),
        ("inspector", "catalogue_create"),
        ("standing_member_a", "report"),
        ("standing_member_a", "report_accept"),
        ("standing_member_a", "report_conclude"),
    ],
)
def test_read_only_roles_get_403_on_writes_and_nothing_changes(request, login, actor, name, report, issued, cycle):
    user = request.getfixturevalue(actor)
    before = _state()
    data = {"reason": "x", "title": "Đổi", "revision": report.revision, "text": "x", "position": 1}
    response = login(user).post(_urls(issued, report, cycle)[name], data)
    assert response.status_code == 403, f"{actor} could {name}"
    assert _state() == before


def test_propose_and_edit_are_refused_to_a_secretary_on_a_proposal(login, secretary_a, standing_member_a, proposal):
    before = _state()
    for user in (secretary_a, standing_member_a):
        response = login(user).post(reverse("directives:edit", args=[proposal.pk]), {"title": "x"})
        assert response.status_code == 404  # a proposal is not visible to them at all
    assert _state() == before


# --- a report answering for a merged ward (one per directive, successor and ward it named) -------------------------

REPORT_PAGES = ("report", "report_return", "report_accept", "report_conclude")


@pytest.fixture
def handed_over(report, city, ward_a):
    """Ward A, named by the directive, merged into a new ward: the new ward answers for it in the same report."""
    successor = Organization(
        name="Đảng bộ phường Nam Định", code="P-ND", kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD,
        parent=city,
    )  # fmt: skip
    basis = Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")
    successor = merge([ward_a], successor, datetime.date(2025, 7, 1), basis).subject
    report.refresh_from_db()
    assert (report.organization, report.origin_organization) == (successor, ward_a)
    return report


def _page_urls(report):
    return {name: reverse(f"directives:{name}", args=[report.pk]) for name in REPORT_PAGES}


@pytest.mark.parametrize("name", REPORT_PAGES)
def test_a_handed_over_report_and_its_conclusion_page_are_404_to_another_wards_secretary(
    login, secretary_b, handed_over, name
):
    before = _state()
    client = login(secretary_b)
    url = _page_urls(handed_over)[name]
    if name != "report_accept":  # a POST only
        assert client.get(url).status_code == 404, f"{name} of the ward answered for leaked to ward B"
    assert client.post(url, {"reason": "x", "text": "x", "revision": handed_over.revision}).status_code == 404
    assert _state() == before


@pytest.mark.parametrize(
    ("who", "name"),
    [
        ("successor_secretary", "report_return"),
        ("successor_secretary", "report_accept"),
        ("successor_secretary", "report_conclude"),
        ("successor_standing", "report"),
        ("successor_standing", "report_accept"),
        ("successor_standing", "report_conclude"),
        ("inspector", "report"),
        ("inspector", "report_accept"),
    ],
)
def test_a_handed_over_report_refuses_403_to_a_reader_who_may_not_change_it(login, handed_over, inspector, who, name):
    successor = handed_over.organization
    users = {
        "successor_secretary": make_user("bithu_nd", Role.SECRETARY, successor),
        "successor_standing": make_user("tv_nd", Role.STANDING_MEMBER, successor),
        "inspector": inspector,
    }
    client = login(users[who])
    assert client.get(_page_urls(handed_over)["report"]).status_code == 200  # it reads the report
    before = _state()
    data = {"reason": "x", "text": "x", "revision": handed_over.revision}
    response = client.post(_page_urls(handed_over)[name], data)
    assert response.status_code == 403, f"{who} could {name}"
    assert _state() == before
