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

    # The regime's switches (RuleSet fields); a snapshot taken before a switch existed reads it as off.
    def flag(self, name):
        return bool(self.data.get(name))

    def setting(self, name):
        return self.data.get(name)

    def finish_by(self, year, special=False):
        """The last day of a cycle of ``year``: the regime's date, or special units' date in the next year."""
        if special:
            return datetime.date(
                year + 1, self.data.get("special_finish_month", 1), self.data.get("special_finish_day", 15)
            )
        return datetime.date(year, self.data.get("finish_month", 12), self.data.get("finish_day", 31))

    def submission_by(self, year):
        """The day the review files go up (01/02 of the next year under Hướng dẫn 43); None if the regime sets none."""
        month, day = self.data.get("submission_month"), self.data.get("submission_day")
        return datetime.date(year + 1, month, day) if month and day else None

    def annex(self, code):
        """The scoring annex ``code`` ("PL1"…"PL5") as {"title", "general", "results"}; None if the regime has none."""
        return (self.data.get("criteria") or {}).get(code)


def quota_breach(top_count, base_count, limit_percent):
    """Whether ``top_count`` exceeds ``limit_percent`` % of ``base_count`` (exact integer arithmetic)."""
    return top_count * 100 > base_count * limit_percent


# Public holidays (Bộ luật Lao động 2019, Art. 112): 1/1, 30/4, 1/5, 2/9 and, from 2021, one day next to it
# (taken here as 3/9, the day the government chose most years), and five days of Tết: taken here as the last day
# of the lunar year and the first four of the new one. The government fixes the exact Tết days each year, so
# this is an approximation; the Hùng Kings' day (10/3 lunar) falls outside the review season and is left out.
SOLAR_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))
LUNAR_NEW_YEAR = {
    2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25),
    2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
    2028: (1, 26), 2029: (2, 13), 2030: (2, 3),
}  # fmt: skip


def public_holidays(year):
    days = {datetime.date(year, month, day) for month, day in SOLAR_HOLIDAYS}
    if year >= 2021:
        days.add(datetime.date(year, 9, 3))
    if year in LUNAR_NEW_YEAR:
        new_year = datetime.date(year, *LUNAR_NEW_YEAR[year])
        days.update(new_year + datetime.timedelta(days=offset) for offset in range(-1, 4))
    return days


def working_days_between(start, end):
    """Working days (Monday–Friday, not a public holiday) from ``start`` up to and excluding ``end``.

    A draft shared on Monday for a Thursday meeting was shared 3 working days
    before (Monday, Tuesday, Wednesday); shared on 31/12 for a meeting on 3/1,
    only 31/12 and 2/1 count.
    """
    if start is None or end is None or end <= start:
        return 0
    holidays = set().union(*(public_holidays(year) for year in range(start.year, end.year + 1)))
    days = 0
    day = start
    while day < end:
        if day.weekday() < 5 and day not in holidays:
            days += 1
        day += datetime.timedelta(days=1)
    return days
