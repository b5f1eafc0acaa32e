"""What the Inspection Committee's verification and the commitment page cost in queries (issue 13).

Each bound is the count measured when the cost was cut; a change that adds queries to these requests has to
raise the bound here and say why.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import CommitmentStatus, VerificationOutcome


def _queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    return response, [query["sql"] for query in captured.captured_queries]


def _commitment_loads(queries):
    return [sql for sql in queries if sql.startswith('SELECT "commitments_commitment"."id"')]


def test_a_verification_reads_the_commitment_without_its_page_names_and_the_owners_once(
    login, inspector, reported_a, django_capture_on_commit_callbacks
):
    client = login(inspector)
    client.get(reverse("commitments:detail", args=[reported_a.pk]))
    data = {"outcome": VerificationOutcome.VERIFIED, "assessment": "Đã kiểm tra, có hiệu quả."}
    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("commitments:verify", args=[reported_a.pk]), data)
    queries = [query["sql"] for query in captured.captured_queries]  # with what runs once the step commits
    assert response.status_code == 302
    reported_a.refresh_from_db()
    assert reported_a.status == CommitmentStatus.VERIFIED
    # Twelve joined tables made the planner search for 2-5 ms; the action names only the owner.
    loaded = _commitment_loads(queries)[0]
    assert loaded.count(" JOIN ") <= 3
    # The owners (the organization's secretaries) read once: who may not verify, and who hears the verdict.
    assert len([sql for sql in queries if 'FROM "accounts_roleassignment"' in sql and "secretary" in sql]) == 1
    # The inspectors' "to verify" notices leave the unread count in one UPDATE.
    assert len([sql for sql in queries if 'UPDATE "notifications_notification"' in sql]) == 1
    assert not any(f'{verb} "django_session"' in sql for sql in queries for verb in ("UPDATE", "INSERT INTO"))
    assert len(queries) <= 19


def test_the_commitment_page_reads_each_list_once(login, inspector, reported_a):
    page, queries = _queries(login(inspector), "get", reverse("commitments:detail", args=[reported_a.pk]))
    assert page.status_code == 200
    # The source (its review) in a query of its own, not joined to the commitment's.
    assert all(sql.count(" JOIN ") <= 6 for sql in _commitment_loads(queries))
    own = f'"commitment_id" = {reported_a.pk}'
    for table in ("commitments_verification", "commitments_extensionrequest", "commitments_progressupdate"):
        reads = [sql for sql in queries if sql.startswith("SELECT") and f'FROM "{table}"' in sql and own in sql]
        assert len(reads) == 1, table
    assert len(queries) <= 16
