"""Benchmark of the dashboard at province scale on PostgreSQL (not a test).

Seeds ``seed_demo --scale province`` into a fresh database (``BENCH_DB_NAME``,
default ``kd_h9_bench``, on ``BENCH_PG_URL``, default
``postgres://postgres@127.0.0.1:5432``), makes sure the top committee has three
annual cycles (the reviews demo opens 2017 and 2018; a 2019 cycle is opened
with ``reviews.services.open_cycle`` and rated in bulk), then prints:

- the dashboard's server time for city staff (median and 95th percentile over
  ``--requests`` requests through Django's test client: URL resolution,
  middleware, session, every query and the template);
- the time of the same aggregates as one raw SQL statement.

    .venv/bin/python bench/dashboard.py [--skip-seed] [--requests 50]

Targets: the dashboard's 95th percentile under 300 ms and within 3× of the raw SQL.
The database is kept afterwards so that ``--skip-seed`` can measure again.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_P95_MS, TARGET_RATIO = 300, 3


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def admin(server_url, statement):
    """Run ``statement`` in the server's ``postgres`` database, outside a transaction; its rows, if any."""
    import psycopg2

    parsed = urlparse(server_url)
    connection = psycopg2.connect(
        dbname="postgres", user=parsed.username or "postgres", password=parsed.password, host=parsed.hostname,
        port=parsed.port or 5432,
    )  # fmt: skip
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def recreate(server_url, name):
    admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(server_url, f'CREATE DATABASE "{name}"')


def seed(url):
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("REDIS_URL", None)
    for args in (["migrate", "--noinput", "-v", "0"], ["seed_demo", "--scale", "province"]):
        started = time.monotonic()
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=False)
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(args)} failed")
        say(f"manage.py {args[0]}: {time.monotonic() - started:.0f} s")


def third_cycle():
    """Open 2019 over the demo's committee if missing, and rate most of it in bulk (a few UPDATEs)."""
    from django.db import connection

    from accounts.models import Role, RoleAssignment
    from reviews import demo
    from reviews.models import ReviewCycle, RuleSet
    from reviews.services import open_cycle

    root = demo._root()
    user = RoleAssignment.objects.filter(role=Role.CITY_STAFF, organization=root).first()
    user = user.user if user else RoleAssignment.objects.filter(role=Role.CITY_STAFF).first().user
    cycle = ReviewCycle.objects.filter(organization=root, year=2019).first()
    started = time.monotonic()
    if cycle is None:
        cycle = open_cycle(ReviewCycle(
            year=2019, rule_set=RuleSet.objects.get(code="QD132"), organization=root,
            opened_on=datetime.date(2019, 11, 1), reference_date=datetime.date(2019, 12, 1),
        ), user)  # fmt: skip
        say(f"opened the 2019 cycle in {time.monotonic() - started:.0f} s")
    if not cycle.collective_reviews.exclude(decided_level="").exists():
        levels = "CASE WHEN id %% 10 < 2 THEN 'htxsnv' WHEN id %% 10 < 8 THEN 'httnv' ELSE 'htnv' END"
        with connection.cursor() as cursor:
            for table in ("reviews_collectivereview", "reviews_individualreview"):
                cursor.execute(
                    f"UPDATE {table} SET status = 'accepted', decided_level = {levels} "  # noqa: S608 - constants
                    "WHERE cycle_id = %s AND id %% 7 <> 0",
                    [cycle.pk],
                )
        say(f"rated the 2019 cycle in bulk in {time.monotonic() - started:.0f} s")
    return root, user, cycle


