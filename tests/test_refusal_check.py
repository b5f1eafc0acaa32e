"""The refusal check itself can fail: a step that wrote before refusing, or refused otherwise, is caught."""

import pytest

from core.errors import DomainError
from tests.factories import make_organization
from tests.refusals import assert_refused


def _refuse(message="Không được.", field=None):
    raise DomainError(message, field=field)


def test_a_refusal_that_left_a_row_behind_fails_the_check(city):
    def step():
        make_organization("Đã lưu trước khi từ chối", parent=city)  # no transaction around it: the row stays
        _refuse()

    with pytest.raises(AssertionError, match="stored rows changed"):
        assert_refused(step, "Không được.")


def test_a_refusal_with_another_message_fails_the_check(db):
    with pytest.raises(AssertionError, match="expected 'Hãy nêu lý do.'"):
        assert_refused(_refuse, "Hãy nêu lý do.")


def test_a_refusal_naming_another_field_fails_the_check(db):
    with pytest.raises(AssertionError, match="expected 'reason'"):
        assert_refused(lambda: _refuse(field="note"), "Không được.", field="reason")


def test_a_step_that_goes_through_fails_the_check(db):
    with pytest.raises(pytest.fail.Exception):
        assert_refused(lambda: None, "Không được.")
