"""A creating form sent twice (a double click, two tabs, a retried POST) creates once: commitments, progress updates."""

import datetime
import re
import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.models import Commitment, ProgressUpdate
from commitments.tests.conftest import in_days
from core.models import SubmittedForm


def _token(page):
    """The form token the page rendered."""
    return re.search(r'name="once_token" value="([0-9a-f-]{36})"', page.content.decode()).group(1)


def _rows(review_a):
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-shortcoming": "Sinh hoạt chi bộ chưa đều",
        "form-0-measure": "Họp định kỳ hằng tháng",
        "form-0-deadline": in_days(30).strftime("%d/%m/%Y"),
    }


def test_the_commitment_form_sent_twice_with_its_token_creates_once(login, secretary_a, review_a):
    client = login(secretary_a)
    url = reverse("commitments:create", args=["collective_review", review_a.pk])
    data = {**_rows(review_a), "once_token": _token(client.get(url))}
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302 and second.redirect_chain[-1][0] == reverse("commitments:list")
    assert Commitment.objects.filter(collective_review=review_a).count() == 1
    assert "đã được gửi" in second.content.decode()


def test_a_new_page_gets_a_new_token_and_creates_again(login, secretary_a, review_a):
    client = login(secretary_a)
    url = reverse("commitments:create", args=["collective_review", review_a.pk])
    for _ in range(2):
        client.post(url, {**_rows(review_a), "once_token": _token(client.get(url))})
    assert Commitment.objects.filter(collective_review=review_a).count() == 2


def test_progress_sent_twice_with_its_token_is_posted_once(login, secretary_a, commitment_a):
    client = login(secretary_a)
    url = reverse("commitments:progress", args=[commitment_a.pk])
    data = {"date": in_days(0).strftime("%d/%m/%Y"), "percentage": "40", "once_token": _token(client.get(url))}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert ProgressUpdate.objects.filter(commitment=commitment_a).count() == 1


def test_a_refused_send_leaves_the_token_free_for_the_corrected_one(login, secretary_a, commitment_a):
    client = login(secretary_a)
    url = reverse("commitments:progress", args=[commitment_a.pk])
    token = _token(client.get(url))
    refused = client.post(url, {"date": in_days(1).strftime("%d/%m/%Y"), "percentage": "40", "once_token": token})
    assert refused.status_code == 200
    client.post(url, {"date": in_days(0).strftime("%d/%m/%Y"), "percentage": "40", "once_token": token})
    assert ProgressUpdate.objects.filter(commitment=commitment_a).count() == 1


@pytest.mark.parametrize("token", ["", "x\x00", "²" * 40, "0" * 5000])
def test_a_missing_or_malformed_token_is_a_plain_send(login, secretary_a, commitment_a, token):
    url = reverse("commitments:progress", args=[commitment_a.pk])
    data = {"date": in_days(0).strftime("%d/%m/%Y"), "percentage": "40", "once_token": token}
    assert login(secretary_a).post(url, data).status_code == 302


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_sends_on_postgresql_create_once(require_services, secretary_a, review_a, monkeypatch):
    if connection.vendor != "postgresql":
        if require_services:
            pytest.fail("REQUIRE_SERVICES=1 but the database is not PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    create = services.create_commitments

    def slow_create(*args, **kwargs):
        created = create(*args, **kwargs)
        time.sleep(0.5)  # the second request's INSERT of the token arrives while this one holds it
        return created

    monkeypatch.setattr(services, "create_commitments", slow_create)
    url = reverse("commitments:create", args=["collective_review", review_a.pk])
    data = {**_rows(review_a), "once_token": "6f1c1d8e-1f55-4d1e-9a8e-2c1f0f4b7a11"}
    barrier = threading.Barrier(2)
    statuses = []

    def send():
        client = Client()
        client.force_login(secretary_a)
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302, 302]
    assert Commitment.objects.filter(collective_review=review_a).count() == 1


def test_tokens_older_than_two_days_are_dropped(login, secretary_a, commitment_a):
    old = SubmittedForm.objects.create(token="6f1c1d8e-1f55-4d1e-9a8e-2c1f0f4b7a12")
    SubmittedForm.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    client = login(secretary_a)
    url = reverse("commitments:progress", args=[commitment_a.pk])
    client.post(
        url, {"date": in_days(0).strftime("%d/%m/%Y"), "percentage": "40", "once_token": _token(client.get(url))}
    )
    assert not SubmittedForm.objects.filter(pk=old.pk).exists()
    assert SubmittedForm.objects.count() == 1
