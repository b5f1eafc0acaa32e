"""Server time of every navigation page and the heaviest detail pages, per role (not a test).

1. Seeds ``seed_demo --scale <scale>`` once into a template database, or reuses it
   (``--reuse``): on PostgreSQL ``BENCH_PAGES_DB`` (default ``kd_pages_<scale>``) on
   ``BENCH_PG_URL`` (default ``postgres://postgres@127.0.0.1:5432``), on SQLite
   ``var/bench/pages-<scale>.sqlite3``. Each run measures a fresh copy of it
   (PostgreSQL: ``CREATE DATABASE … TEMPLATE``; SQLite: a file copy), migrated to the
   code's migrations. ``BENCH_PAGES_RUN_DB`` names the copy (default the template's name
   and ``_run``); ``--keep-run`` measures the last run's copy again as it is.
2. With ``--after-bulk`` the run first opens a new annual cycle over the top committee
   with ``reviews.services.open_cycle`` (timed) and rates most of it with bulk UPDATEs,
   as a committee does right after opening or rating a cycle, and measures straight
   after that with no manual ANALYZE.
3. Logs in (``force_login``) as each role — city staff and the Inspection Committee at
   the top committee, a standing member, a ward secretary — and requests every page of
   the navigation and the heaviest detail pages through Django's test client (server
   time: URL resolution, middleware, session, every query, the template), ``--requests``
   times each; after every page request the login form is requested too, so the trivial
   page is measured in the same conditions.
4. Prints per page the median, the 95th percentile, the query count and the ratio of
   the page's p95 to the login form's p95, and MISSED where a target is missed: p95
   above 100 ms or a ratio above 20× on PostgreSQL, the ratio alone on SQLite.

    .venv/bin/python bench/pages.py [--scale city|province] [--database sqlite|postgres]
        [--reuse] [--after-bulk] [--requests 10] [--role city_staff ...] [--page dashboard ...]
"""

import argparse
import datetime
import logging
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from dashboard import admin, recreate, say

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_P95_MS, TARGET_RATIO = 100, 20
BULK_LEVELS = "CASE WHEN id %% 10 < 2 THEN 'htxsnv' WHEN id %% 10 < 8 THEN 'httnv' ELSE 'htnv' END"


def seed_template(database, scale, template):
    """Seed ``template`` (a URL) from nothing: migrate, then ``seed_demo --scale``."""
    env = {**os.environ, "DATABASE_URL": template, "VAR_DIR": str(BASE_DIR / "var" / "bench")}
    env.pop("REDIS_URL", None)
    for args in (["migrate", "--noinput", "-v", "0"], ["seed_demo", "--scale", scale]):
        started = time.monotonic()
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=False)
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed")
        say(f"manage.py {args[0]}: {time.monotonic() - started:.0f} s")


