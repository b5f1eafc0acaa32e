"""QĐ 366's 100-point scoring, line by line: which annex a review is scored on, and the two totals it gives.

The annexes are rule-set data (``RuleSet.criteria``, see migration 0007): a general criteria group and a task
results group, each a list of lines with their maximum points. The system sums the lines; the level then
follows from the rule set's score bands (``Rules.level_for_score``).
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.errors import DomainError
from reviews.rules import ORGANIZATION

# Form 2A is a leader's (Phụ lục 3; Phụ lục 2 is for the leaders the Central Committee manages, whom a city
# does not review), 2B a member in the political system's (Phụ lục 4), 2C any other member's (Phụ lục 5).
ANNEX_OF_FORM = {"2A": "PL3", "2B": "PL4", "2C": "PL5"}
GROUPS = ("general", "results")


def annex_code(review):
    if review.RATING_KIND == ORGANIZATION:
        return "PL1"
    return ANNEX_OF_FORM.get(review.form, "PL5")


def annex_for(review):
    """The annex ``review`` is scored on under its cycle's rules; None where the regime scores no lines."""
    rules = review.cycle.rules
    return rules.annex(annex_code(review)) if rules.scores else None


def lines(annex):
    """(group, line) for every line of ``annex``, general criteria first."""
    return [(group, line) for group in GROUPS for line in annex.get(group, [])]


def totals(annex, points):
    """The general and results totals of ``points`` ({line code: points}), each line checked against its maximum.

    Raises ``DomainError`` for a missing line, a value that is not a number or one outside 0 to the maximum.
    """
    sums = dict.fromkeys(GROUPS, Decimal(0))
    for group, line in lines(annex):
        raw = points.get(line["code"])
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, TypeError, ValueError):
            value = None
        if raw is None or value is None or not value.is_finite() or not 0 <= value <= Decimal(str(line["max"])):
            raise DomainError(
                _("Criterion %(code)s must be given between 0 and %(max)s points.")
                % {"code": line["code"], "max": line["max"]}
            )
        sums[group] += value
    return sums["general"], sums["results"]
