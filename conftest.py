"""Fixed test actors shared by every app's tests.

The tree: the city committee → ward A (with branch A1) and ward B (with
branch B1). Actors: a secretary of A, a secretary of B, city staff, an
Inspection Committee member and the standing member in charge of A.
"""

import os

import pytest

from accounts.models import Role
from organizations.models import OrganizationKind, Sector
from tests.factories import make_member, make_organization, make_user

PASSWORD = "pass-Words-123"

# Chromium for the browser tests: the `chromium` and `browser_page` fixtures, and the skip without it.
pytest_plugins = ["tests.chromium", "tests.vnu"]


def services_required():
    """True when a test must fail, not skip, if a service it needs (PostgreSQL, Redis, Chromium…) is missing."""
    return os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(items):
    """Every test that commits (live server, transactional) restores the database afterwards.

    A transactional test ends with a flush, which would wipe the rows that data
    migrations ship (rule sets, manifestations, content items) for every later
    test, and recreate content types under new ids. Serialized rollback reloads
    the migrated state instead, and inhibits that re-creation.

    On SQLite the flush is a DELETE per table, which the audit trail's row
    triggers record: the audit table is emptied first (its name sorts early), so
    about forty deletion rows with no actor (the data migrations' rows) stay for
    the next transactional test. Harmless, measured: no transactional test
    counts audit rows, the browser tests filter the log by a user's name (those
    rows have none), and the flush empties them again each time (so they never
    pile up). On PostgreSQL the flush is a TRUNCATE, which the triggers ignore.
    """
    for item in items:
        fixtures = getattr(item, "fixturenames", None)
        if fixtures is None or "django_db_serialized_rollback" in fixtures:
            continue
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
            fixtures.append("django_db_serialized_rollback")


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def _uses_database(item):
    return item.get_closest_marker("django_db") or _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After every test that used the database, each summary table still matches a direct count.

    The tables are kept by triggers (``core.summary_tables``); a write path that
    escaped them, or a trigger that miscounts, fails the test that wrote. Only the
    tables whose sources the test's transaction wrote are compared (``tests.summary_check``):
    a direct count of every roll-up walks every row of its source at every ancestor, and
    after each of 2,150 tests that was six and a half minutes of the suite on PostgreSQL.
    """
    result = yield
    if _uses_database(item):
        from core.summary_tables import TABLES
        from tests.summary_check import written_tables

        written = written_tables()
        for table in TABLES:
            if written is not None and not table.tables & written:
                continue
            drift = table.mismatches()
            assert not drift, f"{table.summary} no longer matches {table.source}: {drift}"
    return result


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Once a database test's fixtures are gone, its rolled-back rows are vacuumed when they pile up.

    Not after the last test: the session's teardown has dropped the test database by then.
    """
    result = yield
    if nextitem is not None and _uses_database(item):
        from pytest_django.plugin import blocking_manager_key

        from tests.summary_check import vacuum_rolled_back_rows

        with item.config.stash[blocking_manager_key].unblock():
            vacuum_rolled_back_rows()
    return result


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _product_language():
    """Each test starts in Vietnamese: a request made in English must not leak its language."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture
def require_services():
    return services_required()


@pytest.fixture
def city(db):
    return make_organization(
        "Đảng bộ Thành phố Nam Định", kind=OrganizationKind.SUPERIOR_COMMITTEE, sector=Sector.OTHER, code="TU"
    )


@pytest.fixture
def ward_a(city):
    return make_organization("Đảng bộ phường Trần Hưng Đạo", parent=city, code="P-THD")


@pytest.fixture
def ward_b(city):
    return make_organization("Đảng bộ phường Quang Trung", parent=city, code="P-QT")


@pytest.fixture
def branch_a(ward_a):
    return make_organization("Chi bộ khu phố 1", parent=ward_a, kind=OrganizationKind.BRANCH, code="P-THD-1")


@pytest.fixture
def branch_b(ward_b):
    return make_organization("Chi bộ khu phố 2", parent=ward_b, kind=OrganizationKind.BRANCH, code="P-QT-2")


@pytest.fixture
def member_a(branch_a):
    return make_member(branch_a, full_name="Trần Thị Hoa")


@pytest.fixture
def member_b(branch_b):
    return make_member(branch_b, full_name="Lê Văn Bình")


@pytest.fixture
def secretary_a(ward_a):
    return make_user("bithu_a", Role.SECRETARY, ward_a)


@pytest.fixture
def secretary_b(ward_b):
    return make_user("bithu_b", Role.SECRETARY, ward_b)


@pytest.fixture
def city_staff(city):
    return make_user("vanphong", Role.CITY_STAFF, city)


@pytest.fixture
def inspector(city):
    return make_user("ubkt", Role.INSPECTION, city)


@pytest.fixture
def standing_member_a(ward_a):
    return make_user("thuongvu_a", Role.STANDING_MEMBER, ward_a)


@pytest.fixture
def login(client):
    """Log ``user`` in on the test client and return the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
