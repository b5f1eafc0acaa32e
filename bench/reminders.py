"""Benchmark of the reminder engine: one sweep and all digests over 100,000 real commitments.

Run on PostgreSQL (not a test), after the province demo data::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kd_h11_bench .venv/bin/python manage.py seed_demo --scale province
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kd_h11_bench .venv/bin/python bench/reminders.py

Seeding is idempotent: a bench review cycle (ad hoc, year 2099) with one
collective review per grassroots organization of the demo data, and 100,000
``commitments.Commitment`` rows over them (bulk_create), open, accountable to
the organization's secretary, with deadlines spread over a year around today.
Each run empties the ledger, then times one sweep over every registered provider
(the real ones: review steps, explanation reports, commitments, extensions,
verification), the building and rendering of every digest (sent to the
in-memory mail backend), and a second sweep (nothing new), each in its own
process, and prints the time and the process's peak RSS (``--tracemalloc``
adds the peak of traced Python allocations, at a large cost in time).
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
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, RoleAssignment, User  # noqa: E402
from commitments.models import Commitment, SourceKind  # noqa: E402
from notifications.models import Delivery, Digest, Notification  # noqa: E402
from organizations.models import Organization  # noqa: E402
from reviews.models import CollectiveReview, CycleKind, CycleStatus, ReviewCycle, RuleSet  # noqa: E402

ITEMS = 100_000
OWNERS = 5_000
BENCH_YEAR = 2099


def _people(organizations):
    """The demo has few accounts: give every grassroots organization a secretary, every superior a standing
    member, and create 5,000 accountable members (as the real product has, roughly); returns the owners' ids."""
    secretaries = set(RoleAssignment.objects.filter(role=Role.SECRETARY).values_list("organization_id", flat=True))
    standing = set(RoleAssignment.objects.filter(role=Role.STANDING_MEMBER).values_list("organization_id", flat=True))
    parents = set(Organization.objects.filter(pk__in=organizations).values_list("parent_id", flat=True)) - {None}
    wanted = [(pk, Role.SECRETARY) for pk in organizations if pk not in secretaries]
    wanted += [(pk, Role.STANDING_MEMBER) for pk in sorted(parents) if pk not in standing]
    users = User.objects.bulk_create(
        [
            User(username=f"bench_{role}_{pk}", full_name=f"Bench {pk}", email=f"{role}{pk}@example.vn", password="!")
            for pk, role in wanted
        ],
        batch_size=2000,
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=user, role=role, organization_id=pk)
            for user, (pk, role) in zip(users, wanted, strict=True)
        ],
        batch_size=2000,
    )
    have = set(User.objects.filter(username__startswith="bench_owner_").values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(username=f"bench_owner_{n}", full_name=f"Đảng viên {n}", email=f"owner{n}@example.vn", password="!")
            for n in range(OWNERS)
            if f"bench_owner_{n}" not in have
        ],
        batch_size=2000,
    )
    return list(User.objects.filter(username__startswith="bench_owner_").order_by("pk").values_list("pk", flat=True))


def seed():
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL=postgres://.../kd_h11_bench")
    organizations = list(Organization.objects.grassroots().order_by("pk").values_list("pk", flat=True))
    if len(organizations) < 100:
        sys.exit("Seed the province first: manage.py seed_demo --scale province")
    today = timezone.localdate()
    cycle, _created = ReviewCycle.objects.get_or_create(
        year=BENCH_YEAR,
        kind=CycleKind.AD_HOC,
        number=1,
        organization=None,
        defaults={
            "rule_set": RuleSet.objects.order_by("-first_year").first(),
            "opened_on": today - datetime.timedelta(days=400),
            "reference_date": today,
            "status": CycleStatus.CLOSED,  # its own review steps stay out of the sweep
        },
    )
    have = set(CollectiveReview.objects.filter(cycle=cycle).values_list("organization_id", flat=True))
    CollectiveReview.objects.bulk_create(
        [CollectiveReview(cycle=cycle, organization_id=pk) for pk in organizations if pk not in have], batch_size=2000
    )
    existing = Commitment.objects.filter(cycle=cycle).count()
    if existing >= ITEMS:
        return
    owners = _people(organizations)
    reviews = dict(CollectiveReview.objects.filter(cycle=cycle).values_list("organization_id", "pk"))
    rng = random.Random(6)
    created_on = today - datetime.timedelta(days=200)
    batch = []
    for n in range(existing, ITEMS):
        organization_id = organizations[n % len(organizations)]
        deadline = today + datetime.timedelta(days=rng.randrange(-182, 183))
        batch.append(
            Commitment(
                cycle=cycle,
                source_kind=SourceKind.COLLECTIVE_REVIEW,
                collective_review_id=reviews[organization_id],
                organization_id=organization_id,
                accountable_user_id=owners[rng.randrange(len(owners))],
                shortcoming=f"Hạn chế số {n}",
                measure=f"Biện pháp khắc phục số {n}",
                created_on=created_on,
                original_deadline=deadline,
                deadline=deadline,
            )
        )
        if len(batch) == 10_000:
            Commitment.objects.bulk_create(batch)
            batch = []
    Commitment.objects.bulk_create(batch)


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
    from notifications import sending, sweep

    settings.DEBUG = False  # DEBUG keeps every SQL statement in memory
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    # The benchmark measures the database work; enqueueing to a broker is not part of it.
    sending.send_delivery.delay = sending.send_digest.delay = lambda *args: None
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
    print(f"Open commitments: {Commitment.objects.active().count()}", flush=True)  # noqa: T201
    # Each phase in its own process, so that each peak RSS is that phase's alone.
    for phase in ("sweep", "digests", "sweep"):
        # Fresh planner statistics, as autovacuum keeps them in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        subprocess.run([sys.executable, __file__, "--phase", phase, *sys.argv[1:]], check=True)


if __name__ == "__main__":
    main()
