"""Benchmark of the printed documents (not a test): one form, and a 150-member organization's whole file.

Builds, in a fresh SQLite database in a temporary folder (or on ``DATABASE_URL``
if set), a grassroots Party committee with 5 cells of 30 members each, opens a
2025 cycle over it (QĐ 366) and fills every review and each cell's meeting
record, then prints:

- the time of one member's form (Mẫu 2A) as Word and as PDF, and of Mẫu 01;
- the time of the organization's whole review file as a zip of Word files
  (and, with ``--pdf``, of PDF files; ``--pdf-only`` skips the Word files):
  5 + 5×4 organization papers and 150 member forms, with the processor time
  spent by this process and the PDF worker processes. On a busy machine the
  processor time, halved for the two workers, tells the quiet time better
  than the wall clock.

    .venv/bin/python bench/paperwork.py [--pdf | --pdf-only]

Targets: one form under 1 s; the 150-member file under 30 s.
"""

import argparse
import datetime
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
TARGET_FORM, TARGET_FILE = 1.0, 30.0
CELLS, MEMBERS_PER_CELL = 5, 30


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def setup(folder):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_organization():
    from organizations.models import Organization, OrganizationKind, Sector
    from reviews.models import CollectiveReview, IndividualReview, MeetingRecord, ReviewCycle, RuleSet
    from reviews.services import open_cycle
    from tests.factories import make_member

    city = Organization.objects.create(
        name="Đảng bộ thành phố Nam Định", code="B-TU", kind=OrganizationKind.SUPERIOR_COMMITTEE,
        sector=Sector.OTHER, valid_from=datetime.date(2010, 1, 1),
    )  # fmt: skip
    ward = Organization.objects.create(
        name="Đảng bộ phường Vị Hoàng", code="B-VH", kind=OrganizationKind.GRASSROOTS_COMMITTEE, parent=city,
        valid_from=datetime.date(2010, 1, 1),
    )  # fmt: skip
    for number in range(1, CELLS + 1):
        cell = Organization.objects.create(
            name=f"Chi bộ khu phố {number}", code=f"B-VH-{number}", kind=OrganizationKind.BRANCH, parent=ward,
            valid_from=datetime.date(2010, 1, 1),
        )  # fmt: skip
        for index in range(MEMBERS_PER_CELL):
            position = "Bí thư Chi bộ" if index == 0 else ""
            if number == 1 and index == 1:
                position = "Bí thư Đảng ủy phường"
            make_member(
                cell, full_name=f"Nguyễn Thị Hồng Nhung {number}-{index}", party_position=position,
                is_leader=bool(position), works_in_political_system=index % 2 == 0,
            )  # fmt: skip
    cycle = open_cycle(
        ReviewCycle(
            year=2025, rule_set=RuleSet.objects.get(code="QD366"), organization=city,
            opened_on=datetime.date(2025, 11, 1), reference_date=datetime.date(2025, 12, 1),
        )
    )  # fmt: skip
    text = "Hoàn thành tốt nhiệm vụ được giao; giữ gìn phẩm chất đạo đức, lối sống trong sạch, lành mạnh."
    sections = {"strengths": f"{text}\n{text}\n{text}", "weaknesses": text, "directions": text}
    scores = {"general_score": 26, "results_score": 60, "self_level": "httnv", "proposed_level": "httnv"}
    CollectiveReview.objects.filter(cycle=cycle).update(**sections, responsibility=text, causes=text, **scores)
    IndividualReview.objects.filter(cycle=cycle).update(**sections, manifestation_notes=text, **scores)
    for review in CollectiveReview.objects.filter(cycle=cycle, organization__parent=ward):
        MeetingRecord.objects.create(
            review=review, held_on=datetime.date(2025, 12, 5), attendees_expected=MEMBERS_PER_CELL,
            attendees_present=MEMBERS_PER_CELL, minutes=text,
        )  # fmt: skip
    return CollectiveReview.objects.select_related("cycle__rule_set", "organization__parent").get(organization=ward)


def processor_time():
    """User and system seconds of this process and of its ended children (the PDF workers, once joined)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action, repeat=1):
    times = []
    for _round in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pdf", action="store_true", help="also time the whole file as PDF files")
    parser.add_argument("--pdf-only", action="store_true", help="time the whole file as PDF files only")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder))
        from paperwork import files, layout, registry
        from reviews.models import IndividualReview

        say(f"Building a grassroots committee with {CELLS} cells of {MEMBERS_PER_CELL} members…")
        review = build_organization()
        form = IndividualReview.objects.filter(cycle=review.cycle, form="2A").first()
        say(f"{len(files.entries(review))} documents in the whole file, {CELLS * MEMBERS_PER_CELL} member forms")

        for kind, record in (("individual", form), ("collective", review)):
            for output in ("docx", "pdf"):
                spec = registry.KINDS[kind]
                times = timed(lambda spec=spec, record=record, output=output: layout.render(
                    spec.papers(record), output), repeat=5)  # fmt: skip
                median = statistics.median(times)
                verdict = "ok" if median < TARGET_FORM else "OVER TARGET"
                say(f"one {kind} form as {output}: first {times[0]:.2f} s, median {median:.2f} s ({verdict}, < 1 s)")

        outputs = ("pdf",) if options.pdf_only else ("docx", "pdf") if options.pdf else ("docx",)
        for output in outputs:
            buffer = io.BytesIO()
            cpu_before = processor_time()
            (elapsed,) = timed(lambda output=output, buffer=buffer: files.write_zip(buffer, review, output))
            cpu = processor_time() - cpu_before
            verdict = "ok" if elapsed < TARGET_FILE else "OVER TARGET"
            size = len(buffer.getvalue()) / 1e6
            members = CELLS * MEMBERS_PER_CELL
            say(
                f"whole file of {members} members as {output}: {elapsed:.1f} s, {size:.1f} MB ({verdict}, < 30 s); "
                f"processor time {cpu:.1f} s (this process and its workers), load average {os.getloadavg()[0]:.1f}"
            )


if __name__ == "__main__":
    main()
