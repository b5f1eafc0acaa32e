"""Each thing to act on once per person: no escalation to the person reminded, done items leave the unread count."""

import datetime

from notifications.models import ESCALATION_STEPS, Delivery, Notification, Step
from notifications.services import notify, resolve
from notifications.sweep import sweep
from notifications.tests.conftest import TODAY, at
from reviews.models import CollectiveReview, ReviewStatus

DAY = datetime.timedelta(days=1)


def unread(user):
    return Notification.objects.for_user(user).unread()


def test_an_item_without_owner_reaches_its_secretary_once_not_again_by_escalation(frozen, make_item, ward_a, people):
    make_item(ward_a, TODAY - 10 * DAY)
    sweep()
    secretary = people["secretary"]
    assert list(unread(secretary).values_list("step", flat=True)) == [Step.OVERDUE]
    assert not Notification.objects.filter(user=secretary, step__in=ESCALATION_STEPS).exists()
    # The levels above still hear of it, each person once.
    assert unread(people["standing"]).count() == 1


def test_a_newer_reminder_of_the_same_item_replaces_the_older_one_in_the_unread_count(
    frozen, make_item, ward_a, people
):
    make_item(ward_a, TODAY - 8 * DAY)
    sweep()
    frozen.move_to(at(TODAY + 7 * DAY))
    sweep()
    secretary = people["secretary"]
    assert Notification.objects.filter(user=secretary).count() == 2  # both overdue reminders are in the inbox
    assert unread(secretary).count() == 1  # the item counts once


def test_a_done_item_leaves_the_unread_count_at_the_next_sweep(frozen, make_item, ward_a, people):
    review = make_item(ward_a, TODAY - 20 * DAY)
    sweep()
    told = [people[name] for name in ("secretary", "standing", "inspector", "city")]
    assert [unread(user).count() for user in told] == [1, 1, 1, 1]
    review.status = ReviewStatus.SUBMITTED
    review.save(update_fields=["status"])
    frozen.move_to(at(TODAY, hour=8, minute=5))
    result = sweep()
    assert result.resolved == 2  # the secretary's and the standing member's rows; the summaries below
    assert [unread(user).count() for user in told] == [0, 0, 0, 0]
    assert Notification.objects.filter(resolved_at__isnull=False).count() == 4


def test_items_overdue_for_more_than_a_year_are_not_reminded(frozen, make_item, ward_a, people):
    make_item(ward_a, TODAY - 400 * DAY)
    make_item(ward_a, TODAY - 300 * DAY)
    sweep()
    assert unread(people["secretary"]).count() == 1
    assert unread(people["city"]).count() == 1


def test_an_event_is_told_once_to_each_person_but_never_to_the_one_who_acted(
    ward_a, people, django_capture_on_commit_callbacks
):
    secretary, city = people["secretary"], people["city"]
    with django_capture_on_commit_callbacks(execute=True):
        for _twice in range(2):
            notify([secretary, city], "tests.event", ward_a, organization_id=ward_a.pk, url="/", title="Đã trả lại",
                   event="returned-1", exclude=[city])  # fmt: skip
    assert unread(secretary).count() == 1
    assert unread(city).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [secretary], "tests.event", ward_a, organization_id=ward_a.pk, url="/", title="Lần 2", event="returned-2"
        )
    assert unread(secretary).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        resolve(ward_a, "tests.event")
    assert unread(secretary).count() == 0


def test_an_event_inside_a_rolled_back_step_tells_nobody(ward_a, people, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify([people["secretary"]], "tests.event", ward_a, organization_id=ward_a.pk, url="/", title="x")
                raise RuntimeError
        except RuntimeError:
            pass
    assert Notification.objects.count() == 0


def test_the_inspection_committee_and_city_staff_get_one_summary_row_per_kind(frozen, make_item, ward_a, people):
    for days in (20, 30, 40):
        make_item(ward_a, TODAY - days * DAY)
    sweep()
    for name in ("inspector", "city"):
        rows = Notification.objects.filter(user=people[name])
        assert rows.count() == 1 and rows.get().step == Step.ESCALATION_INSPECTION
        assert ": 3 " in rows.get().title
    # The ledger still records each item for each person (the digest lists them).
    assert Delivery.objects.filter(step=Step.ESCALATION_INSPECTION).count() == 6
    CollectiveReview.objects.filter(cycle__reference_date=TODAY - 20 * DAY).update(status=ReviewStatus.SUBMITTED)
    frozen.move_to(at(TODAY, minute=5))
    sweep()
    assert ": 2 " in Notification.objects.get(user=people["city"]).title
    CollectiveReview.objects.update(status=ReviewStatus.SUBMITTED)
    frozen.move_to(at(TODAY, minute=10))
    sweep()
    assert unread(people["city"]).count() == 0 and unread(people["inspector"]).count() == 0
