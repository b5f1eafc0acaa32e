"""Run one reminder sweep by hand; ``--dry-run`` prints what it would send and records nothing."""

from django.core.management.base import BaseCommand

from notifications.providers import registry
from notifications.sweep import sweep


class Command(BaseCommand):
    help = "Run one reminder sweep now (what beat does every five minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; record nothing.")

    def handle(self, *args, dry_run=False, **options):
        result = sweep(dry_run=dry_run)
        if dry_run:
            for delivery in result.would_send:
                self.stdout.write(
                    f"{delivery.due_date:%d/%m/%Y} {delivery.kind} #{delivery.object_id} {delivery.step} "
                    f"→ user {delivery.recipient_id} ({delivery.channel}): {delivery.title}"
                )
            self.stdout.write(f"Dry run: {len(result.would_send)} reminders would be sent; nothing was recorded.")
        else:
            self.stdout.write(
                f"{result.items} items checked, {result.created} reminders recorded, {result.requeued} re-queued."
            )
        if not registry.all():
            self.stdout.write("No reminder provider is registered.")
