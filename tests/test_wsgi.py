"""The WSGI module leaves the server's start-up objects out of the garbage collector's full walks."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

PROBE = """
import gc
from config import wsgi
frozen = gc.get_freeze_count()
from django.urls import get_resolver
# The views were imported before the freeze: resolving a URL loads nothing new to walk.
loaded = set(__import__('sys').modules)
get_resolver().resolve('/')
print(frozen, len(set(__import__('sys').modules) - loaded))
"""


def test_the_wsgi_module_freezes_the_loaded_code_and_its_views(tmp_path):
    # A process of its own: freezing the test runner's heap would change how every later test collects.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    frozen, newly_imported = map(int, result.stdout.split())
    assert frozen > 50_000  # Django, the apps and their views: about 150,000 objects
    assert newly_imported == 0
