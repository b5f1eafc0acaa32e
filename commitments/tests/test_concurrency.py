"""Two inspectors verify the same commitment at the same moment: exactly one wins, the other is told."""

import threading

import pytest
from django.db import connection, connections

from commitments import services
from commitments.models import Commitment, CommitmentStatus, Verification, VerificationOutcome
from core.errors import DomainError
from tests.factories import make_user


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_inspectors_at_once_exactly_one_wins(require_services, reported_a, inspector, city):
    if connection.vendor != "postgresql":
        if require_services:
            pytest.fail("REQUIRE_SERVICES=1 but the database is not PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    from accounts.models import Role

    inspectors = [inspector, make_user("ubkt2", Role.INSPECTION, city)]
    outcomes = [VerificationOutcome.VERIFIED, VerificationOutcome.NOT_EFFECTIVE]
    barrier = threading.Barrier(2)
    results = [None, None]

    def run(index):
        try:
            commitment = Commitment.objects.get(pk=reported_a.pk)
            barrier.wait()
            services.verify(commitment, inspectors[index], outcomes[index], f"Đánh giá {index}")
            results[index] = "won"
        except DomainError as error:
            results[index] = str(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results, key=str).count("won") == 1, results
    loser = next(result for result in results if result != "won")
    assert "người khác vừa thẩm định" in loser
    assert Verification.objects.filter(commitment=reported_a).count() == 1
    reported_a.refresh_from_db()
    winner_outcome = outcomes[results.index("won")]
    expected = (
        CommitmentStatus.VERIFIED if winner_outcome == VerificationOutcome.VERIFIED else CommitmentStatus.REOPENED
    )
    assert reported_a.status == expected
