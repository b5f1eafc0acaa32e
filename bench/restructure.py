"""The restructuring events and the stored-place queries at province scale, timed (not a test).

1. Copies the seeded province (``BENCH_TEMPLATE``, default ``kd_load_seed``: ``seed_demo --scale
   province``) into ``BENCH_BASE`` (default ``kd_h16r_base``) on ``BENCH_PG_URL`` (default
   ``postgres://postgres@127.0.0.1:5432``), migrates it and opens a 2025 annual cycle over the top
   committee (reference date 1/12/2025), so that the events below, dated 1/7/2025, have records to
   re-place (``organizations.hooks.tree_moves``): the worst case, a cycle opened before the
   restructuring it must follow. ``--reuse`` keeps that base from an earlier run.
2. Copies the base into ``<base>_run`` (``kd_h16r_run``), migrated, and records one after the other,
   each through ``organizations.services`` in its own transaction:

   - merge: the 28 wards and communes of one district into one new grassroots committee;
   - move: a whole district (about 500 organizations, 9,000 members) under another district;
   - split: a city ward into two new wards, its branches and open items shared between them;
   - rename: a city ward;
   - dissolve: a district into another district, which takes its units.

3. Prints per event the seconds, the queries, the rows the statements wrote (their row counts,
   triggers' writes not included) and the audit rows the triggers wrote; then the stored-place
   queries before and after the events: the 2017 board and the dashboard for the city staff of the
   former city committee (median of ``--requests`` requests through Django's test client).

    .venv/bin/python bench/restructure.py [--reuse] [--requests 5] [--keep]

Target (issue 16): each event under about 2 s, with a number of queries that does not grow with the
members or the reviews of the organizations it moves.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time

from dashboard import admin, say
from pages import setup_django

TARGET_SECONDS = 2.0
ON = datetime.date(2025, 7, 1)
YEAR = 2025
WRITES = ("INSERT", "UPDATE", "DELETE")


def prepare(server, template, base, reuse):
    """A fresh, migrated copy of ``base`` (built from ``template`` unless reused); its URL."""
    exists = admin(server, f"SELECT 1 FROM pg_database WHERE datname = '{base}'")  # noqa: S608 - our own name
    if not reuse or not exists:
        admin(server, f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')
        admin(server, f'CREATE DATABASE "{base}" TEMPLATE "{template}"')
        # In a process of its own: Django is set up once per process, here on the run's copy.
        subprocess.run([sys.executable, __file__, "--build-base", f"{server}/{base}"], check=True)
    run = f"{base.removesuffix('_base')}_run"
    admin(server, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
    admin(server, f'CREATE DATABASE "{run}" TEMPLATE "{base}"')
    return server, run


def open_cycle():
    from reviews import demo
    from reviews.models import ReviewCycle, RuleSet
    from reviews.services import open_cycle

    root = demo._root()
    started = time.monotonic()
    cycle = open_cycle(ReviewCycle(
        year=YEAR, rule_set=RuleSet.objects.get(code="QD366"), organization=root,
        opened_on=datetime.date(YEAR, 11, 1), reference_date=datetime.date(YEAR, 12, 1),
    ))  # fmt: skip
    say(
        f"base: opened {cycle} in {time.monotonic() - started:.0f} s "
        f"({cycle.collective_reviews.count()} collective, {cycle.individual_reviews.count()} individual reviews)"
    )


class Counter:
    """An execute wrapper: the queries sent and the rows the writing ones wrote."""

    def __init__(self):
        self.queries = self.rows = 0

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        self.queries += 1
        # The audit context is put before each write in the same string (audit.connection): the last statement counts.
        if sql.rsplit(";", 2)[-1].lstrip()[:6].upper() in WRITES or sql.lstrip()[:6].upper() in WRITES:
            self.rows += max(context["cursor"].rowcount, 0)
        return result


def timed_event(name, step):
    """Run ``step`` in one transaction; (name, seconds, queries, rows written, audit rows)."""
    from django.db import connection, transaction

    from audit.models import AuditEvent

    before = AuditEvent.objects.count()
    counter = Counter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        with transaction.atomic():
            detail = step()
        elapsed = time.perf_counter() - started
    audit_rows = AuditEvent.objects.count() - before
    sys.stderr.write(f"  {name}: {elapsed:.1f} s, {counter.queries} queries ({detail})\n")
    return name, elapsed, counter.queries, counter.rows, audit_rows, detail


def by_code(code):
    from organizations.models import Organization

    return Organization.objects.get(code=code)


def basis():
    from organizations.services import Basis

    return Basis(number="99-QĐ/TU", date=datetime.date(2025, 6, 20), issuer="Bench", note="bench/restructure.py")


def merge_wards(district_code):
    from organizations import services
    from organizations.models import GRASSROOTS_KINDS, Organization, OrganizationKind, Sector

    district = by_code(district_code)
    wards = list(
        district.children.filter(kind__in=GRASSROOTS_KINDS, sector__in=[Sector.WARD, Sector.COMMUNE]).order_by("path")
    )
    into = Organization(
        name=f"Đảng bộ xã mới ({district.name})", code=f"{district_code}-NEW",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE, sector=Sector.COMMUNE, parent=district,
    )  # fmt: skip
    services.merge(wards, into, ON, basis())
    return f"{len(wards)} wards and communes of {district.name}"


def move_district(code, under_code):
    from organizations import services

    district, superior = by_code(code), by_code(under_code)
    size = district.descendants(include_self=True).count()
    services.move(district, superior, ON, basis())
    return f"{district.name}, {size} organizations, under {superior.name}"


def split_ward(code):
    from organizations import services
    from organizations.hooks import closing_holdings
    from organizations.models import Organization

    ward = by_code(code)
    successors = [
        Organization(
            name=f"{ward.name} {part}", code=f"{code}-{part}", kind=ward.kind, sector=ward.sector, parent=ward.parent
        )
        for part in ("A", "B")
    ]
    children = services._active_children(ward, ON)
    assignments = {"children": {child.pk: index % 2 for index, child in enumerate(children)}}
    for holding in closing_holdings:
        if holding.holds(ward):
            assignments[holding.name] = {key: index % 2 for index, (key, _label) in enumerate(holding.items(ward))}
    services.split(ward, successors, ON, basis(), assignments)
    return f"{ward.name}, {len(children)} branches"


def rename_ward(code):
    from organizations import services

    ward = by_code(code)
    services.rename(ward, f"{ward.name} (tên mới)", ON, basis())
    return ward.name


def dissolve_district(code, into_code):
    from organizations import services

    district, successor = by_code(code), by_code(into_code)
    size = district.descendants(include_self=True).count()
    services.dissolve(district, ON, basis(), successor=successor)
    return f"{district.name}, {size} organizations, into {successor.name}"


def stored_place_queries(requests):
    """(page, median ms, queries) of the 2017 board and the dashboard for the former city committee's staff."""
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import Role, RoleAssignment
    from core import demo
    from reviews.models import ReviewCycle

    settings.ALLOWED_HOSTS = ["*"]
    city = by_code(demo.CITY_CODE)
    staff = RoleAssignment.history.filter(role=Role.CITY_STAFF, organization=city).order_by("pk").first().user
    cycle = ReviewCycle.objects.get(year=2017, kind="annual", number=1, organization__depth=0)
    client = Client()
    client.force_login(staff)
    rows = []
    for name, url in (
        ("2017 board", reverse("reviews:cycle_board", args=[cycle.pk])),
        ("2017 board, all", reverse("reviews:cycle_board", args=[cycle.pk]) + "?scope=all"),
        ("dashboard", reverse("reports:dashboard")),
        ("dashboard 2017", reverse("reports:dashboard") + f"?cycle={cycle.pk}"),
    ):
        for _ in range(3):  # warm the caches: a fresh copy's first reads come from the disk
            assert client.get(url).status_code == 200, url
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        rows.append((name, statistics.median(times), count))
    return staff.username, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="reuse the base (seeded copy with the 2025 cycle)")
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the run's copy afterwards")
    parser.add_argument("--build-base", metavar="URL", help=argparse.SUPPRESS)  # the first step, in a subprocess
    options = parser.parse_args()
    if options.build_base:
        setup_django(options.build_base)
        open_cycle()
        return 0
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    template = os.environ.get("BENCH_TEMPLATE", "kd_load_seed")
    base = os.environ.get("BENCH_BASE", "kd_h16r_base")
    server, run = prepare(server, template, base, options.reuse)
    setup_django(f"{server}/{run}")
    from django.db import connections

    from members.models import Member
    from organizations.models import Organization
    from reviews.models import IndividualReview

    say(
        f"restructuring benchmark on {run}: {Organization.objects.count()} organizations, "
        f"{Member.objects.count()} members, {IndividualReview.objects.count()} individual reviews; "
        f"events dated {ON:%d/%m/%Y}; {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}"
    )
    username, before = stored_place_queries(options.requests)
    events = [
        timed_event("merge a district's wards", lambda: merge_wards("H-MY-LOC")),
        timed_event("move a district", lambda: move_district("H-VU-BAN", "H-Y-YEN")),
        timed_event("split a ward", lambda: split_ward("P-QUANG-TRUNG")),
        timed_event("rename a ward", lambda: rename_ward("P-TRAN-HUNG-DAO")),
        timed_event("dissolve a district", lambda: dissolve_district("H-NAM-TRUC", "H-TRUC-NINH")),
    ]
    _username, after = stored_place_queries(options.requests)
    say(f"\n{'event':<28} {'seconds':>8} {'queries':>8} {'rows written':>13} {'audit rows':>11}  what")
    missed = 0
    for name, elapsed, queries, rows, audit_rows, detail in events:
        miss = elapsed > TARGET_SECONDS
        missed += miss
        flag = "  MISSED" if miss else ""
        say(f"{name:<28} {elapsed:>8.2f} {queries:>8} {rows:>13} {audit_rows:>11}  {detail}{flag}")
    say(
        f"\nstored-place queries for {username} (city staff of the former city committee), median of {options.requests}"
    )
    say(f"{'page':<20} {'before ms':>10} {'queries':>8} {'after ms':>10} {'queries':>8}")
    for (name, before_ms, before_count), (_name, after_ms, after_count) in zip(before, after, strict=True):
        say(f"{name:<20} {before_ms:>10.0f} {before_count:>8} {after_ms:>10.0f} {after_count:>8}")
    say(
        f"\n{missed} event(s) over {TARGET_SECONDS:.0f} s" if missed else f"\nevery event within {TARGET_SECONDS:.0f} s"
    )
    if not options.keep:
        connections.close_all()
        admin(server, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
