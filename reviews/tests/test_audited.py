"""The audit trail of reviews: a rating level shows by its name, as the rule set names it."""

from audit import display
from audit.models import AuditEvent
from reviews.models import IndividualReview


def test_the_history_names_a_decided_level_instead_of_its_code(individual_a):
    IndividualReview.objects.filter(pk=individual_a.pk).update(decided_level="httnv")
    event = AuditEvent.objects.filter(model="reviews.individualreview", object_id=individual_a.pk).latest("id")
    (row,) = display.rows([event])
    assert ("Decided level", "—", "Hoàn thành tốt nhiệm vụ") in row.changes
