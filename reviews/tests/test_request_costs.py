"""What a secretary's save, submission and the review page cost in queries (issue 13: 50 people on two cores).

Each bound is the count measured when the cost was cut; a change that adds queries to these requests, which
every secretary makes many times a day, has to raise the bound here and say why.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.workflow import SubmissionAction, SubmissionStatus
from reviews import services
from reviews.tests.conftest import FILLED, fill


def _queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    return response, [query["sql"] for query in captured.captured_queries]


def _writes_session(queries):
    # On PostgreSQL a write carries the audit context first (``SELECT set_config(...); UPDATE ...``).
    return any(f'{verb} "django_session"' in sql for sql in queries for verb in ("UPDATE", "INSERT INTO"))


def _reading(table, queries):
    return [sql for sql in queries if sql.startswith("SELECT") and f'FROM "{table}"' in sql]


def test_a_save_and_the_page_after_it_write_no_session_and_read_the_review_once(login, secretary_a, review_a):
    client = login(secretary_a)
    client.get(reverse("reviews:collective_detail", args=[review_a.pk]))  # the idle clock's first write is done
    data = {name: FILLED.get(name, "") for name, _label in review_a.SECTIONS} | {"revision": review_a.revision}
    response, saving = _queries(client, "post", reverse("reviews:collective_edit", args=[review_a.pk]), data)
    assert response.status_code == 302
    # The "Saved." message travels in a cookie: neither the save nor the page showing it writes the session.
    page, showing = _queries(client, "get", response["Location"])
    assert "Saved." in page.content.decode() or "Đã lưu." in page.content.decode()
    assert not _writes_session(saving) and not _writes_session(showing)
    # Loaded, then read again once after the conditional UPDATE (its new revision); no name is looked up.
    assert len(_reading("reviews_collectivereview", saving)) == 2
    assert not _reading("organizations_priorstate", saving)
    assert len(saving) <= 10


def test_a_submission_names_the_review_from_what_it_loaded(login, secretary_a, review_a, city_staff):
    fill(review_a)
    client = login(secretary_a)
    client.get(reverse("reviews:collective_detail", args=[review_a.pk]))
    response, queries = _queries(client, "post", reverse("reviews:act", args=["collective", review_a.pk, "submit"]))
    assert response.status_code == 302
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.SUBMITTED
    # The notice to the acceptors names the review's organization and cycle: loaded with the review, kept by
    # the step (``core.workflow.reload``), not read again.
    assert not _reading("reviews_reviewcycle", queries)
    # Loaded, then locked by the step; its saved copy is the review's new state, not read a third time.
    assert len(_reading("reviews_collectivereview", queries)) == 2
    assert not _writes_session(queries)
    assert len(queries) <= 16


def test_the_review_page_reads_the_versions_once_and_the_meeting_with_the_review(
    login, secretary_a, city_staff, review_a
):
    fill(review_a)
    services.move(review_a, SubmissionAction.SUBMIT, secretary_a)
    services.move(review_a, SubmissionAction.RETURN, city_staff, reasons={"strengths": "Chưa nêu kết quả."})
    page, queries = _queries(login(secretary_a), "get", reverse("reviews:collective_detail", args=[review_a.pk]))
    assert "Chưa nêu kết quả." in page.content.decode()  # the return's reasons, shown while it is returned
    assert len(_reading("core_submissionversion", queries)) == 1
    assert not _reading("reviews_meetingrecord", queries)
    # The history shows the review's creation with its empty levels: no rule set is read to name them.
    assert not _reading("reviews_ruleset", queries)
    assert len(queries) <= 16


def test_the_review_page_takes_its_members_count_from_the_roll_up_unless_filtered(login, secretary_a, review_a):
    from reviews.models import IndividualReview

    under = IndividualReview.objects.filter(
        cycle=review_a.cycle, organization_path__startswith=review_a.organization_path
    )
    assert under.count() >= 1
    url = reverse("reviews:collective_detail", args=[review_a.pk])
    client = login(secretary_a)
    page, queries = _queries(client, "get", url)
    assert page.context["page_obj"].paginator.count == under.count()
    assert not [sql for sql in _reading("reviews_individualreview", queries) if "COUNT(" in sql]
    assert _reading("reviews_individualreviewrollup", queries)
    # A filter the roll-up does not carry counts the rows themselves.
    first = under.order_by("pk").first()
    IndividualReview.objects.filter(pk=first.pk).update(status=SubmissionStatus.SUBMITTED)
    filtered = client.get(url, {"status": SubmissionStatus.SUBMITTED})
    assert filtered.context["page_obj"].paginator.count == under.filter(status=SubmissionStatus.SUBMITTED).count()
    assert filtered.context["page_obj"].paginator.count == 1
    assert client.get(url, {"status": SubmissionStatus.RETURNED}).context["page_obj"].paginator.count == 0
