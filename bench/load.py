"""Load test of the production server at province scale on loopback (not a test).

1. Seeds ``seed_demo --scale province`` once into a template database
   (``BENCH_LOAD_DB``, default ``kd_load_seed``, on ``BENCH_PG_URL``, default
   ``postgres://postgres@127.0.0.1:5432``), and copies it for each run, so the
   edits and verifications of one run never use up the next run's work.
2. Migrates the copy to the code's migrations and writes the plan of the simulated
   people: the secretaries' draft or returned collective reviews of the open cycle,
   the reported commitments to verify, and for the accounts production settings ask
   a second factor of (city staff, inspection) an authenticator and a backup code
   per simulated person, with which they sign in.
3. Starts gunicorn with deploy/gunicorn.conf.py (production settings, DEBUG off)
   on 127.0.0.1, and locust headless against it: ``--users`` people (default 50:
   secretaries editing and submitting, city staff on the dashboard and the cycle
   board, the Inspection Committee verifying) arriving two a second, then measured
   for ``--seconds`` (default 60) once all have signed in.
4. Prints requests per second, the 95th percentile per page, the error count (a
   status of 400 or more, or a page that sends the person back to sign in), the
   processor time per request of gunicorn and of the run's PostgreSQL backends over
   the measured window, and the most PostgreSQL connections the server held, against
   the targets (0 errors, p95 ≤ 300 ms for every page). ``BENCH_LOAD_RUN_DB`` names
   the copy (default the template's name and ``_run``), ``BENCH_LOAD_PORT`` gunicorn's
   port; gunicorn's own settings come from the environment (``WEB_WORKER_CLASS``,
   ``WEB_WORKERS``, ``WEB_THREADS``, see deploy/gunicorn.conf.py).

    .venv/bin/python bench/load.py [--skip-seed] [--users 50] [--seconds 60]

Traffic goes to 127.0.0.1 only, and locust stops by itself after ``--seconds``.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from dashboard import admin, recreate, say, seed

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = BASE_DIR / ".venv" / "bin"
TARGET_P95_MS = 300
PASSWORD = "KiemDiem@2018"
SPAWN_RATE = 2


def second_factors(usernames, count):
    """An authenticator and ``count`` backup codes for each of ``usernames``; {username: codes}.

    Production settings require a second factor of city staff and the Inspection Committee: without one
    they would be sent to the enrolment page on every click and measured there. Each simulated person
    signs in with a backup code (each works once), as a person without their phone would.
    """
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import services
    from accounts.models import User

    codes = {}
    for user in User.objects.filter(username__in=usernames):
        TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": services.TOTP_NAME})
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=services.BACKUP_NAME, defaults={"confirmed": True}
        )
        tokens = [StaticToken.random_token() for _ in range(count)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in tokens)
        codes[user.username] = tokens
    return codes


def write_plan(url, path, users):
    """The work of each simulated person, read from the copy the run will change."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    # The template was seeded by an older checkout: the copy gets the code's migrations, or every page
    # reading a newer column answers 500.
    call_command("migrate", "--noinput", verbosity=0)
    from accounts import access
    from accounts.models import Role, RoleAssignment
    from commitments.models import Commitment, CommitmentStatus
    from reviews.models import CollectiveReview, ReviewCycle

    cycle = ReviewCycle.objects.order_by("-year").first()

    def holders(role):
        return sorted(set(RoleAssignment.objects.filter(role=role).values_list("user__username", flat=True)))

    secretaries = {}
    for assignment in RoleAssignment.objects.filter(role=Role.SECRETARY).select_related("user"):
        open_reviews = CollectiveReview.objects.filter(cycle=cycle, status__in=["draft", "returned"])
        ids = list(access.scope(open_reviews, assignment.user).values_list("pk", flat=True)[:200])
        if ids:
            secretaries[assignment.user.username] = ids
    reported = Commitment.objects.filter(status=CommitmentStatus.REPORTED_COMPLETED)
    inspector = RoleAssignment.objects.filter(role=Role.INSPECTION).first().user
    reported = access.scope(reported, inspector)
    plan = {
        "password": PASSWORD,
        "cycle": cycle.pk,
        "secretaries": secretaries,
        "city_staff": holders(Role.CITY_STAFF),
        "inspectors": holders(Role.INSPECTION),
        "commitments": list(reported.values_list("pk", flat=True)[:2000]),
        # Every simulated person might pick the same account: a code each.
        "codes": second_factors(holders(Role.CITY_STAFF) + holders(Role.INSPECTION), users),
    }
    path.write_text(json.dumps(plan))
    from django.db import connections

    connections.close_all()  # only the server's connections are counted during the run
    say(
        f"plan: cycle {cycle}, {sum(map(len, secretaries.values()))} open reviews of {len(secretaries)} "
        f"secretaries, {len(plan['commitments'])} commitments to verify"
    )


