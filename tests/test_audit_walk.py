"""Every write view leaves an audit row: the walk, and the check that the walk lists every write view.

Each case logs in as someone allowed to act, sends the form as the page renders
it (scraped, so the case names only what it changes) and asserts that the audit
trail holds a row written by that very request (its X-Request-ID), attributed to
that user. ``NOT_CHANGES`` lists the POST views that change no followed record,
each with why. A new view that reads POST data and is in neither list fails
``test_every_write_view_is_walked``.
"""

import datetime
import inspect
import re

import pytest
from django.contrib.auth.views import LoginView
from django.urls import URLResolver, get_resolver, reverse

from audit.models import Action, AuditEvent
from commitments import services as commitment_services
from commitments.models import Commitment, ExtensionRequest, SourceKind
from paperwork.tests import conftest as paperwork_world
from reviews.models import RuleSet
from tests.factories import make_member
from tests.test_hostile_input import _Forms

directive_world = paperwork_world.directive_world
world = paperwork_world.world
head_a = paperwork_world.head_a
cell_head_a = paperwork_world.cell_head_a
_media_root = paperwork_world._media_root

# POST views that change no record the trail follows (their own logs keep what they do).
NOT_CHANGES = {
    "login": "signing in: the login history (accounts.LoginEvent) and django-axes keep it",
    "logout": "ends a session",
    "password_reset": "sends a mail; the password changes at the confirm step",
    "two_factor_verify": "the second step of signing in: the login history keeps it",
    "unlock": "lifts a lockout (django-axes' records); the login history keeps the attempts",
    "notifications:mark_read": "an inbox row read: the reader's own state, not a record",
    "notifications:mark_all_read": "the same for every inbox row",
    "reports:export": "starts an export job: it writes a file, changes no record",
    "paperwork:file_start": "starts building the review file: it writes a file, changes no record",
    "imports:upload": "stores the spreadsheet and checks it (a dry run): nothing changes until confirm",
    "imports:check_again": "runs the dry run again: nothing changes",
    "reviews:rate": "the rating page itself: its forms post to reviews:rate_step",
}


def _write_views():
    """Names of the URL patterns whose view reads POST data (function views) or has ``post`` (class views)."""
    writes = re.compile(r"request\.POST|perform_action\(|perform\(|request\.method\s*==\s*[\"']POST|request\.FILES")
    found = set()

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if pattern.namespace and namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                yield from walk(pattern, inner)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback

    for name, callback in walk(get_resolver(), None):
        if name.startswith("admin:"):
            continue
        view_class = getattr(callback, "view_class", None)
        if view_class is not None:
            if hasattr(view_class, "post"):
                found.add(name)
            continue
        if _writes(inspect.unwrap(callback), writes):
            found.add(name)
    return found


def _writes(view, writes):
    """Whether ``view`` reads POST data, itself or through a function of its module that it calls (a page
    pattern shared by several views, such as the restructuring events' ``_event_page``)."""
    source = inspect.getsource(view)
    if writes.search(source):
        return True
    module = inspect.getmodule(view)
    for called in set(re.findall(r"\b(_?\w+)\(", source)):
        helper = getattr(module, called, None)
        local = inspect.isfunction(helper) and helper.__module__ == module.__name__ and helper is not view
        if local and writes.search(inspect.getsource(helper)):
            return True
    return False


# Filled below: URL name → case(w) returning the response of the accepted POST.
CASES = {}


def case(name):
    def register(function):
        CASES[name] = function
        return function

    return register


def test_every_write_view_is_walked():
    missing = _write_views() - set(CASES) - set(NOT_CHANGES)
    assert not missing, f"write views with no audit case: {sorted(missing)}"
    assert not set(CASES) & set(NOT_CHANGES)
    stale = (set(CASES) | set(NOT_CHANGES)) - _write_views()
    assert not stale, f"listed but not write views (renamed?): {sorted(stale)}"
    assert LoginView.post  # the login view is a class view with post: listed in NOT_CHANGES


