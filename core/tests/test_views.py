"""The one shape of a write view: ``perform`` and ``perform_action`` turn a refusal into what the user reads."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError

from core.errors import DomainError
from core.views import perform, perform_action
from organizations.models import Organization
from tests.factories import make_organization

pytestmark = pytest.mark.django_db  # the step runs in a transaction


class NameForm(forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False)


def _valid_form(**data):
    form = NameForm({"name": "Chi bộ 1", **data})
    assert form.is_valid()
    return form


def _refuse(message, field=None):
    def step():
        raise DomainError(message, field=field)

    return step


def test_a_step_that_goes_through_gives_what_it_returned_even_when_falsy():
    done = perform(_valid_form(), lambda: [])
    assert done and done.result == []


def test_a_refusal_goes_next_to_the_field_it_names():
    form = _valid_form()
    assert perform(form, _refuse("Tên đã có.", field="name")) is None
    assert form.errors == {"name": ["Tên đã có."]}


def test_a_refusal_of_a_field_the_form_does_not_have_goes_on_top_of_the_form():
    form = _valid_form()
    assert perform(form, _refuse("Không được.", field="organization")) is None
    assert form.non_field_errors() == ["Không được."]
    assert form.errors.keys() == {"__all__"}


def test_a_refusal_of_several_fields_puts_each_message_by_its_field():
    form = _valid_form()
    assert perform(form, _refuse({"name": "Tên sai.", "__all__": "Cả biểu mẫu sai."})) is None
    assert form.errors == {"name": ["Tên sai."], "__all__": ["Cả biểu mẫu sai."]}


def test_a_refusal_rolls_back_what_the_step_wrote_before_it(city):
    def step():
        make_organization("Viết rồi mới từ chối", parent=city)
        raise DomainError("Không được.")

    assert perform(_valid_form(), step) is None
    assert not Organization.objects.filter(name="Viết rồi mới từ chối").exists()


def test_an_error_that_is_not_a_refusal_is_not_hidden_in_the_form():
    def step():
        raise ValueError("programming error")

    with pytest.raises(ValueError):
        perform(_valid_form(), step)


def test_a_formset_shows_a_refusal_above_its_rows():
    formset = forms.formset_factory(NameForm)({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "A"})
    assert formset.is_valid()
    assert perform(formset, _refuse("Hãy nhập ít nhất một dòng.", field="name")) is None
    assert formset.non_form_errors() == ["Hãy nhập ít nhất một dòng."]


def test_a_form_that_shows_more_is_told_of_the_refusal_after_the_message_is_placed():
    class TellingForm(NameForm):
        def refused(self, error):
            self.told = (error.message, self.non_field_errors())

    form = TellingForm({"name": "A"})
    assert form.is_valid()
    perform(form, _refuse("Người khác vừa lưu."))
    assert form.told == ("Người khác vừa lưu.", ["Người khác vừa lưu."])


def _post(rf, data=None):
    request = rf.post("/", data or {})
    request._messages = CookieStorage(request)
    return request


def _errors(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


def test_a_refused_action_puts_the_message_in_the_page_messages(rf):
    request = _post(rf)
    assert perform_action(request, _refuse("Chỉ thu hồi được gợi ý đã ban hành.")) is None
    assert _errors(request) == [("error", "Chỉ thu hồi được gợi ý đã ban hành.")]


def test_an_action_with_bad_input_runs_nothing_and_puts_the_input_errors_in_the_page_messages(rf):
    class ReasonForm(forms.Form):
        reason = forms.CharField(error_messages={"required": "Hãy nêu lý do."})

    request = _post(rf)
    ran = []
    assert perform_action(request, lambda: ran.append(1), ReasonForm(request.POST)) is None
    assert ran == []
    assert _errors(request) == [("error", "Hãy nêu lý do.")]


def test_an_action_that_goes_through_gives_its_result_and_no_error(rf):
    request = _post(rf)
    done = perform_action(request, lambda: 0)
    assert done and done.result == 0
    assert _errors(request) == []


def test_a_refusal_is_not_a_validation_error_so_form_cleaning_never_swallows_one():
    assert not issubclass(DomainError, ValidationError)


def test_the_dict_form_keeps_each_message_by_field_and_reads_as_one_message():
    error = DomainError({"valid_to": "Ngày kết thúc sai.", "__all__": "Không lưu được."})
    assert error.errors == {"valid_to": "Ngày kết thúc sai.", None: "Không lưu được."}
    assert error.message == str(error) == "Ngày kết thúc sai. Không lưu được."
    assert error.field is None


def test_a_model_rule_refusal_keeps_the_fields_of_the_validation_error():
    by_field = ValidationError({"parent": ["Cấp trên sai."], "valid_to": ["Ngày sai.", "Trước ngày bắt đầu."]})
    assert DomainError.from_validation_error(by_field).errors == {
        "parent": "Cấp trên sai.",
        "valid_to": "Ngày sai. Trước ngày bắt đầu.",
    }
    assert DomainError.from_validation_error(ValidationError("Tệp rỗng.")).errors == {None: "Tệp rỗng."}
