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

Target: the city's report under 3 s in every output.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET = 3.0


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
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

    from accounts.models import User
    from organizations.models import OrganizationKind
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
    cycle, city, missing = busiest["cycle"], busiest["cycle__organization"], busiest["count"]
    client = Client()
    client.force_login(User.objects.get(username="vanphong"))
    say(f"The city's cycle {cycle}: {missing} members not reviewed")
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
            verdict = "ok" if median < TARGET else "OVER TARGET"
            cpu = statistics.median(processor)
            say(
                f"{label}: median {median:.2f} s of {options.repeat} (first {times[0]:.2f} s), processor {cpu:.2f} s, "
                f"{detail} ({verdict}); load average {os.getloadavg()[0]:.1f}"
            )


if __name__ == "__main__":
    main()