class Walker:
    def __init__(self, client, request, world):
        self.client = client
        self.request = request
        self.world = world
        self.user = None

    def as_(self, fixture):
        self.user = self.request.getfixturevalue(fixture)
        self.client.force_login(self.user)
        return self

    def form(self, page, action=None):
        """The fields of the POST form on ``page`` whose action is ``action`` (default: the page itself)."""
        response = self.client.get(page)
        assert response.status_code == 200, f"{page}: {response.status_code}"
        parser = _Forms("http://testserver" + page)
        parser.feed(response.content.decode())
        target = "http://testserver" + (action or page)
        for method, url, fields in parser.forms:
            if method == "post" and url.split("?")[0] == target.split("?")[0]:
                return {name: value for name, value in fields.items() if value is not None}
        raise AssertionError(f"no POST form to {target} on {page}")

    def submit(self, page, changes=(), action=None, drop=()):
        data = self.form(page, action)
        data.update(dict(changes))
        for name in drop:
            data.pop(name, None)
        return self.client.post(action or page, data)

    def post(self, url, data=None):
        return self.client.post(url, data or {})


def _day(delta=0):
    return (datetime.date.today() + datetime.timedelta(days=delta)).strftime("%d/%m/%Y")


@pytest.fixture
def walk_world(directive_world, ward_a, city_staff, secretary_a, inspector):
    commitments = commitment_services.create_commitments(
        SourceKind.COLLECTIVE_REVIEW,
        directive_world["ward_review"],
        [
            {
                "shortcoming": "Sinh hoạt chi bộ có lúc chưa đều đặn.",
                "measure": "Sinh hoạt đúng kỳ.",
                "deadline": datetime.date.today() + datetime.timedelta(days=30),
            }
        ],
        city_staff,
    )
    return {**directive_world, "commitment": commitments[0] if commitments else Commitment.objects.first()}


# --- organizations, members ---------------------------------------------------------------------


@case("organizations:create")
def _(w):
    w.as_("city_staff")
    page = reverse("organizations:create", args=[w.request.getfixturevalue("ward_a").pk])
    return w.submit(page, {"name": "Chi bộ khu phố 9", "code": "P-THD-9", "valid_from": _day(-10)})


@case("organizations:edit")
def _(w):
    w.as_("city_staff")
    return w.submit(
        reverse("organizations:edit", args=[w.request.getfixturevalue("branch_a").pk]), {"name": "Chi bộ khu phố Một"}
    )


def _empty_branch(w, code="EMPTY-1"):
    ward = w.request.getfixturevalue("ward_a")
    return type(ward).objects.create(
        name=f"Chi bộ trống {code}",
        code=code,
        kind="branch",
        sector=ward.sector,
        parent=ward,
        valid_from=datetime.date(2010, 1, 1),
    )


# The legal basis every restructuring event asks for; its pages post the confirmed form at once.
BASIS = {"basis_number": "1674/NQ-UBTVQH15", "basis_date": _day(-1), "basis_issuer": "Ủy ban Thường vụ Quốc hội"}


def _event(w, name, organization, fields):
    w.as_("city_staff")
    url = reverse(name, args=[organization.pk])
    return w.post(url, {"on_date": _day(), **BASIS, **fields, "confirmed": "1"})


@case("organizations:close")
def _(w):
    return _event(w, "organizations:close", _empty_branch(w), {})


@case("organizations:rename")
def _(w):
    return _event(w, "organizations:rename", w.request.getfixturevalue("branch_a"), {"name": "Chi bộ khu phố Một"})


@case("organizations:move")
def _(w):
    branch = _empty_branch(w)
    return _event(w, "organizations:move", branch, {"parent": w.request.getfixturevalue("ward_b").pk})


@case("organizations:merge")
def _(w):
    first, second = _empty_branch(w, "EMPTY-1"), _empty_branch(w, "EMPTY-2")
    fields = {"others": [second.pk], "successor": "", "new_name": "Chi bộ hợp nhất", "new_code": "MERGED-1"}
    return _event(w, "organizations:merge", first, {**fields, "parent": first.parent_id})


@case("organizations:split")
def _(w):
    fields = {"new_successors": "SPLIT-1 | Chi bộ tách một\nSPLIT-2 | Chi bộ tách hai", "assigning": "1"}
    return _event(w, "organizations:split", _empty_branch(w), fields)


