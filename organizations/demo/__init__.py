"""Demo organizations: Nam Định City's tree (or a whole province) from ``plan.build_plan``.

Idempotent: organizations are matched by code and only missing ones are
created, a level at a time with ``bulk_create``; their materialized paths are
then computed from the parents' paths and written with ``bulk_update``. When
the province is seeded over an existing city, the city committee is moved
under the province committee (``Organization.move_under`` rewrites the paths).
"""

from collections import defaultdict

from organizations.demo.plan import VALID_FROM, build_plan
from organizations.models import Organization, PriorState

BATCH = 1000


def _existing():
    return {code: (pk, parent_id, path) for code, pk, parent_id, path in Organization.objects.values_list(
        "code", "pk", "parent_id", "path"
    )}  # fmt: skip


def _depths(units):
    depth = {}
    for unit in units:
        depth[unit.code] = depth[unit.parent] + 1 if unit.parent else 0
    return depth


def ensure_organizations(units):
    """Create the missing ``units`` (matched by code); return how many were created."""
    depth = _depths(units)
    parent_of = {unit.code: unit.parent for unit in units}
    levels = defaultdict(list)
    for unit in units:
        levels[depth[unit.code]].append(unit)
    created = 0
    for level in sorted(levels):
        existing = _existing()
        for unit in levels[level]:
            if unit.code in existing and unit.parent:
                pk, parent_id, _path = existing[unit.code]
                # A unit a restructuring has placed elsewhere since (reports/demo.py) stays where it is now.
                if parent_id != existing[unit.parent][0] and not PriorState.objects.filter(organization_id=pk).exists():
                    Organization.objects.get(pk=pk).move_under(Organization.objects.get(pk=existing[unit.parent][0]))
        existing = _existing()
        new = []
        for unit in levels[level]:
            if unit.code in existing:
                continue
            organization = Organization(
                code=unit.code,
                name=unit.name,
                kind=unit.kind,
                sector=unit.sector,
                parent_id=existing[unit.parent][0] if unit.parent else None,
                valid_from=VALID_FROM,
                description=unit.description,
            )
            organization.fill_search_text()
            new.append(organization)
        Organization.objects.bulk_create(new, batch_size=BATCH)
        for organization in new:
            parent_path = existing[parent_of[organization.code]][2] if organization.parent_id else ""
            organization.path = f"{parent_path}{organization.pk:08d}."
            organization.depth = level
        Organization.objects.bulk_update(new, ["path", "depth"], batch_size=BATCH)
        created += len(new)
    return created


def is_seeded():
    """Whether the demo's tree (or any tree) is already there: ``seed_demo --if-empty`` then does nothing."""
    return Organization.objects.exists()


def seed(stdout, scale="city"):
    units = build_plan(scale)
    created = ensure_organizations(units)
    stdout.write(f"  organizations: {created} created, {len(units)} in the {scale} plan")
