"""``manage.py restore FILE``: put a backup back; refuses to overwrite a non-empty database without --force."""

from django.core.management.base import BaseCommand, CommandError

from operations import backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file (kiemdiem-YYYYMMDD-HHMMSS.tar).")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database and MEDIA_ROOT that are not empty."
        )

    def handle(self, *args, **options):
        try:
            backup.restore(options["file"], force=options["force"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {options['file']}")