def prepare(options):
    """The URL of a fresh copy of the seeded template (seeding it first unless ``--reuse``)."""
    if options.database == "postgres":
        server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        name = os.environ.get("BENCH_PAGES_DB", f"kd_pages_{options.scale}")
        exists = admin(server, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")  # noqa: S608 - our own name
        if not options.reuse or not exists:
            recreate(server, name)
            seed_template(options.database, options.scale, f"{server}/{name}")
        # Two people measuring from the same template must not drop each other's copy.
        run = os.environ.get("BENCH_PAGES_RUN_DB", f"{name}_run")
        if not options.keep_run:
            admin(server, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
            admin(server, f'CREATE DATABASE "{run}" TEMPLATE "{name}"')
        return f"{server}/{run}"
    folder = BASE_DIR / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    template, run = folder / f"pages-{options.scale}.sqlite3", folder / f"pages-{options.scale}-run.sqlite3"
    if not options.reuse or not template.exists():
        template.unlink(missing_ok=True)
        seed_template(options.database, options.scale, f"sqlite:///{template}")
    if not options.keep_run:
        shutil.copyfile(template, run)
    return f"sqlite:///{run}"


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("VAR_DIR", str(BASE_DIR / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # As the production server does (deploy/gunicorn.conf.py): each thread keeps its connection for a
    # minute. Opened per request, a connection to SQLite first parses the whole schema, its triggers
    # included: 12–24 ms of every page that the login form (no query) never pays.
    os.environ.setdefault("CONN_MAX_AGE", "60")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    # As in production: no debug cursor on every query, no template debug information.
    settings.DEBUG = False
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a page a role may not open answers 403: listed
    call_command("migrate", "--noinput", verbosity=0)


def top_users(root):
    """City staff and the Inspection Committee at ``root`` (added for the bench when the demo has none there)."""
    from accounts.models import Role, RoleAssignment, User

    users = {}
    for key, role in (("city_staff", Role.CITY_STAFF), ("inspection", Role.INSPECTION)):
        assignment = RoleAssignment.objects.filter(role=role, organization=root).select_related("user").first()
        if assignment is None:
            user, _created = User.objects.get_or_create(username=f"bench_{key}", defaults={"full_name": key})
            assignment, _created = RoleAssignment.objects.get_or_create(user=user, organization=root, role=role)
        users[key] = assignment.user
    return users


def bulk_cycle():
    """Open next year's cycle over the top committee and rate most of it with bulk UPDATEs; its seconds."""
    from django.db import connection

    from reviews import demo
    from reviews.models import ReviewCycle, RuleSet
    from reviews.services import open_cycle

    root = demo._root()
    year = max(ReviewCycle.objects.filter(organization=root).values_list("year", flat=True)) + 1
    user = top_users(root)["city_staff"]
    started = time.monotonic()
    cycle = open_cycle(ReviewCycle(
        year=year, rule_set=RuleSet.objects.get(code="QD132"), organization=root,
        opened_on=datetime.date(year, 11, 1), reference_date=datetime.date(year, 12, 1),
    ), user)  # fmt: skip
    opened = time.monotonic() - started
    started = time.monotonic()
    with connection.cursor() as cursor:
        for table in ("reviews_collectivereview", "reviews_individualreview"):
            cursor.execute(
                f"UPDATE {table} SET status = 'accepted', decided_level = {BULK_LEVELS} "  # noqa: S608 - constants
                "WHERE cycle_id = %s AND id %% 7 <> 0",
                [cycle.pk],
            )
    say(
        f"opened the {year} cycle with open_cycle in {opened:.1f} s "
        f"({cycle.collective_reviews.count()} collective, {cycle.individual_reviews.count()} individual reviews); "
        f"bulk-rated it in {time.monotonic() - started:.1f} s; measuring now, no ANALYZE"
    )
    return cycle


def roles():
    """(role key, user, home organization) of each measured role."""
    from accounts.models import RoleAssignment, User
    from reviews import demo

    root = demo._root()
    chosen = [(key, user, root) for key, user in top_users(root).items()]
    for key, username in (("standing_member", "thuongvu"), ("secretary", "bithu_quangtrung")):
        user = User.objects.filter(username=username).first()
        if user is not None:
            home = RoleAssignment.objects.filter(user=user).order_by("organization__path").first().organization
            chosen.append((key, user, home))
    return chosen


def pages_of(user, home, cycle):
    """(name, URL) of the navigation pages and the heaviest detail pages ``user`` reaches from ``home``."""
    from django.urls import reverse

    from accounts import access
    from commitments.models import Commitment
    from directives.models import Directive
    from members.models import Member
    from reviews.models import CollectiveReview, IndividualReview
    from studies.models import StudyPlan

    pages = [
        ("home", reverse("home")),
        ("dashboard", reverse("reports:dashboard")),
        ("organizations", reverse("organizations:list")),
        ("members", reverse("members:list")),
        ("members ?page=50", reverse("members:list") + "?page=50"),
        ("members ?q=nguyen van", reverse("members:list") + "?q=nguyen+van"),
        ("cycles", reverse("reviews:cycle_list")),
        ("documents", reverse("documents:list")),
        ("directives", reverse("directives:list")),
        ("study plans", reverse("studies:plans")),
        ("study sessions", reverse("studies:sessions")),
        ("study attendance", reverse("studies:attendance")),
        ("study essays", reverse("studies:essays")),
        # The last page (a page number past the end opens it): the deepest a list goes.
        ("study attendance, last", reverse("studies:attendance") + "?page=99999"),
        ("study essays, last", reverse("studies:essays") + "?page=99999"),
        ("commitments", reverse("commitments:list")),
        ("commitments ?overdue", reverse("commitments:list") + "?overdue=1"),
        ("verification queue", reverse("commitments:queue")),
        ("inbox", reverse("notifications:inbox")),
        ("individual reviews", reverse("reports:individual_reviews")),
        # Filters the review counts do not carry: the list counts its rows (at most a capped number of them).
        ("individual reviews ?q=nguyen van", reverse("reports:individual_reviews") + "?q=nguyen+van"),
        ("individual reviews ?form=2B", reverse("reports:individual_reviews") + "?form=2B"),
        ("cycle reports", reverse("reports:cycle_report_index")),
        ("organization", reverse("organizations:detail", args=[home.pk])),
        ("organization report", reverse("reports:organization", args=[home.pk])),
    ]
    if cycle is not None:
        pages += [
            ("cycle board", reverse("reviews:cycle_board", args=[cycle.pk])),
            ("cycle board, all", reverse("reviews:cycle_board", args=[cycle.pk]) + "?scope=all"),
            ("cycle board, last", reverse("reviews:cycle_board", args=[cycle.pk]) + "?scope=all&page=99999"),
            ("not reviewed", reverse("reviews:not_reviewed", args=[cycle.pk])),
            ("directives overview", reverse("directives:overview", args=[cycle.pk])),
        ]
        review = access.scope(CollectiveReview.objects.filter(cycle=cycle), user).order_by("organization__path")
        if review := review.first():
            pages.append(("collective review", reverse("reviews:collective_detail", args=[review.pk])))
        individual = access.scope(IndividualReview.objects.filter(cycle=cycle), user).order_by("pk").first()
        if individual:
            pages.append(("individual review", reverse("reviews:individual_detail", args=[individual.pk])))
    member = access.scope(Member.objects.all(), user, via="organization").order_by("pk").first()
    if member:
        pages.append(("member", reverse("members:detail", args=[member.pk])))
    for name, model, url in (
        ("directive", Directive, "directives:detail"),
        ("study plan", StudyPlan, "studies:plan"),
        ("commitment", Commitment, "commitments:detail"),
    ):
        queryset = model.objects.all()
        try:
            row = access.scope(queryset, user).order_by("pk").first()
        except Exception:  # noqa: BLE001 - a model scoped another way: its first row, the page decides
            row = queryset.order_by("pk").first()
        if row:
            pages.append((name, reverse(url, args=[row.pk])))
    return pages


def percentile95(times):
    return statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]


def measure(options, database):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from members.models import Member
    from organizations.models import Organization
    from reviews import demo
    from reviews.models import IndividualReview, ReviewCycle

    cycle = bulk_cycle() if options.after_bulk and not options.keep_run else None
    root = demo._root()
    cycle = cycle or ReviewCycle.objects.filter(organization=root).order_by("-year").first()
    say(
        f"data ({database}): {Organization.objects.count()} organizations, {Member.objects.count()} members, "
        f"{IndividualReview.objects.count()} individual reviews; cycle measured: {cycle}"
    )
    anonymous, login_url = Client(), reverse("login")

    def timed(client, url):
        started = time.perf_counter()
        response = client.get(url)
        return (time.perf_counter() - started) * 1000, response.status_code

    for _ in range(5):
        timed(anonymous, login_url)
    from config import heap

    heap.settle()  # as the server's WSGI module does once it has loaded the code
    rows, login_times = [], []
    for key, user, home in roles():
        if options.role and key not in options.role:
            continue
        client = Client()
        client.force_login(user)
        for name, url in pages_of(user, home, cycle):
            if options.page and name not in options.page:
                continue
            _elapsed, status = timed(client, url)  # warms the caches; also the status
            if status != 200:
                rows.append((key, name, url, status, None))
                continue
            reset_queries()  # the request resets the log as it starts: count from an empty one
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries)  # now: the captured list is a slice of the live log, which the next request resets
            times = []
            for _ in range(options.requests):
                times.append(timed(client, url)[0])
                login_times.append(timed(anonymous, login_url)[0])
            rows.append((key, name, url, status, (statistics.median(times), percentile95(times), count)))
            sys.stderr.write(
                f"  {key} {name}: median {rows[-1][4][0]:.0f} ms, p95 {rows[-1][4][1]:.0f} ms, {count} queries\n"
            )
    login_p95 = percentile95(login_times)
    say(
        f"\nlogin form ({len(login_times)} requests, interleaved): median {statistics.median(login_times):.1f} ms, "
        f"p95 {login_p95:.1f} ms"
    )
    absolute = database == "postgres"
    rule = f"p95 > {TARGET_P95_MS} ms or ratio > {TARGET_RATIO}×" if absolute else f"ratio > {TARGET_RATIO}×"
    say(f"MISSED where {rule}; ratio = page p95 / login form p95\n")
    say(f"{'role':<16} {'page':<24} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'ratio':>6}")
    missed = 0
    for key, name, url, status, figures in rows:
        if figures is None:
            say(f"{key:<16} {name:<24} status {status} ({url}): not measured")
            continue
        median, p95, count = figures
        ratio = p95 / login_p95
        miss = ratio > TARGET_RATIO or (absolute and p95 > TARGET_P95_MS)
        missed += miss
        say(f"{key:<16} {name:<24} {median:>9.0f} {p95:>7.0f} {count:>7} {ratio:>5.1f}×{'  MISSED' if miss else ''}")
    say(f"\n{missed} page(s) MISSED" if missed else "\nevery page within its target")
    return 1 if missed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["city", "province"], default="city")
    parser.add_argument("--database", choices=["sqlite", "postgres"], help="default: SQLite for city, else PostgreSQL")
    parser.add_argument("--reuse", action="store_true", help="reuse the template seeded by an earlier run")
    parser.add_argument("--after-bulk", action="store_true", help="open and bulk-rate a cycle, then measure")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--role", action="append", help="only this role (city_staff, inspection, …); repeatable")
    parser.add_argument("--page", action="append", help="only the page of this name; repeatable")
    parser.add_argument(
        "--keep-run", action="store_true", help="measure the copy of the last run as it is (no new copy, no new cycle)"
    )
    options = parser.parse_args()
    options.database = options.database or ("sqlite" if options.scale == "city" else "postgres")
    url = prepare(options)
    setup_django(url)
    say(f"pages benchmark, {options.scale} on {options.database}, {os.cpu_count()} CPU(s)")
    return measure(options, options.database)


if __name__ == "__main__":
    sys.exit(main())
