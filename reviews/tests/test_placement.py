"""A cycle's records keep their organization's place in the tree of the cycle (reviews.models.placement)."""

import datetime

import pytest

from accounts.models import Role
from organizations.models import OrganizationKind
from reviews.models import CollectiveReview, IndividualReview, ReviewCycle, RuleSet
from reviews.services import open_cycle
from tests.factories import make_member, make_organization, make_user

pytestmark = pytest.mark.django_db


def _cycle(root, year, code):
    cycle = ReviewCycle(
        year=year,
        organization=root,
        rule_set=RuleSet.objects.get(code=code),
        opened_on=datetime.date(year, 11, 1),
        reference_date=datetime.date(year, 12, 1),
    )
    return open_cycle(cycle)


@pytest.fixture
def tree():
    city = make_organization("Thành ủy", kind=OrganizationKind.SUPERIOR_COMMITTEE)
    old_ward = make_organization("Phường cũ", parent=city)
    new_ward = make_organization("Phường mới", parent=city)
    branch = make_organization("Chi bộ 1", parent=old_ward, kind=OrganizationKind.BRANCH)
    make_member(branch)
    return {"city": city, "old_ward": old_ward, "new_ward": new_ward, "branch": branch}


def test_a_cycle_stores_each_records_path_when_it_opens(tree):
    cycle = _cycle(tree["city"], 2017, "HD27")
    review = CollectiveReview.objects.get(cycle=cycle, organization=tree["branch"])
    assert review.organization_path == tree["branch"].path
    assert IndividualReview.objects.get(cycle=cycle).organization_path == tree["branch"].path


def test_a_move_leaves_earlier_cycles_in_their_tree_and_moves_the_later_ones(tree):
    past = _cycle(tree["city"], 2017, "HD27")
    later = _cycle(tree["city"], 2025, "QD366")
    old_path = tree["branch"].path
    tree["branch"].move_under(tree["new_ward"], on_date=datetime.date(2025, 7, 1))
    assert CollectiveReview.objects.get(cycle=past, organization=tree["branch"]).organization_path == old_path
    assert IndividualReview.objects.get(cycle=past).organization_path == old_path
    new_path = tree["branch"].path
    assert new_path != old_path
    assert CollectiveReview.objects.get(cycle=later, organization=tree["branch"]).organization_path == new_path
    assert IndividualReview.objects.get(cycle=later).organization_path == new_path


def test_the_old_wards_secretary_still_reads_the_branchs_past_review_not_its_later_one(tree, client):
    past = _cycle(tree["city"], 2017, "HD27")
    later = _cycle(tree["city"], 2025, "QD366")
    secretary = make_user("bithu_cu", Role.SECRETARY, tree["old_ward"])
    tree["branch"].move_under(tree["new_ward"], on_date=datetime.date(2025, 7, 1))
    client.force_login(secretary)
    past_review = CollectiveReview.objects.get(cycle=past, organization=tree["branch"])
    later_review = CollectiveReview.objects.get(cycle=later, organization=tree["branch"])
    assert client.get(f"/reviews/collective/{past_review.pk}/").status_code == 200
    assert client.get(f"/reviews/collective/{later_review.pk}/").status_code == 404


def test_a_renamed_organizations_past_review_keeps_the_name_of_its_year(tree, client):
    from organizations import services

    past = _cycle(tree["city"], 2017, "HD27")
    basis = services.Basis(number="12-QĐ/TU", date=datetime.date(2025, 6, 20), issuer="Tỉnh ủy")
    services.rename(tree["old_ward"], "Phường đổi tên", datetime.date(2025, 7, 1), basis)
    review = CollectiveReview.objects.get(cycle=past, organization=tree["old_ward"])
    assert review.organization_name == "Phường cũ"
    client.force_login(make_user("tinh", Role.CITY_STAFF, tree["city"]))
    assert "Phường cũ" in client.get(f"/reviews/collective/{review.pk}/").content.decode()
    board = client.get(f"/reviews/cycles/{past.pk}/").content.decode()
    # The name of 2017 first; today's only as the muted "(nay là …)" beside it (``{% name_then %}``).
    assert "Phường cũ</a>" in board and "(nay là Phường đổi tên)" in board


