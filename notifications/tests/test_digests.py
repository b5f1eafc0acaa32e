"""Daily digests: one per person per day, after the digest time, grouped by kind and organization."""

import datetime

import pytest
from django.core import mail

from accounts.models import Role, RoleAssignment
from notifications.digests import group_lines
from notifications.models import Delivery, DeliveryStatus, Digest
from notifications.providers import registry
from notifications.sending import build_digests
from notifications.tests.conftest import TODAY, at, user_emails
from notifications.tests.reviewprovider import ReviewSubmissionProvider
from reviews.models import CollectiveReview, ReviewStatus

DAY = datetime.timedelta(days=1)


class ResubmissionProvider(ReviewSubmissionProvider):
    kind = "tests.review_resubmission"
    label = "Returned review to resubmit"

    def open_items(self):
        return CollectiveReview.objects.filter(status=ReviewStatus.RETURNED).select_related("cycle", "organization")


@pytest.fixture
def second_kind():
    provider = registry.register(ResubmissionProvider())
    yield provider
    registry.unregister(provider.kind)


def test_digest_groups_by_kind_and_organization_with_overdue_first(
    frozen, make_item, ward_a, branch_a, people, second_kind, run_sweep
):
    RoleAssignment.objects.create(user=people["secretary"], organization=branch_a, role=Role.SECRETARY)
    make_item(branch_a, TODAY + DAY)
    make_item(ward_a, TODAY - DAY)
    make_item(ward_a, TODAY + 7 * DAY)
    returned = make_item(ward_a, TODAY + 2 * DAY)
    returned.status = ReviewStatus.RETURNED
    returned.save(update_fields=["status"])
    run_sweep(digests=True)

    deliveries = Delivery.objects.filter(recipient=people["secretary"], step__in=["before", "on_day", "overdue"])
    groups = group_lines(deliveries.select_related("organization").order_by("deadline", "kind", "pk"), TODAY)
    assert [(group.kind_label, group.organization, len(group.lines)) for group in groups] == [
        ("Collective review submission", ward_a.name, 2),
        ("Collective review submission", branch_a.name, 1),
        ("Returned review to resubmit", ward_a.name, 1),
    ]
    assert groups[0].overdue_count == 1
    assert groups[0].lines[0].is_overdue

    [digest] = user_emails(mail.outbox, people["secretary"])
    body = digest.body
    assert body.index(ward_a.name) < body.index(branch_a.name) < body.index("Returned review to resubmit")
    assert "http://" in body
    assert digest.alternatives[0][1] == "text/html"


def test_at_most_one_digest_per_person_per_day(frozen, make_item, ward_a, people, run_sweep):
    make_item(ward_a, TODAY + DAY)
    run_sweep(digests=True)
    make_item(ward_a, TODAY + 7 * DAY)
    frozen.move_to(at(TODAY, hour=15))
    run_sweep(digests=True)
    assert len(user_emails(mail.outbox, people["secretary"])) == 1
    assert Digest.objects.count() == 1
    frozen.move_to(at(TODAY + DAY, hour=7))
    run_sweep(digests=True)
    assert len(user_emails(mail.outbox, people["secretary"])) == 2
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 0


def test_no_digest_before_the_digest_time(frozen, make_item, ward_a, people, run_sweep, settings):
    make_item(ward_a, TODAY + DAY)
    frozen.move_to(at(TODAY, hour=6, minute=59))
    run_sweep(digests=True)
    assert mail.outbox == []
    settings.NOTIFICATIONS_DIGEST_TIME = datetime.time(6, 30)
    assert len(build_digests()) == 1


def test_items_completed_before_the_digest_are_left_out(frozen, make_item, ward_a, people, run_sweep):
    done = make_item(ward_a, TODAY + DAY)
    make_item(ward_a, TODAY + 7 * DAY)
    frozen.move_to(at(TODAY, hour=5))
    run_sweep()
    done.status = ReviewStatus.SUBMITTED
    done.save(update_fields=["status"])
    frozen.move_to(at(TODAY, hour=7))
    run_sweep(digests=True)
    [digest] = user_emails(mail.outbox, people["secretary"])
    assert "1" in digest.subject
    assert Delivery.objects.get(object_id=done.pk).status == DeliveryStatus.SKIPPED


def test_a_digest_whose_items_were_all_completed_is_not_sent(frozen, make_item, ward_a, people, run_sweep):
    done = make_item(ward_a, TODAY + DAY)
    frozen.move_to(at(TODAY, hour=5))
    run_sweep()
    done.delete()
    frozen.move_to(at(TODAY, hour=7))
    run_sweep(digests=True)
    assert mail.outbox == []
    assert Digest.objects.get().status == DeliveryStatus.SKIPPED


def test_the_digest_subject_counts_items_but_names_no_one(frozen, make_item, ward_a, people, run_sweep):
    make_item(ward_a, TODAY - DAY)
    make_item(ward_a, TODAY + DAY)
    run_sweep(digests=True)
    [digest] = [m for m in user_emails(mail.outbox, people["secretary"]) if "10/03/2025" in m.subject]
    assert "2" in digest.subject and "1" in digest.subject
    assert ward_a.name not in digest.subject
