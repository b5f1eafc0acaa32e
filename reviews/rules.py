"""The rules of one regime as plain values: levels, score bands, quota, deadlines.

A ``RuleSet`` row is what city staff edit; a cycle copies it into its
``rules_snapshot`` when it opens, so later edits never change the rules a
cycle was run under. ``Rules`` wraps either form so the rating code reads the
same whatever the source.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

ORGANIZATION = "organization"
MEMBER = "member"


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    min_score: Decimal | None = None


class Rules:
    """Read-only view of a rule set's data (``RuleSet.as_dict()``)."""

    def __init__(self, data):
        self.data = data
        self._levels = {
            kind: [
                Level(
                    item["code"],
                    item["label"],
                    None if item.get("min_score") is None else Decimal(str(item["min_score"])),
                )
                for item in data.get(f"{kind}_levels", [])
            ]
            for kind in (ORGANIZATION, MEMBER)
        }

    def __getattr__(self, name):
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None

    def levels(self, kind):
        return self._levels[kind]

    def choices(self, kind):
        return [(level.code, level.label) for level in self.levels(kind)]

    def label(self, kind, code):
        return next((level.label for level in self.levels(kind) if level.code == code), code or "")

    def is_level(self, kind, code):
        return any(level.code == code for level in self.levels(kind))

    # By convention the levels are listed best first: the first is the capped
    # top level, the second the level its quota is counted against, the last
    # the level a disqualifier forces.
    def top(self, kind):
        return self.levels(kind)[0].code

    def quota_base(self, kind):
        return self.levels(kind)[1].code

    def lowest(self, kind):
        return self.levels(kind)[-1].code

    def rank(self, kind, code):
        codes = [level.code for level in self.levels(kind)]
        return codes.index(code) if code in codes else len(codes)

    @property
    def scores(self):
        return bool(self.data.get("uses_scores"))

    def level_for_score(self, kind, total):
        """The level whose band holds ``total`` (bands are lower bounds, best first); None if not scored."""
        if not self.scores or total is None:
            return None
        for level in self.levels(kind):
            if level.min_score is not None and Decimal(total) >= level.min_score:
                return level.code
        return self.lowest(kind)

    def form_code(self, form):
        """The code printed on form ``form`` ("01", "2A", "2B", "2C"); "" if the regime names none."""
        return self.data.get(f"form_code_{form.lower()}", "")

    def form_title(self, form):
        """Who writes form ``form`` ("2A", "2B", "2C") in the regime's own words; "" if not recorded."""
        return self.data.get(f"form_title_{form.lower()}", "")

    def uses_checklist_in(self, year):
        """Whether the 27-manifestation checklist is used in ``year`` (the regime's years it covers)."""
        first, last = self.data.get("checklist_first_year"), self.data.get("checklist_last_year")
        return bool(self.data.get("uses_checklist")) and (first or year) <= year <= (last or year)

    @property
    def collective_first(self):
        """A leader is reviewed at the leadership collective before the chi bộ (the default of older rule sets)."""
        return self.data.get("leader_review_order", "collective_first") == "collective_first"

    def quota_limit(self, raised=False):
        return int(self.data["quota_percent_raised"] if raised else self.data["quota_percent"])


def quota_breach(top_count, base_count, limit_percent):
    """Whether ``top_count`` exceeds ``limit_percent`` % of ``base_count`` (exact integer arithmetic)."""
    return top_count * 100 > base_count * limit_percent


def working_days_between(start, end):
    """Working days (Monday–Friday) from ``start`` up to and excluding ``end``.

    A draft shared on Monday for a Thursday meeting was shared 3 working days
    before (Monday, Tuesday, Wednesday). Public holidays are not known here.
    """
    if start is None or end is None or end <= start:
        return 0
    days = 0
    day = start
    while day < end:
        if day.weekday() < 5:
            days += 1
        day += datetime.timedelta(days=1)
    return days
