"""The sweep: escalation ladder, stopping, catch-up and exactly-once claims."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import Role, RoleAssignment
from notifications.models import (
    ESCALATION_STEPS,
    Acknowledgement,
    Channel,
    Delivery,
    DeliveryStatus,
    Notification,
    Step,
)
from notifications.services import acknowledge
from notifications.sweep import sweep
from notifications.tests.conftest import TODAY, at, user_emails
from reviews.models import ReviewStatus

DAY = datetime.timedelta(days=1)


def steps_for(user):
    return sorted(Delivery.objects.filter(recipient=user).values_list("step", flat=True))


def test_escalation_climbs_the_ladder_after_each_delay(frozen, make_item, ward_a, people):
    deadline = TODAY
    make_item(ward_a, deadline)
    seen = {}
    for offset in range(0, 15):
        frozen.move_to(at(deadline + offset * DAY))
        sweep()
        for step in (Step.ESCALATION_SECRETARY, Step.ESCALATION_STANDING, Step.ESCALATION_INSPECTION):
            if step not in seen and Delivery.objects.filter(step=step).exists():
                seen[step] = offset
    # The item has no owner: the secretary is reminded as its owner, so no escalation goes to her again.
    assert seen == {Step.ESCALATION_STANDING: 7, Step.ESCALATION_INSPECTION: 14}
    assert not set(steps_for(people["secretary"])) & set(ESCALATION_STEPS)
    assert steps_for(people["standing"]) == [Step.ESCALATION_STANDING]
    assert steps_for(people["inspector"]) == [Step.ESCALATION_INSPECTION]
    assert steps_for(people["city"]) == [Step.ESCALATION_INSPECTION]
    assert steps_for(people["other_secretary"]) == []


def test_each_escalation_step_is_recorded_once(frozen, make_item, ward_a, people):
    make_item(ward_a, TODAY - 30 * DAY)
    sweep()
    sweep()
    assert Delivery.objects.filter(step=Step.ESCALATION_STANDING).count() == 1
    assert Delivery.objects.filter(step=Step.ESCALATION_INSPECTION).count() == 2  # inspector and city staff


def test_the_standing_member_of_an_ancestor_is_in_charge_of_a_branch(frozen, make_item, branch_a, people):
    RoleAssignment.objects.create(user=people["secretary"], organization=branch_a, role=Role.SECRETARY)
    make_item(branch_a, TODAY - 7 * DAY)
    sweep()
    assert steps_for(people["standing"]) == [Step.ESCALATION_STANDING]


def test_completion_stops_the_climb(frozen, make_item, ward_a, people):
    review = make_item(ward_a, TODAY)
    frozen.move_to(at(TODAY + 7 * DAY))
    sweep()
    assert Delivery.objects.filter(step=Step.ESCALATION_STANDING).count() == 1
    review.status = ReviewStatus.SUBMITTED
    review.save(update_fields=["status"])
    frozen.move_to(at(TODAY + 30 * DAY))
    sweep()
    assert not Delivery.objects.filter(step=Step.ESCALATION_INSPECTION).exists()
    assert not Delivery.objects.filter(due_date__gt=TODAY + 7 * DAY).exists()


def test_acknowledgement_stops_the_climb_but_not_the_owners_reminders(frozen, make_item, ward_a, people):
    make_item(ward_a, TODAY)
    frozen.move_to(at(TODAY + 3 * DAY))
    sweep()
    notification = Notification.objects.get(user=people["secretary"])
    acknowledge(notification, people["secretary"])
    frozen.move_to(at(TODAY + 30 * DAY))
    sweep()
    assert not Delivery.objects.filter(step__in=[Step.ESCALATION_STANDING, Step.ESCALATION_INSPECTION]).exists()
    assert Delivery.objects.filter(step=Step.OVERDUE, due_date=TODAY + 28 * DAY).exists()
    assert Acknowledgement.objects.count() == 1


def test_catch_up_after_a_three_day_gap_sends_each_due_reminder_once(frozen, make_item, ward_a, people, run_sweep):
    secretary = people["secretary"]
    # Reminders that fall due during the gap (days 1–3), one per item.
    make_item(ward_a, TODAY + 8 * DAY)  # 7 days before → day 1
    make_item(ward_a, TODAY + 3 * DAY)  # 1 day before → day 2, superseded by "due today" on day 3
    make_item(ward_a, TODAY + 3 * DAY + DAY)  # 1 day before → day 3
    make_item(ward_a, TODAY - 4 * DAY)  # overdue every 7 days → day 3
    run_sweep()
    before_gap = set(Delivery.objects.values_list("pk", flat=True))
    frozen.move_to(at(TODAY + 3 * DAY, hour=9))
    run_sweep(digests=True)
    run_sweep(digests=True)
    new = Delivery.objects.exclude(pk__in=before_gap).filter(recipient=secretary).exclude(step__startswith="escal")
    assert sorted((row.step, row.due_date) for row in new) == sorted(
        [
            (Step.BEFORE, TODAY + DAY),
            (Step.ON_DAY, TODAY + 3 * DAY),
            (Step.BEFORE, TODAY + 3 * DAY),
            (Step.OVERDUE, TODAY + 3 * DAY),
        ]
    )
    # One digest after the gap holds everything, the escalation to the secretary included.
    assert len(user_emails(mail.outbox, secretary)) == 1
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 0


def test_two_sweeps_record_one_row_and_one_notification_per_key(frozen, make_item, ward_a, people):
    make_item(ward_a, TODAY - 14 * DAY)
    first = sweep()
    second = sweep()
    assert first.created > 0
    assert second.created == 0
    assert Notification.objects.count() == Delivery.objects.count() == first.created


def test_people_without_an_email_address_get_the_reminder_in_the_app_only(frozen, make_item, ward_a, people, no_email):
    no_email(people["secretary"])
    make_item(ward_a, TODAY + DAY)
    sweep()
    delivery = Delivery.objects.get(recipient=people["secretary"])
    assert (delivery.channel, delivery.status) == (Channel.IN_APP, DeliveryStatus.SENT)
    assert Notification.objects.filter(user=people["secretary"]).count() == 1


def test_inactive_people_are_not_reminded(frozen, make_item, ward_a, people):
    people["secretary"].is_active = False
    people["secretary"].save(update_fields=["is_active"])
    make_item(ward_a, TODAY + DAY)
    sweep()
    assert not Delivery.objects.exists()


def test_dry_run_prints_what_it_would_send_and_records_nothing(frozen, make_item, ward_a, people, capsys):
    make_item(ward_a, TODAY + DAY)
    call_command("run_reminder_sweep", "--dry-run")
    output = capsys.readouterr().out
    assert "tests.review_submission" in output
    assert "1 reminders would be sent" in output
    assert not Delivery.objects.exists()
    call_command("run_reminder_sweep")
    assert Delivery.objects.count() == 1
    call_command("run_reminder_sweep", "--dry-run")
    assert "0 reminders would be sent" in capsys.readouterr().out


@pytest.mark.django_db
def test_sweep_without_providers_does_nothing():
    assert sweep().created == 0
