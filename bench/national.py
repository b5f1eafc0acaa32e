"""National scale: about 1,000,000 members in about 10,000 grassroots organizations under 34
provincial committees, the dashboard, the home page and the member search measured on it (not a test).

``--build`` makes the national database (``BENCH_NATIONAL_DB``, default ``kd_national``, on
``BENCH_PG_URL``, default ``postgres://postgres@127.0.0.1:5432``) as a copy of a seeded province
(``BENCH_PROVINCE_DB``, default ``kd_pages_province``: ``bench/pages.py --scale province`` or
``manage.py seed_demo --scale province`` makes one), so Nam Định keeps its demo (100,166 members, its
cycles, commitments, studies), then:

1. puts a national committee (code ``TW``) above the province's committee;
2. adds 33 invented provinces (``T02`` … ``T34``), each with about 100 communes and wards (with
   their branches, as the demo's communes have) and 173 agencies, schools, health units and
   enterprises (a third of them grassroots committees with branches), and about 27,300 members each
   (the demo's own people generator: ages, retirement, statuses by kind of unit), with their
   memberships; ``ANALYZE``;
3. opens a national annual cycle over every member with ``reviews.services.open_cycle`` (timed:
   the target is 5 minutes) and rates six reviews in seven with bulk UPDATEs.

Without ``--build`` it measures a fresh copy of the built database (``BENCH_NATIONAL_RUN_DB``, default
``<name>_run``), migrated to the code's migrations and vacuumed (as autovacuum would have after the
build): the dashboard and the home page for city staff at the national committee (the top user), at
Nam Định's committee (the largest province) and at an invented province, the member search (a common
name, also its 41st page, past the counted rows, and in descending order, a rare one and one with a word
of two letters) and the individual reviews list searched by the common name and the rare one, or filtered
by review form, for each, through Django's test client (server time), ``--requests`` times each with the
login form between requests. Targets: top user ≤ 500 ms p95, provincial users ≤ 150 ms p95, the searches
and filtered lists ≤ 150 ms p95.

    .venv/bin/python bench/national.py --build
    .venv/bin/python bench/national.py [--requests 10] [--reuse-run]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

from dashboard import admin, say
from pages import percentile95, setup_django

BASE_DIR = Path(__file__).resolve().parent.parent
PROVINCES = 33  # invented, besides Nam Định: 34 provincial committees since the 2025 merger
COMMUNES, OTHER_UNITS = 98, 175
MEMBERS_PER_PROVINCE = 27_300
FIRST_CARD = 1_000_001  # card numbers of the invented provinces' members start here (the demo's stay below 200,000)
TOP_CODE = "TW"
TARGETS = {"top": 500, "province": 150, "search": 150}


def server():
    return os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def province_plan(number):
    """The units of invented province ``number`` (the demo's plan helpers), parents first."""
    from core import demo
    from organizations.demo import plan
    from organizations.models import OrganizationKind, Sector

    rng = demo.rng(f"organizations-national-{number}")
    code = f"T{number:02d}"
    description = f"{demo.INVENTED} Quy mô quốc gia để đo hiệu năng."
    name = f"Đảng bộ tỉnh minh họa số {number}"
    kind = OrganizationKind.SUPERIOR_COMMITTEE
    units = [plan.Unit(code, name, kind, Sector.OTHER, TOP_CODE, description=description)]
    syllables = plan._SECOND_SYLLABLES
    for index in range(1, COMMUNES + 1):
        name = f"{syllables[index % len(syllables)]} {syllables[(index * 7 + number) % len(syllables)]} {index}"
        sector = Sector.WARD if index % 5 == 0 else Sector.COMMUNE
        kind = "phường" if sector == Sector.WARD else "xã"
        plan._ward_or_commune(units, rng, f"{code}-X{index:03d}", f"Đảng bộ {kind} {name}", sector, code)
    for index in range(1, OTHER_UNITS + 1):
        sector, profile, prefix = plan._DISTRICT_CELLS[index % len(plan._DISTRICT_CELLS)]
        if index % 3 == 0:
            prefix = prefix.replace("Chi bộ", "Đảng bộ", 1)
        name = f"{prefix} {syllables[index % len(syllables)]} số {index}"
        plan._invented(units, rng, f"{code}-C{index:03d}", name, sector, profile, code, small=(6, 20))
    plan._scale_members(units, MEMBERS_PER_PROVINCE)
    return units


def build():
    from django.db import connection, transaction

    from accounts.models import Role, RoleAssignment, User
    from core import demo
    from members.demo import _insert
    from members.demo.people import people
    from organizations.demo import ensure_organizations, plan
    from organizations.demo.plan import VALID_FROM
    from organizations.models import Organization, OrganizationKind, Sector

    province = Organization.objects.get(code=demo.PROVINCE_CODE)
    started = time.monotonic()
    with transaction.atomic():
        top, _created = Organization.objects.get_or_create(
            code=TOP_CODE,
            defaults={"name": "Đảng bộ toàn quốc (minh họa quy mô quốc gia)", "valid_from": VALID_FROM,
                      "kind": OrganizationKind.SUPERIOR_COMMITTEE, "sector": Sector.OTHER},
        )  # fmt: skip
        if not top.path:
            top.path, top.depth = f"{top.pk:08d}.", 0
            top.fill_search_text()
            top.save()
        if province.parent_id != top.pk:
            province.move_under(top)
    say(f"national committee above {province}: {time.monotonic() - started:.1f} s")
    organizations = members = 0
    started = time.monotonic()
    for number in range(2, PROVINCES + 2):
        units = province_plan(number)
        with transaction.atomic():
            top_unit = plan.Unit(TOP_CODE, top.name, top.kind, top.sector, None)  # already there: a parent
            organizations += ensure_organizations([top_unit, *units])
            ids = dict(Organization.objects.filter(code__startswith=f"T{number:02d}").values_list("code", "pk"))
            if not Organization.objects.get(code=f"T{number:02d}").members.exists():
                rows = list(people(units, demo.rng(f"members-national-{number}"), FIRST_CARD + number * 100_000))
                for start in range(0, len(rows), 5000):
                    members += _insert(rows[start : start + 5000], ids)
        say(
            f"  province T{number:02d}: {len(units)} units; total so far {organizations} organizations, "
            f"{members} members, {time.monotonic() - started:.0f} s"
        )
    for key, role, organization in (
        ("bench_top_staff", Role.CITY_STAFF, top),
        ("bench_province_staff", Role.CITY_STAFF, province),
        ("bench_t02_staff", Role.CITY_STAFF, Organization.objects.get(code="T02")),
    ):
        user, _created = User.objects.get_or_create(username=key, defaults={"full_name": key})
        RoleAssignment.objects.get_or_create(user=user, organization=organization, role=role)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"33 provinces added in {time.monotonic() - started:.0f} s; ANALYZE done")
    open_national_cycle(top)


