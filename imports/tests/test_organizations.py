"""Organization imports: matched by code, superiors from the database or the same file, a move as a transfer."""

import pytest

from imports import services
from imports.models import ChangeAction, ImportChange, ImportKind
from imports.tests.helpers import csv_upload
from organizations.models import Organization

pytestmark = pytest.mark.django_db


def _run(user, rows):
    batch = services.start(user, ImportKind.ORGANIZATIONS, csv_upload(rows, kind=ImportKind.ORGANIZATIONS))
    batch.refresh_from_db()
    return batch


def test_organizations_are_created_under_superiors_named_later_in_the_file_and_reimport_changes_nothing(
    city_staff, ward_a
):
    rows = [
        ["P-THD-9", "Chi bộ khu phố 9", "Chi bộ trực thuộc", "Phường", "P-THD-X", "01/02/2010"],
        ["P-THD-X", "Đảng bộ bộ phận X", "Đảng bộ bộ phận", "", "P-THD", "01/01/2005"],
    ]
    batch = _run(city_staff, rows)
    assert batch.error_count == 0, batch.report
    assert batch.report["counts"]["create"] == 2
    services.confirm(batch)
    batch.refresh_from_db()
    assert batch.applied_at, batch.error
    nine = Organization.objects.get(code="P-THD-9")
    assert nine.parent.code == "P-THD-X" and nine.path.startswith(ward_a.path)
    assert str(nine.valid_from) == "2010-02-01"
    again = _run(city_staff, rows)
    assert again.report["counts"] == {"create": 0, "update": 0, "unchanged": 2, "transfer": 0}

    rows[0][1] = "Chi bộ khu phố 9 (mới)"
    rows[0][4] = "P-THD"
    moved = _run(city_staff, rows)
    assert moved.report["counts"] == {"create": 0, "update": 1, "unchanged": 1, "transfer": 1}
    services.confirm(moved)
    moved.refresh_from_db()
    assert moved.applied_at, moved.error
    nine.refresh_from_db()
    assert nine.parent == ward_a and nine.name == "Chi bộ khu phố 9 (mới)"
    assert ImportChange.objects.get(batch=moved).action == ChangeAction.TRANSFER


def test_rows_name_the_errors_of_their_cells(city_staff, ward_a, ward_b):
    rows = [
        ["P-THD-8", "Chi bộ 8", "Không có loại này", "", "P-THD", ""],
        ["P-THD-8", "Chi bộ 8 trùng", "Chi bộ trực thuộc", "", "P-THD", ""],
        ["P-THD-7", "Chi bộ 7", "Chi bộ trực thuộc", "", "KHONG-CO", "31/13/2020"],
    ]
    batch = _run(city_staff, rows)
    cells = {(error["row"], error["column"]) for error in batch.report["errors"]}
    assert cells == {(2, "C"), (3, "A"), (4, "E"), (4, "F")}
    assert not Organization.objects.filter(code__in=["P-THD-7", "P-THD-8"]).exists()


def test_a_secretary_may_not_import_organizations(secretary_a):
    from django.core.exceptions import PermissionDenied

    from accounts import access

    with pytest.raises(PermissionDenied):
        access.require_anywhere(secretary_a, "import.organizations")


def test_an_applied_import_refreshes_the_statistics_of_what_it_wrote_and_a_dry_run_does_not(
    city_staff, ward_a, monkeypatch
):
    from imports import engine

    refreshed = []
    monkeypatch.setattr(engine.statistics, "analyze_on_commit", lambda *models: refreshed.append(models))
    batch = _run(city_staff, [["P-THD-7", "Chi bộ khu phố 7", "Chi bộ trực thuộc", "Phường", "P-THD", "01/02/2010"]])
    assert refreshed == []  # the dry run wrote nothing
    services.confirm(batch)
    assert refreshed == [(Organization,)]
