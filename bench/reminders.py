"""Benchmark of the reminder engine: one sweep and all digests over 100,000 due items.

Run on PostgreSQL (not a test)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kd_h6_bench .venv/bin/python bench/reminders.py

The commitments app is not merged yet, so the script creates a bench-only table
``bench_commitment`` (id, organization, owner, deadline, done) in the bench
database and registers a provider over it, exactly as the commitments app will.
Seeding is idempotent: 1,050 organizations (50 wards of 20 branches), a secretary
per organization, a standing member per ward, city staff and an inspector, 5,000
owners and 100,000 commitments with deadlines spread over a year around today.
Each run empties the ledger, then times one sweep, the building and rendering of
every digest (sent to the in-memory mail backend), and a second sweep (nothing
new), each in its own process, and prints the time and the process's peak RSS
(``--tracemalloc`` adds the peak of traced Python allocations, at a large cost
in time).
"""

import datetime
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, RoleAssignment, User  # noqa: E402
from notifications.models import Delivery, Digest, Notification  # noqa: E402
from notifications.providers import DueItem, ReminderProvider, registry  # noqa: E402
from organizations.models import Organization, OrganizationKind  # noqa: E402

ITEMS = 100_000
WARDS, BRANCHES_PER_WARD, OWNERS = 50, 20, 5_000


class BenchCommitment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.DO_NOTHING, db_constraint=False)
    owner = models.ForeignKey(User, on_delete=models.DO_NOTHING, db_constraint=False)
    deadline = models.DateField(db_index=True)  # the sweep's range filter
    done = models.BooleanField(default=False)

    class Meta:
        app_label = "notifications"
        db_table = "bench_commitment"
        managed = False

    def __str__(self):
        return f"Commitment {self.pk}"


class BenchCommitmentProvider(ReminderProvider):
    kind = "bench.commitment"
    label = "Commitment deadline"
    model = BenchCommitment

    def open_items(self):
        return BenchCommitment.objects.filter(done=False)

    def describe(self, obj):
        return DueItem(
            object_id=obj.pk,
            organization_id=obj.organization_id,
            deadline=obj.deadline,
            title=f"Cam kết khắc phục số {obj.pk}",
            url=f"/commitments/{obj.pk}/",
            owner_ids=(obj.owner_id,),
        )


def seed():
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL=postgres://.../kd_h6_bench")
    call_command("migrate", verbosity=0)
    if "bench_commitment" not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(BenchCommitment)
    if BenchCommitment.objects.count() >= ITEMS:
        return
    rng = random.Random(6)
    city = Organization.objects.create(name="Thành phố (bench)", code="BENCH", kind=OrganizationKind.SUPERIOR_COMMITTEE)
    users = []

    def user(name, role, organization, email=True):
        account = User(username=name, full_name=name, email=f"{name}@example.vn" if email else "")
        account.set_unusable_password()
        users.append((account, role, organization))
        return account

    user("bench_city", Role.CITY_STAFF, city)
    user("bench_ubkt", Role.INSPECTION, city)
    branches = []
    for w in range(WARDS):
        ward = Organization.objects.create(name=f"Phường {w}", code=f"BW{w}", parent=city)
        user(f"bench_tv_{w}", Role.STANDING_MEMBER, ward)
        user(f"bench_bt_{w}", Role.SECRETARY, ward)
        for b in range(BRANCHES_PER_WARD):
            branch = Organization.objects.create(
                name=f"Chi bộ {w}-{b}", code=f"BB{w}-{b}", parent=ward, kind=OrganizationKind.BRANCH
            )
            user(f"bench_bt_{w}_{b}", Role.SECRETARY, branch)
            branches.append(branch)
    User.objects.bulk_create([account for account, _role, _org in users])
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=account, role=role, organization=organization) for account, role, organization in users
    )
    owners = User.objects.bulk_create(
        User(username=f"bench_owner_{n}", full_name=f"Đảng viên {n}", email=f"owner{n}@example.vn", password="!")
        for n in range(OWNERS)
    )
    today = timezone.localdate()
    batch = []
    for n in range(ITEMS):
        batch.append(
            BenchCommitment(
                organization=branches[n % len(branches)],
                owner=owners[rng.randrange(OWNERS)],
                deadline=today + datetime.timedelta(days=rng.randrange(-182, 183)),
            )
        )
        if len(batch) == 10_000:
            BenchCommitment.objects.bulk_create(batch)
            batch = []
    BenchCommitment.objects.bulk_create(batch)


def measure(label, function, trace):
    """Run ``function`` and print its time and peak memory (this process runs one phase only)."""
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = f"{label}: {elapsed:.1f} s, process peak RSS {rss:.0f} MB (Django loaded: {baseline:.0f} MB)"
    if trace:
        line += f", peak traced Python allocations {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MB"
        tracemalloc.stop()
    print(line, flush=True)  # noqa: T201
    return result


def run_phase(phase, trace):
    from notifications import sending, sweep, tasks

    settings.DEBUG = False  # DEBUG keeps every SQL statement in memory
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    registry.register(BenchCommitmentProvider())
    # The benchmark measures the database work; enqueueing to a broker is not part of it.
    tasks.send_delivery.delay = tasks.send_digest.delay = lambda *args: None
    if phase == "sweep":
        result = measure("Sweep", sweep.sweep, trace)
        print(f"  {result.items} due items read, {result.created} deliveries and inbox rows recorded")  # noqa: T201
    elif phase == "digests":

        def all_digests():
            ids = sending.build_digests(timezone.localtime().replace(hour=23, minute=0))
            for digest_id in ids:
                sending.send_digest_now(digest_id)
            return ids

        ids = measure("Build and render all digests", all_digests, trace)
        print(f"  {len(ids)} digests, {len(mail.outbox)} emails rendered")  # noqa: T201


def main():
    trace = "--tracemalloc" in sys.argv
    if "--phase" in sys.argv:
        run_phase(sys.argv[sys.argv.index("--phase") + 1], trace)
        return
    seed()
    with connection.cursor() as cursor:
        tables = ", ".join(model._meta.db_table for model in (Notification, Delivery, Digest))
        cursor.execute(f"TRUNCATE {tables} CASCADE")
    print(f"Open items: {BenchCommitment.objects.filter(done=False).count()}", flush=True)  # noqa: T201
    # Each phase in its own process, so that each peak RSS is that phase's alone.
    for phase in ("sweep", "digests", "sweep"):
        # Fresh planner statistics, as autovacuum keeps them in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        subprocess.run([sys.executable, __file__, "--phase", phase, *sys.argv[1:]], check=True)


if __name__ == "__main__":
    main()