def open_national_cycle(top):
    from django.db import connection
    from pages import BULK_LEVELS

    from accounts.models import User
    from reviews.models import ReviewCycle, RuleSet
    from reviews.services import open_cycle

    if ReviewCycle.objects.filter(organization=top).exists():
        return
    year = max(ReviewCycle.objects.values_list("year", flat=True)) + 1
    started = time.monotonic()
    cycle = open_cycle(ReviewCycle(
        year=year, rule_set=RuleSet.objects.get(code="QD132"), organization=top,
        opened_on=datetime.date(year, 11, 1), reference_date=datetime.date(year, 12, 1),
    ), User.objects.get(username="bench_top_staff"))  # fmt: skip
    opened = time.monotonic() - started
    verdict = "ok" if opened <= 300 else "OVER the 5-minute target"
    say(
        f"opened the national {year} cycle with open_cycle in {opened:.1f} s ({verdict}; load average "
        f"{os.getloadavg()[0]:.1f}): {cycle.collective_reviews.count()} collective, "
        f"{cycle.individual_reviews.count()} individual reviews"
    )
    started = time.monotonic()
    with connection.cursor() as cursor:
        for table in ("reviews_collectivereview", "reviews_individualreview"):
            cursor.execute(
                f"UPDATE {table} SET status = 'accepted', decided_level = {BULK_LEVELS} "  # noqa: S608 - constants
                "WHERE cycle_id = %s AND id %% 7 <> 0",
                [cycle.pk],
            )
        cursor.execute("ANALYZE")
    say(f"bulk-rated it and analyzed in {time.monotonic() - started:.0f} s")


def vacuum():
    """``VACUUM (ANALYZE)`` the fresh copy, as autovacuum does in production after the build's bulk writes.

    This server runs with ``autovacuum = off``: a copy never vacuumed has no visibility map, so no index-only
    scan (the member search of a reader of the whole tree reads the name index alone, ``members.views``).
    """
    from django.db import connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    say(f"VACUUM (ANALYZE) of the copy, as autovacuum would: {time.monotonic() - started:.0f} s")


