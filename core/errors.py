"""The one exception for a refused domain step."""

from django.core.exceptions import NON_FIELD_ERRORS


class DomainError(Exception):
    """A step that the rules, the stored state or the person does not allow; nothing was changed.

    Every service function (and every model method that performs a step, such
    as ``ReviewCycle.open`` or ``core.workflow.transition``) raises it, inside
    its transaction, so the refusal rolls the step back. ``message`` is for the
    user, translated when raised (in the request's language: Vietnamese unless
    the user switched); ``field`` names the form field it concerns, or is None.
    When the model's own rules refuse several fields at once, the dict form
    ``DomainError({field: message, ...})`` keeps each message by its field;
    ``errors`` gives ``{field or None: message}`` in both forms. The views show
    it through ``core.views.perform``, the one shape of a write view.

    Not a ``ValidationError``, on purpose. ValidationError says "this input is
    malformed" and Django collects it while cleaning: form and field
    validators and model ``clean()`` methods keep raising it, and a ModelForm
    reports those before any step runs. A refusal comes later, from the rules
    and the stored data, once the input is known to be well formed; keeping
    the classes apart means code that handles ValidationError (form cleaning,
    ``Model.full_clean``, the admin) never swallows a refusal, and a view
    catches exactly one class, in one place.
    """

    def __init__(self, message, field=None):
        if isinstance(message, dict):
            self.errors = {None if key == NON_FIELD_ERRORS else key: text for key, text in message.items()}
            message = " ".join(str(text) for text in self.errors.values())
        else:
            self.errors = {field: message}
        super().__init__(message)
        self.message = message
        self.field = field

    @classmethod
    def from_validation_error(cls, error):
        """The refusal of a step whose model rules (``full_clean``) rejected the object, message by field."""
        if hasattr(error, "error_dict"):
            return cls({field: " ".join(messages) for field, messages in error.message_dict.items()})
        return cls(" ".join(error.messages))
