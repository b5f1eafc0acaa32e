"""Benchmark of ``seed_demo``: the city on SQLite and PostgreSQL, the province on PostgreSQL.

Each run gets a fresh database, is migrated first and then timed on
``seed_demo`` alone; every command runs in its own interpreter with its own
environment, so the settings load as they would in production. The PostgreSQL
database (``BENCH_DB_NAME``, default ``kiemdiem_bench``, on ``BENCH_PG_URL``,
default ``postgres://postgres@127.0.0.1:5432``) is dropped afterwards.

    .venv/bin/python bench/seed.py [--skip-postgres] [--skip-province]

Targets on a 2-core machine: the city under 60 s, the province under 10 minutes.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
TARGETS = {"city": 60, "province": 600}


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def manage(env, *args):
    """Run ``manage.py args`` with ``env``; (seconds, output)."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.monotonic() - started
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return elapsed, result.stdout


def run_seed(label, database_url, scale, var_dir):
    env = {**os.environ, "DATABASE_URL": database_url, "VAR_DIR": str(var_dir), "DEBUG": "1"}
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    wall, output = manage(env, "seed_demo", "--scale", scale)
    reported = re.search(r"Demo data ready in ([\d.]+) s", output)
    seeded = float(reported.group(1)) if reported else wall
    counts = dict(re.findall(r"^\s+(\w+\.\w+): (\d+)$", output, flags=re.MULTILINE))
    verdict = "OK" if wall < TARGETS[scale] else "SLOWER THAN TARGET"
    say(
        f"{label:<28} seed {seeded:7.1f} s (process {wall:6.1f} s, target < {TARGETS[scale]} s: {verdict}); "
        f"{counts.get('organizations.Organization', '?')} organizations, {counts.get('members.Member', '?')} members"
    )
    return wall


class PostgresDatabase:
    """A fresh database on the server of ``server_url``, dropped on exit."""

    def __init__(self, server_url, name):
        self.server_url, self.name = server_url.rstrip("/"), name

    def _admin(self, sql):
        import psycopg2

        parsed = urlparse(self.server_url)
        connection = psycopg2.connect(
            dbname="postgres",
            user=parsed.username or "postgres",
            password=parsed.password,
            host=parsed.hostname,
            port=parsed.port or 5432,
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def __enter__(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')
        return f"{self.server_url}/{self.name}"

    def __exit__(self, *exc):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-province", action="store_true")
    options = parser.parse_args()
    server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    name = os.environ.get("BENCH_DB_NAME", "kiemdiem_bench")
    say(f"seed_demo benchmark on {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    slow = False
    with tempfile.TemporaryDirectory(prefix="kd-bench-") as tmp:
        slow |= run_seed("city, SQLite", f"sqlite:///{tmp}/bench.sqlite3", "city", tmp) >= TARGETS["city"]
        if not options.skip_postgres:
            with PostgresDatabase(server, name) as url:
                slow |= run_seed("city, PostgreSQL", url, "city", tmp) >= TARGETS["city"]
            if not options.skip_province:
                with PostgresDatabase(server, name) as url:
                    slow |= run_seed("province, PostgreSQL", url, "province", tmp) >= TARGETS["province"]
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
