"""Benchmark of the member import (not a test): time and peak memory for 15,000 and 100,000 rows.

Builds a city committee with 10 wards of 10 branches each in a fresh SQLite
database in a temporary folder (or on ``DATABASE_URL`` if set: use a database
of your own, it is migrated and its members are replaced), writes a member
file of each size in the template's layout (openpyxl's write-only mode), then
runs each import in a child process so that its peak resident memory (RSS) is
the import's own: the dry run, the writing (one transaction), and the dry run
of the same file again (everything unchanged). Prints one line per step.

    .venv/bin/python bench/imports.py [--sizes 15000 100000] [--csv]
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
WARDS, BRANCHES = 10, 10


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def setup(folder):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("MEDIA_ROOT", str(Path(folder) / "media"))
    os.environ["IMPORT_SYNC_LIMIT"] = str(10**9)  # each step in this process, not in a worker
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def build_tree():
    from accounts.models import Role, RoleAssignment, User
    from imports.models import ImportBatch
    from members.models import Member, Membership
    from organizations.models import Organization, OrganizationKind, Sector

    Membership.objects.all().delete()
    ImportBatch.objects.all().delete()
    Member.objects.all().delete()
    city = Organization.objects.filter(code="BENCH").first()
    if city is None:
        city = Organization.objects.create(
            name="Đảng bộ thành phố (bench)", code="BENCH", kind=OrganizationKind.SUPERIOR_COMMITTEE,
            sector=Sector.OTHER, valid_from=datetime.date(2000, 1, 1),
        )  # fmt: skip
        for ward_number in range(WARDS):
            ward = Organization.objects.create(
                name=f"Đảng bộ phường {ward_number}", code=f"BENCH-{ward_number}", parent=city,
                kind=OrganizationKind.GRASSROOTS_COMMITTEE, valid_from=datetime.date(2000, 1, 1),
            )  # fmt: skip
            for branch_number in range(BRANCHES):
                Organization.objects.create(
                    name=f"Chi bộ {ward_number}-{branch_number}", code=f"BENCH-{ward_number}-{branch_number}",
                    parent=ward, kind=OrganizationKind.BRANCH, valid_from=datetime.date(2000, 1, 1),
                )  # fmt: skip
    user, _ = User.objects.get_or_create(username="bench-importer", defaults={"full_name": "Bench"})
    RoleAssignment.objects.get_or_create(user=user, organization=city, role=Role.CITY_STAFF)
    return user


def write_file(path, size, as_csv):
    import csv

    from openpyxl import Workbook

    from imports.models import ImportKind
    from imports.template import columns_of

    headers = [column.title for column in columns_of(ImportKind.MEMBERS)]

    def rows():
        for number in range(size):
            born = datetime.date(1950, 1, 1) + datetime.timedelta(days=number % 15000)
            yield [
                f"Nguyễn Văn Thử {number}", born, "Nam" if number % 2 else "Nữ", f"{10000000 + number}",
                born + datetime.timedelta(days=365 * 25), None,
                f"BENCH-{number % WARDS}-{number // WARDS % BRANCHES}", "", "", "", "",
                "x" if number % 3 == 0 else "", "Đang sinh hoạt", None, f"{36000000000 + number:012d}", "", "",
            ]  # fmt: skip

    if as_csv:
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            for row in rows():
                writer.writerow([value.strftime("%d/%m/%Y") if hasattr(value, "year") else value for value in row])
        return
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append(headers)
    for row in rows():
        sheet.append(row)
    workbook.save(path)


def run_child(path):
    """In the child process: the three steps of one import, as JSON on stdout."""
    from django.core.files import File

    from accounts.models import User
    from imports import services
    from imports.models import ImportBatch, ImportKind

    user = User.objects.get(username="bench-importer")
    figures = {"baseline_rss_mb": rss_mb()}
    with open(path, "rb") as handle:
        started = time.perf_counter()
        batch = services.start(user, ImportKind.MEMBERS, File(handle, name=Path(path).name))
        figures["check_s"] = time.perf_counter() - started
    batch = ImportBatch.objects.get(pk=batch.pk)
    figures["check_rss_mb"] = rss_mb()
    figures["counts"] = batch.report.get("counts")
    figures["errors"] = batch.error_count
    started = time.perf_counter()
    services.confirm(batch)
    figures["write_s"] = time.perf_counter() - started
    batch.refresh_from_db()
    figures["written"] = bool(batch.applied_at)
    figures["write_error"] = batch.error
    figures["write_rss_mb"] = rss_mb()
    with open(path, "rb") as handle:
        started = time.perf_counter()
        again = services.start(user, ImportKind.MEMBERS, File(handle, name=Path(path).name))
        figures["recheck_s"] = time.perf_counter() - started
    again.refresh_from_db()
    figures["recheck_counts"] = again.report.get("counts")
    figures["peak_rss_mb"] = rss_mb()
    sys.stdout.write(json.dumps(figures) + "\n")


def rss_mb():
    """The process's peak resident memory so far (ru_maxrss is in kilobytes on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[15000, 100000])
    parser.add_argument("--csv", action="store_true", help="CSV files instead of .xlsx")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        if arguments.child:
            run_child(arguments.child)
            return
        from django.conf import settings
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        say(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        for size in arguments.sizes:
            build_tree()
            path = Path(folder) / f"members-{size}.{'csv' if arguments.csv else 'xlsx'}"
            started = time.perf_counter()
            write_file(path, size, arguments.csv)
            took = time.perf_counter() - started
            say(f"{size:>7} rows: file {path.stat().st_size / 1e6:.1f} MB written in {took:.1f} s")
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                env={**os.environ},
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode:
                say(child.stderr[-3000:])
                raise SystemExit(child.returncode)
            report(size, json.loads(child.stdout.strip().splitlines()[-1]))


def report(size, figures):
    written = f"written: {figures['written']} {figures['write_error']}".strip()
    say(
        f"{size:>7} rows: dry run {figures['check_s']:.1f} s ({figures['counts']}, {figures['errors']} errors); "
        f"write {figures['write_s']:.1f} s ({written}); "
        f"same file again {figures['recheck_s']:.1f} s ({figures['recheck_counts']})"
    )
    say(
        f"{size:>7} rows: peak RSS {figures['peak_rss_mb']} MB "
        f"(Django loaded: {figures['baseline_rss_mb']} MB; after the dry run {figures['check_rss_mb']} MB, "
        f"after writing {figures['write_rss_mb']} MB)"
    )


if __name__ == "__main__":
    main()