class ConnectionSampler(threading.Thread):
    """The most connections to the run's database seen while the load runs."""

    def __init__(self, server_url, name):
        super().__init__(daemon=True)
        self.server_url, self.name, self.peak, self.stop = server_url, name, 0, threading.Event()

    def run(self):
        query = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{self.name}'"  # noqa: S608 - our own name
        while not self.stop.is_set():
            self.peak = max(self.peak, admin(self.server_url, query)[0][0])
            time.sleep(0.5)


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """The fields of /proc/<pid>/stat after the command name (state first), or None for a process gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def tree(root):
    """``root`` and every process under it (gunicorn's master and workers)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(entry.name)):
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += parents.get(pid, [])
    return found


def cpu_seconds(pids):
    """{pid: user + system CPU seconds} of the processes still there."""
    times = {}
    for pid in pids:
        if fields := _stat(pid):
            times[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return times


def backends(server_url, name):
    """The PostgreSQL server processes serving the run's database (this machine: loopback)."""
    query = f"SELECT pid FROM pg_stat_activity WHERE datname = '{name}' AND backend_type = 'client backend'"  # noqa: S608
    return [row[0] for row in admin(server_url, query)]


class CpuWindow(threading.Thread):
    """CPU seconds spent by gunicorn and by the run's PostgreSQL backends between ``start()`` and ``finish()``.

    The backends are sampled twice a second: gunicorn's connections end after CONN_MAX_AGE and new ones
    open, and a backend's time is read up to its last sample (the last half second of one that closed
    is missed).
    """

    def __init__(self, server_pid, server_url, name):
        super().__init__(daemon=True)
        self.server_pid, self.server_url, self.name = server_pid, server_url, name
        self.done = threading.Event()

    def start(self):
        self.began = time.monotonic()
        self.web_before = cpu_seconds(tree(self.server_pid))
        self.db_before = cpu_seconds(backends(self.server_url, self.name))
        self.db_last = dict(self.db_before)
        super().start()

    def run(self):
        while not self.done.wait(0.5):
            self.db_last |= cpu_seconds(backends(self.server_url, self.name))

    def finish(self):
        self.done.set()
        self.join()
        self.seconds = time.monotonic() - self.began
        self.db_last |= cpu_seconds(backends(self.server_url, self.name))
        web_after = cpu_seconds(tree(self.server_pid))
        self.web = sum(cpu - self.web_before.get(pid, 0) for pid, cpu in web_after.items())
        self.db = sum(cpu - self.db_before.get(pid, 0) for pid, cpu in self.db_last.items())
        self.backends = (len(self.db_before), len(self.db_last))


def wait_until_warm(port, process, timeout=120):
    """Until the login page answers quickly several times in a row: every worker has loaded the app."""
    import urllib.request

    deadline, quick = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and quick < 20:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited; see its log")
        started = time.monotonic()
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=30).read()
        except OSError:
            time.sleep(0.5)
            continue
        quick = quick + 1 if time.monotonic() - started < 0.2 else 0
    if quick < 20:
        raise SystemExit("gunicorn did not start")


def report(stats_csv, seconds, peak, window):
    rows = list(csv.DictReader(stats_csv.open()))
    pages = [row for row in rows if row["Name"] != "Aggregated" and int(row["Request Count"])]  # 0: sign-in only
    total = next(row for row in rows if row["Name"] == "Aggregated")
    say(f"\n{'page':<28} {'requests':>8} {'errors':>6} {'median ms':>9} {'p95 ms':>7}")
    slow = []
    for row in sorted(pages, key=lambda row: row["Name"]):
        p95 = float(row["95%"])
        slow += [row["Name"]] if p95 > TARGET_P95_MS else []
        say(
            f"{row['Name']:<28} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Median Response Time']):>9.0f} {p95:>7.0f}"
        )
    errors = int(total["Failure Count"])
    say(
        f"\nall: {total['Request Count']} requests in {seconds} s, {float(total['Requests/s']):.1f} requests/s, "
        f"p95 {float(total['95%']):.0f} ms, {errors} errors; at most {peak} PostgreSQL connections"
    )
    requests = max(int(total["Request Count"]), 1)
    cores = os.cpu_count()
    say(
        f"processor time over the {window.seconds:.0f} s measured "
        f"({cores} cores: {window.seconds * cores:.0f} s in all): "
        f"gunicorn {window.web:.1f} s, {window.web / requests * 1000:.1f} ms a request; "
        f"PostgreSQL backends {window.db:.1f} s, {window.db / requests * 1000:.1f} ms a request "
        f"({window.backends[1]} backends, {window.backends[0]} of them there at the start); "
        f"locust {window.locust:.1f} s"
    )
    say(f"target: 0 errors {'met' if errors == 0 else 'MISSED'}; p95 ≤ {TARGET_P95_MS} ms for every page "
        f"{'met' if not slow else 'MISSED on ' + ', '.join(slow)}")  # fmt: skip
    return errors == 0 and not slow


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded template database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    options = parser.parse_args()
    server_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    template = os.environ.get("BENCH_LOAD_DB", "kd_load_seed")
    run_db = os.environ.get("BENCH_LOAD_RUN_DB", f"{template}_run")  # two people's runs must not share a copy
    if not options.skip_seed:
        recreate(server_url, template)
        seed(f"{server_url}/{template}")
    admin(server_url, f'DROP DATABASE IF EXISTS "{run_db}" WITH (FORCE)')
    admin(server_url, f'CREATE DATABASE "{run_db}" TEMPLATE "{template}"')
    url = f"{server_url}/{run_db}"
    work = Path(tempfile.mkdtemp(prefix="kiemdiem-load-"))
    plan = work / "plan.json"
    write_plan(url, plan, options.users)

    port = int(os.environ.get("BENCH_LOAD_PORT", 18000 + os.getpid() % 1000))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no nginx in front, so no TLS either.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "BEHIND_PROXY": "0",
        "STATIC_ROOT": str(work / "static"),
        "VAR_DIR": str(work / "var"),
        "MEDIA_ROOT": str(work / "media"),
        "WEB_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        "LOAD_PLAN": str(plan),
        "LOAD_USERS": str(options.users),
        "LOAD_SECONDS": str(options.seconds),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # mail and exports queue on the embedded broker; no worker is needed here
    subprocess.run(
        [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR, env=env, check=True
    )
    log = (work / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    sampler = ConnectionSampler(server_url, run_db)
    try:
        wait_until_warm(port, server)
        say(f"gunicorn on 127.0.0.1:{port}; {options.users} users for {options.seconds} s...")
        sampler.start()
        # People arrive two a second and sign in (password hashing is slow on purpose); the
        # locustfile resets the figures once all have signed in and ends the run ``--seconds`` later,
        # and the processor time is sampled from that moment (locust's log says it) to locust's end.
        ramp = -(-options.users // SPAWN_RATE)
        locust_log = work / "locust.log"
        locust = subprocess.Popen(
            [BIN / "locust", "-f", str(BASE_DIR / "bench" / "locustfile.py"), "--headless", "--only-summary"]
            + ["--users", str(options.users), "--spawn-rate", str(SPAWN_RATE)]
            + ["--run-time", f"{ramp + options.seconds + 120}s"]  # a bound: locustfile ends the run itself
            + ["--host", f"http://127.0.0.1:{port}", "--csv", str(work / "load"), "--stop-timeout", "10"],
            cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=locust_log.open("wb"),
        )  # fmt: skip
        window = CpuWindow(server.pid, server_url, run_db)
        deadline = time.monotonic() + ramp + options.seconds + 150
        while locust.poll() is None and "All users signed in" not in locust_log.read_text(errors="replace"):
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        window.start()
        locust_start = locust_last = cpu_seconds([locust.pid]).get(locust.pid, 0)
        while locust.poll() is None and time.monotonic() < deadline:
            locust_last = cpu_seconds([locust.pid]).get(locust.pid, locust_last)  # its last value before it ends
            time.sleep(0.5)
        if locust.poll() is None:
            locust.kill()
        window.finish()
        window.locust = locust_last - locust_start
    finally:
        sampler.stop.set()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()
    met = report(work / "load_stats.csv", options.seconds, sampler.peak, window)
    say(f"logs and CSV in {work}")
    admin(server_url, f'DROP DATABASE IF EXISTS "{run_db}" WITH (FORCE)')
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
