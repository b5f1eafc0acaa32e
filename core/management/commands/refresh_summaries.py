"""Rebuild the summary tables from their sources, or check them (``core.summary_tables``)."""

from django.core.management.base import BaseCommand

from core import summary_tables


class Command(BaseCommand):
    help = "Reinstall the summary tables' triggers and rebuild the tables; --check only compares with direct counts."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with direct counts; exit 1 on any drift")

    def handle(self, *args, check=False, **options):
        drifted = False
        for table in summary_tables.TABLES:
            if check:
                drift = table.mismatches()
                for key, (summary, direct) in sorted(drift.items(), key=str):
                    self.stdout.write(f"{table.summary} {key}: summary {summary}, direct count {direct}")
                drifted = drifted or bool(drift)
                if not drift:
                    self.stdout.write(f"{table.summary}: matches {table.source}.")
                continue
            table.install()
            self.stdout.write(f"{table.summary}: rebuilt, {table.rebuild()} rows.")
        if drifted:
            raise SystemExit(1)