# --- a move re-places the records, the trail records the decision, not each record --------------------------------

MOVED_ON = datetime.date(2025, 7, 1)


def _basis():
    from organizations import services

    return services.Basis(number="12-QĐ/TU", date=datetime.date(2025, 6, 20), issuer="Tỉnh ủy")


def _placed_updates():
    from audit.models import Action, AuditEvent

    placed = ("reviews.collectivereview", "reviews.individualreview", "reviews.notreviewedmember")
    return AuditEvent.objects.filter(model__in=placed, action=Action.UPDATE)


def test_a_move_rewrites_the_stored_places_without_an_audit_row_per_record_but_the_tree_change_is_recorded(tree):
    from audit.models import Action, AuditEvent
    from organizations import services
    from organizations.models import OrganizationEvent, PriorState

    make_member(tree["branch"])
    make_member(tree["branch"])
    later = _cycle(tree["city"], 2025, "QD366")
    old_path = tree["branch"].path
    assert IndividualReview.objects.filter(cycle=later, organization_path=old_path).count() == 3
    assert not _placed_updates().exists()

    event = services.move(tree["branch"], tree["new_ward"], MOVED_ON, _basis())

    new_path = tree["new_ward"].path + old_path[-9:]
    assert IndividualReview.objects.filter(cycle=later, organization_path=new_path).count() == 3
    assert CollectiveReview.objects.get(cycle=later, organization=tree["branch"]).organization_path == new_path
    assert not _placed_updates().exists()
    # What happened is recorded once, where it was decided: the event, the superior, the former place.
    assert AuditEvent.objects.filter(model="organizations.organizationevent", object_id=event.pk).exists()
    parent_change = AuditEvent.objects.get(
        model="organizations.organization", object_id=tree["branch"].pk, action=Action.UPDATE
    )
    assert parent_change.changes == {"parent_id": [tree["old_ward"].pk, tree["new_ward"].pk]}
    prior = PriorState.objects.get(organization=tree["branch"], event=event)
    assert AuditEvent.objects.filter(model="organizations.priorstate", object_id=prior.pk).exists()
    assert OrganizationEvent.objects.filter(pk=event.pk, subject=tree["branch"]).exists()


def test_an_ordinary_change_of_a_placed_record_is_still_recorded_even_with_its_stored_place(tree):
    from audit.models import AuditEvent

    cycle = _cycle(tree["city"], 2025, "QD366")
    review = IndividualReview.objects.get(cycle=cycle)
    IndividualReview.objects.filter(pk=review.pk).update(decided_level="htnv")
    review.refresh_from_db()
    review.self_level = "httnv"
    review.save()
    CollectiveReview.objects.filter(cycle=cycle, organization=tree["branch"]).update(
        decided_level="htnv", organization_path="elsewhere."
    )
    changes = [event.changes for event in _placed_updates().order_by("pk")]
    assert changes == [
        {"decided_level": ["", "htnv"]},
        {"self_level": ["", "httnv"]},
        {"decided_level": ["", "htnv"]},
    ]
    creation = AuditEvent.objects.get(model="reviews.individualreview", object_id=review.pk, action="create")
    assert "organization_path" not in creation.changes and creation.changes["member_id"] == review.member_id


def test_a_move_of_the_records_alone_records_nothing(tree):
    from reviews.services import follow_move

    cycle = _cycle(tree["city"], 2025, "QD366")
    old_path = tree["branch"].path
    follow_move(tree["old_ward"].path, tree["new_ward"].path, [old_path], MOVED_ON)
    assert IndividualReview.objects.get(cycle=cycle).organization_path.startswith(tree["new_ward"].path)
    assert not _placed_updates().exists()
