"""Reminders for commitments: the current deadline, extension decisions and verification."""

import datetime
import textwrap

import pytest
from django.utils import timezone

from commitments import services
from commitments.models import VerificationOutcome
from commitments.reminders import VERIFY_WITHIN_DAYS
from notifications.models import Step
from notifications.tests.helpers import DAY, sweep_on
from tests.factories import make_user

DEADLINE, EXTENSION, VERIFICATION = "commitments.deadline", "commitments.extension", "commitments.verification"


@pytest.fixture
def commitment(secretary_a, secretary_b, inspector, city_staff, commitment_a):
    return commitment_a  # accountable: the secretary of ward A


def test_the_deadline_reminds_the_accountable_user_seven_days_before_and_not_earlier(commitment, secretary_a):
    assert sweep_on(commitment.deadline - 8 * DAY, DEADLINE) == set()
    assert sweep_on(commitment.deadline - 7 * DAY, DEADLINE) == {(commitment.pk, Step.BEFORE, secretary_a.pk)}


def test_the_deadline_reminds_on_the_day_after_local_midnight(commitment, secretary_a):
    assert sweep_on(commitment.deadline, DEADLINE, hour=0, minute=30) == {(commitment.pk, Step.ON_DAY, secretary_a.pk)}


def test_a_named_accountable_user_is_reminded_instead_of_the_secretary(commitment, secretary_a, ward_a):
    someone = make_user("phutrach", organization=None)
    type(commitment).objects.filter(pk=commitment.pk).update(accountable_user=someone)
    assert sweep_on(commitment.deadline, DEADLINE) == {(commitment.pk, Step.ON_DAY, someone.pk)}


def test_a_commitment_reported_completed_is_not_reminded_its_deadline(commitment, secretary_a):
    services.report_completed(commitment, secretary_a, "Đã ban hành quy chế mới")
    assert sweep_on(commitment.deadline, DEADLINE) == set()


def test_a_commitment_found_not_effective_is_reminded_again(commitment, secretary_a, inspector):
    services.report_completed(commitment, secretary_a, "Đã ban hành quy chế mới")
    services.verify(commitment, inspector, VerificationOutcome.NOT_EFFECTIVE, "Chưa thay đổi thực chất")
    assert sweep_on(commitment.deadline, DEADLINE) == {(commitment.pk, Step.ON_DAY, secretary_a.pk)}


def test_verification_is_due_to_the_inspectors_after_the_report(commitment, secretary_a, inspector, city_staff):
    services.report_completed(commitment, secretary_a, "Đã ban hành quy chế mới")
    due = timezone.localdate() + datetime.timedelta(days=VERIFY_WITHIN_DAYS)
    assert sweep_on(due - 4 * DAY, VERIFICATION) == set()
    assert sweep_on(due - 3 * DAY, VERIFICATION) == {(commitment.pk, Step.BEFORE, inspector.pk)}
    assert sweep_on(due, VERIFICATION) == {(commitment.pk, Step.ON_DAY, inspector.pk)}


def test_a_verified_commitment_is_not_reminded_at_all(commitment, secretary_a, inspector):
    services.report_completed(commitment, secretary_a, "Đã ban hành quy chế mới")
    services.verify(commitment, inspector, VerificationOutcome.VERIFIED, "Đã khắc phục")
    later = timezone.localdate() + 400 * DAY
    assert sweep_on(later, DEADLINE) | sweep_on(later, VERIFICATION) == set()


def test_an_extension_request_reminds_the_deciders_not_the_requester(commitment, secretary_a, inspector, city_staff):
    request = services.request_extension(commitment, secretary_a, commitment.deadline + 30 * DAY, "Thiếu kinh phí")
    assert sweep_on(commitment.deadline - 4 * DAY, EXTENSION) == set()
    assert sweep_on(commitment.deadline - 3 * DAY, EXTENSION) == {
        (request.pk, Step.BEFORE, inspector.pk),
        (request.pk, Step.BEFORE, city_staff.pk),
    }


def test_a_decided_extension_request_is_not_reminded(commitment, secretary_a, city_staff):
    request = services.request_extension(commitment, secretary_a, commitment.deadline + 30 * DAY, "Thiếu kinh phí")
    services.decide_extension(request, city_staff, approve=False, note="Không đủ căn cứ")
    assert sweep_on(commitment.deadline, EXTENSION) == set()


def test_the_providers_describe_a_chunk_without_a_query_per_row(
    commitment, make_commitment, review_a, secretary_a, django_assert_max_num_queries
):
    from notifications.providers import registry

    for _ in range(5):
        services.report_completed(make_commitment(review_a), secretary_a, "Xong")
    for kind in (DEADLINE, EXTENSION, VERIFICATION):
        provider = registry.get(kind)
        with django_assert_max_num_queries(3):
            provider.describe_rows(list(provider.open_items()))


def test_the_example_in_the_provider_guide_runs_and_agrees_with_the_real_provider(commitment, monkeypatch):
    """The example in ``notifications.providers``' docstring names real fields: run it against a real commitment."""
    from notifications import providers

    real = providers.registry.get(DEADLINE).current([commitment.pk])[commitment.pk]
    example = providers.__doc__.split("::\n", 1)[1].split("\nThe contract\n", 1)[0]
    monkeypatch.setattr(providers, "registry", providers.ProviderRegistry())
    exec(compile(textwrap.dedent(example), "notifications.providers example", "exec"), {})
    provider = providers.registry.get(DEADLINE)

    [item] = provider.describe_rows(provider.due_queryset(commitment.deadline))
    fields = ("object_id", "organization_id", "deadline", "url", "owner_ids")
    assert [getattr(item, name) for name in fields] == [getattr(real, name) for name in fields]
