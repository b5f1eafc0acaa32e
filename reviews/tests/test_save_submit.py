"""Submitting from an edit page sends what is on the screen: saved, then submitted, in one step (core.workflow).

Each page that edits a review (its sections, its self-rating) has one form
whose "Submit" button saves the typed text first; a stale copy is refused with
the typed text shown again; every submit asks the same question first.
"""

import pytest
from django.urls import reverse

from core.workflow import SubmissionStatus, save_sections
from reviews.tests.conftest import FILLED

CONFIRM = 'data-confirm="Nộp báo cáo? Sau khi nộp chỉ sửa được nếu bị trả lại."'


def _sections(review, **changes):
    data = {name: FILLED.get(name, "") for name, _label in review.SECTIONS}
    return data | {"revision": review.revision} | changes


def _edit_url(review):
    kind = "collective" if review._meta.model_name == "collectivereview" else "individual"
    return reverse(f"reviews:{kind}_edit", args=[review.pk])


@pytest.mark.parametrize("which", ["review_a", "individual_a"])
def test_submit_on_the_edit_page_saves_the_typed_text_into_the_submitted_version(request, login, secretary_a, which):
    review = request.getfixturevalue(which)
    typed = "Gõ trên điện thoại rồi bấm Nộp ngay."
    response = login(secretary_a).post(_edit_url(review), _sections(review, strengths=typed, intent="submit"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == SubmissionStatus.SUBMITTED
    assert review.strengths == typed
    assert review.last_version().snapshot["strengths"] == typed


def test_save_on_the_edit_page_only_saves(login, secretary_a, review_a):
    response = login(secretary_a).post(_edit_url(review_a), _sections(review_a, intent="save"))
    assert response.status_code == 302
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.DRAFT and review_a.strengths == FILLED["strengths"]
    assert review_a.last_version() is None


def test_a_stale_submit_is_refused_and_the_typed_text_is_shown_again(login, secretary_a, review_a):
    stale = review_a.revision
    save_sections(review_a, {"strengths": "Người khác đã sửa"}, stale)
    typed = "Bản của tôi, gõ trước khi người khác lưu"
    data = _sections(review_a, strengths=typed, intent="submit") | {"revision": stale}
    response = login(secretary_a).post(_edit_url(review_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert typed in page and "Người khác đã sửa" in page and 'id="conflict"' in page
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.DRAFT and review_a.strengths == "Người khác đã sửa"
    assert review_a.last_version() is None
    # The form now carries the stored revision: submitting again is a deliberate choice, and goes through.
    assert response.context["form"].data["revision"] == review_a.revision


def test_a_refused_submission_keeps_the_typed_text_on_the_page_and_saves_nothing(login, secretary_a, review_a):
    typed = "Chỉ mới viết ưu điểm"
    data = {"strengths": typed, "revision": review_a.revision, "intent": "submit"}
    response = login(secretary_a).post(_edit_url(review_a), data)
    assert response.status_code == 200
    assert typed in response.content.decode()
    review_a.refresh_from_db()
    assert review_a.status == SubmissionStatus.DRAFT and review_a.strengths == ""


def test_every_submit_of_a_review_asks_the_same_confirmation(login, secretary_a, review_a):
    client = login(secretary_a)
    for url in (
        _edit_url(review_a),
        reverse("reviews:collective_detail", args=[review_a.pk]),
        reverse("reviews:rate", args=["collective", review_a.pk]),
    ):
        assert CONFIRM in client.get(url).content.decode(), url


def test_the_self_rating_page_submits_the_review_with_the_rating_on_the_screen(login, secretary_a, review_a):
    from reviews.tests.conftest import fill
    from reviews.tests.test_carry_over import PL1_95

    PL1_85 = {**PL1_95, "self-criterion_1.B1": "25"}
    fill(review_a)
    response = login(secretary_a).post(
        reverse("reviews:rate_step", args=["collective", review_a.pk, "self"]),
        {"self-level": "httnv", **PL1_85, "intent": "submit"},
    )
    assert response.status_code == 302
    review_a.refresh_from_db()
    assert (review_a.self_level, review_a.status) == ("httnv", SubmissionStatus.SUBMITTED)
