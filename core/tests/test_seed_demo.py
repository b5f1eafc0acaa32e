"""The ``seed_demo`` command: Nam Định City's size, correct tree paths, idempotence.

The city is seeded once for the whole module (twice, to prove the second run
changes nothing) inside a transaction that is rolled back at the end, so the
other test modules still start from an empty database.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from accounts.models import Role, RoleAssignment, User
from core import demo
from core.management.commands import seed_demo as seed_demo_command
from core.management.commands.seed_demo import demo_modules, model_counts
from members.demo.users import SUPERUSER, USERS
from members.models import Member, Membership, MemberStatus
from organizations.demo.plan import build_plan
from organizations.models import GRASSROOTS_KINDS, Organization, Sector
from reports import demo as restructuring_demo
from reviews.models import CollectiveReview, ReviewCycle

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Counts after the first and after the second run of ``seed_demo``."""
    with django_db_blocker.unblock():
        try:
            # The notices the demo gives (directives/notices.py) are written when the seed commits.
            with transaction.atomic():
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("seed_demo", stdout=io.StringIO())
                first = model_counts()
                output = io.StringIO()
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("seed_demo", stdout=output)
                yield first, model_counts(), output.getvalue()
                raise _Rollback
        except _Rollback:
            pass


def test_second_run_changes_no_count(seeded):
    first, second, output = seeded
    assert first == second
    assert "members: 0 created" in output


def _reviews_2017():
    return CollectiveReview.objects.filter(cycle__year=2017).select_related("organization")


def test_city_had_92_grassroots_organizations_under_the_city_committee_in_2017(seeded):
    # Today's tree is the one after the 2025 restructuring (reports/demo.py); the 2017 cycle keeps the city's.
    city = Organization.objects.get(code=demo.CITY_CODE, parent=None)
    grassroots = [review for review in _reviews_2017() if review.organization.kind in GRASSROOTS_KINDS]
    assert len(grassroots) == 92
    assert {review.organization_path for review in grassroots} == {
        f"{city.path}{review.organization_id:08d}." for review in grassroots
    }
    sectors = [review.organization.sector for review in grassroots]
    assert sectors.count(Sector.WARD) == 20
    assert sectors.count(Sector.COMMUNE) == 5
    invented = [
        review.organization for review in grassroots if review.organization.sector not in (Sector.WARD, Sector.COMMUNE)
    ]
    assert len(invented) == 67
    assert all("không có thật" in organization.description for organization in invented)


def test_wards_had_ten_to_twenty_residential_branches_in_2017(seeded):
    reviews = list(_reviews_2017())
    for ward in (
        review for review in reviews if review.organization.is_grassroots and review.organization.sector == Sector.WARD
    ):
        residential = [
            review
            for review in reviews
            if review.organization_path.startswith(ward.organization_path)
            and review.organization.name.startswith("Chi bộ Tổ dân phố")
        ]
        assert 10 <= len(residential) <= 20, ward


def test_today_the_former_city_is_eight_new_wards_under_the_province_committee(seeded):
    province = Organization.objects.get(code=restructuring_demo.PROVINCE_CODE)
    city = Organization.objects.get(code=demo.CITY_CODE)
    assert city.valid_to == restructuring_demo.MERGED_ON
    wards = Organization.objects.active_on(datetime.date(2026, 1, 1)).filter(parent=province, sector=Sector.WARD)
    assert sorted(wards.values_list("code", flat=True)) == sorted(
        code for code, _name, _from in restructuring_demo.NEW_WARDS
    )
    assert ReviewCycle.objects.get(year=2025, organization=province).rule_set.code == "QD366"


def test_city_has_about_15000_members_each_with_an_open_membership(seeded):
    assert 14_500 <= Member.objects.count() <= 15_500
    assert Membership.objects.filter(end=None).count() == Member.objects.count()
    assert not Member.objects.exclude(citizen_id__regex=r"^036\d{9}$").exists()


def test_members_include_retired_excused_suspended_and_recent_admissions(seeded):
    total = Member.objects.count()
    excused = Member.objects.filter(status=MemberStatus.EXCUSED).count()
    assert 0.02 * total < excused < 0.15 * total
    assert Member.objects.filter(status=MemberStatus.SUSPENDED).exists()
    recent = Member.objects.filter(admission_date__gt=demo.REFERENCE_DATE.replace(month=6, day=30))
    assert recent.exists()
    assert not recent.exclude(full_membership_date=None).exists()
    ward_members = Member.objects.filter(organization__sector=Sector.WARD)
    outside_system = ward_members.filter(is_leader=False, works_in_political_system=False).count()
    assert outside_system > 0.7 * ward_members.count()  # mostly retired: form 2C