@case("members:create")
def _(w):
    w.as_("city_staff")
    branch = w.request.getfixturevalue("branch_a")
    return w.submit(
        reverse("members:create", args=[branch.pk]),
        {
            "full_name": "Đảng Viên Mới",
            "sex": "male",
            "date_of_birth": "01/01/1990",
            "card_number": "99990001",
            "admission_date": "01/01/2015",
            "full_membership_date": "01/01/2016",
            "organization": branch.pk,
        },
    )


@case("members:edit")
def _(w):
    w.as_("secretary_a")
    member = w.request.getfixturevalue("member_a")
    return w.submit(reverse("members:edit", args=[member.pk]), {"phone": "0912000111"})


def _ward_body(w):
    """Ward A's Executive Committee, with member A in its chair."""
    from members.models import BodyKind, LeadershipBody, LeadershipSeat

    ward = w.request.getfixturevalue("ward_a")
    body = LeadershipBody.objects.create(organization=ward, kind=BodyKind.EXECUTIVE, name="Đảng ủy phường A")
    member = w.request.getfixturevalue("member_a")
    seat = LeadershipSeat.objects.create(
        body=body, member=member, title="Bí thư", position=1, start=datetime.date(2020, 10, 1)
    )
    return body, seat


@case("members:body_create")
def _(w):
    w.as_("city_staff")
    page = reverse("members:body_create", args=[w.request.getfixturevalue("ward_a").pk])
    return w.submit(page, {"kind": "standing", "name": "Ban Thường vụ Đảng ủy phường A"})


@case("members:body_edit")
def _(w):
    body, _seat = _ward_body(w)
    w.as_("city_staff")
    return w.submit(reverse("members:body_edit", args=[body.pk]), {"name": "Đảng ủy phường A khóa mới"})


@case("members:seat_add")
def _(w):
    body, _seat = _ward_body(w)
    w.as_("city_staff")
    newcomer = make_member(w.request.getfixturevalue("branch_a"), full_name="Trần Thị Ủy Viên")
    changes = {"member": newcomer.pk, "title": "Ủy viên", "start": _day(-30)}
    return w.submit(reverse("members:seat_add", args=[body.pk]), changes, drop=("member__text",))


@case("members:seat_edit")
def _(w):
    _body, seat = _ward_body(w)
    w.as_("city_staff")
    return w.submit(reverse("members:seat_edit", args=[seat.pk]), {"title": "Bí thư Đảng ủy phường"})


@case("members:seat_end")
def _(w):
    _body, seat = _ward_body(w)
    w.as_("city_staff")
    return w.submit(reverse("members:seat_end", args=[seat.pk]), {"end": _day()})


# --- reviews ------------------------------------------------------------------------------------


@case("reviews:cycle_open")
def _(w):
    w.as_("city_staff")
    rule_set = RuleSet.objects.get(code="QD366")
    city = w.request.getfixturevalue("city")
    return w.submit(
        reverse("reviews:cycle_open"),
        {
            "year": "2026",
            "rule_set": rule_set.pk,
            "organization": city.pk,
            "opened_on": "01/11/2026",
            "reference_date": "01/12/2026",
        },
    )


@case("reviews:collective_edit")
def _(w):
    w.as_("secretary_a")
    review = w.world["ward_b_review"] if False else w.world["ward_review"]
    type(review).objects.filter(pk=review.pk).update(submitted_at=None)
    return w.submit(reverse("reviews:collective_edit", args=[review.pk]), {"strengths": "Đã sửa ưu điểm."})


@case("reviews:individual_edit")
def _(w):
    w.as_("secretary_a")
    review = w.world["individual_a"]
    return w.submit(reverse("reviews:individual_edit", args=[review.pk]), {"strengths": "Đã sửa ưu điểm cá nhân."})


@case("reviews:copy_previous")
def _(w):
    from reviews.tests.conftest import open_cycle

    following = open_cycle(year=2026, organization=w.request.getfixturevalue("city"))
    review = following.collective_reviews.get(organization=w.request.getfixturevalue("ward_a"))
    w.as_("secretary_a")
    page = reverse("reviews:collective_edit", args=[review.pk])
    return w.submit(page, action=reverse("reviews:copy_previous", args=[review.pk]))