def measure(requests):
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from members.models import Member
    from organizations.models import Organization, OrganizationKind

    grassroots = Organization.objects.filter(
        kind__in=[OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL]
    ).count()
    provinces = Organization.objects.filter(parent__code=TOP_CODE).count()
    say(
        f"data: {Organization.objects.count()} organizations ({grassroots} grassroots, {provinces} provincial "
        f"committees), {Member.objects.count()} members; load average {os.getloadavg()[0]:.1f}"
    )
    anonymous, login = Client(), reverse("login")

    def timed(client, url):
        started = time.perf_counter()
        response = client.get(url)
        return (time.perf_counter() - started) * 1000, response.status_code

    for _ in range(5):
        timed(anonymous, login)
    from config import heap

    heap.settle()  # as the server's WSGI module does once it has loaded the code
    pages = (
        ("home", reverse("home")),
        ("dashboard", reverse("reports:dashboard")),
        ("members ?q=nguyen van", reverse("members:list") + "?q=nguyen+van"),
        ("members ?q=tran thi hoa", reverse("members:list") + "?q=tran+thi+hoa"),
        # A word of two letters, which the trigram index cannot narrow.
        ("members ?q=le van", reverse("members:list") + "?q=le+van"),
        ("members ?q=nguyen van&page=41", reverse("members:list") + "?q=nguyen+van&page=41"),
        ("members ?q=nguyen van&sort=-name", reverse("members:list") + "?q=nguyen+van&sort=-name"),
        ("reviews ?q=nguyen van", reverse("reports:individual_reviews") + "?q=nguyen+van"),
        ("reviews ?q=tran thi hoa", reverse("reports:individual_reviews") + "?q=tran+thi+hoa"),
        ("reviews ?form=2B", reverse("reports:individual_reviews") + "?form=2B"),
    )
    rows, logins = [], []
    for label, username, target in (
        ("top (national)", "bench_top_staff", "top"),
        ("Nam Định province", "bench_province_staff", "province"),
        ("invented province", "bench_t02_staff", "province"),
    ):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in pages:
            first, status = timed(client, url)
            times = []
            for _ in range(requests):
                times.append(timed(client, url)[0])
                logins.append(timed(anonymous, login)[0])
            limit = TARGETS["search"] if name.startswith(("members", "reviews")) else TARGETS[target]
            p95 = percentile95(times)
            rows.append((label, name, status, first, statistics.median(times), p95, limit))
            sys.stderr.write(f"  {label} {name}: status {status}, p95 {p95:.0f} ms\n")
    say(f"login form: median {statistics.median(logins):.1f} ms, p95 {percentile95(logins):.1f} ms")
    say(f"{'user':<20} {'page':<24} {'first ms':>8} {'median ms':>9} {'p95 ms':>7} {'target':>6}")
    missed = 0
    for label, name, status, first, median, p95, limit in rows:
        miss = status != 200 or p95 > limit
        missed += miss
        say(f"{label:<20} {name:<24} {first:>8.0f} {median:>9.0f} {p95:>7.0f} {limit:>6}{'  MISSED' if miss else ''}")
    say(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 1 if missed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", action="store_true", help="build the national database from the province's")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--reuse-run", action="store_true", help="measure the copy of an earlier run as it is")
    options = parser.parse_args()
    name = os.environ.get("BENCH_NATIONAL_DB", "kd_national")
    if options.build:
        province = os.environ.get("BENCH_PROVINCE_DB", "kd_pages_province")
        admin(server(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        started = time.monotonic()
        admin(server(), f'CREATE DATABASE "{name}" TEMPLATE "{province}"')
        say(f"copied {province} into {name} in {time.monotonic() - started:.0f} s")
        setup_django(f"{server()}/{name}")
        build()
        return 0
    # Two people measuring the same national database must not drop each other's copy.
    run = os.environ.get("BENCH_NATIONAL_RUN_DB", f"{name}_run")
    if not options.reuse_run:
        admin(server(), f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
        started = time.monotonic()
        admin(server(), f'CREATE DATABASE "{run}" TEMPLATE "{name}"')
        say(f"copied {name} into {run} in {time.monotonic() - started:.0f} s")
    setup_django(f"{server()}/{run}")
    if not options.reuse_run:
        vacuum()
    return measure(options.requests)


if __name__ == "__main__":
    sys.exit(main())
