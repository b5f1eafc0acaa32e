"""Opening a cycle at province scale with ``reviews.services.open_cycle``, timed (not a test).

Copies the seeded province (``BENCH_PAGES_DB``, default ``kd_pages_province``: ``bench/pages.py
--scale province`` seeds it) into ``<name>_open`` on ``BENCH_PG_URL`` (default
``postgres://postgres@127.0.0.1:5432``), migrates the copy, then opens the next year's annual cycle
over the top committee ``--repeat`` times (each one deleted again before the next, outside the
time), and prints each opening's wall-clock and processor time, from the call to the end of the
commit and the ``ANALYZE`` that follows it, with the load average. The copy is dropped at the end.

    .venv/bin/python bench/open_cycle.py [--repeat 3]

Target (issue 12): 15 s at province scale on the 2-core machine.
"""

import argparse
import datetime
import os
import statistics
import sys
import time

from dashboard import admin, say
from pages import setup_django

TARGET = 15.0


def open_once():
    """Open next year's cycle over the top committee; (seconds, processor seconds, the cycle's figures)."""
    from reviews import demo
    from reviews.models import ReviewCycle, RuleSet
    from reviews.services import open_cycle

    root = demo._root()
    year = max(ReviewCycle.objects.filter(organization=root).values_list("year", flat=True)) + 1
    started, started_cpu = time.perf_counter(), time.process_time()
    cycle = open_cycle(ReviewCycle(
        year=year, rule_set=RuleSet.objects.get(code="QD132"), organization=root,
        opened_on=datetime.date(year, 11, 1), reference_date=datetime.date(year, 12, 1),
    ))  # fmt: skip
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    figures = (
        f"{cycle.collective_reviews.count()} collective, {cycle.individual_reviews.count()} individual reviews, "
        f"{cycle.not_reviewed.count()} not reviewed"
    )
    return cycle, elapsed, cpu, figures


def remove(cycle):
    """Delete ``cycle`` and what opening it created (outside the time), so the next opening starts alike."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM commitments_commitmentevent WHERE kind = 'carried_over' AND note = %s", [str(cycle)]
        )
        for table in (
            "commitments_carryoveritem", "reviews_individualreview", "reviews_collectivereview",
            "reviews_notreviewedmember",
        ):  # fmt: skip
            cursor.execute(f"DELETE FROM {table} WHERE cycle_id = %s", [cycle.pk])  # noqa: S608 - constants
        cursor.execute("DELETE FROM reviews_reviewcycle WHERE id = %s", [cycle.pk])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the copy and the last cycle opened")
    options = parser.parse_args()
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = os.environ.get("BENCH_PAGES_DB", "kd_pages_province")
    run = f"{name}_open"
    admin(server, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
    admin(server, f'CREATE DATABASE "{run}" TEMPLATE "{name}"')
    setup_django(f"{server}/{run}")
    times = []
    try:
        for attempt in range(options.repeat):
            cycle, elapsed, cpu, figures = open_once()
            times.append(elapsed)
            verdict = "ok" if elapsed <= TARGET else "OVER TARGET"
            say(
                f"open_cycle {attempt + 1}: {elapsed:.1f} s ({verdict}), processor {cpu:.1f} s; {figures}; "
                f"load average {os.getloadavg()[0]:.1f}"
            )
            if attempt + 1 < options.repeat or not options.keep:
                remove(cycle)
        say(f"median {statistics.median(times):.1f} s of {len(times)} (target {TARGET:.0f} s)")
    finally:
        if not options.keep:
            from django.db import connections

            connections.close_all()
            admin(server, f'DROP DATABASE IF EXISTS "{run}" WITH (FORCE)')
    return 0 if statistics.median(times) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