RAW_SQL = """
WITH reach AS (SELECT %(path)s::text AS path),
cycles AS (SELECT unnest(%(cycles)s::int[]) AS id),
grassroots_reviews AS (
  SELECT r.*, (m.id IS NOT NULL) AS has_meeting FROM reviews_collectivereview r
  JOIN organizations_organization o ON o.id = r.organization_id
  LEFT JOIN reviews_meetingrecord m ON m.review_id = r.id
  WHERE r.cycle_id IN (SELECT id FROM cycles) AND o.kind IN ('grassroots_committee', 'grassroots_cell')
    AND o.path LIKE (SELECT path FROM reach) || '%%'
)
SELECT
 (SELECT json_build_object('total', count(*), 'ward', count(*) FILTER (WHERE sector = 'ward'),
   'commune', count(*) FILTER (WHERE sector = 'commune'), 'branch', count(*) FILTER (WHERE kind = 'branch'))
  FROM organizations_organization WHERE path LIKE (SELECT path FROM reach) || '%%'
   AND valid_from <= %(today)s AND (valid_to IS NULL OR valid_to > %(today)s)) AS organizations,
 (SELECT json_build_object('total', count(*), 'active', count(*) FILTER (WHERE status = 'active'),
   'leaders', count(*) FILTER (WHERE is_leader))
  FROM members_member mm JOIN organizations_organization o ON o.id = mm.organization_id
  WHERE o.path LIKE (SELECT path FROM reach) || '%%') AS members,
 (SELECT json_build_object('total', count(*),
   'not_started', count(*) FILTER (WHERE status = 'draft' AND NOT has_meeting AND decided_level = ''
      AND strengths = '' AND weaknesses = '' AND responsibility = '' AND directions = ''),
   'meeting_held', count(*) FILTER (WHERE status = 'draft' AND has_meeting AND decided_level = ''),
   'submitted', count(*) FILTER (WHERE status IN ('submitted', 'resubmitted') AND decided_level = ''),
   'returned', count(*) FILTER (WHERE status = 'returned' AND decided_level = ''),
   'accepted', count(*) FILTER (WHERE status = 'accepted' AND decided_level = ''),
   'rated', count(*) FILTER (WHERE decided_level <> ''))
  FROM grassroots_reviews WHERE cycle_id = %(cycle)s) AS progress,
 (SELECT json_agg(x) FROM (SELECT organization_id FROM grassroots_reviews WHERE cycle_id = %(cycle)s
   AND status IN ('draft', 'returned') AND decided_level = '' ORDER BY status LIMIT 10) x) AS laggards,
 (SELECT json_agg(x) FROM (SELECT cycle_id, decided_level, count(*) FROM grassroots_reviews
   GROUP BY 1, 2) x) AS organization_levels,
 (SELECT json_agg(x) FROM (SELECT i.cycle_id, i.decided_level, count(*) FROM reviews_individualreview i
   JOIN organizations_organization o ON o.id = i.organization_id
   WHERE i.cycle_id IN (SELECT id FROM cycles) AND o.path LIKE (SELECT path FROM reach) || '%%'
   GROUP BY 1, 2) x) AS member_levels,
 (SELECT json_agg(x) FROM (SELECT n.reason, count(*) FROM reviews_notreviewedmember n
   JOIN organizations_organization o ON o.id = n.organization_id
   WHERE n.cycle_id = %(cycle)s AND o.path LIKE (SELECT path FROM reach) || '%%' GROUP BY 1) x) AS not_reviewed,
 (SELECT json_build_object('targets', count(*), 'reports', count(e.id), 'concluded', count(c.id))
  FROM directives_directivetarget t JOIN directives_directive d ON d.id = t.directive_id
  JOIN organizations_organization o ON o.id = t.organization_id
  LEFT JOIN directives_explanationreport e ON e.directive_id = t.directive_id AND e.organization_id = t.organization_id
  LEFT JOIN directives_conclusion c ON c.directive_id = t.directive_id AND c.organization_id = t.organization_id
  WHERE d.cycle_id = %(cycle)s AND d.status = 'issued' AND o.path LIKE (SELECT path FROM reach) || '%%') AS directives,
 (SELECT json_agg(x) FROM (SELECT o.path, count(*) AS total,
   count(*) FILTER (WHERE cm.status = 'open') AS open,
   count(*) FILTER (WHERE cm.deadline < %(today)s AND cm.status IN ('open', 'in_progress', 'reopened')) AS overdue,
   count(*) FILTER (WHERE cm.status = 'verified') AS verified,
   count(*) FILTER (WHERE cm.extension_count > 0) AS extended
   FROM commitments_commitment cm JOIN organizations_organization o ON o.id = cm.organization_id
   WHERE o.path LIKE (SELECT path FROM reach) || '%%' GROUP BY 1) x) AS remediation
"""


def timed(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def measure(runs):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from members.models import Member
    from organizations.models import Organization
    from reports.figures.common import cycles_for, previous_cycles
    from reviews.models import IndividualReview

    settings.ALLOWED_HOSTS = ["*"]
    root, user, cycle = third_cycle()
    compared = [cycle, *previous_cycles(cycles_for(user), cycle)]
    say(
        f"data: {Organization.objects.count()} organizations, {Member.objects.count()} members, "
        f"{IndividualReview.objects.count()} individual reviews; cycles compared: {', '.join(map(str, compared))}"
    )
    client = Client()
    client.force_login(user)
    url = reverse("reports:dashboard")

    def dashboard():
        response = client.get(url)
        assert response.status_code == 200 and f"?cycle={cycle.pk}" in response.content.decode()

    params = {"path": root.path, "cycles": [c.pk for c in compared], "cycle": cycle.pk, "today": timezone.localdate()}

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, params)
            cursor.fetchall()

    for _ in range(3):  # warm the caches and the connection
        dashboard()
        raw()
    page_median, page_p95 = timed(dashboard, runs)
    raw_median, raw_p95 = timed(raw, runs)
    say(f"dashboard ({runs} requests): median {page_median:.0f} ms, p95 {page_p95:.0f} ms")
    say(f"raw SQL, one statement ({runs} runs): median {raw_median:.0f} ms, p95 {raw_p95:.0f} ms")
    ratio = page_p95 / raw_p95 if raw_p95 else float("inf")
    ok = page_p95 < TARGET_P95_MS and ratio <= TARGET_RATIO
    say(
        f"p95 ratio dashboard/raw SQL {ratio:.1f}× (targets: p95 < {TARGET_P95_MS} ms, ≤ {TARGET_RATIO}×): "
        f"{'OK' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-seed", action="store_true", help="measure the database seeded by an earlier run")
    parser.add_argument("--requests", type=int, default=50)
    options = parser.parse_args()
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = os.environ.get("BENCH_DB_NAME", "kd_h9_bench")
    url = f"{server}/{name}"
    if not options.skip_seed:
        recreate(server, name)
        seed(url)
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    return measure(options.requests)


if __name__ == "__main__":
    sys.exit(main())