def test_every_path_is_the_parents_path_plus_its_own_segment(seeded):
    organizations = Organization.objects.select_related("parent")
    for organization in organizations:
        parent_path = organization.parent.path if organization.parent else ""
        assert organization.path == f"{parent_path}{organization.pk:08d}.", organization.code
        assert organization.depth == organization.path.count(".") - 1


def test_directed_organizations_exist_with_their_secretaries(seeded, settings):
    # The module fixture hashed the demo password with the default hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    for code in demo.DIRECTED_CODES:
        organization = Organization.objects.get(code=code)
        secretary = RoleAssignment.objects.get(organization=organization, role=Role.SECRETARY).user
        assert secretary.member.party_position.startswith("Bí thư Đảng ủy")
        assert secretary.check_password(demo.DEMO_PASSWORD)


def test_one_demo_user_per_role_and_a_superuser(seeded):
    assert User.objects.get(username=SUPERUSER).is_superuser
    assert {role for _username, _name, role, _codes in USERS} == set(Role)
    assert User.objects.filter(username__in=[username for username, *_rest in USERS]).count() == len(USERS)


def test_if_empty_does_nothing_when_organizations_exist(seeded):
    output = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=output)
    assert "not loaded" in output.getvalue()


def test_province_plan_has_about_1000_grassroots_organizations_and_100000_members():
    units = build_plan("province")
    assert len({unit.code for unit in units}) == len(units)
    assert 950 <= sum(unit.kind in GRASSROOTS_KINDS for unit in units) <= 1050
    assert 95_000 <= sum(unit.members for unit in units) <= 105_000
    city = next(unit for unit in units if unit.code == demo.CITY_CODE)
    assert city.parent == demo.PROVINCE_CODE


def test_demo_modules_run_lower_apps_first():
    labels = [label for label, _module in demo_modules()]
    assert (
        labels.index("organizations") < labels.index("members") < labels.index("reviews") < labels.index("commitments")
    )


def _import_without(monkeypatch, missing, error_name):
    real_import = seed_demo_command.importlib.import_module

    def fake_import(name, *args):
        if name == missing:
            raise ModuleNotFoundError(f"No module named {error_name!r}", name=error_name)
        return real_import(name, *args)

    monkeypatch.setattr(seed_demo_command.importlib, "import_module", fake_import)


def test_an_app_without_a_demo_module_is_skipped(monkeypatch):
    _import_without(monkeypatch, "members.demo", error_name="members.demo")
    labels = [label for label, _module in demo_modules()]
    assert "members" not in labels
    assert "organizations" in labels and "reviews" in labels


def test_a_demo_module_that_fails_to_import_is_an_error(monkeypatch):
    _import_without(monkeypatch, "members.demo", error_name="faker")
    with pytest.raises(ModuleNotFoundError):
        demo_modules()


def test_each_demo_user_has_a_handful_of_unread_notifications_that_ask_them_to_act(seeded):
    from notifications.models import Notification
    from notifications.sweep import sweep

    sweep()
    sweep()  # a second sweep adds nothing
    unread = {
        username: list(
            Notification.objects.filter(user__username=username, read_at__isnull=True).values_list("kind", "title")
        )
        for username, *_rest in USERS
    }
    assert all(len(rows) <= 5 for rows in unread.values()), {name: len(rows) for name, rows in unread.items()}
    assert all(len(set(rows)) == len(rows) for rows in unread.values())  # nothing twice
    # City staff decide on the two reports handed in (Quang Trung, Vị Hoàng); the Inspection Committee
    # concludes on Lộc Hòa's accepted report; the secretaries owe their reports.
    decisions = [title for kind, title in unread["vanphong"] if kind == "directives.decision"]
    assert (
        len(decisions) == 2 and any("Quang Trung" in t for t in decisions) and any("Vị Hoàng" in t for t in decisions)
    )
    assert [kind for kind, _title in unread["ubkt"]].count("directives.conclusion") == 1
    assert ("directives.explanation") in [kind for kind, _title in unread["bithu_trandangninh"]]
    assert ("directives.explanation") in [kind for kind, _title in unread["bithu_namphong"]]
    assert not [kind for kind, _title in unread["bithu_quangtrung"] if kind.startswith("directives")]


def test_every_rating_rule_holds_over_the_demo_data(seeded):
    """The demo writes its levels in bulk; run every rule of ``reviews.rating`` over them (issue 15, point 5)."""
    from reviews import rule_check
    from reviews.models import ReviewCycle

    cycles = ReviewCycle.objects.all()
    assert cycles.count() >= 2
    for cycle in cycles:
        assert [str(v) for v in rule_check.violations(cycle)] == [], cycle