@case("reviews:meeting")
def _(w):
    w.as_("secretary_a")
    review = w.world["ward_review"]
    return w.submit(
        reverse("reviews:meeting", args=[review.pk]),
        {"held_on": "05/12/2025", "attendees_expected": "3", "attendees_present": "3", "minutes": "Biên bản hội nghị."},
    )


@case("reviews:act")
def _(w):
    w.as_("secretary_a")
    review = w.world["individual_a"]
    return w.post(reverse("reviews:act", args=["individual", review.pk, "submit"]))


@case("reviews:return")
def _(w):
    review = _submitted_review(w)
    w.as_("city_staff")
    page = reverse("reviews:return", args=["collective", review.pk])
    return w.submit(page, {"reason_strengths": "Chưa nêu số liệu."})


@case("reviews:rate_step")
def _(w):
    review = _submitted_review(w, accepted=True)
    w.as_("city_staff")
    page = reverse("reviews:rate", args=["collective", review.pk])
    action = reverse("reviews:rate_step", args=["collective", review.pk, "propose"])
    return w.submit(page, {"propose-level": "httnv", "propose-discipline": ""}, action=action)


@case("reviews:conclusion")
def _(w):
    w.as_("secretary_a")
    review = w.world["individual_a"]
    return w.submit(
        reverse("reviews:conclusion", args=[review.pk]),
        {
            "conclusion_strengths": "Ưu điểm.",
            "conclusion_weaknesses": "Hạn chế.",
            "conclusion_to_supplement": "Không.",
            "conclusion_measures": "Biện pháp.",
        },
    )


@case("reviews:ruleset_edit")
def _(w):
    w.as_("city_staff")
    rule_set = RuleSet.objects.get(code="QD366")
    return w.submit(reverse("reviews:ruleset_edit", args=[rule_set.pk]), {"name": rule_set.name + " (sửa)"})


@case("reviews:manifestation_edit")
def _(w):
    w.as_("city_staff")
    from reviews.models import Manifestation

    item = Manifestation.objects.order_by("pk").first()
    return w.submit(reverse("reviews:manifestation_edit", args=[item.pk]), {"gloss": "edited gloss"})


def _leadership(w):
    """The city's Standing Committee with one seat, reviewed in a 2024 cycle (QĐ 124)."""
    from members.models import BodyKind, LeadershipBody, LeadershipSeat
    from reviews.models import LeaderReview, LeadershipReview
    from reviews.tests.conftest import open_cycle

    city = w.request.getfixturevalue("city")
    leader = make_member(w.request.getfixturevalue("branch_a"), full_name="Phạm Văn Lãnh", is_leader=True)
    body = LeadershipBody.objects.create(organization=city, kind=BodyKind.STANDING, name="Ban Thường vụ Thành ủy")
    LeadershipSeat.objects.create(body=body, member=leader, title="Bí thư", position=1, start=datetime.date(2020, 1, 1))
    cycle = open_cycle(year=2024, code="QD124", organization=city)
    review = LeadershipReview.objects.get(cycle=cycle, body=body)
    return review, LeaderReview.objects.filter(leadership_review=review).first()


def _edit_first_text(w, page):
    data = w.form(page)
    name = "strengths" if "strengths" in data else next(n for n in data if n not in ("csrfmiddlewaretoken", "revision"))
    return w.client.post(page, {**data, name: "Nội dung đã sửa."})


@case("reviews:delegation")
def _(w):
    review, _leader = _leadership(w)
    w.as_("city_staff")
    data = {"directed_by": "Đồng chí Phó Bí thư Tỉnh ủy", "delegation": "Ban Tổ chức Tỉnh ủy", "held_on": "20/12/2024"}
    return w.post(reverse("reviews:delegation", args=[review.pk]), data)


@case("reviews:leadership_edit")
def _(w):
    review, _leader = _leadership(w)
    w.as_("city_staff")
    return _edit_first_text(w, reverse("reviews:leadership_edit", args=[review.pk]))


@case("reviews:leader_edit")
def _(w):
    _review, leader = _leadership(w)
    w.as_("city_staff")
    return _edit_first_text(w, reverse("reviews:leader_edit", args=[leader.pk]))


