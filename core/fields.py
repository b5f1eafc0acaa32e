"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

from core.params import integer


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id that is not plain digits before it reaches a query.

    Django checks each value against the queryset with an ``IN`` list; a
    40-digit id overflows SQLite's integer there (a server error, not a form
    error). Every model here has integer keys, so anything else is an invalid
    choice with Django's own message.
    """

    def _check_values(self, value):
        for pk in value:
            if pk not in self.empty_values and integer(str(pk)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
