"""The submission workflow shared by every report that goes up for review.

Collective reviews, individual reviews and explanation reports all follow
draft → submitted → returned (with reasons per section) → resubmitted →
accepted, and an accepted report can be reopened by the superior
("kiểm điểm lại"). A model takes part by inheriting ``SubmittableModel`` and
naming its text sections in ``SECTIONS``; this module keeps the state machine,
the immutable versions and the optimistic lock in one place. Who may do what
is decided by the caller through ``accounts.access``, not here.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


class SubmissionAction(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    RETURN = "return", _("Return for changes")
    ACCEPT = "accept", _("Accept")
    REOPEN = "reopen", _("Order a new review")


# action → (states it may start from, state it leads to); submitting a returned
# report is a resubmission.
TRANSITIONS = {
    SubmissionAction.SUBMIT: ({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}, SubmissionStatus.SUBMITTED),
    SubmissionAction.RETURN: ({SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED}, SubmissionStatus.RETURNED),
    SubmissionAction.ACCEPT: ({SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED}, SubmissionStatus.ACCEPTED),
    SubmissionAction.REOPEN: ({SubmissionStatus.ACCEPTED}, SubmissionStatus.DRAFT),
}
EDITABLE_STATES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


class EditConflict(DomainError):
    """Someone saved the report after this editor loaded it: a refusal that also tells what they wrote.

    ``theirs`` maps each section that the other person changed to its stored
    value, so the page can show what they wrote; nothing was saved.
    """

    def __init__(self, theirs, revision):
        super().__init__(_("Someone else saved this report after you opened it. Nothing was saved."))
        self.theirs = theirs
        self.revision = revision  # the stored one: an editor who saves again after seeing theirs means it


class SubmittableModel(models.Model):
    """Abstract base for a report that goes through the submission workflow.

    ``SECTIONS`` lists (field name, label) of the text sections, in order;
    ``REQUIRED_SECTIONS`` those that must be filled before submitting.
    """

    SECTIONS = ()
    REQUIRED_SECTIONS = ()

    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    # Bumped by every saved edit; an edit made against an older revision is a conflict.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATES

    def snapshot(self):
        return {name: getattr(self, name) for name, _label in self.SECTIONS}

    def missing_sections(self):
        return [label for name, label in self.SECTIONS if name in self.REQUIRED_SECTIONS and not getattr(self, name)]

    def allowed_actions(self):
        return [action for action, (sources, _target) in TRANSITIONS.items() if self.status in sources]

    def versions(self):
        return SubmissionVersion.objects.for_object(self)

    def last_version(self):
        return self.versions().order_by("-number").first()

    def changes_since_last_version(self):
        """[(section label, old text, new text)] for sections changed since the last submitted version."""
        return self.changes_since(self.last_version())

    def changes_since(self, version):
        """[(section label, old text, new text)] for sections changed since ``version`` (None: since nothing)."""
        old = version.snapshot if version else {}
        return [
            (label, old.get(name, ""), getattr(self, name))
            for name, label in self.SECTIONS
            if (old.get(name) or "") != (getattr(self, name) or "")
        ]


class SubmissionVersionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class SubmissionVersion(models.Model):
    """An immutable record of one workflow step, with the report's sections as they were."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=16, choices=SubmissionAction.choices)
    status_after = models.CharField(_("status"), max_length=16, choices=SubmissionStatus.choices)
    snapshot = models.JSONField(_("content"), default=dict)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = SubmissionVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="submission_version_unique"),
        ]

    def __str__(self):
        return f"v{self.number} {self.get_action_display()}"


class ReturnReason(models.Model):
    """Why a report was returned, attached to one of its sections."""

    version = models.ForeignKey(SubmissionVersion, on_delete=models.CASCADE, related_name="reasons")
    section = models.CharField(_("section"), max_length=64)
    text = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")

    def __str__(self):
        return f"{self.section}: {self.text[:40]}"


def reload(obj, row=None):
    """Read ``obj``'s row again after a step changed it, keeping the related rows already loaded with it.

    ``refresh_from_db`` forgets every related row (a review's cycle and organization), and whatever runs
    after the step (the notices naming the review, the page) then reads each again: two queries on every
    submission. No step changes which rows those are; one whose key someone else changed meanwhile is
    still forgotten, and read again when used. ``row``: the same row as it now stands (the step's copy,
    read under its lock and saved), whose values are taken instead of reading them once more.
    """
    related = [field for field in obj._meta.concrete_fields if field.is_relation and field.is_cached(obj)]
    kept = [(field, field.get_cached_value(obj)) for field in related]
    if row is None:
        obj.refresh_from_db()
    else:
        obj._prefetched_objects_cache = {}
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(row, field.attname))
            if field.is_relation and field.is_cached(obj):
                field.delete_cached_value(obj)
    for field, loaded in kept:
        if loaded is not None and getattr(obj, field.attname) == getattr(loaded, field.target_field.attname):
            field.set_cached_value(obj, loaded)
    return obj