# --- documents, directives ----------------------------------------------------------------------


@case("documents:create")
def _(w):
    w.as_("city_staff")
    return w.submit(
        reverse("documents:create"),
        {"number": "99-KH/TU", "title": "Kế hoạch mới", "issued_on": _day(-3), "issuing_body": "Thành ủy Nam Định"},
    )


@case("documents:edit")
def _(w):
    w.as_("city_staff")
    document = w.world["directive"].document
    return w.submit(reverse("documents:edit", args=[document.pk]), {"title": "Tên văn bản đã sửa"})


def _submitted_review(w, accepted=False):
    from reviews import services

    review = w.world["ward_review"]
    services.move(review, "submit", w.request.getfixturevalue("secretary_a"))
    if accepted:
        review.refresh_from_db()
        services.move(review, "accept", w.request.getfixturevalue("city_staff"))
    review.refresh_from_db()
    return review


def _proposal(w):
    from directives import services

    return services.propose(
        w.request.getfixturevalue("inspector"),
        issuer=w.request.getfixturevalue("city"),
        cycle=w.world["cycle"],
        title="Gợi ý mới",
        reasons=["public_concern"],
        organizations=[w.request.getfixturevalue("ward_b")],
        free_items=["Một nội dung"],
    )


@case("directives:propose")
def _(w):
    w.as_("inspector")
    return w.submit(
        reverse("directives:propose"),
        {
            "title": "Gợi ý kiểm điểm sâu mới",
            "cycle": w.world["cycle"].pk,
            "reasons": "public_concern",
            "organizations": w.request.getfixturevalue("ward_b").pk,
            "free_items": "Nội dung cần làm rõ",
        },
    )


@case("directives:edit")
def _(w):
    proposal = _proposal(w)
    w.as_("inspector")
    return w.submit(reverse("directives:edit", args=[proposal.pk]), {"title": "Gợi ý đã sửa"})


@case("directives:issue")
def _(w):
    proposal = _proposal(w)
    w.as_("city_staff")
    return w.submit(
        reverse("directives:issue", args=[proposal.pk]),
        {"number": "300-TB/TU", "issued_on": _day(-1), "report_deadline": _day(20), "review_days": "2"},
    )


@case("directives:revoke")
def _(w):
    w.as_("city_staff")
    directive = w.world["directive"]
    page = reverse("directives:detail", args=[directive.pk])
    return w.submit(page, {"reason": "Ban hành nhầm."}, action=reverse("directives:revoke", args=[directive.pk]))


@case("directives:catalogue_create")
def _(w):
    w.as_("city_staff")
    return w.submit(reverse("directives:catalogue_create"), {"title": "Nội dung mới của danh mục", "position": "99"})


@case("directives:catalogue_edit")
def _(w):
    from directives.models import ContentItem

    w.as_("city_staff")
    item = ContentItem.objects.order_by("pk").first()
    return w.submit(reverse("directives:catalogue_edit", args=[item.pk]), {"title": item.title + " (sửa)"})


@case("directives:report")
def _(w):
    w.as_("secretary_a")
    report = w.world["report"]
    page = reverse("directives:report", args=[report.pk])
    data = w.form(page)
    first = next(name for name in data if name.endswith("facts"))
    data[first] = "Sự việc đã viết lại."
    return w.client.post(page, data)


def _submitted_report(w, accepted=False):
    from directives import services

    report = w.world["report"]
    services.submit_explanation(report, w.request.getfixturevalue("secretary_a"))
    if accepted:
        report.refresh_from_db()
        services.accept_explanation(report, w.request.getfixturevalue("city_staff"))
    return report


@case("directives:report_accept")
def _(w):
    report = _submitted_report(w)
    w.as_("city_staff")
    return w.post(reverse("directives:report_accept", args=[report.pk]))


@case("directives:report_return")
def _(w):
    report = _submitted_report(w)
    w.as_("city_staff")
    page = reverse("directives:report_return", args=[report.pk])
    data = w.form(page)
    reason = next(name for name in data if name not in ("note", "csrfmiddlewaretoken"))
    return w.client.post(page, {**data, reason: "Chưa nêu rõ sự việc."})


