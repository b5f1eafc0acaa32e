"""Every list filters through its filter form: a filter narrows the list and its export to the same rows,
and a bad parameter is ignored (200, the unfiltered rows), never a server error."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from commitments.models import Commitment, CommitmentStatus
from directives.models import NO_REPORT, Directive, DirectiveStatus
from documents.models import Document, DocumentType
from notifications.models import Notification, Step
from organizations.models import OrganizationKind
from reports import registry
from reports.tests.fixtures import EXCUSED
from studies.tests.world import study_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists_world(world, city, ward_a, city_staff):
    """``world`` and a second row wherever it has only one, so that every list has something to narrow."""
    for number, kind in (("1-KH/ĐU", DocumentType.PLAN), ("2-TB/ĐU", DocumentType.NOTICE)):
        Document.objects.create(
            organization=ward_a, number=number, kind=kind, issuing_body="Đảng ủy phường",
            issued_on=datetime.date(2017, 3, 1), title=f"Văn bản {number}",
        )  # fmt: skip
    Directive.objects.create(issuer=city, cycle=world["previous"], title="Gợi ý năm trước", number="02-GY/TU")
    Commitment.objects.filter(organization=ward_a, status=CommitmentStatus.VERIFIED).update(
        status=CommitmentStatus.REPORTED_COMPLETED
    )
    for read_at in (None, datetime.datetime(2017, 12, 1, tzinfo=datetime.UTC)):
        Notification.objects.create(user=city_staff, kind="k", step=Step.BEFORE, title="t", url="/", read_at=read_at)
    study_world(city, ward_a, world["wards"]["B"], city_staff)
    return world


def _list_rows(response):
    """The primary keys of every row the list shows (all pages)."""
    assert response.status_code == 200
    if "page_obj" in response.context:
        return {row.pk for row in response.context["page_obj"].paginator.object_list}
    # The cycle overview lists, on one page, the targets of each directive.
    return {target.pk for _directive, targets, _days in response.context["rows"] for target, *_report in targets}


# (list URL name, its URL arguments, the user who reads it, a filter that narrows it), from the world.
LISTS = {
    "organizations": lambda w: ("organizations:list", [], "city_staff", {"kind": OrganizationKind.BRANCH}),
    "members": lambda w: ("members:list", [], "city_staff", {"organization": w["wards"]["B"].pk}),
    "documents": lambda w: ("documents:list", [], "city_staff", {"kind": DocumentType.PLAN}),
    "commitments": lambda w: ("commitments:list", [], "city_staff", {"overdue": "on"}),
    "directives": lambda w: ("directives:list", [], "city_staff", {"status": DirectiveStatus.ISSUED}),
    "cycle_board": lambda w: (
        "reviews:cycle_board", [w["cycle"].pk], "city_staff", {"cycle": w["cycle"].pk, "step": "draft"}
    ),
    "individual_reviews": lambda w: (
        "reports:individual_reviews", [], "city_staff", {"cycle": w["cycle"].pk, "level": "good"}
    ),
    "verification_queue": lambda w: ("commitments:queue", [], "inspector", {"organization": w["wards"]["A"].pk}),
    "not_reviewed": lambda w: ("reviews:not_reviewed", [w["cycle"].pk], "city_staff", {"reason": EXCUSED}),
    "cycle_overview": lambda w: ("directives:overview", [w["cycle"].pk], "city_staff", {"state": NO_REPORT}),
    "collective_members": lambda w: ("reviews:collective_detail", [w["reviews"]["A"].pk], "city_staff", {"q": "Hoa"}),
    "inbox": lambda w: ("notifications:inbox", [], "city_staff", {"show": "unread"}),
    "study_plans": lambda w: ("studies:plans", [], "city_staff", {"late": "on"}),
    "study_sessions": lambda w: ("studies:sessions", [], "city_staff", {"organization": w["wards"]["B"].pk}),
    "study_attendance": lambda w: ("studies:attendance", [], "city_staff", {"status": "absent"}),
    "study_essays": lambda w: ("studies:essays", [], "city_staff", {"status": "owed"}),
    "audit": lambda w: ("reports:audit_log", [], "city_staff", {"organization": w["wards"]["B"].pk}),
}  # fmt: skip

# The list each export writes.
EXPORTS = {name: name for name in ("organizations", "members", "documents", "commitments", "directives")} | {
    **{name: name for name in ("study_plans", "study_sessions", "study_attendance", "study_essays")},
    "cycle_board": "cycle_board",
    "individual_reviews": "individual_reviews",
    "audit": "audit",
}


def _export_rows(user, name, params):
    """The rows export ``name`` writes for ``params``, read as the export view reads a query string."""
    export = registry.get(name)
    query = QueryDict(mutable=True)
    query.update(params)
    return {row.pk for row in export.rows(user, export.params(query))}


def test_every_export_is_checked_against_its_list():
    assert set(EXPORTS.values()) == set(registry.names())


@pytest.mark.parametrize("name", LISTS)
def test_a_filter_narrows_the_list_and_its_export_to_the_same_rows(name, lists_world, login, request):
    url_name, args, actor, params = LISTS[name](lists_world)
    user = request.getfixturevalue(actor)
    client = login(user)
    url = reverse(url_name, args=args)
    unfiltered = _list_rows(client.get(url, {"cycle": params["cycle"]} if "cycle" in params else {}))
    filtered = _list_rows(client.get(url, params))
    assert 0 < len(filtered) < len(unfiltered), f"{params} does not narrow {url_name}"
    if name in EXPORTS:
        assert _export_rows(user, EXPORTS[name], params) == filtered


# Each is refused by the field it is given to: a non-numeric id, a digit int() refuses, a NUL byte
# (PostgreSQL refuses it in any query), an id beyond a database integer.
BAD_VALUES = ["abc", "²", "\x00", "99999999999999999999"]

# The parameters each list reads (besides ``q``, searched as text, and booleans, where any value ticks the box).
PARAMETERS = {
    "organizations": ["sector", "kind", "state"],
    "members": ["organization", "status", "review_form", "sex"],
    "documents": ["kind", "year"],
    "commitments": ["cycle", "organization", "source", "status"],
    "directives": ["status", "cycle"],
    "cycle_board": ["step", "level", "scope"],
    "individual_reviews": ["cycle", "level", "form", "status"],
    "verification_queue": ["cycle", "organization"],
    "not_reviewed": [],
    "cycle_overview": ["status", "state"],
    "collective_members": ["status"],
    "inbox": ["show"],
    "study_plans": ["organization", "year", "month", "form"],
    "study_sessions": ["plan", "organization", "year", "month", "form"],
    "study_attendance": ["plan", "session", "organization", "status"],
    "study_essays": ["plan", "organization", "status"],
    "audit": ["organization", "model", "action", "date_from", "date_to"],
}


def _bad(names, value):
    # Free text is refused only for its NUL byte; ``page`` and ``sort`` fall back to their defaults.
    return {**dict.fromkeys(names, value), "q": "\x00", "reason": "\x00", "page": value, "sort": value}


@pytest.mark.parametrize("name", LISTS)
def test_bad_parameters_are_ignored_by_each_list_and_its_export(name, lists_world, login, request):
    url_name, args, actor, params = LISTS[name](lists_world)
    export = EXPORTS.get(name)
    user = request.getfixturevalue(actor)
    client = login(user)
    url = reverse(url_name, args=args)
    # The board's export needs its cycle: the board has it in its URL.
    needed = {"cycle": params["cycle"]} if export == "cycle_board" else {}
    unfiltered = _list_rows(client.get(url))
    exported = export and _export_rows(user, export, needed)
    for value in BAD_VALUES:
        assert _list_rows(client.get(url, _bad(PARAMETERS[name], value))) == unfiltered, f"{url_name} {value!r}"
        if export:
            bad = {**_bad([*PARAMETERS[name], "cycle"], value), **needed}
            assert _export_rows(user, export, bad) == exported, f"{export} {value!r}"
            assert client.get(reverse("reports:export", args=[export]), bad).status_code == 200


@pytest.mark.parametrize("url_name", ["reports:dashboard", "reports:cycle_report_index"])
def test_the_report_pages_ignore_a_bad_cycle(url_name, world, login, city_staff):
    client = login(city_staff)
    for value in BAD_VALUES:
        response = client.get(reverse(url_name), {"cycle": value, "organization": value})
        assert response.status_code == 200, value
        assert response.context["cycle"] == world["cycle"]  # the default: the open annual cycle


def test_the_board_export_of_a_bad_cycle_is_empty(world, login, city_staff):
    for value in BAD_VALUES:
        assert _export_rows(city_staff, "cycle_board", {"cycle": value}) == set()


def test_a_bad_year_leaves_the_cycle_form_without_its_prefill(login, city_staff):
    client = login(city_staff)
    for value in ("abc", "²", "\x00"):
        response = client.get(reverse("reviews:cycle_open"), {"year": value})
        assert response.status_code == 200
        assert "year" not in response.context["form"].initial
    assert login(city_staff).get(reverse("reviews:cycle_open"), {"year": "2019"}).context["form"].initial["year"]
