"""Small factories for tests: plain functions with sensible defaults."""

import datetime
import itertools

from accounts.models import RoleAssignment, User
from members.models import Member, Membership, Sex
from organizations.models import Organization, OrganizationKind, Sector

_sequence = itertools.count(1)


def make_organization(name=None, parent=None, kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.WARD, **extra):
    number = next(_sequence)
    extra.setdefault("valid_from", datetime.date(2010, 1, 1))
    return Organization.objects.create(
        name=name or f"Tổ chức {number}",
        code=extra.pop("code", f"ORG{number:05d}"),
        kind=kind,
        sector=sector,
        parent=parent,
        **extra,
    )


def make_member(organization, full_name=None, **extra):
    number = next(_sequence)
    values = {
        "full_name": full_name or f"Nguyễn Văn {number}",
        "sex": Sex.MALE,
        "date_of_birth": datetime.date(1980, 1, 1),
        "card_number": f"{number:08d}",
        "citizen_id": f"036080{number:06d}",
        "admission_date": datetime.date(2005, 5, 19),
        "full_membership_date": datetime.date(2006, 5, 19),
        "organization": organization,
    }
    values.update(extra)
    member = Member.objects.create(**values)
    Membership.objects.create(member=member, organization=organization, start=member.admission_date)
    return member


def make_user(username, role=None, organization=None, password="pass-Words-123", **extra):
    user = User.objects.create_user(
        username=username, password=password, full_name=extra.pop("full_name", username), **extra
    )
    if role:
        RoleAssignment.objects.create(user=user, organization=organization, role=role)
    return user


def open_annual_cycle(year, organization=None):
    """An annual cycle of ``year`` (reference date 1/12) opened with its reviews, under the rules of its year."""
    from reviews import services
    from reviews.models import CycleKind, ReviewCycle, RuleSet

    cycle = ReviewCycle(
        year=year,
        kind=CycleKind.ANNUAL,
        rule_set=RuleSet.objects.get(code="QD366" if year >= 2025 else "HD27"),
        organization=organization,
        opened_on=datetime.date(year, 11, 1),
        reference_date=datetime.date(year, 12, 1),
    )
    return services.open_cycle(cycle)


def issue_directive(cycle, issuer, organizations, inspector, city_staff, standing_member, number, title=None, **extra):
    """A directive of ``cycle`` proposed by ``inspector`` and issued by ``city_staff`` on 10/11 of the cycle's year."""
    from directives import services

    year = cycle.year
    proposal = services.propose(
        inspector,
        issuer=issuer,
        cycle=cycle,
        title=title or "Gợi ý kiểm điểm sâu về quản lý đất đai",
        reasons=["public_concern"],
        organizations=organizations,
        free_items=extra.pop("free_items", ["Việc cấp phép xây dựng ở khu phố 1"]),
    )
    return services.issue(
        proposal,
        city_staff,
        number=number,
        issued_on=datetime.date(year, 11, 10),
        report_deadline=datetime.date(year, 11, 30),
        review_days=2,
        standing_member=standing_member,
    )
