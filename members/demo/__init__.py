"""Demo members: about 15,000 in the city (100,000 in the province), with their memberships, then the demo users.

Idempotent: members are matched by card number and only missing ones are
inserted, with ``bulk_create`` in chunks, each followed by the open
``Membership`` rows of the chunk.
"""

from core import demo
from members.demo import users
from members.demo.people import people
from members.models import Member, Membership
from organizations.demo.plan import VALID_FROM, city_units, province_units
from organizations.models import Organization

CHUNK = 2000
PROVINCE_FIRST_NUMBER = 100_001  # card numbers of the province's own members start here


def _insert(rows, organization_ids):
    members = [Member(organization_id=organization_ids[code], **values) for code, values in rows]
    Member.objects.bulk_create(members, batch_size=CHUNK)
    Membership.objects.bulk_create(
        [
            Membership(
                member_id=member.pk,
                organization_id=member.organization_id,
                start=max(member.admission_date, VALID_FROM),
            )
            for member in members
        ],  # fmt: skip
        batch_size=CHUNK,
    )
    return len(members)


def seed(stdout, scale="city"):
    batches = [(city_units(), demo.rng("members-city"), 1)]
    if scale == "province":
        batches.append((province_units(), demo.rng("members-province"), PROVINCE_FIRST_NUMBER))
    organization_ids = dict(Organization.objects.values_list("code", "pk"))
    existing = set(Member.objects.values_list("card_number", flat=True))
    created, chunk = 0, []
    for units, rng, first_number in batches:
        for code, values in people(units, rng, first_number):
            if values["card_number"] in existing:
                continue
            chunk.append((code, values))
            if len(chunk) >= CHUNK:
                created += _insert(chunk, organization_ids)
                chunk = []
    if chunk:
        created += _insert(chunk, organization_ids)
    stdout.write(f"  members: {created} created, {Member.objects.count()} in total")
    users.seed(stdout, scale)
