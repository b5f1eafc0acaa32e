"""The access module itself: reach follows the tree, default deny, several roles, superusers."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import access
from accounts.models import Role, RoleAssignment
from members.models import Member
from organizations.models import Organization, OrganizationKind
from tests.factories import make_organization, make_user


@pytest.fixture
def group_a(branch_a):
    return make_organization("Tổ đảng 1", parent=branch_a, kind=OrganizationKind.PARTY_GROUP)


def _visible(user):
    return set(access.scope(Organization.objects.all(), user, via="").values_list("code", flat=True))


def test_a_role_reaches_its_organization_and_the_whole_sub_tree_only(
    secretary_a, city, ward_a, branch_a, group_a, ward_b
):
    assert _visible(secretary_a) == {ward_a.code, branch_a.code, group_a.code}, "reach leaked outside ward A"


def test_a_role_at_a_branch_does_not_reach_its_parent_or_siblings(ward_a, branch_a, group_a):
    sibling = make_organization("Chi bộ khu phố 9", parent=ward_a, kind=OrganizationKind.BRANCH)
    user = make_user("bithu_chibo", Role.SECRETARY, branch_a)
    assert _visible(user) == {branch_a.code, group_a.code}
    assert not access.can(user, "member.change", ward_a)
    assert not access.can(user, "member.change", sibling), "branch secretary reached a sibling branch"
    assert access.can(user, "member.change", group_a)


def test_city_role_reaches_everything_under_the_city(city_staff, city, ward_a, ward_b, branch_a, branch_b):
    assert _visible(city_staff) == {city.code, ward_a.code, ward_b.code, branch_a.code, branch_b.code}


def test_several_roles_add_up_but_permissions_stay_per_role(ward_a, ward_b, branch_a, branch_b):
    user = make_user("hai_vai", Role.SECRETARY, ward_a)
    RoleAssignment.objects.create(user=user, organization=ward_b, role=Role.STANDING_MEMBER)
    assert _visible(user) == {ward_a.code, branch_a.code, ward_b.code, branch_b.code}
    assert access.can(user, "member.change", branch_a)
    assert not access.can(user, "member.change", branch_b), "standing member role granted a secretary's write in B"
    assert access.roles_of(user) == {Role.SECRETARY, Role.STANDING_MEMBER}
    assert set(access.permitted(Organization.objects.all(), user, "member.change", via="")) == {ward_a, branch_a}


def test_nested_assignments_are_collapsed_into_one_path(ward_a, branch_a):
    user = make_user("long_nhau", Role.SECRETARY, ward_a)
    RoleAssignment.objects.create(user=user, organization=branch_a, role=Role.STANDING_MEMBER)
    assert access.reach_paths(user) == [ward_a.path]


def test_superuser_sees_and_may_change_everything(city, ward_a, ward_b, member_b):
    admin = make_user("admin", is_superuser=True)
    assert _visible(admin) == set(Organization.objects.values_list("code", flat=True))
    assert access.can(admin, "organization.change", ward_b)
    assert access.get_or_404(Member.objects.all(), admin, pk=member_b.pk) == member_b


def test_unknown_permission_is_a_programming_error(secretary_a, ward_a):
    with pytest.raises(ValueError, match="organisation.change"):
        access.can(secretary_a, "organisation.change", ward_a)
    for check in (
        lambda: access.permitted(Organization.objects.all(), secretary_a, "organisation.change", via=""),
        lambda: access.at_home(Organization.objects.all(), secretary_a, "organisation.change", via=""),
        lambda: access.can_anywhere(secretary_a, "organisation.change"),
    ):
        with pytest.raises(ValueError):
            check()
    with pytest.raises(ValueError):
        access.can(AnonymousUser(), "organisation.change", ward_a)


def test_inactive_user_sees_nothing_and_may_do_nothing(secretary_a, ward_a, member_a):
    secretary_a.is_active = False
    secretary_a.save(update_fields=["is_active"])
    access.forget(secretary_a)
    assert _visible(secretary_a) == set(), "organizations leaked to an inactive user"
    assert not access.can(secretary_a, "member.view", ward_a)
    assert not access.scope(Member.objects.all(), secretary_a).exists()


def test_inactive_superuser_sees_nothing(ward_a):
    admin = make_user("old_admin", is_superuser=True, is_active=False)
    assert _visible(admin) == set(), "organizations leaked to an inactive superuser"
    assert not access.can(admin, "organization.change", ward_a)


def test_anonymous_visitor_sees_nothing(ward_a, member_a):
    assert _visible(AnonymousUser()) == set()
    assert not access.can(AnonymousUser(), "member.view", ward_a)


def test_user_without_any_role_sees_nothing(ward_a):
    assert _visible(make_user("khong_vai")) == set()


def test_object_outside_reach_is_404_and_visible_but_read_only_is_403(secretary_b, inspector, member_a):
    with pytest.raises(Http404):
        access.get_or_404(Member.objects.all(), secretary_b, pk=member_a.pk)
    assert access.get_or_404(Member.objects.all(), inspector, pk=member_a.pk) == member_a
    with pytest.raises(PermissionDenied):
        access.require(inspector, "member.change", member_a.organization)


def test_scope_follows_a_lookup_to_the_organization(secretary_a, member_a, member_b):
    assert list(access.scope(Member.objects.all(), secretary_a)) == [member_a], "member of B leaked to secretary of A"


def test_assignments_are_cached_until_forgotten(secretary_a, ward_b):
    assert ward_b.code not in _visible(secretary_a)
    RoleAssignment.objects.create(user=secretary_a, organization=ward_b, role=Role.SECRETARY)
    assert ward_b.code not in _visible(secretary_a)
    access.forget(secretary_a)
    assert ward_b.code in _visible(secretary_a)


@pytest.mark.parametrize(
    ("actor", "permission", "allowed"),
    [
        ("city_staff", "organization.change", True),
        ("city_staff", "member.view_citizen_id", True),
        ("secretary_a", "member.change", True),
        ("secretary_a", "organization.change", False),
        ("secretary_a", "member.view_citizen_id", False),
        ("inspector", "member.view", True),
        ("inspector", "member.change", False),
        ("standing_member_a", "member.view", True),
        ("standing_member_a", "member.change", False),
    ],
)
def test_permission_table_per_role(request, branch_a, actor, permission, allowed):
    assert access.can(request.getfixturevalue(actor), permission, branch_a) is allowed


# --- rules for what belongs to no organization, and for a form's choices --------------------------------------


def test_can_anywhere_follows_the_role_wherever_it_is_held(secretary_a, city_staff, inspector, standing_member_a):
    assert access.can_anywhere(city_staff, "cycle.manage")
    assert not access.can_anywhere(secretary_a, "cycle.manage")
    assert access.can_anywhere(inspector, "directive.propose")
    assert not access.can_anywhere(standing_member_a, "directive.propose")
    assert access.can_anywhere(make_user("admin", is_superuser=True), "cycle.manage")
    assert not access.can_anywhere(AnonymousUser(), "organization.view")
    secretary_a.is_active = False
    assert not access.can_anywhere(secretary_a, "member.change")


def test_require_anywhere_answers_403_without_the_role(secretary_a, city_staff):
    access.require_anywhere(city_staff, "ruleset.change")
    with pytest.raises(PermissionDenied):
        access.require_anywhere(secretary_a, "ruleset.change")


def test_at_home_lists_only_the_organizations_of_the_users_roles_granted_the_permission(city, ward_a, ward_b, branch_a):
    user = make_user("hai_vai", Role.SECRETARY, ward_a)
    RoleAssignment.objects.create(user=user, organization=ward_b, role=Role.STANDING_MEMBER)
    organizations = Organization.objects.all()
    assert set(access.at_home(organizations, user, via="")) == {ward_a, ward_b}, "sub-trees are not homes"
    assert set(access.at_home(organizations, user, "member.change", via="")) == {ward_a}
    assert not access.at_home(organizations, user, "document.change", via="").exists()
    assert not access.at_home(organizations, AnonymousUser(), via="").exists()
    members = Member.objects.all()
    assert not access.at_home(members, user).exists()  # through a lookup: members of ward A itself


def test_permitted_is_the_query_form_of_can(secretary_a, city_staff, city, ward_a, ward_b, branch_a, branch_b):
    organizations = Organization.objects.all()
    for user in (secretary_a, city_staff):
        for permission in ("member.change", "organization.change", "review.accept"):
            expected = {org for org in organizations if access.can(user, permission, org)}
            assert set(access.permitted(organizations, user, permission, via="")) == expected, (user, permission)


def test_scope_with_superiors_adds_the_committees_above_and_what_belongs_to_none(
    secretary_a, city, ward_a, ward_b, branch_a
):
    from reviews.models import ReviewCycle, RuleSet

    rule_set = RuleSet.objects.first()
    day = datetime.date(2025, 12, 1)

    def cycle(organization, number):
        return ReviewCycle.objects.create(
            year=2025, number=number, rule_set=rule_set, organization=organization, opened_on=day, reference_date=day
        )

    of_city, of_ward_a, _of_ward_b, of_branch_a, of_all = (
        cycle(city, 1), cycle(ward_a, 2), cycle(ward_b, 3), cycle(branch_a, 4), cycle(None, 5)
    )  # fmt: skip
    visible = set(access.scope_with_superiors(ReviewCycle.objects.all(), secretary_a))
    assert visible == {of_city, of_ward_a, of_branch_a, of_all}, "ward B's cycle leaked, or the city's was missing"
    assert not access.scope_with_superiors(ReviewCycle.objects.all(), AnonymousUser()).exists()
    assert access.scope_with_superiors(ReviewCycle.objects.all(), make_user("admin", is_superuser=True)).count() == 5


def test_reaches_all_only_for_a_reach_over_every_root_of_todays_tree(city_staff, secretary_a, city, ward_a):
    assert access.reaches_all(city_staff) and not access.reaches_all(secretary_a)
    assert access.reaches_all(make_user("admin", is_superuser=True))
    other_root = make_organization("Đảng bộ tỉnh khác", kind=OrganizationKind.SUPERIOR_COMMITTEE)
    access.forget(city_staff)
    assert not access.reaches_all(city_staff)
    both = make_user("both", Role.CITY_STAFF, city)
    RoleAssignment.objects.create(user=both, role=Role.CITY_STAFF, organization=other_root)
    assert access.reaches_all(both)
