"""Access matrix for every commitments URL: outsiders get 404, read-only roles 403, anonymous the login page.

Failures read as leaks: "commitment of ward A leaked to the secretary of ward B".
"""

import datetime
from pathlib import PurePosixPath

import pytest
from django.urls import reverse

from commitments import services
from commitments.models import (
    CarryOverItem,
    Commitment,
    CommitmentEvent,
    EvidenceFile,
    ExtensionRequest,
    ProgressUpdate,
    Verification,
)
from commitments.tests.conftest import PDF, in_days, upload
from reviews.models import CollectiveReview


@pytest.fixture
def world(make_commitment, review_a, secretary_a, next_cycle, ward_a, conclusion_a, member_review_a):
    """Ward A's objects: an open commitment with evidence and a pending extension, a reported one, a fresh one."""
    open_one = make_commitment(review_a)
    services.post_progress(open_one, secretary_a, in_days(0), percentage=10, files=[upload("a.pdf", PDF)])
    extension = services.request_extension(open_one, secretary_a, open_one.deadline + datetime.timedelta(10), "x")
    reported = make_commitment(review_a, measure="Đã báo cáo")
    services.report_completed(reported, secretary_a, "Xong")
    fresh = make_commitment(review_a, measure="Mới")
    CollectiveReview.objects.create(cycle=next_cycle, organization=ward_a)
    services.carry_over(next_cycle)
    return {
        "open": open_one,
        "reported": reported,
        "fresh": fresh,
        "extension": extension,
        "evidence": open_one.evidence_files.get(),
        "item": CarryOverItem.objects.get(commitment=open_one),
        "review": review_a,
        "conclusion": conclusion_a,
        "member_review": member_review_a,
    }


def url_for(name, world):
    return {
        "list": lambda: reverse("commitments:list"),
        "queue": lambda: reverse("commitments:queue"),
        "create": lambda: reverse("commitments:create", args=["collective_review", world["review"].pk]),
        "create_individual": lambda: reverse(
            "commitments:create", args=["individual_review", world["member_review"].pk]
        ),
        "create_directive": lambda: reverse(
            "commitments:create", args=["directive_conclusion", world["conclusion"].pk]
        ),
        "detail": lambda: reverse("commitments:detail", args=[world["open"].pk]),
        "progress": lambda: reverse("commitments:progress", args=[world["open"].pk]),
        "report": lambda: reverse("commitments:report", args=[world["open"].pk]),
        "verify": lambda: reverse("commitments:verify", args=[world["reported"].pk]),
        "extension_request": lambda: reverse("commitments:extension_request", args=[world["fresh"].pk]),
        "extension_decide": lambda: reverse("commitments:extension_decide", args=[world["extension"].pk]),
        "carry_over_assess": lambda: reverse("commitments:carry_over_assess", args=[world["item"].pk]),
        "evidence": lambda: reverse("commitments:evidence", args=[world["evidence"].pk]),
    }[name]()


def payload(name):
    if name.startswith("create"):
        name = "create"
    return {
        "create": {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-0-shortcoming": "A",
            "form-0-measure": "B",
            "form-0-deadline": in_days(9).strftime("%d/%m/%Y"),
        },
        "progress": {"date": in_days(0).strftime("%d/%m/%Y"), "percentage": "90"},
        "report": {"summary": "Xong"},
        "verify": {"outcome": "verified", "assessment": "Tốt"},
        "extension_request": {"new_deadline": in_days(400).strftime("%d/%m/%Y"), "reason": "x"},
        "extension_decide": {"decision": "approve"},
        "carry_over_assess": {"assessment": "remedied"},
    }[name]


WRITES = [
    "create",
    "create_individual",
    "create_directive",
    "progress",
    "report",
    "verify",
    "extension_request",
    "extension_decide",
    "carry_over_assess",
]
OBJECT_URLS = ["detail", "evidence", *WRITES]
# Who may write each URL, and a role that may see ward A but not do it.
ALLOWED = {
    "create": "secretary_a",
    "create_individual": "secretary_a",
    "create_directive": "secretary_a",
    "progress": "secretary_a",
    "report": "secretary_a",
    "verify": "inspector",
    "extension_request": "city_staff",
    "extension_decide": "inspector",
    "carry_over_assess": "standing_member_a",
}
READ_ONLY = {
    "create": ["standing_member_a"],
    "create_individual": ["standing_member_a"],
    "create_directive": ["standing_member_a"],
    "progress": ["standing_member_a", "inspector"],
    "report": ["standing_member_a", "inspector"],
    "verify": ["standing_member_a", "secretary_a", "city_staff"],
    "extension_request": ["standing_member_a", "inspector"],
    "extension_decide": ["standing_member_a", "secretary_a"],
    "carry_over_assess": ["inspector"],
}


def state():
    models = [Commitment, CommitmentEvent, ProgressUpdate, EvidenceFile, Verification, ExtensionRequest, CarryOverItem]
    rows = [sorted(model.objects.values_list()) for model in models]
    return rows


@pytest.mark.parametrize("name", ["list", "queue", "detail", "evidence", *WRITES])
def test_anonymous_is_sent_to_login(client, world, name):
    before = state()
    response = client.post(url_for(name, world), payload(name)) if name in WRITES else client.get(url_for(name, world))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert state() == before


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_secretary_of_another_organization_gets_404(login, secretary_b, world, name):
    client = login(secretary_b)
    before = state()
    response = client.post(url_for(name, world), payload(name)) if name in WRITES else client.get(url_for(name, world))
    assert response.status_code == 404, f"{name} of ward A leaked to the secretary of ward B"
    assert state() == before


@pytest.mark.parametrize("name", WRITES)
def test_role_without_the_right_gets_403_and_nothing_changes(request, login, world, name):
    for username in READ_ONLY[name]:
        client = login(request.getfixturevalue(username))
        before = state()
        assert client.get(url_for(name, world)).status_code == 403, username
        assert client.post(url_for(name, world), payload(name)).status_code == 403, username
        assert state() == before, username


@pytest.mark.parametrize("name", WRITES)
def test_role_with_the_right_can_write(request, login, world, name):
    client = login(request.getfixturevalue(ALLOWED[name]))
    assert client.get(url_for(name, world)).status_code == 200
    response = client.post(url_for(name, world), payload(name))
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.parametrize("username", ["secretary_a", "secretary_b", "city_staff", "inspector", "standing_member_a"])
def test_every_role_can_open_the_list(request, login, world, username):
    assert login(request.getfixturevalue(username)).get(reverse("commitments:list")).status_code == 200


def test_queue_is_for_the_inspection_committee(login, secretary_a, city_staff, inspector, world):
    assert login(secretary_a).get(reverse("commitments:queue")).status_code == 403
    assert login(city_staff).get(reverse("commitments:queue")).status_code == 403
    assert login(inspector).get(reverse("commitments:queue")).status_code == 200


def test_evidence_download_is_refused_to_the_secretary_of_another_organization(login, secretary_b, world):
    response = login(secretary_b).get(reverse("commitments:evidence", args=[world["evidence"].pk]))
    assert response.status_code == 404, "evidence of ward A leaked to the secretary of ward B"


def test_evidence_is_stored_under_media_root_not_the_static_root(settings, world):
    path = world["evidence"].file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    stored = PurePosixPath(world["evidence"].file.name)
    # A random name (32 hex digits), never the uploader's "a.pdf"; the extension is kept.
    assert stored.suffix == ".pdf" and len(stored.stem) == 32 and stored.name != "a.pdf"
