"""``manage.py seed_demo``: load the Nam Định demo data, app by app.

Each local app may ship a ``demo.py`` with ``seed(stdout, scale)``, and
optionally ``is_seeded()`` for ``--if-empty``. They run in INSTALLED_APPS
order. Every app's seed runs in its own transaction and must be deterministic
and idempotent, so running the command twice changes nothing. The modules are
found by name, so core imports no app.
"""

import importlib
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from core import demo
from core import planner_stats as statistics

SCALES = ("city", "province")


def local_app_configs():
    """App configs of the project's own apps: top-level folders of the project (not a .venv inside it)."""
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs() if Path(config.path).resolve().parent == base]


def demo_modules():
    """(label, module) of every local app's ``demo`` module with a ``seed``, in INSTALLED_APPS order.

    That order puts each app after the apps whose data its demo builds on.
    """
    found = []
    for config in local_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise  # the module exists but imports something missing: a real error
            continue
        if callable(getattr(module, "seed", None)):
            found.append((config.label, module))
    return found


def model_counts():
    counts = {}
    for config in local_app_configs():
        for model in config.get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


class Command(BaseCommand):
    help = "Load the Nam Định City demo data (deterministic and idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when organizations already exist (used by make run)."
        )
        parser.add_argument("--scale", choices=SCALES, default="city", help="city (92 organizations) or province.")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="Seed of the random generators.")

    def handle(self, *args, if_empty=False, scale="city", seed=demo.DEFAULT_SEED, **options):
        modules = demo_modules()
        if if_empty and any(getattr(module, "is_seeded", lambda: False)() for _label, module in modules):
            self.stdout.write("Organizations already exist: demo data not loaded.")
            return
        demo.set_seed(seed)
        started = time.monotonic()
        for label, module in modules:
            self.stdout.write(f"Seeding {label} ({scale})...")
            app_started = time.monotonic()
            with transaction.atomic():
                module.seed(self.stdout, scale)
            self.stdout.write(f"  {label} done in {time.monotonic() - app_started:.1f} s")
        # Every table was just filled in bulk: plan the first pages on what is there (core.planner_stats).
        statistics.analyze()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s:"))
        for label, count in model_counts().items():
            if count:
                self.stdout.write(f"  {label}: {count}")
