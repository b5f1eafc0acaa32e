"""Every printed document goes through the access module like the page it prints: ward A's papers leak to no one.

A secretary of ward B asking for any document of ward A, in either format,
gets 404 (its existence is not revealed either); ward A's secretary gets it;
an anonymous visitor is sent to log in.
"""

import pytest
from django.urls import reverse

from paperwork.models import ReviewFileJob
from reports import cycle_report
from tests.access_matrix import LOGIN, OK, check_cell

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    ("collective", "ward_review"),
    ("individual", "individual_a"),
    ("minutes", "branch_review"),
    ("member-slips", "branch_review"),
    ("organization-slips", "ward_review"),
    ("decision", "ward_review"),
    ("directive", "directive"),
    ("explanation", "report"),
]
OUTCOMES = {"secretary_a": OK, "secretary_b": 404, "anonymous": LOGIN}


def _nothing():
    return None


# Rendering a PDF for the one who may see it is tested in test_documents (and slow); the PDF route loads the
# record the same way, so its refusals are checked here and its success there.
CELLS = [
    (actor, output)
    for actor in OUTCOMES
    for output in ("docx", "pdf")
    if not (actor == "secretary_a" and output == "pdf")
]


@pytest.mark.parametrize(("kind", "key"), DOCUMENTS)
@pytest.mark.parametrize(("actor", "output"), CELLS)
def test_a_document_of_ward_a_reaches_only_those_who_see_ward_a(
    request, client, directive_world, actor, kind, key, output
):
    url = reverse("paperwork:document", args=[kind, directive_world[key].pk, output])
    check_cell(
        request, client, thing=kind, actor=actor, side="A", url_name="paperwork:document", url=url, method="get",
        data=None, expected=OUTCOMES[actor], snapshot=_nothing,
    )  # fmt: skip


@pytest.mark.parametrize("output", ["docx", "pdf"])
def test_the_cycle_report_of_ward_a_answers_404_to_ward_bs_secretary(
    world, ward_a, login, city_staff, secretary_b, output
):
    version = cycle_report.finalize(world["cycle"], ward_a, city_staff)
    client = login(secretary_b)
    draft = reverse("paperwork:cycle_report", args=[world["cycle"].pk, ward_a.pk, output])
    final = reverse("paperwork:document", args=["cycle-report-version", version.pk, output])
    assert client.get(draft).status_code == 404, "the cycle report of A leaked to secretary_b"
    assert client.get(final).status_code == 404, "a finalized cycle report of A leaked to secretary_b"


def test_the_whole_file_of_ward_a_cannot_be_started_by_ward_bs_secretary(world, login, secretary_b):
    response = login(secretary_b).post(reverse("paperwork:file_start", args=[world["ward_review"].pk]))
    assert response.status_code == 404
    assert not ReviewFileJob.objects.exists()


def test_a_review_file_job_belongs_to_its_owner(world, login, secretary_a, city_staff):
    job = ReviewFileJob.objects.create(owner=city_staff, review=world["ward_review"])
    client = login(secretary_a)
    for name in ("paperwork:file_job", "paperwork:file_job_status", "paperwork:file_job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name


def test_anonymous_visitors_are_sent_to_log_in_for_the_whole_file(world, client):
    response = client.post(reverse("paperwork:file_start", args=[world["ward_review"].pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not ReviewFileJob.objects.exists()
