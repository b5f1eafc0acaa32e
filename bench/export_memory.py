"""Peak memory of an Excel export by its number of rows: flat, or growing with the rows (not a test).

Runs the member export (``reports.exports``, as an export job writes it: ``core.exports.write_xlsx``
over the export's queryset) for city staff at the top committee, for each of ``--rows`` (default
1,000, 10,000 and 100,000 members), each in a fresh interpreter so that each peak is its own, and
prints the process's peak resident set size (``resource.getrusage``) before the export (Django
loaded, the first query run) and after it, the growth, the time and the file's size. The database
is ``DATABASE_URL``: a province (``seed_demo --scale province``, 100,166 members).

    DATABASE_URL=postgres://…/province .venv/bin/python bench/export_memory.py [--rows 1000 --rows 100000]

Target (issue 12): a 100,000-row export in constant memory: the growth from 1,000 to 100,000 rows
a few MB at most (openpyxl's write-only mode and the queryset read in chunks).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def one(rows):
    """Export ``rows`` members in this interpreter; print the figures as JSON."""
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from accounts.models import Role, RoleAssignment
    from core.exports import write_xlsx
    from reports import registry
    from reviews import demo

    root = demo._root()
    assignment = RoleAssignment.objects.filter(role=Role.CITY_STAFF, organization=root).select_related("user").first()
    if assignment is None:
        sys.exit(f"No city staff at {root}: run bench/pages.py or bench/cycle_report.py on this database first.")
    export = registry.get("members")
    queryset = export.rows(assignment.user, {})[:rows]
    before = peak_mb()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kd-export-") as folder:
        target = Path(folder) / "members.xlsx"
        written = write_xlsx(target, queryset, export.columns, title=export.sheet_title)
        size = target.stat().st_size
    figures = {"rows": written, "before": before, "after": peak_mb(), "seconds": time.perf_counter() - started}
    sys.stdout.write(json.dumps({**figures, "size": size}) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        one(options.one)
        return 0
    say(f"{'rows':>8} {'peak before MB':>14} {'peak after MB':>13} {'growth MB':>9} {'seconds':>8} {'file MB':>8}")
    growths = []
    for rows in options.rows or (1_000, 10_000, 100_000):
        result = subprocess.run(
            [sys.executable, __file__, "--one", str(rows)], capture_output=True, text=True, check=False, cwd=BASE_DIR
        )
        if result.returncode:
            sys.stderr.write(result.stdout + result.stderr)
            return 1
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        growth = figures["after"] - figures["before"]
        growths.append(growth)
        say(
            f"{figures['rows']:>8} {figures['before']:>14.1f} {figures['after']:>13.1f} {growth:>9.1f} "
            f"{figures['seconds']:>8.1f} {figures['size'] / 1e6:>8.1f}"
        )
    say(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
