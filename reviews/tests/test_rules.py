import datetime
from decimal import Decimal

import pytest

from reviews.models import Manifestation, ManifestationGroup, RuleSet
from reviews.rules import MEMBER, ORGANIZATION, Rules, quota_breach, working_days_between


@pytest.mark.django_db
def test_the_four_regimes_ship_as_data_with_vietnamese_labels():
    codes = list(RuleSet.objects.values_list("code", flat=True))
    assert codes == ["HD27", "QD132", "QD124", "QD366"]
    hd27 = RuleSet.objects.get(code="HD27").rules
    assert [level.label for level in hd27.levels(ORGANIZATION)][:2] == [
        "Trong sạch vững mạnh tiêu biểu",
        "Trong sạch vững mạnh",
    ]
    assert hd27.label(MEMBER, "httnv") == "Hoàn thành tốt nhiệm vụ"
    qd366 = RuleSet.objects.get(code="QD366")
    assert (qd366.quota_percent, qd366.quota_percent_raised, qd366.uses_scores) == (20, 25, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "year,code", [(2014, "HD27"), (2017, "HD27"), (2018, "QD132"), (2023, "QD124"), (2026, "QD366")]
)
def test_the_rule_set_of_a_year_is_found(year, code):
    assert RuleSet.for_year(year).code == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    "score,level",
    [
        ("49.9", "khtnv"),
        ("50", "htnv"),
        ("69.9", "htnv"),
        ("70", "httnv"),
        ("89.9", "httnv"),
        ("90", "htxsnv"),
        ("0", "khtnv"),
        ("100", "htxsnv"),
    ],
)
@pytest.mark.parametrize("kind", [ORGANIZATION, MEMBER])
def test_qd366_level_follows_the_score_band_edges(score, level, kind):
    rules = RuleSet.objects.get(code="QD366").rules
    assert rules.level_for_score(kind, Decimal(score)) == level


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["HD27", "QD132", "QD124"])
def test_regimes_without_scores_leave_the_level_to_people(code):
    rules = RuleSet.objects.get(code=code).rules
    assert rules.level_for_score(ORGANIZATION, Decimal("95")) is None


def test_top_base_and_lowest_levels_follow_the_listed_order():
    rules = Rules(
        {"organization_levels": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}, {"code": "c", "label": "C"}]}
    )
    assert (rules.top(ORGANIZATION), rules.quota_base(ORGANIZATION), rules.lowest(ORGANIZATION)) == ("a", "b", "c")


@pytest.mark.parametrize(
    "top,base,limit,breach",
    [
        (20, 100, 20, False),
        (21, 100, 20, True),
        (25, 100, 25, False),
        (1, 0, 20, True),
        (1, 5, 20, False),
        (2, 9, 20, True),
    ],
)
def test_quota_is_a_share_of_the_base_level(top, base, limit, breach):
    assert quota_breach(top, base, limit) is breach


def test_working_days_count_from_the_sharing_day_and_skip_weekends():
    monday = datetime.date(2025, 12, 1)
    assert working_days_between(monday, monday + datetime.timedelta(days=3)) == 3  # Thursday meeting
    assert working_days_between(monday, monday + datetime.timedelta(days=2)) == 2
    friday = datetime.date(2025, 12, 5)
    assert working_days_between(friday, datetime.date(2025, 12, 9)) == 2  # Friday, Monday before a Tuesday


@pytest.mark.django_db
def test_the_27_manifestations_ship_in_three_groups_of_nine_with_verified_flags():
    assert Manifestation.objects.count() == 27
    for group in ManifestationGroup.values:
        assert Manifestation.objects.filter(group=group).count() == 9
    verified = {m.label for m in Manifestation.objects.filter(verified=True)}
    # I.1 is verified in substance only (a press summary), not word for word: not flagged
    assert verified == {"I.4", "III.1", "III.2", "III.3", "III.4", "III.5", "III.9"}
    assert Manifestation.objects.get(group="III", number=1).text.startswith("Phản bác, phủ nhận chủ nghĩa Mác-Lênin")
