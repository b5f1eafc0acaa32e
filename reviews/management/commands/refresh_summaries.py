"""Rebuild the summary tables from the reviews (after a restore from an old dump, or to check the triggers)."""

from django.core.management.base import BaseCommand

from reviews import summaries


class Command(BaseCommand):
    help = "Reinstall the summary tables' triggers and rebuild the tables from the reviews."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only compare with direct counts; exit 1 on drift")

    def handle(self, *args, check=False, **options):
        if check:
            drift = summaries.mismatches()
            for key, (summary, direct) in sorted(drift.items()):
                self.stdout.write(f"{key}: summary {summary}, direct count {direct}")
            if drift:
                raise SystemExit(1)
            self.stdout.write("The summary tables match the reviews.")
            return
        summaries.install()
        rows = summaries.rebuild()
        self.stdout.write(f"Individual review counts rebuilt: {rows} rows.")