@case("directives:report_conclude")
def _(w):
    report = _submitted_report(w, accepted=True)
    w.as_("inspector")
    return w.submit(reverse("directives:report_conclude", args=[report.pk]), {"text": "Kết luận kiểm điểm sâu."})


# --- studies ------------------------------------------------------------------------------------


def _plan(w):
    from studies.models import StudyPlan

    return StudyPlan.objects.first() or _created_plan(w)


PLAN = {
    "title": "Học tập Nghị quyết",
    "starts_on": _day(-5),
    "ends_on": _day(30),
    "essay_rule": "office_holders",
    "essay_deadline": _day(40),
    "essays_assessed": "on",
}


def _created_plan(w):
    w.as_("city_staff")
    w.submit(
        reverse("studies:plan_create"),
        PLAN,
    )
    from studies.models import StudyPlan

    return StudyPlan.objects.get()


@case("studies:plan_create")
def _(w):
    w.as_("city_staff")
    return w.submit(
        reverse("studies:plan_create"),
        PLAN,
    )


@case("studies:plan_edit")
def _(w):
    plan = _plan(w)
    w.as_("city_staff")
    return w.submit(reverse("studies:plan_edit", args=[plan.pk]), {"title": "Tên kế hoạch đã sửa"})


@case("studies:plan_refresh_essays")
def _(w):
    plan = _plan(w)
    make_member(w.request.getfixturevalue("branch_a"), full_name="Người Mới Đến", party_position="Phó Bí thư")
    w.as_("city_staff")
    return w.post(reverse("studies:plan_refresh_essays", args=[plan.pk]))


def _session(w):
    from studies.models import StudySession

    plan = _plan(w)
    w.as_("secretary_a")
    w.submit(
        reverse("studies:session_create", args=[plan.pk]),
        {"organization": w.request.getfixturevalue("ward_a").pk, "held_on": _day(-1)},
    )
    return StudySession.objects.get()


@case("studies:session_create")
def _(w):
    plan = _plan(w)
    w.as_("secretary_a")
    return w.submit(
        reverse("studies:session_create", args=[plan.pk]),
        {"organization": w.request.getfixturevalue("ward_a").pk, "held_on": _day(-1)},
    )


@case("studies:session_edit")
def _(w):
    session = _session(w)
    return w.submit(reverse("studies:session_edit", args=[session.pk]), {"held_on": _day(-2)})


@case("studies:attendance_edit")
def _(w):
    session = _session(w)
    page = reverse("studies:attendance_edit", args=[session.pk])
    data = w.form(page)
    for name in list(data):
        if name.endswith("present"):
            data[name] = "on"
    return w.client.post(page, data)


def _essay(w):
    from studies.models import Essay

    _plan(w)
    return Essay.objects.order_by("pk").first()


@case("studies:essay_receive")
def _(w):
    essay = _essay(w)
    w.as_("secretary_a")
    page = reverse("studies:essay", args=[essay.pk])
    return w.submit(
        page,
        {"submitted_on": _day(), "text": "Bài thu hoạch."},
        action=reverse("studies:essay_receive", args=[essay.pk]),
    )


@case("studies:essay_assess")
def _(w):
    essay = _essay(w)
    w.as_("secretary_a")
    page = reverse("studies:essay", args=[essay.pk])
    w.submit(
        page,
        {"submitted_on": _day(), "text": "Bài thu hoạch."},
        action=reverse("studies:essay_receive", args=[essay.pk]),
    )
    return w.post(reverse("studies:essay_assess", args=[essay.pk]), {"grade": "good", "assessment": "Tốt."})


# --- commitments --------------------------------------------------------------------------------


@case("commitments:create")
def _(w):
    w.as_("secretary_a")
    review = w.world["branch_review"]
    page = reverse("commitments:create", args=["collective_review", review.pk])
    data = w.form(page)
    prefix = next(name for name in data if name.endswith("shortcoming")).rsplit("-", 1)[0]
    data.update(
        {f"{prefix}-shortcoming": "Chưa đều đặn.", f"{prefix}-measure": "Họp đúng kỳ.", f"{prefix}-deadline": _day(30)}
    )
    return w.client.post(page, data)


