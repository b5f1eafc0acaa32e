"""The read-only replica: the dashboard, reports and exports read from it when configured; nothing else does."""

import pytest
from django.urls import reverse

from core import replica
from members.models import Member
from reports.models import ExportJob

# The test adds the replica alias to DATABASES, as DATABASE_REPLICA_URL would.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def replica_alias(settings):
    settings.DATABASES = {**settings.DATABASES, replica.REPLICA: settings.DATABASES["default"]}


@pytest.fixture
def routed(replica_alias, monkeypatch):
    """The alias each read was routed to; the test database serves the replica's reads."""
    reads = []
    original = replica.ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        alias = original(self, model, **hints)
        reads.append(alias)
        return "default" if alias == replica.REPLICA else alias

    monkeypatch.setattr(replica.ReplicaRouter, "db_for_read", recording)
    return reads


def test_without_a_replica_every_read_uses_the_primary():
    with replica.reading_from_replica():
        assert replica.ReplicaRouter().db_for_read(Member) is None


def test_inside_a_replica_block_reads_go_to_the_replica_and_writes_never(replica_alias):
    router = replica.ReplicaRouter()
    with replica.reading_from_replica():
        assert router.db_for_read(Member) == replica.REPLICA
        assert router.db_for_write(ExportJob) is None
    assert router.db_for_read(Member) is None
    assert router.allow_migrate(replica.REPLICA, "members") is False


def test_the_dashboard_reads_from_the_replica(login, city_staff, routed):
    assert login(city_staff).get(reverse("reports:dashboard")).status_code == 200
    assert replica.REPLICA in routed


def test_an_editing_page_reads_from_the_primary(login, city_staff, routed):
    assert login(city_staff).get(reverse("members:list")).status_code == 200
    assert routed and replica.REPLICA not in routed


def test_sessions_are_always_read_from_the_primary(replica_alias):
    from django.contrib.sessions.models import Session

    with replica.reading_from_replica():
        assert replica.ReplicaRouter().db_for_read(Session) is None
