"""``manage.py backup``: the database and the media files in one dated file; the newest N are kept."""

from django.core.management.base import BaseCommand, CommandError

from operations import backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database (pg_dump, custom format) and MEDIA_ROOT into one dated tar file."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Folder of the backups (default BACKUP_DIR).")
        parser.add_argument("--keep", type=int, help="How many backups to keep (default BACKUP_KEEP).")

    def handle(self, *args, **options):
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be at least 1")
        try:
            path = backup.create(options["dir"], options["keep"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written: {path} ({path.stat().st_size:,} bytes)")