@case("commitments:progress")
def _(w):
    w.as_("secretary_a")
    commitment = w.world["commitment"]
    return w.submit(reverse("commitments:progress", args=[commitment.pk]), {"note": "Đã họp hai kỳ.", "percent": "50"})


def _reported(w):
    commitment = w.world["commitment"]
    w.as_("secretary_a")
    w.submit(reverse("commitments:report", args=[commitment.pk]), {"summary": "Đã hoàn thành."})
    return commitment


@case("commitments:report")
def _(w):
    w.as_("secretary_a")
    commitment = w.world["commitment"]
    return w.submit(reverse("commitments:report", args=[commitment.pk]), {"summary": "Đã hoàn thành."})


@case("commitments:verify")
def _(w):
    commitment = _reported(w)
    w.as_("inspector")
    return w.submit(reverse("commitments:verify", args=[commitment.pk]), {"outcome": "verified", "assessment": "Đạt."})


def _extension(w):
    commitment = w.world["commitment"]
    w.as_("secretary_a")
    w.submit(
        reverse("commitments:extension_request", args=[commitment.pk]),
        {"new_deadline": _day(60), "reason": "Cần thêm thời gian."},
    )
    return ExtensionRequest.objects.get()


@case("commitments:extension_request")
def _(w):
    w.as_("secretary_a")
    commitment = w.world["commitment"]
    return w.submit(
        reverse("commitments:extension_request", args=[commitment.pk]),
        {"new_deadline": _day(60), "reason": "Cần thêm thời gian."},
    )


@case("commitments:extension_decide")
def _(w):
    extension = _extension(w)
    w.as_("city_staff")
    return w.submit(
        reverse("commitments:extension_decide", args=[extension.pk]), {"decision": "approve", "note": "Đồng ý."}
    )


@case("commitments:carry_over_assess")
def _(w):
    from commitments.models import CarryOverItem
    from reviews.tests.conftest import open_cycle

    commitment = w.world["commitment"]
    open_cycle(year=datetime.date.today().year + 1, organization=w.request.getfixturevalue("city"))
    item = CarryOverItem.objects.filter(commitment=commitment).first()
    w.as_("secretary_a")
    return w.submit(
        reverse("commitments:carry_over_assess", args=[item.pk]), {"assessment": "in_progress", "degree": "50"}
    )


# --- notifications, reports, imports, accounts ---------------------------------------------------


@case("notifications:preferences")
def _(w):
    w.as_("secretary_a")
    return w.submit(reverse("notifications:preferences"), {"mode": "digest"})


@case("notifications:schedule_edit")
def _(w):
    w.as_("city_staff")
    return w.submit(reverse("notifications:schedule_edit", args=["commitments.deadline"]), {"days_before": "9, 2"})


@case("notifications:acknowledge")
def _(w):
    from notifications.models import Notification
    from notifications.sweep import sweep

    soon = datetime.date.today() + datetime.timedelta(days=1)
    Commitment.objects.filter(pk=w.world["commitment"].pk).update(deadline=soon, original_deadline=soon)
    sweep()
    note = Notification.objects.exclude(object_id=None).first()
    w.client.force_login(note.user)
    w.user = note.user
    return w.post(reverse("notifications:acknowledge", args=[note.pk]))


@case("reports:cycle_report_edit")
def _(w):
    w.as_("city_staff")
    cycle, city = w.world["cycle"], w.request.getfixturevalue("city")
    page = reverse("reports:cycle_report", args=[cycle.pk, city.pk])
    action = reverse("reports:cycle_report_edit", args=[cycle.pk, city.pk])
    return w.submit(page, {"assessment": "Đánh giá chung.", "direction": "Phương hướng."}, action=action)


@case("imports:confirm")
def _(w):
    from imports import services
    from imports.models import ImportKind
    from imports.tests.helpers import member_row, xlsx_upload

    w.as_("secretary_a")
    batch = services.start(w.user, ImportKind.MEMBERS, xlsx_upload([member_row(1, "P-THD-1")]))
    return w.post(reverse("imports:confirm", args=[batch.pk]))