def save_sections(obj, changes, expected_revision):
    """Save ``changes`` (section → text) if nobody saved since ``expected_revision``.

    One conditional UPDATE: two editors of the same draft cannot overwrite each
    other; the second gets ``EditConflict`` with what the first wrote.
    """
    model = type(obj)
    if not obj.is_editable:
        raise DomainError(_("This report can no longer be edited in its current state."))
    allowed = {name for name, _label in obj.SECTIONS}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Not sections of {model.__name__}: {sorted(unknown)}")
    updated = model.objects.filter(pk=obj.pk, revision=expected_revision, status__in=EDITABLE_STATES).update(
        revision=F("revision") + 1, **changes
    )
    if not updated:
        current = model.objects.get(pk=obj.pk)
        if not current.is_editable:
            raise DomainError(_("This report can no longer be edited in its current state."))
        raise EditConflict(
            {name: getattr(current, name) for name in changes if getattr(current, name) != changes[name]},
            current.revision,
        )
    return reload(obj)


@transaction.atomic
def transition(obj, action, user, note="", reasons=None):
    """Move ``obj`` through ``action``, recording an immutable version.

    ``reasons`` maps section names to texts and is required when returning.
    Raises ``DomainError`` with a message for the user when not allowed.
    """
    model = type(obj)
    locked = model.objects.select_for_update().get(pk=obj.pk)
    sources, target = TRANSITIONS[SubmissionAction(action)]
    if locked.status not in sources:
        raise DomainError(
            _("“%(action)s” is not possible while the report is “%(status)s”.")
            % {"action": SubmissionAction(action).label, "status": locked.get_status_display()}
        )
    update_fields = ["status"]
    if action == SubmissionAction.SUBMIT:
        missing = locked.missing_sections()
        if missing:
            raise DomainError(
                _("These required sections are empty: %(sections)s.") % {"sections": ", ".join(map(str, missing))}
            )
        if locked.status == SubmissionStatus.RETURNED:
            target = SubmissionStatus.RESUBMITTED
        locked.submitted_at = timezone.now()
        update_fields.append("submitted_at")
    if action == SubmissionAction.RETURN:
        reasons = {section: text.strip() for section, text in (reasons or {}).items() if text and text.strip()}
        if not reasons:
            raise DomainError(_("Give at least one reason, attached to a section, when returning a report."))
    if action == SubmissionAction.ACCEPT:
        locked.accepted_at = timezone.now()
        update_fields.append("accepted_at")
    locked.status = target
    locked.save(update_fields=update_fields)
    previous = SubmissionVersion.objects.for_object(locked).order_by("-number").values_list("number", flat=True)
    version = SubmissionVersion.objects.create(
        content_type=ContentType.objects.get_for_model(locked),
        object_id=locked.pk,
        number=(previous.first() or 0) + 1,
        action=action,
        status_after=target,
        snapshot=locked.snapshot(),
        note=note,
        created_by=user if user and user.is_authenticated else None,
    )
    for section, text in (reasons or {}).items():
        ReturnReason.objects.create(version=version, section=section, text=text)
    reload(obj, row=locked)
    return version


# ---------------------------------------------------------------- the edit page: save or submit what is on the screen
#
# Every page that edits a report which then goes up (a review's sections, its
# self-rating, an explanation report, the cycle report's texts) has ONE form
# with two buttons, ``core/includes/_save_submit.html``: "Save" and "Submit"
# (``name="intent"``). Submitting saves what is on the screen first, in the
# same transaction, so the version sent up is the text the editor sees; a
# separate submit form that posts no text cannot lose an edit, because there is
# none. The submit button asks the same confirmation everywhere
# (``data-confirm``, read by static/js/site.js: no inline script).

SUBMIT_INTENT = "submit"


def submitting(data):
    """Whether the editor pressed the form's submit button (its ``intent``) rather than "Save"."""
    return data.get("intent") == SUBMIT_INTENT


def save_and_submit(data, save, submit):
    """Run ``save()`` and, when ``data`` asks to submit, ``submit()`` after it: one transaction, one result.

    ``save`` is the page's optimistic-locked save (a stale copy raises
    ``EditConflict``); a refused submission rolls the save back too, and the
    page shows the typed text again with the refusal. Returns what the last
    step returned.
    """
    with transaction.atomic():
        saved = save()
        return submit() if submitting(data) else saved


class EditForm(forms.Form):
    """The form of an edit page: the revision the editor started from, and the lost-race display.

    After a refused save the typed text stays in the form (it is bound); on an
    ``EditConflict`` the form also keeps what the other editor saved
    (``theirs``: field label → text) and carries the stored revision, so that
    saving again is a deliberate choice made after seeing their text.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.theirs = {}

    @property
    def submitting(self):
        return submitting(self.data)

    def refused(self, error):
        """Called by ``core.views.perform`` after a refused step."""
        if isinstance(error, EditConflict):
            self.theirs = {str(self._label(name)): text for name, text in error.theirs.items()}
            if self.theirs:  # the panel that shows their text says it already: one message, not two
                self._errors.pop(NON_FIELD_ERRORS, None)
            self.data = self.data.copy()
            self.data[self.add_prefix("revision")] = error.revision

    def _label(self, name):
        return self.fields[name].label if name in self.fields else name
