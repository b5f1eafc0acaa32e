"""``manage.py health``: the checks of ``/health/`` from a shell or a timer; exit status 1 when one fails."""

import json

from django.core.management.base import BaseCommand, CommandError

from operations.health import run_checks
from operations.views import health_body


class Command(BaseCommand):
    help = "Run the health checks of /health/ and print the same JSON; exit 1 if a part is failing."

    def handle(self, *args, **options):
        body = health_body(run_checks())
        self.stdout.write(json.dumps(body, indent=2))
        if body["failing"]:
            raise CommandError(f"failing: {', '.join(body['failing'])}")