@case("imports:secretaries")
def _(w):
    from imports.invitations import secretary_title

    ward = w.request.getfixturevalue("ward_a")
    head = w.request.getfixturevalue("head_a")
    type(head).objects.filter(pk=head.pk).update(email="bithu.thd@example.vn", party_position=secretary_title(ward))
    w.as_("city_staff")
    page = reverse("imports:secretaries")
    return w.client.post(page, {**w.form(page), "organizations": w.request.getfixturevalue("ward_a").pk})


@case("switch_language")
def _(w):
    w.as_("secretary_a")
    return w.post(reverse("switch_language"), {"language": "en", "next": "/"})


@case("password_change")
def _(w):
    w.as_("secretary_a")
    return w.post(
        reverse("password_change"),
        {
            "old_password": "pass-Words-123",
            "new_password1": "Mật-khẩu-mới-2026!x",
            "new_password2": "Mật-khẩu-mới-2026!x",
        },
    )


@case("password_reset_confirm")
def _(w):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = w.request.getfixturevalue("secretary_a")
    w.user = None  # whoever holds the link: the change is anonymous, with its address
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    start = w.client.get(reverse("password_reset_confirm", args=[uid, token]))
    return w.client.post(
        start["Location"], {"new_password1": "Mật-khẩu-mới-2026!x", "new_password2": "Mật-khẩu-mới-2026!x"}
    )


@case("two_factor_setup")
def _(w):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    w.as_("city_staff")
    w.client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=w.user)
    return w.post(reverse("two_factor_setup"), {"code": f"{totp(device.bin_key):06d}"})


# The walk itself, after every case is registered.
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_write_view_leaves_an_audit_row_of_its_request(name, client, request, walk_world):
    walker = Walker(client, request, walk_world)
    response = CASES[name](walker)
    assert response.status_code in (200, 302), f"{name}: {response.status_code}"
    if response.status_code == 200 and response.context and response.context.get("form") is not None:
        assert not response.context["form"].errors, f"{name}: {response.context['form'].errors}"
    rows = AuditEvent.objects.filter(request_id=response["X-Request-ID"]).exclude(action=Action.READ)
    messages = [str(m) for m in response.wsgi_request._messages] if hasattr(response, "wsgi_request") else []
    assert rows.exists(), f"{name} left no audit row ({messages})"
    if walker.user is None:  # an anonymous step (a password reset link): no user, but where from
        assert {(row.actor, row.user_id) for row in rows} == {("", None)}
        assert all(row.address for row in rows)
        return
    # An import's rows say through which import: "vanphong (import 3)".
    assert all(row.actor.split(" (")[0] == walker.user.get_username() for row in rows), {row.actor for row in rows}
    assert {row.user_id for row in rows} == {walker.user.pk}


OBJECT_PAGES = {
    "members:detail": lambda w: w.request.getfixturevalue("member_a").pk,
    "members:body_detail": lambda w: _ward_body(w)[0].pk,
    "organizations:detail": lambda w: w.request.getfixturevalue("ward_a").pk,
    "reviews:collective_detail": lambda w: w.world["ward_review"].pk,
    "reviews:individual_detail": lambda w: w.world["individual_a"].pk,
    "reviews:cycle_board": lambda w: w.world["cycle"].pk,
    "directives:detail": lambda w: w.world["directive"].pk,
    "directives:report": lambda w: w.world["report"].pk,
    "documents:detail": lambda w: w.world["directive"].document_id,
    "commitments:detail": lambda w: w.world["commitment"].pk,
}


SHARED_PAGES = {"documents:detail", "reviews:cycle_board"}


@pytest.mark.parametrize("name", sorted(OBJECT_PAGES))
def test_object_pages_show_their_change_history_to_their_readers_only(name, client, request, walk_world):
    walker = Walker(client, request, walk_world)
    url = reverse(name, args=[OBJECT_PAGES[name](walker)])
    page = walker.as_("city_staff").client.get(url).content.decode()
    assert 'id="history"' in page and "Lịch sử thay đổi" in page
    other = walker.as_("secretary_b").client.get(url)
    if name in SHARED_PAGES:  # the city's documents and cycles are every ward's to read: their history too
        assert other.status_code == 200 and 'id="history"' in other.content.decode()
    else:  # another ward's secretary does not reach the page, so not its history either
        assert other.status_code == 404
