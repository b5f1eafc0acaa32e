"""Benchmark of the cycle report for the whole city (not a test).

Runs on a database holding the demo data (``DATABASE_URL``; make one with
``manage.py migrate && manage.py seed_demo``) and asks, as city staff
(``vanphong``) through Django's test client, for the city's report of the
demo cycle with the most members not reviewed:

- the report's page, its PDF and its Excel file (``reports:cycle_report…``);
- the report in the official layout as PDF (``paperwork:cycle_report``);

and prints each one's time (median of ``--repeat``) and processor time (the
test client runs the view in this process, so on a busy machine the processor
time tells the quiet time better than the wall clock), the PDFs' page counts,
and how many members not reviewed the cycle has and how many the PDF and
Excel files list by name.

    DATABASE_URL=sqlite:///path/to/demo.sqlite3 .venv/bin/python bench/cycle_report.py [--repeat 3]

At province scale (``seed_demo --scale province``), ``--organization TP`` measures the city's report
within the province's cycle and ``--organization TINH`` the province's; ``--username`` names the user
(a user at the top committee is added for the province: ``bench_province_staff``).

Targets: the city's report under 3 s in every output, the province's under 15 s.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TARGETS = {"city": 3.0, "province": 15.0}


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--organization", help="code of the report's organization (default: the cycle's own)")
    parser.add_argument("--username", default="vanphong")
    options = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a database holding the demo data (manage.py seed_demo).")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from accounts.models import Role, RoleAssignment, User
    from organizations.models import Organization, OrganizationKind
    from reviews.models import NotReviewedMember

    busiest = (
        NotReviewedMember.objects.filter(cycle__organization__kind=OrganizationKind.SUPERIOR_COMMITTEE)
        .values("cycle", "cycle__organization")
        .annotate(count=Count("pk"))
        .order_by("-count")
        .first()
    )
    if busiest is None:
        sys.exit("No member is left out of a cycle of the top committee: is this the demo data?")
    cycle, city = busiest["cycle"], busiest["cycle__organization"]
    if options.organization:
        city = Organization.objects.get(code=options.organization).pk
    scope = Organization.objects.get(pk=city)
    missing = NotReviewedMember.objects.filter(cycle=cycle, organization__path__startswith=scope.path).count()
    user, created = User.objects.get_or_create(username=options.username, defaults={"full_name": options.username})
    if created:
        RoleAssignment.objects.create(user=user, organization=scope, role=Role.CITY_STAFF)
    target = TARGETS["province" if scope.parent_id is None else "city"]
    client = Client()
    client.force_login(user)
    say(f"{scope}, cycle {cycle}: {missing} members not reviewed; target {target:.0f} s")
    outputs = [
        ("page", reverse("reports:cycle_report", args=[cycle, city])),
        ("PDF", reverse("reports:cycle_report_output", args=[cycle, city, "pdf"])),
        ("Excel", reverse("reports:cycle_report_output", args=[cycle, city, "xlsx"])),
        ("official PDF", reverse("paperwork:cycle_report", args=[cycle, city, "pdf"])),
    ]
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for label, url in outputs:
            times, processor, response = [], [], None
            for _round in range(options.repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                processor.append(time.process_time() - started_cpu)
            assert response.status_code == 200, (url, response.status_code)
            content = response.content
            median = statistics.median(times)
            detail = f"{len(content) / 1e3:.0f} kB"
            if label.endswith("PDF"):
                reader = PdfReader(io.BytesIO(content))
                detail += f", {len(reader.pages)} pages"
            if label == "Excel":
                workbook = load_workbook(io.BytesIO(content), read_only=True)
                sheet = workbook.worksheets[-1]
                detail += f", {sheet.max_row - 1} rows on the sheet '{sheet.title}'"
            verdict = "ok" if median < target else "OVER TARGET"
            cpu = statistics.median(processor)
            say(
                f"{label}: median {median:.2f} s of {options.repeat} (first {times[0]:.2f} s), processor {cpu:.2f} s, "
                f"{detail} ({verdict}); load average {os.getloadavg()[0]:.1f}"
            )


if __name__ == "__main__":
    main()
