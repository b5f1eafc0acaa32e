"""The 2025 restructuring's events (``organizations.services``): merger, split, renaming, move, dissolution.

Each event is one call: the tree, the members, the open work and the lineage
change together, and what was recorded before the date keeps its place.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments import services as commitment_services
from commitments.models import CarryOverItem, Commitment, CommitmentEvent, EventKind, SourceKind
from members.models import Membership
from organizations import lineage, services
from organizations.models import LineageLink, Organization, OrganizationKind, Sector
from reviews import services as review_services
from reviews.models import CollectiveReview, IndividualReview
from tests.factories import make_member, make_organization, open_annual_cycle
from tests.refusals import assert_refused

ON = datetime.date(2025, 7, 1)
BASIS = services.Basis(number="1674/NQ-UBTVQH15", date=datetime.date(2025, 6, 16), issuer="Ủy ban Thường vụ Quốc hội")


def new_ward(parent, name="Đảng bộ phường Nam Định", code="P-ND"):
    return Organization(
        name=name, code=code, kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD, parent=parent
    )


def open_commitment(review, user, shortcoming="Quy chế chưa sát thực tế"):
    rows = [
        {
            "shortcoming": shortcoming,
            "measure": "Sửa đổi quy chế",
            "deadline": timezone.localdate() + datetime.timedelta(days=60),
        }
    ]
    return commitment_services.create_commitments(SourceKind.COLLECTIVE_REVIEW, review, rows, user)[0]


@pytest.fixture
def wards_with_open_work(city, ward_a, ward_b, branch_a, branch_b, member_a, member_b, city_staff):
    """The 2024 cycle over the city, with one open commitment of each ward."""
    cycle = open_annual_cycle(2024, city)
    reviews = {review.organization_id: review for review in cycle.collective_reviews.all()}
    return {
        "a": open_commitment(reviews[ward_a.pk], city_staff, "Ward A's open shortcoming"),
        "b": open_commitment(reviews[ward_b.pk], city_staff, "Ward B's open shortcoming"),
    }


# --- merger ----------------------------------------------------------------------------------------------------


def test_each_merged_wards_open_commitments_appear_at_the_successor_with_the_original_name(
    city, ward_a, ward_b, wards_with_open_work
):
    event = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS)
    successor = event.subject
    held = Commitment.objects.filter(organization=successor).order_by("shortcoming")
    assert [(c.shortcoming, c.origin_organization) for c in held] == [
        ("Ward A's open shortcoming", ward_a),
        ("Ward B's open shortcoming", ward_b),
    ]
    handed = CommitmentEvent.objects.filter(commitment=wards_with_open_work["a"], kind=EventKind.HANDED_OVER).get()
    assert ward_a.name in handed.note and successor.name in handed.note


def test_open_commitments_are_carried_into_the_successors_next_review(city, ward_a, ward_b, wards_with_open_work):
    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    cycle = open_annual_cycle(2025, city)
    review = cycle.collective_reviews.get(organization=successor)
    carried = CarryOverItem.objects.filter(collective_review=review).values_list("commitment_id", flat=True)
    assert sorted(carried) == sorted(commitment.pk for commitment in wards_with_open_work.values())


def test_the_successor_of_a_merger_is_rated_in_the_cycle_after_it(city, ward_a, ward_b, branch_a, member_a):
    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    genuinely_new = make_organization("Đảng bộ mới thành lập", parent=city, valid_from=ON)
    cycle = open_annual_cycle(2025, city)
    assert cycle.collective_reviews.get(organization=successor).is_rated
    review = cycle.collective_reviews.get(organization=genuinely_new)
    assert not review.is_rated and "6" in review.not_rated_reason


def test_a_merger_moves_branches_with_their_members_and_records_the_lineage(city, ward_a, ward_b, branch_a, member_a):
    periods_before = list(Membership.objects.filter(member=member_a).values_list("organization_id", "start", "end"))
    event = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS)
    successor = event.subject
    branch_a.refresh_from_db()
    ward_a.refresh_from_db()
    assert branch_a.parent == successor and branch_a.path.startswith(successor.path)
    # No transfer per person: the member's period at the branch goes on.
    assert list(Membership.objects.filter(member=member_a).values_list("organization_id", "start", "end")) == (
        periods_before
    )
    assert (ward_a.valid_to, ward_a.successor) == (ON, successor)
    assert successor.valid_from == ON
    assert set(LineageLink.objects.filter(successor=successor).values_list("predecessor", "date")) == {
        (ward_a.pk, ON),
        (ward_b.pk, ON),
    }
    # The branch's place before the merger stays known.
    assert branch_a.state_on(datetime.date(2017, 12, 1))[1] == ward_a.pk
    assert branch_a.state_on(ON)[1] == successor.pk


def test_a_merger_into_an_existing_organization_keeps_it(city, ward_a, ward_b, branch_a):
    event = services.merge([ward_a], ward_b, ON, BASIS)
    assert event.subject == ward_b
    branch_a.refresh_from_db()
    assert branch_a.parent == ward_b
    assert lineage.ancestry_ids([ward_b.pk]) == {ward_a.pk}


def _ward_with_branches(city, count, code):
    ward = make_organization(f"Phường {code}", parent=city, code=code)
    for number in range(count):
        branch = make_organization(
            f"Chi bộ {number}", parent=ward, kind=OrganizationKind.BRANCH, code=f"{code}-{number}"
        )
        make_organization(
            f"Tổ đảng {number}", parent=branch, kind=OrganizationKind.PARTY_GROUP, code=f"{code}-{number}-T"
        )
        make_member(branch)
        make_member(branch)
    return ward


def _merge_queries(wards, into):
    with CaptureQueriesContext(connection) as queries:
        services.merge(wards, into, ON, BASIS)
    return len(queries)


def test_a_merger_moves_the_sub_trees_in_as_many_queries_however_many_branches_members_and_reviews(city, monkeypatch):
    small = [_ward_with_branches(city, 2, "P-S1"), _ward_with_branches(city, 1, "P-S2")]
    large = [_ward_with_branches(city, 7, "P-L1"), _ward_with_branches(city, 9, "P-L2")]
    open_annual_cycle(2025, city)
    calls = []

    def follow(*args):
        calls.append(args)
        review_services.follow_move(*args)

    monkeypatch.setattr("organizations.models.tree_moves", [follow])

    assert _merge_queries(small, new_ward(city, "Phường mới 1", "P-NEW-1")) == _merge_queries(
        large, new_ward(city, "Phường mới 2", "P-NEW-2")
    )
    # The apps above are told once per former superior, with every sub-tree that left it.
    assert [len(old_paths) for _old, _new, old_paths, _on in calls] == [2, 1, 7, 9]
    assert all(on_date == ON for *_rest, on_date in calls)
    successor = Organization.objects.get(code="P-NEW-2")
    moved = Organization.objects.subtree_of(successor, include_self=False)
    assert moved.count() == 32 and all(o.path.startswith(successor.path) for o in moved)
    assert all(o.depth == o.path.count(".") - 1 for o in moved)


def test_the_records_of_the_merged_wards_branches_follow_them_in_the_cycle_after_the_date(city):
    wards = [_ward_with_branches(city, 2, "P-S1"), _ward_with_branches(city, 3, "P-S2")]
    before, after = open_annual_cycle(2024, city), open_annual_cycle(2025, city)
    services.merge(wards, new_ward(city), ON, BASIS)
    successor = Organization.objects.get(code="P-ND")
    branches = Organization.objects.filter(kind=OrganizationKind.BRANCH)
    for model in (CollectiveReview, IndividualReview):
        assert model.objects.filter(cycle=after, organization__in=branches).count() >= 5
        for record in model.objects.filter(cycle=after, organization__in=branches).select_related("organization"):
            assert record.organization_path == record.organization.path
            assert record.organization_path.startswith(successor.path)
        for record in model.objects.filter(cycle=before, organization__in=branches):
            assert record.organization_path.startswith(tuple(ward.path for ward in wards))


# --- split -----------------------------------------------------------------------------------------------------


@pytest.fixture
def ward_to_split(city, city_staff):
    ward = make_organization("Đảng bộ xã Mỹ Hà", parent=city, code="X-MH", sector=Sector.COMMUNE)
    branches = [
        make_organization(f"Chi bộ thôn {n}", parent=ward, kind=OrganizationKind.BRANCH, code=f"X-MH-{n}")
        for n in (1, 2)
    ]
    secretary = make_member(ward, full_name="Phạm Văn Bí Thư")
    cycle = open_annual_cycle(2024, city)
    commitment = open_commitment(cycle.collective_reviews.get(organization=ward), city_staff)
    return {"ward": ward, "branches": branches, "member": secretary, "commitment": commitment}


def _split_assignments(split, member_to=1, commitment_to=0):
    first, second = split["branches"]
    return {
        "children": {first.pk: 0, second.pk: 1},
        "members": {split["member"].pk: member_to},
        "commitments": {split["commitment"].pk: commitment_to},
    }


def test_a_split_assigns_members_branches_and_open_items(city, ward_to_split):
    successors = [
        new_ward(city, "Đảng bộ phường Đông A", "P-DA"),
        new_ward(city, "Đảng bộ phường Thiên Trường", "P-TT"),
    ]
    event = services.split(ward_to_split["ward"], successors, ON, BASIS, _split_assignments(ward_to_split))
    first, second = (
        link.successor for link in lineage.successor_links(ward_to_split["ward"]).order_by("successor__code")
    )
    dong_a, thien_truong = Organization.objects.get(code="P-DA"), Organization.objects.get(code="P-TT")
    assert {first, second} == {dong_a, thien_truong}
    branch_1, branch_2 = (Organization.objects.get(pk=b.pk) for b in ward_to_split["branches"])
    assert (branch_1.parent, branch_2.parent) == (dong_a, thien_truong)
    ward_to_split["member"].refresh_from_db()
    assert ward_to_split["member"].organization == thien_truong
    commitment = Commitment.objects.get(pk=ward_to_split["commitment"].pk)
    assert (commitment.organization, commitment.origin_organization) == (dong_a, ward_to_split["ward"])
    ward = Organization.objects.get(pk=ward_to_split["ward"].pk)
    assert ward.valid_to == ON and ward.successor is None and event.subject == ward


def test_a_split_refuses_an_unassigned_item_and_changes_nothing(city, ward_to_split):
    assignments = _split_assignments(ward_to_split)
    del assignments["commitments"][ward_to_split["commitment"].pk]
    successors = [
        new_ward(city, "Đảng bộ phường Đông A", "P-DA"),
        new_ward(city, "Đảng bộ phường Thiên Trường", "P-TT"),
    ]
    assert_refused(
        lambda: services.split(ward_to_split["ward"], successors, ON, BASIS, assignments),
        "“Quy chế chưa sát thực tế” chưa được giao cho tổ chức kế tục nào",
        field=f"commitments_{ward_to_split['commitment'].pk}",
    )


# --- renaming, move, dissolution ---------------------------------------------------------------------------------


def test_a_renamed_organization_keeps_its_former_name_before_the_date(ward_a):
    services.rename(ward_a, "Đảng bộ phường Trần Hưng Đạo mới", ON, BASIS)
    ward_a.refresh_from_db()
    assert ward_a.name == "Đảng bộ phường Trần Hưng Đạo mới"
    assert ward_a.name_on(datetime.date(2017, 12, 1)) == "Đảng bộ phường Trần Hưng Đạo"
    assert lineage.states_on(datetime.date(2017, 12, 1), [ward_a.pk])[ward_a.pk][0] == "Đảng bộ phường Trần Hưng Đạo"


def test_a_move_keeps_the_former_place_of_the_whole_sub_tree(city, ward_a, branch_a):
    province = make_organization("Tỉnh ủy Ninh Bình", kind=OrganizationKind.SUPERIOR_COMMITTEE, code="TU-NB")
    services.move(ward_a, province, ON, BASIS)
    branch_a.refresh_from_db()
    assert branch_a.path.startswith(province.path)
    assert lineage.states_on(datetime.date(2020, 1, 1), [branch_a.pk])[branch_a.pk][2].startswith(city.path)


def test_moving_an_organization_together_with_its_own_sub_unit_is_refused_before_anything_changes(
    city, ward_a, ward_b, branch_a
):
    with pytest.raises(ValueError, match="moves with its superior"):
        Organization.move_all([branch_a, ward_a], ward_b, ON)
    branch_a.refresh_from_db()
    assert branch_a.parent_id == ward_a.pk and not branch_a.prior_states.exists()


def test_dissolving_the_city_committee_hands_its_wards_to_the_province(city, ward_a, ward_b, city_staff):
    province = make_organization("Tỉnh ủy Ninh Bình", kind=OrganizationKind.SUPERIOR_COMMITTEE, code="TU-NB")
    services.dissolve(city, ON, BASIS, successor=province)
    ward_a.refresh_from_db()
    assert ward_a.parent == province
    assert lineage.descendancy_ids([city.pk]) == {province.pk}


# --- refusals ----------------------------------------------------------------------------------------------------


def test_an_event_dated_before_the_founding_is_refused(ward_a):
    assert_refused(
        lambda: services.rename(
            ward_a, "Tên mới", datetime.date(2000, 1, 1), services.Basis("1", datetime.date(2000, 1, 1), "X")
        ),
        "không được trước ngày Đảng bộ phường Trần Hưng Đạo được thành lập (01/01/2010)",
        field="on_date",
    )


def test_merging_an_organization_already_closed_is_refused(city, ward_a, ward_b):
    services.dissolve(ward_a, ON, BASIS, successor=ward_b)
    assert_refused(
        lambda: services.merge([ward_a], new_ward(city), datetime.date(2025, 8, 1), BASIS),
        "Đảng bộ phường Trần Hưng Đạo đã kết thúc hoạt động",
        field="predecessors",
    )


def test_a_successor_inside_the_merged_sub_tree_is_refused(ward_a, branch_a):
    assert_refused(
        lambda: services.merge([ward_a], branch_a, ON, BASIS),
        "không được là chính Đảng bộ phường Trần Hưng Đạo hoặc một đơn vị trực thuộc",
        field="successor",
    )


def test_a_decision_dated_after_the_change_is_refused(ward_a):
    late = services.Basis("12-QĐ/TU", datetime.date(2025, 8, 1), "Tỉnh ủy Ninh Bình")
    assert_refused(lambda: services.rename(ward_a, "Tên mới", ON, late), "Ngày ban hành văn bản", field="basis_date")


def test_an_event_before_a_later_recorded_one_is_refused(city, ward_a):
    services.rename(ward_a, "Tên mới", ON, BASIS)
    assert_refused(
        lambda: services.move(ward_a, city, datetime.date(2025, 6, 30), BASIS),
        "theo thứ tự ngày",
        field="on_date",
    )


def test_moving_under_its_own_branch_is_refused(ward_a, branch_a):
    assert_refused(lambda: services.move(ward_a, branch_a, ON, BASIS), "đơn vị trực thuộc", field="parent")


def test_a_split_into_one_successor_is_refused(city, ward_a):
    assert_refused(lambda: services.split(ward_a, [new_ward(city)], ON, BASIS, {}), "ít nhất hai", field="successors")


def test_dissolving_without_a_successor_while_work_is_open_is_refused(ward_a, wards_with_open_work):
    assert_refused(lambda: services.dissolve(ward_a, ON, BASIS), "kế tục", field="successor")
    assert not CollectiveReview.objects.filter(organization__valid_to__isnull=False).exists()


def test_a_directive_still_awaiting_an_explanation_follows_the_successor(city, ward_a, ward_b):
    from directives.models import Directive, DirectiveStatus, DirectiveTarget, ExplanationReport

    directive = Directive.objects.create(
        issuer=city,
        cycle=open_annual_cycle(2024, city),
        title="Gợi ý kiểm điểm sâu",
        status=DirectiveStatus.ISSUED,
        issued_on=datetime.date(2025, 3, 1),
        report_deadline=datetime.date(2025, 9, 1),
    )
    target = DirectiveTarget.objects.create(directive=directive, organization=ward_a)
    report = ExplanationReport.objects.create(directive=directive, organization=ward_a)
    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    target.refresh_from_db()
    report.refresh_from_db()
    assert (target.organization, target.origin_organization, report.organization) == (successor, ward_a, successor)


def test_a_members_history_shows_the_branch_moving_to_the_successor_without_a_transfer(
    login, city_staff, city, ward_a, ward_b, branch_a, member_a
):
    services.merge([ward_a, ward_b], new_ward(city), ON, BASIS)
    assert Membership.objects.filter(member=member_a).count() == 1
    content = login(city_staff).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert "Từ 01/07/2025: Chi bộ khu phố 1, trực thuộc Đảng bộ phường Nam Định (Hợp nhất)" in content


def test_the_reminders_of_handed_over_work_go_to_the_successor(city, ward_a, ward_b, wards_with_open_work):
    from commitments.reminders import CommitmentDeadlineProvider

    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    commitment = Commitment.objects.get(pk=wards_with_open_work["a"].pk)
    assert CommitmentDeadlineProvider().describe(commitment).organization_id == successor.pk


def test_merging_a_ward_together_with_its_own_branch_is_refused(city, ward_a, branch_a):
    assert_refused(
        lambda: services.merge([ward_a, branch_a], new_ward(city), ON, BASIS),
        "Chi bộ khu phố 1 là đơn vị trực thuộc của Đảng bộ phường Trần Hưng Đạo",
        field="predecessors",
    )


def test_the_new_wards_secretary_sees_the_handed_over_commitments_with_the_ward_that_made_them(
    login, city, ward_a, ward_b, wards_with_open_work
):
    from accounts.models import Role
    from tests.factories import make_user

    successor = services.merge([ward_a, ward_b], new_ward(city), ON, BASIS).subject
    client = login(make_user("bithu_nam_dinh", Role.SECRETARY, successor))
    content = client.get(reverse("commitments:list")).content.decode()
    assert "do Đảng bộ phường Trần Hưng Đạo lập" in content and "do Đảng bộ phường Quang Trung lập" in content
    detail = client.get(reverse("commitments:detail", args=[wards_with_open_work["a"].pk]))
    assert detail.status_code == 200 and "do Đảng bộ phường Trần Hưng Đạo lập" in detail.content.decode()
